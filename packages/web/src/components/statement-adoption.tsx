// Adopting a draft statement: the votes opened on it (each names the statement at one revision of
// its text, so a vote opened before the latest amendment cannot adopt it), with their ballots and
// results as on the assembly screen; for facilitators, putting the current text to a vote and,
// once a vote on it adopted its motion, recording the adoption (`statement.adopted`).
import { adoptingPoll, currentRevision, isFacilitator } from '@veche/core'
import type { EventId, PollRecord, SpaceState, StatementRecord } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { openStatementPoll, pollsAbout, recordAdoption } from '../lib/statement-actions.js'
import { Field } from './field.js'
import { PollCard } from './poll-card.js'
import { textForEvent } from '../lib/bidi-isolation.js'

/** Whether closed poll `poll` adopted `statement` at its current text (core's own check). */
function adopts(state: SpaceState, statement: StatementRecord, poll: PollRecord): boolean {
  const wanted = {
    kind: 'statement',
    statement: statement.id,
    revision: currentRevision(statement),
  } as const
  return !('ok' in adoptingPoll(state, poll.id, wanted, poll.id))
}

export function StatementAdoption(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly times: ReadonlyMap<EventId, number>
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, statement } = props
  const facilitator = isFacilitator(state, actions.me)
  const polls = pollsAbout(state, (s) => s.kind === 'statement' && s.statement === statement.id)
  const revision = currentRevision(statement)
  const draft = statement.adopted === null
  if (polls.length === 0 && !(draft && facilitator)) return null
  return (
    <section>
      <h2>{t('adoption.title')}</h2>
      {polls.map((poll) => {
        const stale =
          poll.subject?.kind === 'statement' && poll.subject.revision !== revision && draft
        return (
          <div key={poll.id}>
            <PollCard state={state} poll={poll} openedAt={props.times.get(poll.id)} />
            {stale && <p className="meta">{t('adoption.stale')}</p>}
            {draft && facilitator && poll.status === 'closed' && adopts(state, statement, poll) && (
              <button
                type="button"
                onClick={() => void recordAdoption(actions, state, statement.id, poll.id)}
              >
                {t('adoption.record', { question: poll.question })}
              </button>
            )}
          </div>
        )
      })}
      {draft && facilitator && <OpenAdoptionPoll state={state} statement={statement} />}
    </section>
  )
}

function OpenAdoptionPoll(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, statement } = props
  const key = `${statement.id}.adoption`
  const [question, setQuestion, clearQuestion] = useDraft(
    `${key}.question`,
    textForEvent(t('adoption.question', { title: statement.title })),
  )
  const [method, setMethod] = useDraft(`${key}.method`, 'majority')
  const [sent, setSent] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await openStatementPoll(actions, state, {
      question: question.trim(),
      method: method === 'consent' ? 'consent' : 'majority',
      options: [t('adoption.yes'), t('adoption.no')],
      subject: { kind: 'statement', statement: statement.id, revision: currentRevision(statement) },
    })
    clearQuestion()
    setSent(true)
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <h3>{t('adoption.open')}</h3>
      <p className="meta">{t('adoption.explain')}</p>
      <Field label={t('openPoll.question')}>
        <input value={question} required onChange={(e) => setQuestion(e.target.value)} />
      </Field>
      <Field label={t('openPoll.method')}>
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="majority">{t('method.majority')}</option>
          <option value="consent">{t('method.consent')}</option>
        </select>
      </Field>
      <button type="submit">{t('adoption.submit')}</button>
      {sent && <p role="status">{t('adoption.opened')}</p>}
    </form>
  )
}
