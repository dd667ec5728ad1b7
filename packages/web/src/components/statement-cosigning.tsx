// Co-signing. The co-signers of a statement, each with its decision and the poll that made it, as
// folded on this device (the replica fetches and checks the co-signing space's decision). Then, for a facilitator of another assembly on this device: put co-signing to that
// assembly's vote (a poll naming this statement), vote there from here, and once it adopted,
// record the decision in that assembly's log and list it in this statement's space.
import { adoptingPoll, isFacilitator } from '@veche/core'
import type { EventId, PollRecord, SpaceId, SpaceState, StatementRecord } from '@veche/core'
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from '../app-context.js'
import { useDraft, useSpace } from '../hooks.js'
import { cosignStatement, openStatementPoll, pollsAbout } from '../lib/statement-actions.js'
import { Field } from './field.js'
import { PollCard } from './poll-card.js'
import { textForEvent } from '../lib/bidi-isolation.js'

export function StatementCosigning(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
}) {
  const { t } = useTranslation()
  const { spaces } = useApp()
  const { state, statement } = props
  const cosigners = [...statement.cosigners]
  const hubNames = useHubNames(
    cosigners.map(([space]) => space).filter((id) => !spaces.some((s) => s.id === id)),
  )
  const nameOf = (space: string): string =>
    spaces.find((s) => s.id === space)?.name ?? hubNames.get(space) ?? space
  if (statement.adopted === null) return null
  const others = spaces.filter((s) => s.id !== state.space && !statement.cosigners.has(s.id))
  return (
    <section>
      <h2>{t('cosigners.title')}</h2>
      {cosigners.length === 0 && <p>{t('cosigners.none')}</p>}
      <ul className="cosigners">
        {cosigners.map(([space, c]) => (
          <li key={space}>
            <a href={`#/a/${space}`}>
              <bdi>{nameOf(space)}</bdi>
            </a>{' '}
            <span className="meta">
              {t('cosigners.decision')} <code className="key">{c.decision}</code> ·{' '}
              {t('cosigners.poll')} <code className="key">{c.poll}</code>
            </span>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <CosignFromAnother
          state={state}
          statement={statement}
          others={others.map((s) => s.id)}
          nameOf={nameOf}
        />
      )}
    </section>
  )
}

function CosignFromAnother(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly others: readonly SpaceId[]
  readonly nameOf: (space: string) => string
}) {
  const { t } = useTranslation()
  const { statement, others, nameOf } = props
  const [chosen, setChosen] = useDraft(`${statement.id}.cosign.space`, '')
  const space = others.includes(chosen as SpaceId) ? (chosen as SpaceId) : null
  return (
    <div>
      <h3>{t('cosign.title')}</h3>
      <Field label={t('cosign.from')}>
        <select value={space ?? ''} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('cosign.choose')}</option>
          {others.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </Field>
      {space !== null && (
        <CosignFrom key={space} statementSpace={props.state} statement={statement} space={space} />
      )}
    </div>
  )
}

/** Co-signing from `space`, folded here like any assembly the member opens. */
function CosignFrom(props: {
  readonly statementSpace: SpaceState
  readonly statement: StatementRecord
  readonly space: SpaceId
}) {
  const { t } = useTranslation()
  const { actions, outbox } = useApp()
  const { statementSpace, statement } = props
  const { replica } = useSpace(props.space)
  // A co-signature already signed here and on its way: not offered twice.
  const sending = useOutbox().some(
    (e) =>
      e.event.type === 'statement.cosigned' &&
      e.event.body.statement === statement.id &&
      e.event.body.space === props.space,
  )
  const state = replica?.state
  if (state === undefined || state.assembly === null) return <p>{t('status.loading')}</p>
  const name = state.assembly.name
  const subject = {
    kind: 'cosign',
    space: statementSpace.space,
    statement: statement.id,
  } as const
  const decision = [...state.statements.cosignDecisions.values()].find(
    (d) => d.statement === statement.id && d.space === statementSpace.space,
  )
  const polls = pollsAbout(
    state,
    (s) => s.kind === 'cosign' && s.statement === statement.id && s.space === statementSpace.space,
  )
  const adopted = (poll: PollRecord): boolean =>
    poll.status === 'closed' && !('ok' in adoptingPoll(state, poll.id, subject, poll.id))
  const facilitator = isFacilitator(state, actions.me)
  const cosign = (decided: { poll: EventId } | { decision: EventId }): Promise<EventId> =>
    cosignStatement({ actions, outbox }, state, statementSpace.space, statement.id, decided)
  return (
    <div className="cosign-from">
      {polls.map((poll) => (
        <div key={poll.id}>
          <PollCard state={state} poll={poll} openedAt={replica?.times.get(poll.id)} />
          {facilitator && decision === undefined && adopted(poll) && (
            <button type="button" onClick={() => void cosign({ poll: poll.id })}>
              {t('cosign.record', { name })}
            </button>
          )}
        </div>
      ))}
      {decision !== undefined && (
        <>
          <p>{t('cosign.decided', { name })}</p>
          {sending ? (
            <p role="status">{t('cosign.sending')}</p>
          ) : (
            <button type="button" onClick={() => void cosign({ decision: decision.id })}>
              {t('cosign.list', { name })}
            </button>
          )}
        </>
      )}
      {!facilitator && <p>{t('cosign.notFacilitator', { name })}</p>}
      {facilitator && decision === undefined && polls.every((p) => !adopted(p)) && (
        <OpenCosignPoll state={state} statement={statement} subject={subject} />
      )}
    </div>
  )
}

function OpenCosignPoll(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly subject: { kind: 'cosign'; space: SpaceId; statement: EventId }
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, statement } = props
  const key = `${state.space}.${statement.id}.cosign`
  const [question, setQuestion, clearQuestion] = useDraft(
    `${key}.question`,
    textForEvent(t('cosign.question', { title: statement.title })),
  )
  const [method, setMethod] = useDraft(`${key}.method`, 'majority')
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await openStatementPoll(actions, state, {
      question: question.trim(),
      method: method === 'consent' ? 'consent' : 'majority',
      options: [t('adoption.yes'), t('adoption.no')],
      subject: props.subject,
    })
    clearQuestion()
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p className="meta">{t('cosign.explain', { name: state.assembly?.name ?? '' })}</p>
      <Field label={t('cosign.questionLabel')}>
        <input value={question} required onChange={(e) => setQuestion(e.target.value)} />
      </Field>
      <Field label={t('cosign.method')}>
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="majority">{t('method.majority')}</option>
          <option value="consent">{t('method.consent')}</option>
        </select>
      </Field>
      <button type="submit">{t('cosign.open', { name: state.assembly?.name ?? '' })}</button>
    </form>
  )
}

/** The names of `spaces` (not known on this device) as the hub states them; ids until read. */
function useHubNames(spaces: readonly SpaceId[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())
  const wanted = spaces.filter((id) => !names.has(id)).join(' ')
  useEffect(() => {
    if (wanted === '') return
    let cancelled = false
    void Promise.all(
      wanted.split(' ').map(async (id) => {
        try {
          const response = await fetch(`/api/spaces/${id}`)
          const view = (await response.json()) as { assembly?: { name?: unknown } | null }
          return typeof view.assembly?.name === 'string' ? [id, view.assembly.name] : null
        } catch {
          return null
        }
      }),
    ).then((found) => {
      if (cancelled) return
      setNames((known) => {
        const next = new Map(known)
        for (const pair of found) if (pair !== null) next.set(pair[0]!, pair[1]!)
        return next
      })
    })
    return () => {
      cancelled = true
    }
  }, [wanted])
  return names
}
