// One conversation (docs/opinions.md), #/a/<space>/c/<id>: the accepted statements to vote on one at
// a time with large Agree / Disagree / Pass buttons, the member's own votes (changeable), a form to
// submit a statement, the facilitators' moderation, and the opinion map (its code, PCA and k-means
// included, loads only here). A vote signed offline counts as the member's own at once: it waits
// in the outbox and the next statement shows.
import { conversationVotesOf, isActiveMember, isFacilitator } from '@veche/core'
import type {
  ConversationRecord,
  ConversationStatement,
  EventId,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { lazy, Suspense, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from '../app-context.js'
import { Field } from '../components/field.js'
import { memberName } from '../components/meeting-board.js'
import { PendingList } from '../components/pending-list.js'
import { useDraft, useSpace } from '../hooks.js'
import { addConversationScreenStrings } from '../i18n/conversation-screen-strings.js'
import {
  acceptConversationStatement,
  closeConversation,
  rejectConversationStatement,
  submitConversationStatement,
  voteInConversation,
} from '../lib/conversation-actions.js'
import type { ConversationVote } from '../lib/conversation-actions.js'
import '../conversation.css'

const OpinionMapView = lazy(() => import('../components/opinion-map-view.js'))

const VOTE_NAMES = {
  1: 'conversation.agree',
  [-1]: 'conversation.disagree',
  0: 'conversation.pass',
}

export default function ConversationScreen(props: {
  readonly space: SpaceId
  readonly conversation: EventId
}) {
  const { t, i18n } = useTranslation()
  // This screen's strings came with its code: added before anything here is translated.
  addConversationScreenStrings(i18n)
  const { actions } = useApp()
  const { replica, version, connected } = useSpace(props.space)
  const state = replica?.state
  const mine = useOwnVotes(props.space, props.conversation, actions.me)
  // Votes signed on this screen. Once the hub accepts one it leaves the outbox, and the replica
  // folds it a moment later from the stream; until then this keeps it the member's, so the card
  // never shows the statement just voted on again (a tap there would vote on the wrong one).
  const [signed, setSigned] = useState<Readonly<Record<string, ConversationVote>>>({})
  if (state === undefined) return <p>{t('status.loading')}</p>
  const record = state.conversations.get(props.conversation)
  const back = (
    <p>
      <a href={`#/a/${props.space}/proposals`}>{t('conversation.back')}</a>
    </p>
  )
  if (record === undefined)
    return (
      <>
        <p>{t('conversation.unknown')}</p>
        {back}
      </>
    )
  const votes = { ...conversationVotesOf(record, actions.me), ...signed, ...mine.votes }
  const vote = (statement: string, choice: ConversationVote): void => {
    setSigned((held) => ({ ...held, [statement]: choice }))
    void voteInConversation(actions, state, record.id, statement, choice)
  }
  const member = isActiveMember(state, actions.me)
  const facilitator = isFacilitator(state, actions.me)
  const open = record.status === 'open'
  return (
    <div className="conversation">
      <p className="live" role="status">
        {connected ? t('status.live') : t('status.offline')}
      </p>
      {back}
      <h2>
        <bdi>{record.question}</bdi>
      </h2>
      <p className="meta">
        {t('conversation.participants', { count: record.voters.size })}
        {!open && <> · {t('conversation.closed')}</>}
      </p>
      <ClosedTwice state={state} record={record} />
      <p className="notice">{t('conversation.public')}</p>
      <PendingList space={props.space} />
      {open && member && <VoteOneAtATime record={record} votes={votes} onVote={vote} />}
      {member && (
        <YourVotes record={record} onVote={vote} votes={votes} waiting={mine.waiting} open={open} />
      )}
      {open && member && <SubmitStatement state={state} record={record} />}
      <Moderation state={state} record={record} facilitator={facilitator && open} />
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <OpinionMapView
          state={state}
          record={record}
          revision={record.revision}
          version={version}
        />
      </Suspense>
      {facilitator && open && (
        <p>
          <button
            type="button"
            className="close"
            onClick={() => void closeConversation(actions, state, record.id)}
          >
            {t('conversation.close')}
          </button>
        </p>
      )}
    </div>
  )
}

/** This device's votes in the conversation still in the outbox, latest last: they count as cast. */
function useOwnVotes(
  space: SpaceId,
  conversation: EventId,
  me: string,
): { votes: Record<string, ConversationVote>; waiting: ReadonlySet<string> } {
  const votes: Record<string, ConversationVote> = {}
  const waiting = new Set<string>()
  for (const entry of useOutbox()) {
    const event = entry.event
    if (entry.status !== 'pending' || event.space !== space || event.author !== me) continue
    if (event.type !== 'conversation.voted' || event.body.conversation !== conversation) continue
    const vote = event.body.vote
    if (vote !== 1 && vote !== -1 && vote !== 0) continue
    votes[event.body.statement] = vote
    waiting.add(event.body.statement)
  }
  return { votes, waiting }
}

function accepted(record: ConversationRecord): ConversationStatement[] {
  return [...record.statements.values()].filter((s) => s.status === 'accepted')
}

function VoteButtons(props: {
  readonly chosen: ConversationVote | undefined
  readonly onVote: (vote: ConversationVote) => void
  readonly large?: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className={props.large === true ? 'vote-buttons large' : 'vote-buttons'}>
      {([1, -1, 0] as const).map((vote) => (
        <button
          key={vote}
          type="button"
          className={`vote-${vote === 1 ? 'agree' : vote === -1 ? 'disagree' : 'pass'}`}
          aria-pressed={props.chosen === undefined ? undefined : props.chosen === vote}
          onClick={() => props.onVote(vote)}
        >
          {t(VOTE_NAMES[vote])}
        </button>
      ))}
    </div>
  )
}

/** The first accepted statement the member has not voted on, with the three large buttons. */
function VoteOneAtATime(props: {
  readonly record: ConversationRecord
  readonly votes: Readonly<Record<string, ConversationVote>>
  readonly onVote: (statement: string, vote: ConversationVote) => void
}) {
  const { t } = useTranslation()
  const { record, votes } = props
  const left = accepted(record).filter((s) => votes[s.id] === undefined)
  const next = left[0]
  return (
    <section className="vote-next" aria-labelledby="vote-next-title">
      <h3 id="vote-next-title">{t('conversation.voteTitle')}</h3>
      {next === undefined ? (
        <p>{t('conversation.allVoted')}</p>
      ) : (
        <>
          <p className="meta">{t('conversation.left', { count: left.length })}</p>
          <blockquote className="statement-card">
            <bdi>{next.text}</bdi>
          </blockquote>
          <VoteButtons chosen={undefined} large onVote={(vote) => props.onVote(next.id, vote)} />
        </>
      )}
    </section>
  )
}

/** Every statement the member voted on, with their vote (still changeable while open) and the counts. */
function YourVotes(props: {
  readonly record: ConversationRecord
  readonly onVote: (statement: string, vote: ConversationVote) => void
  readonly votes: Readonly<Record<string, ConversationVote>>
  readonly waiting: ReadonlySet<string>
  readonly open: boolean
}) {
  const { t } = useTranslation()
  const { record, votes } = props
  const voted = [...record.statements.values()].filter((s) => votes[s.id] !== undefined)
  if (voted.length === 0) return null
  return (
    <section>
      <h3>{t('conversation.yourVotes')}</h3>
      <ul className="your-votes">
        {voted.map((s) => {
          const vote = votes[s.id]!
          const counts = record.counts.get(s.id) ?? { agree: 0, disagree: 0, pass: 0 }
          return (
            <li key={s.id} data-statement={s.id}>
              <p>
                <bdi>{s.text}</bdi>
              </p>
              <p className="meta">
                <strong>{t('conversation.yourVote', { vote: t(VOTE_NAMES[vote]) })}</strong>
                {props.waiting.has(s.id) && <> ({t('conversation.waitingToSend')})</>} ·{' '}
                {t('conversation.counts', counts)}
              </p>
              {props.open && s.status === 'accepted' && (
                <VoteButtons chosen={vote} onVote={(v) => props.onVote(s.id, v)} />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function SubmitStatement(props: {
  readonly state: SpaceState
  readonly record: ConversationRecord
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, record } = props
  const [text, setText, clearText] = useDraft(`${state.space}.conversation.${record.id}.statement`)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const sent = text
    await submitConversationStatement(actions, state, record.id, sent.trim())
    clearText(sent)
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <h3>{t('conversation.submitTitle')}</h3>
      <Field label={t('conversation.submitLabel')}>
        <textarea
          value={text}
          required
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <button type="submit">{t('conversation.submit')}</button>
    </form>
  )
}

/** Statements waiting for a facilitator (who accepts or rejects them here) and rejected ones. */
function Moderation(props: {
  readonly state: SpaceState
  readonly record: ConversationRecord
  readonly facilitator: boolean
}) {
  const { t } = useTranslation()
  const { record } = props
  const statements = [...record.statements.values()]
  const waiting = statements.filter((s) => s.status === 'submitted')
  const rejected = statements.filter((s) => s.status === 'rejected')
  return (
    <>
      {waiting.length > 0 && (
        <section>
          <h3>{t('conversation.waitingTitle')}</h3>
          <ul className="waiting-statements">
            {waiting.map((s) => (
              <li key={s.id}>
                <p>
                  <bdi>{s.text}</bdi>
                </p>
                {props.facilitator && <Decide state={props.state} record={record} statement={s} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {rejected.length > 0 && (
        <details className="rejected">
          <summary>{t('conversation.rejectedTitle')}</summary>
          <ul>
            {rejected.map((s) => (
              <li key={s.id}>
                <p>
                  <bdi>{s.text}</bdi>
                </p>
                <p className="meta">
                  {t('conversation.rejectedBecause', { reason: s.reason ?? '' })}
                </p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  )
}

function Decide(props: {
  readonly state: SpaceState
  readonly record: ConversationRecord
  readonly statement: ConversationStatement
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, record, statement } = props
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason, clearReason] = useDraft(
    `${state.space}.conversation.${record.id}.reject.${statement.id}`,
  )
  const reject = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const sent = reason
    await rejectConversationStatement(actions, state, record.id, statement.id, sent.trim())
    clearReason(sent)
    setRejecting(false)
  }
  if (rejecting)
    return (
      <form onSubmit={(e) => void reject(e)}>
        <Field label={t('conversation.rejectReason')}>
          <input
            value={reason}
            required
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <div className="row">
          <button type="submit" className="close">
            {t('conversation.rejectConfirm')}
          </button>
          <button type="button" className="small" onClick={() => setRejecting(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    )
  return (
    <div className="row">
      <button
        type="button"
        onClick={() => void acceptConversationStatement(actions, state, record.id, statement.id)}
      >
        {t('conversation.accept')}
      </button>
      <button type="button" className="small" onClick={() => setRejecting(true)}>
        {t('conversation.reject')}
      </button>
    </div>
  )
}

/**
 * A conversation closed twice at once on two hubs (docs/events.md, "Two closes of one
 * conversation"): which close counts, by what rule, and who signed each other close.
 */
function ClosedTwice(props: { readonly state: SpaceState; readonly record: ConversationRecord }) {
  const { state, record } = props
  const { t } = useTranslation()
  const superseded = record.superseded ?? []
  if (superseded.length === 0 || record.closedBy === null) return null
  const closer = record.log?.find((e) => e.id === record.closedBy)?.event.author
  return (
    <div className="superseded" role="note">
      <p>
        {t('conversation.closedTwice', {
          name: closer === undefined ? '?' : memberName(state, closer),
        })}
      </p>
      <ul>
        {superseded.map((c) => (
          <li key={c.id}>{t('conversation.supersededClose', { name: memberName(state, c.by) })}</li>
        ))}
      </ul>
    </div>
  )
}
