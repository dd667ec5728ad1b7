// A ballot whose options are people's keys (a delegate election) or the fixed words of a recall,
// shown by name: one choice (or abstain) for majority; for several seats a ranking made by tapping
// names in order of preference. The vote sent is what core counts: `{ choice }` or `{ ranking }`.
// Once cast, the choice stays marked: the draft is kept, else the latest ballot in the log shows.
import type { FormEvent, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../hooks.js'
import { castField } from './vote-form.js'

export interface NamedBallotProps {
  readonly pollId: string
  readonly ranked: boolean
  readonly options: readonly {
    readonly value: string
    readonly label: string
    /** What to show after the label: a look-alike name's badge. */
    readonly note?: ReactNode
  }[]
  readonly onVote: (vote: unknown) => void
  /** The vote of the member's latest ballot in the log, shown while they have no draft. */
  readonly cast?: unknown
}

const ABSTAIN = '\u0000abstain'
/** A ranking emptied by hand ('' is no draft at all, which shows the cast ballot). */
const CLEARED = '-'

export function NamedBallot(props: NamedBallotProps) {
  return props.ranked ? <RankedBallot {...props} /> : <ChoiceBallot {...props} />
}

function ChoiceBallot({ pollId, options, onVote, cast }: NamedBallotProps) {
  const { t } = useTranslation()
  const [draft, setChoice] = useDraft(`vote.${pollId}.choice`)
  const castChoice =
    cast === undefined ? '' : ((castField(cast, 'choice') as string | null | undefined) ?? ABSTAIN)
  const choice = draft !== '' ? draft : castChoice
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (choice === '') return
    onVote({ choice: choice === ABSTAIN ? null : choice })
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('vote.legend')}</legend>
        {[...options, { value: ABSTAIN, label: t('vote.abstain') }].map((o) => (
          <label key={o.value} className="choice">
            <input
              type="radio"
              name={`vote-${pollId}`}
              value={o.value}
              checked={choice === o.value}
              onChange={() => setChoice(o.value)}
            />{' '}
            <bdi>{o.label}</bdi>
            {'note' in o && o.note}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={choice === ''}>
        {t('vote.submit')}
      </button>
    </form>
  )
}

function RankedBallot({ pollId, options, onVote, cast }: NamedBallotProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useDraft(`vote.${pollId}.ranking`, '')
  const castRanking = castField(cast, 'ranking')
  const kept =
    draft !== '' ? draft.split(',') : Array.isArray(castRanking) ? (castRanking as string[]) : []
  const ranking = kept.filter((v) => options.some((o) => o.value === v))
  const label = (value: string): string => options.find((o) => o.value === value)?.label ?? value
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    onVote({ ranking })
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('fed.rankLegend')}</legend>
        <ol aria-live="polite">
          {ranking.map((v) => (
            <li key={v}>
              <bdi>{label(v)}</bdi>
              {options.find((o) => o.value === v)?.note}
            </li>
          ))}
        </ol>
        <div className="row">
          {options
            .filter((o) => !ranking.includes(o.value))
            .map((o) => (
              <button
                key={o.value}
                type="button"
                className="small"
                onClick={() => setDraft([...ranking, o.value].join(','))}
              >
                {t('fed.rankAdd', { name: o.label })}
              </button>
            ))}
          {ranking.length > 0 && (
            <button type="button" className="small" onClick={() => setDraft(CLEARED)}>
              {t('fed.rankClear')}
            </button>
          )}
        </div>
      </fieldset>
      <button type="submit">
        {ranking.length === 0 ? t('vote.submitAbstain') : t('vote.submit')}
      </button>
    </form>
  )
}
