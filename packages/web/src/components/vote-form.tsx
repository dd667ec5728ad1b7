// A ballot: a majority poll's options (or abstain), or a consent poll's four positions with the
// reason a block needs. The choice and the reason are drafts, so a reload keeps them.
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../hooks.js'
import { Field } from './field.js'

export interface VoteFormProps {
  readonly pollId: string
  readonly method: 'majority' | 'consent'
  readonly options: readonly string[]
  readonly onVote: (vote: unknown) => void
}

const POSITIONS = ['agree', 'abstain', 'disagree', 'block'] as const
const ABSTAIN = '\u0000abstain'

export function VoteForm({ pollId, method, options, onVote }: VoteFormProps) {
  const { t } = useTranslation()
  const [choice, setChoice, clearChoice] = useDraft(`vote.${pollId}.choice`)
  const [reason, setReason, clearReason] = useDraft(`vote.${pollId}.reason`)
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
            {c.label}
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
