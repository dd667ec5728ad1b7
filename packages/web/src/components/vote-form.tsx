// A ballot for every method: a majority poll's options (or abstain); a consent poll's four
// positions with the reason a block needs; a ranking (tap in order, drag or keyboard) for Borda,
// IRV, STV and Schulze; ticks for approval; a score per option. Choices are drafts, so a reload
// keeps them; an empty ranking, approval or score sheet is an abstention. Once cast, the choice
// stays marked: the draft is kept, and where there is none (another device, a cleared browser)
// the member's latest ballot in the log is shown. A secret ballot's choice is never a draft: it
// lives in the form's memory only (a reload or the idle lock forgets it) and is cleared once cast.
import type { DecisionMethod, PollRecord } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../hooks.js'
import { Field } from './field.js'
import { RankingInput } from './ranking-input.js'

export interface VoteFormProps {
  readonly pollId: string
  readonly method: DecisionMethod
  readonly options: readonly string[]
  readonly scoreRange?: { readonly min: number; readonly max: number } | null
  readonly onVote: (vote: unknown) => void
  /** The vote of the member's latest ballot in the log, shown while they have no draft. */
  readonly cast?: unknown
  /**
   * A secret ballot: the choice is never kept in storage, and is cleared once cast, so it does not
   * stay on the phone (nor show to whoever picks the phone up).
   */
  readonly forgetAfterCasting?: boolean
}

/** The vote of `member`'s latest ballot in an open poll, or undefined if they have not voted. */
export function latestVote(poll: PollRecord, member: string): unknown {
  const id = poll.latest.get(member as never)
  return id === undefined ? undefined : poll.ballots.get(id)?.vote
}

/** A field of a cast vote, if it is there. */
export function castField(cast: unknown, field: string): unknown {
  return typeof cast === 'object' && cast !== null
    ? (cast as Record<string, unknown>)[field]
    : undefined
}

/** A kept draft, else the cast vote's value in the draft's own form, else ''. */
function shown(draft: string, cast: unknown): string {
  if (draft !== '') return draft
  if (cast === undefined) return ''
  return typeof cast === 'string' ? cast : JSON.stringify(cast)
}

const POSITIONS = ['agree', 'abstain', 'disagree', 'block'] as const
const ABSTAIN = '\u0000abstain'

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

function parseScores(json: string): Record<string, number> {
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as Record<string, number>) : {}
  } catch {
    return {}
  }
}

export function VoteForm(props: VoteFormProps) {
  const { method } = props
  if (method === 'majority' || method === 'consent')
    return <ChoiceForm {...props} method={method} />
  if (method === 'approval') return <ApprovalForm {...props} />
  if (method === 'score') return <ScoreForm {...props} />
  return <RankingForm {...props} />
}

function ChoiceForm(props: VoteFormProps) {
  const { pollId, method, options, onVote, cast } = props
  const { t } = useTranslation()
  const [choiceDraft, setChoice, clearChoice] = useDraft(
    `vote.${pollId}.choice`,
    '',
    props.forgetAfterCasting !== true,
  )
  const [reasonDraft, setReason, clearReason] = useDraft(
    `vote.${pollId}.reason`,
    '',
    props.forgetAfterCasting !== true,
  )
  const castChoice =
    method === 'majority'
      ? cast === undefined
        ? undefined
        : ((castField(cast, 'choice') as string | null | undefined) ?? ABSTAIN)
      : castField(cast, 'position')
  const choice = shown(choiceDraft, castChoice)
  const reason = shown(reasonDraft, castField(cast, 'reason'))
  const choices =
    method === 'majority'
      ? [
          ...options.map((o) => ({ value: o, label: o })),
          { value: ABSTAIN, label: t('vote.abstain') },
        ]
      : POSITIONS.map((p) => ({ value: p, label: t(`vote.position.${p}`) }))
  const needsReason = method === 'consent' && choice === 'block'
  const ready = choice !== '' && (!needsReason || reason.trim() !== '')
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!ready) return
    onVote(
      method === 'majority'
        ? { choice: choice === ABSTAIN ? null : choice }
        : { position: choice, reason: reason.trim() },
    )
    if (props.forgetAfterCasting !== true) return
    clearChoice()
    clearReason()
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('vote.legend')}</legend>
        {choices.map((c) => (
          <label key={c.value} className="choice">
            <input
              type="radio"
              name={`vote-${pollId}`}
              value={c.value}
              checked={choice === c.value}
              onChange={() => setChoice(c.value)}
            />{' '}
            <bdi>{c.label}</bdi>
          </label>
        ))}
      </fieldset>
      {method === 'consent' && (
        <Field label={needsReason ? t('vote.reasonRequired') : t('vote.reason')}>
          <textarea
            value={reason}
            required={needsReason}
            aria-invalid={needsReason && reason.trim() === ''}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
      )}
      <button type="submit" disabled={!ready}>
        {t('vote.submit')}
      </button>
    </form>
  )
}

function RankingForm({ pollId, options, onVote, cast, forgetAfterCasting }: VoteFormProps) {
  const { t } = useTranslation()
  const [draft, setDraft, clear] = useDraft(
    `vote.${pollId}.ranking`,
    '',
    forgetAfterCasting !== true,
  )
  const ranking = parseList(shown(draft, castField(cast, 'ranking'))).filter((o) =>
    options.includes(o),
  )
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    onVote({ ranking })
    if (forgetAfterCasting === true) clear()
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('vote.legend')}</legend>
        <RankingInput
          options={options}
          ranking={ranking}
          onChange={(next) => setDraft(JSON.stringify(next))}
        />
      </fieldset>
      <button type="submit">
        {ranking.length === 0 ? t('vote.submitAbstain') : t('vote.submit')}
      </button>
    </form>
  )
}

function ApprovalForm({ pollId, options, onVote, cast, forgetAfterCasting }: VoteFormProps) {
  const { t } = useTranslation()
  const [draft, setDraft, clear] = useDraft(
    `vote.${pollId}.approve`,
    '',
    forgetAfterCasting !== true,
  )
  const approved = parseList(shown(draft, castField(cast, 'approve'))).filter((o) =>
    options.includes(o),
  )
  const toggle = (option: string, on: boolean): void =>
    setDraft(JSON.stringify(on ? [...approved, option] : approved.filter((o) => o !== option)))
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    onVote({ approve: options.filter((o) => approved.includes(o)) })
    if (forgetAfterCasting === true) clear()
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('vote.approveLegend')}</legend>
        {options.map((option) => (
          <label key={option} className="choice">
            <input
              type="checkbox"
              checked={approved.includes(option)}
              onChange={(e) => toggle(option, e.target.checked)}
            />{' '}
            <bdi>{option}</bdi>
          </label>
        ))}
      </fieldset>
      <button type="submit">
        {approved.length === 0 ? t('vote.submitAbstain') : t('vote.submit')}
      </button>
    </form>
  )
}

function ScoreForm(props: VoteFormProps) {
  const { pollId, options, scoreRange, onVote, cast } = props
  const { t } = useTranslation()
  const range = scoreRange ?? { min: 0, max: 5 }
  const [draft, setDraft, clear] = useDraft(
    `vote.${pollId}.scores`,
    '',
    props.forgetAfterCasting !== true,
  )
  const scores = parseScores(shown(draft, castField(cast, 'scores')))
  const values = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    onVote({
      scores: Object.fromEntries(options.flatMap((o) => (o in scores ? [[o, scores[o]]] : []))),
    })
    if (props.forgetAfterCasting === true) clear()
  }
  return (
    <form className="vote" onSubmit={submit}>
      <fieldset>
        <legend>{t('vote.scoreLegend', { min: range.min, max: range.max })}</legend>
        {options.map((option) => (
          <Field key={option} label={<bdi>{option}</bdi>}>
            <select
              value={option in scores ? String(scores[option]) : ''}
              onChange={(e) => {
                const next = { ...scores }
                if (e.target.value === '') delete next[option]
                else next[option] = Number(e.target.value)
                setDraft(JSON.stringify(next))
              }}
            >
              <option value="">{t('vote.noScore')}</option>
              {values.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </fieldset>
      <button type="submit">{t('vote.submit')}</button>
    </form>
  )
}
