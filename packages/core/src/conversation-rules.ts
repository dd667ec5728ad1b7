// Rules for conversations (docs/opinions.md). A facilitator opens a conversation on a question, in
// any space. Members (in a council: its seated delegates too) submit short statements; a
// facilitator's statement is accepted at once (it is a facilitator who would accept it), anyone
// else's waits until a facilitator accepts or rejects it, and a rejection keeps its reason in the
// log. A facilitator may also reject a statement accepted earlier, or accept one rejected earlier:
// moderation changes its mind in the open. Members vote agree 1 / disagree -1 / pass 0 on accepted
// statements and may change their vote (the latest counts). A statement rejected after it was
// accepted still takes votes, kept but left out of the map while it stays rejected: a member may
// vote before the rejection reaches their device, and every replica must keep the same votes in
// whichever order it receives the vote and the rejection. One never accepted takes none. A
// facilitator closes the conversation; nothing changes it after that.
//
// A close states the closer's view (`conversation.closed.2`): for each author of the
// conversation's events it held, the seq of their newest event. It waits (parked) until this
// replica holds as much; then what lies beyond the view is undone (statements, decisions and votes
// a replica folded before the close but the closer had not seen) and whatever arrives later is kept
// as late without effect. So a vote signed before its author saw the close counts on no replica,
// whichever hub it reached first, and every replica ends with the same conversation. Two closes
// made at once on two hubs both stand; the lowest id takes effect, and a replica that gets it
// second folds the conversation again from the events it keeps in `log` (`closeAgain`).
//
// An imported conversation (source set) is filled only by the facilitator who opened it, with
// `conversation.statements-imported` and `conversation.votes-imported`: one chain orders every
// imported vote, so the latest vote of each Pol.is participant is the same on every replica.
// Imported votes are kept on any imported statement, moderated out or not, as Pol.is keeps them.
import type {
  ConversationRecord,
  ConversationStatement,
  ConversationVote,
} from './conversation-state.js'
import type { EventId, PublicKey } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { isFacilitator } from './space-state.js'
import type { RuleHandler, SpaceState } from './space-state.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import type { EventType } from './event-bodies.js'
import type { FoldContext } from './foreign-context.js'

function isRejection(value: object): value is Rejection {
  return 'ok' in value
}

/** An event of a conversation closed in view, kept as late (see the header). */
const LATE = { late: true } as const

function isLate(value: object): value is typeof LATE {
  return value === LATE
}

/**
 * The open conversation an event acts on; LATE (recorded) for one closed with a stated view, whose
 * later events are kept without effect; or the refusal.
 */
function openConversation(
  state: SpaceState,
  conversation: EventId,
  id: EventId,
): ConversationRecord | Rejection | typeof LATE {
  const record = state.conversations.get(conversation)
  if (record === undefined)
    return reject('conversation.unknown', `no conversation ${conversation} in this space`, id)
  if (record.closedInView) {
    record.late.add(id)
    return LATE
  }
  if (record.status === 'closed')
    return reject('conversation.closed', `conversation ${conversation} is closed`, id)
  return record
}

function facilitatorOnly(
  state: SpaceState,
  author: PublicKey,
  what: string,
  id: EventId,
): Rejection | null {
  return isFacilitator(state, author)
    ? null
    : reject('conversation.not-facilitator', `only a facilitator may ${what}`, id)
}

function statementOf(
  record: ConversationRecord,
  statement: string,
  id: EventId,
): ConversationStatement | Rejection {
  return (
    record.statements.get(statement) ??
    reject(
      'conversation.unknown-statement',
      `no statement ${statement} in conversation ${record.id}`,
      id,
    )
  )
}

/** The vote as kept, or null when `value` is not agree 1, disagree -1 or pass 0. */
function voteValue(value: number): -1 | 0 | 1 | null {
  return value === 1 || value === -1 || value === 0 ? value : null
}

function badVote(value: number, id: EventId): Rejection {
  return reject(
    'conversation.bad-vote',
    `a vote is 1 (agree), -1 (disagree) or 0 (pass), not ${value}`,
    id,
  )
}

const COUNT_KEY = { 1: 'agree', [-1]: 'disagree', 0: 'pass' } as const

/** The event a vote or a decision comes from: its id, author and seq. */
interface Origin {
  readonly id: EventId
  readonly author: PublicKey
  readonly seq: number
}

/** Records `voter`'s latest vote on `statement`, keeping the counts in step. */
function setVote(
  record: ConversationRecord,
  statement: string,
  voter: string,
  vote: -1 | 0 | 1,
  at: number | null,
  origin: Origin,
): void {
  let votes = record.votes.get(statement)
  let counts = record.counts.get(statement)
  if (votes === undefined || counts === undefined) {
    votes = new Map()
    counts = { agree: 0, disagree: 0, pass: 0 }
    record.votes.set(statement, votes)
    record.counts.set(statement, counts)
  }
  const earlier = votes.get(voter)
  if (earlier === undefined) record.voters.set(voter, (record.voters.get(voter) ?? 0) + 1)
  else counts[COUNT_KEY[earlier.vote]]--
  counts[COUNT_KEY[vote]]++
  votes.set(voter, {
    vote,
    at,
    event: origin.id,
    author: origin.author,
    seq: origin.seq,
    replaced: earlier ?? null,
  })
}

const foldConversationOpened: RuleHandler<'conversation.opened'> = (state, event, id) => {
  const denied = facilitatorOnly(state, event.author, 'open a conversation', id)
  if (denied !== null) return denied
  const { question, source } = event.body
  if (source !== null) {
    for (const other of state.conversations.values()) {
      if (other.source?.digest === source.digest) {
        return reject(
          'conversation.already-imported',
          `this export was imported already, as conversation ${other.id}`,
          id,
        )
      }
    }
  }
  state.conversations.set(id, newConversation(id, event.author, question, source))
  return null
}

function newConversation(
  id: EventId,
  opener: PublicKey,
  question: string,
  source: ConversationRecord['source'],
): ConversationRecord {
  return {
    id,
    opener,
    question,
    source,
    status: 'open',
    closedBy: null,
    closedInView: false,
    late: new Set(),
    statements: new Map(),
    texts: new Set(),
    votes: new Map(),
    counts: new Map(),
    voters: new Map(),
    revision: 0,
    log: [],
  }
}

const foldStatementSubmitted: RuleHandler<'conversation.statement-submitted'> = (
  state,
  event,
  id,
) => {
  const record = openConversation(state, event.body.conversation, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  const { text } = event.body
  if (record.texts.has(text)) {
    return reject(
      'conversation.duplicate-text',
      'a statement with the same text was submitted to this conversation already',
      id,
    )
  }
  const facilitator = isFacilitator(state, event.author)
  const status = facilitator ? 'accepted' : 'submitted'
  record.statements.set(id, {
    id,
    author: event.author,
    event: id,
    imported: false,
    text,
    status,
    everAccepted: facilitator,
    decision: null,
    reason: null,
    seq: event.seq,
    initial: { status, reason: null },
    decisions: [],
  })
  record.texts.add(text)
  record.revision++
  return null
}

/**
 * A facilitator's decision on a submitted statement, `to` accepted or rejected: the statement, or
 * the rejection (not a facilitator, no such open conversation or statement, decided so already).
 */
function decideStatement(
  state: SpaceState,
  event: SignedEventOf<'conversation.statement-accepted' | 'conversation.statement-rejected'>,
  id: EventId,
  to: 'accepted' | 'rejected',
): Rejection | ConversationStatement | typeof LATE {
  const denied = facilitatorOnly(
    state,
    event.author,
    to === 'accepted' ? 'accept a statement' : 'reject a statement',
    id,
  )
  if (denied !== null) return denied
  const record = openConversation(state, event.body.conversation, id)
  if (isLate(record) || isRejection(record)) return record
  const statement = statementOf(record, event.body.statement, id)
  if (isRejection(statement)) return statement
  if (statement.status === to)
    return reject('conversation.already-decided', `this statement is ${to} already`, id)
  const reason = 'reason' in event.body ? event.body.reason : null
  statement.decisions.push({ id, author: event.author, seq: event.seq, to, reason })
  statement.status = to
  statement.decision = id
  record.revision++
  return statement
}

const foldStatementAccepted: RuleHandler<'conversation.statement-accepted'> = (
  state,
  event,
  id,
) => {
  const statement = decideStatement(state, event, id, 'accepted')
  if (isLate(statement) || isRejection(statement)) return isLate(statement) ? null : statement
  statement.everAccepted = true
  statement.reason = null
  return null
}

const foldStatementRejected: RuleHandler<'conversation.statement-rejected'> = (
  state,
  event,
  id,
) => {
  const statement = decideStatement(state, event, id, 'rejected')
  if (isLate(statement) || isRejection(statement)) return isLate(statement) ? null : statement
  statement.reason = event.body.reason
  return null
}

const foldConversationVoted: RuleHandler<'conversation.voted'> = (state, event, id) => {
  const record = openConversation(state, event.body.conversation, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  const statement = statementOf(record, event.body.statement, id)
  if (isRejection(statement)) return statement
  if (statement.status === 'submitted') {
    return reject(
      'conversation.statement-not-accepted',
      'this statement waits for a facilitator to accept it',
      id,
    )
  }
  if (statement.status === 'rejected' && !statement.everAccepted) {
    return reject(
      'conversation.statement-rejected',
      `this statement was rejected: ${statement.reason ?? ''}`,
      id,
    )
  }
  const vote = voteValue(event.body.vote)
  if (vote === null) return badVote(event.body.vote, id)
  setVote(record, statement.id, event.author, vote, event.at, {
    id,
    author: event.author,
    seq: event.seq,
  })
  record.revision++
  return null
}

const foldConversationClosed: RuleHandler<'conversation.closed'> = (state, event, id) => {
  const denied = facilitatorOnly(state, event.author, 'close a conversation', id)
  if (denied !== null) return denied
  const record = openConversation(state, event.body.conversation, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  record.status = 'closed'
  record.closedBy = id
  forgetHistory(record)
  return null
}

/**
 * Closes a conversation as of the closer's stated view (see the header): waits (parked) until this
 * replica holds everything the view names, then undoes what lies beyond it. A close of a
 * conversation closed in view already is a concurrent close (`closeAgain`).
 */
const foldConversationClosedInView: RuleHandler<'conversation.closed.2'> = (
  state,
  event,
  id,
  context,
) => {
  const denied = facilitatorOnly(state, event.author, 'close a conversation', id)
  if (denied !== null) return denied
  const closed = state.conversations.get(event.body.conversation)
  const record =
    closed?.closedInView === true ? closed : openConversation(state, event.body.conversation, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  const seen = event.body.seen as Readonly<Record<string, number>>
  for (const [author, seq] of Object.entries(seen)) {
    const held = state.heads.get(author as PublicKey)?.seq ?? 0
    if (held < seq)
      return reject(
        'conversation.close-ahead',
        `the close's view holds ${author}'s events up to seq ${seq}; this replica holds up to ${held}`,
        id,
      )
  }
  if (record.closedInView) closeAgain(state, record, event, id, context)
  else closeInView(record, seen, id)
  return null
}

function closeInView(
  record: ConversationRecord,
  seen: Readonly<Record<string, number>>,
  id: EventId,
): void {
  const within = (origin: { readonly author: PublicKey; readonly seq: number }): boolean =>
    origin.seq <= (seen[origin.author] ?? 0)
  undoBeyondView(record, within)
  record.status = 'closed'
  record.closedBy = id
  record.closedInView = true
  forgetHistory(record)
  record.revision++
}

/**
 * A second `conversation.closed.2` (two facilitators closing at once on two hubs, each seeing
 * their own close first). Every close stands in the log; the one with the lowest id takes effect,
 * the others are kept as late and listed as superseded, so every replica ends with the same
 * conversation whichever close it got first. When the lower id comes second the conversation is
 * folded again from its own events, as of that close's view.
 */
function closeAgain(
  state: SpaceState,
  record: ConversationRecord,
  event: SignedEventOf<'conversation.closed.2'>,
  id: EventId,
  context: FoldContext,
): void {
  if (id > record.closedBy!) {
    record.late.add(id)
    ;(record.superseded ??= []).push({ id, by: event.author })
    return
  }
  const fresh = newConversation(record.id, record.opener, record.question, record.source)
  state.conversations.set(record.id, fresh)
  const superseded: { id: EventId; by: PublicKey }[] = []
  let waiting: { readonly event: SignedEvent; readonly id: EventId }[] = []
  for (const kept of record.log ?? []) {
    const e = kept.event
    if (e.type === 'conversation.opened') continue
    if (e.type === 'conversation.closed.2' || e.type === 'conversation.closed') {
      if (e.type === 'conversation.closed.2') superseded.push({ id: kept.id, by: e.author })
      fresh.late.add(kept.id)
      continue
    }
    if (refold(state, e, kept.id, context) !== null) {
      waiting.push(kept)
      continue
    }
    // What needed an event folded later here (kept late, in arrival order) is tried again.
    for (let progress = true; progress;) {
      const before = waiting.length
      waiting = waiting.filter((w) => refold(state, w.event, w.id, context) !== null)
      progress = waiting.length < before
    }
  }
  // Refused now (kept late before, without a check): in the log, counting for nothing.
  for (const w of waiting) fresh.late.add(w.id)
  closeInView(fresh, event.body.seen, id)
  fresh.log = record.log ?? []
  fresh.superseded = superseded
  fresh.revision += record.revision + 1
}

/** Folds a kept event of a conversation again, without keeping it a second time. */
function refold(
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
  context: FoldContext,
): Rejection | null {
  switch (event.type) {
    case 'conversation.statement-submitted':
      return foldStatementSubmitted(state, event, id, context)
    case 'conversation.statement-accepted':
      return foldStatementAccepted(state, event, id, context)
    case 'conversation.statement-rejected':
      return foldStatementRejected(state, event, id, context)
    case 'conversation.voted':
      return foldConversationVoted(state, event, id, context)
    case 'conversation.statements-imported':
      return foldStatementsImported(state, event, id, context)
    case 'conversation.votes-imported':
      return foldVotesImported(state, event, id, context)
    default:
      return null
  }
}

/**
 * Undoes what `within` leaves out: statements brought beyond the view (with their votes),
 * decisions beyond it (the statement goes back to its last decision within), and votes beyond it
 * (each voter's last vote within the view counts, or none). What was undone is recorded as late.
 */
function undoBeyondView(
  record: ConversationRecord,
  within: (origin: { readonly author: PublicKey; readonly seq: number }) => boolean,
): void {
  for (const statement of [...record.statements.values()]) {
    if (!within(statement)) {
      record.statements.delete(statement.id)
      if (!statement.imported) record.texts.delete(statement.text)
      record.votes.delete(statement.id)
      record.counts.delete(statement.id)
      record.late.add(statement.event)
      continue
    }
    const kept = statement.decisions.filter(within)
    if (kept.length === statement.decisions.length) continue
    for (const d of statement.decisions) if (!within(d)) record.late.add(d.id)
    statement.status = statement.initial.status
    statement.everAccepted = statement.initial.status === 'accepted'
    statement.decision = null
    statement.reason = statement.initial.reason
    for (const d of kept) {
      statement.status = d.to
      statement.decision = d.id
      statement.reason = d.reason
      if (d.to === 'accepted') statement.everAccepted = true
    }
  }
  for (const [statement, votes] of record.votes) {
    for (const [voter, latest] of [...votes]) {
      let vote: ConversationVote | null = latest
      while (vote !== null && !within(vote)) {
        record.late.add(vote.event)
        vote = vote.replaced
      }
      if (vote === latest) continue
      if (vote === null) votes.delete(voter)
      else votes.set(voter, vote)
    }
    if (votes.size === 0) record.votes.delete(statement)
  }
  // Imported votes share their batch's event: one within the view is not late.
  for (const votes of record.votes.values())
    for (const vote of votes.values()) record.late.delete(vote.event)
  recount(record)
}

/** Counts and voters again from the votes kept. */
function recount(record: ConversationRecord): void {
  record.counts.clear()
  record.voters.clear()
  for (const [statement, votes] of record.votes) {
    const counts = { agree: 0, disagree: 0, pass: 0 }
    for (const [voter, { vote }] of votes) {
      counts[COUNT_KEY[vote]]++
      record.voters.set(voter, (record.voters.get(voter) ?? 0) + 1)
    }
    record.counts.set(statement, counts)
  }
}

/** A closed conversation changes no more: the votes replaced and the decisions taken go. */
function forgetHistory(record: ConversationRecord): void {
  for (const votes of record.votes.values())
    for (const [voter, vote] of votes)
      if (vote.replaced !== null) votes.set(voter, { ...vote, replaced: null })
  for (const statement of record.statements.values()) statement.decisions.length = 0
}

/**
 * A hub's own check on a `conversation.closed.2` submitted to it directly (not a rule of the
 * fold, like `refuseStaleClose` for polls): refused with `conversation.close-stale` while this hub
 * holds events of the conversation beyond the close's view, so an online closer closes again with
 * a view that includes them instead of leaving them out; and with `conversation.closed` while it
 * holds a close already (replication applies a second close: `closeAgain`).
 */
export function refuseStaleConversationClose(
  state: SpaceState,
  event: SignedEventOf<'conversation.closed.2'>,
  id: EventId,
): Rejection | null {
  const record = state.conversations.get(event.body.conversation)
  if (record === undefined) return null
  // A second close made on one hub is refused there, as for polls; replication takes it.
  if (record.status === 'closed')
    return reject('conversation.closed', `conversation ${record.id} is closed already`, id)
  const seen = event.body.seen as Readonly<Record<string, number>>
  const beyond = [...conversationAuthors(record)].filter(
    ([author, seq]) => seq > (seen[author] ?? 0),
  )
  if (beyond.length === 0) return null
  return reject(
    'conversation.close-stale',
    `this hub holds events of the conversation beyond the close's view (of ${beyond.length} author(s), such as ${beyond[0]![0]}): close again with a view that includes them`,
    id,
  )
}

/**
 * The view a closer states (`conversation.closed.2`'s `seen`): for each author of the
 * conversation's events that `state` holds, the seq of their newest event held.
 */
export function conversationCloseView(
  state: SpaceState,
  record: ConversationRecord,
): Record<string, number> {
  const seen: Record<string, number> = {}
  for (const author of conversationAuthors(record).keys())
    seen[author] = state.heads.get(author)?.seq ?? 0
  return seen
}

/** Each author of a conversation's events as folded, with the highest seq among them. */
function conversationAuthors(record: ConversationRecord): Map<PublicKey, number> {
  const authors = new Map<PublicKey, number>()
  const note = (author: PublicKey, seq: number): void => {
    if ((authors.get(author) ?? 0) < seq) authors.set(author, seq)
  }
  for (const statement of record.statements.values()) {
    note(statement.author, statement.seq)
    for (const d of statement.decisions) note(d.author, d.seq)
  }
  for (const votes of record.votes.values()) for (const v of votes.values()) note(v.author, v.seq)
  return authors
}

const EXCLUDED_REASON = 'moderated out (or a meta statement) in Pol.is'

/** The open imported conversation that `author` (its opener) may fill. */
function importTarget(
  state: SpaceState,
  conversation: EventId,
  author: PublicKey,
  id: EventId,
): ConversationRecord | Rejection | typeof LATE {
  const denied = facilitatorOnly(state, author, 'import into a conversation', id)
  if (denied !== null) return denied
  const record = openConversation(state, conversation, id)
  if (isLate(record) || isRejection(record)) return record
  if (record.source === null) {
    return reject(
      'conversation.not-imported',
      'this conversation is held here, not imported: its statements and votes are its members own',
      id,
    )
  }
  if (record.opener !== author) {
    return reject(
      'conversation.not-importer',
      'only the facilitator who opened an imported conversation imports into it',
      id,
    )
  }
  return record
}

const foldStatementsImported: RuleHandler<'conversation.statements-imported'> = (
  state,
  event,
  id,
) => {
  const record = importTarget(state, event.body.conversation, event.author, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  const seen = new Set<string>()
  for (const s of event.body.statements) {
    if (record.statements.has(s.source) || seen.has(s.source)) {
      return reject(
        'conversation.duplicate-statement',
        `statement ${s.source} is in this conversation already`,
        id,
      )
    }
    seen.add(s.source)
  }
  for (const s of event.body.statements) {
    record.statements.set(s.source, {
      id: s.source,
      author: event.author,
      event: id,
      imported: true,
      text: s.text,
      status: s.excluded ? 'rejected' : 'accepted',
      everAccepted: !s.excluded,
      decision: null,
      reason: s.excluded ? EXCLUDED_REASON : null,
      seq: event.seq,
      initial: {
        status: s.excluded ? 'rejected' : 'accepted',
        reason: s.excluded ? EXCLUDED_REASON : null,
      },
      decisions: [],
    })
  }
  record.revision++
  return null
}

const foldVotesImported: RuleHandler<'conversation.votes-imported'> = (state, event, id) => {
  const record = importTarget(state, event.body.conversation, event.author, id)
  if (isLate(record) || isRejection(record)) return isLate(record) ? null : record
  for (const [participant, statement, vote] of event.body.votes) {
    const target = record.statements.get(statement)
    if (target === undefined || !target.imported) {
      return reject(
        'conversation.unknown-statement',
        `participant ${participant} voted on statement ${statement}, which was not imported into this conversation`,
        id,
      )
    }
    if (voteValue(vote) === null) return badVote(vote, id)
  }
  const origin = { id, author: event.author, seq: event.seq }
  for (const [participant, statement, vote, at] of event.body.votes)
    setVote(record, statement, participant, voteValue(vote)!, at, origin)
  record.revision++
  return null
}

/**
 * `fold`, keeping each event it accepts in its conversation's `log`, from which a concurrent
 * close with a lower id folds the conversation again (`closeAgain`).
 */
function keptInLog<T extends ConversationEventType>(fold: RuleHandler<T>): RuleHandler<T> {
  return (state, event, id, context) => {
    const refused = fold(state, event, id, context)
    if (refused !== null) return refused
    const body = event.body as { readonly conversation?: EventId }
    state.conversations.get(body.conversation ?? id)?.log?.push({ event: event as SignedEvent, id })
    return null
  }
}

type ConversationEventType = Extract<EventType, `conversation.${string}`>

export const applyConversationOpened = keptInLog(foldConversationOpened)
export const applyStatementSubmitted = keptInLog(foldStatementSubmitted)
export const applyStatementAccepted = keptInLog(foldStatementAccepted)
export const applyStatementRejected = keptInLog(foldStatementRejected)
export const applyConversationVoted = keptInLog(foldConversationVoted)
export const applyConversationClosed = keptInLog(foldConversationClosed)
export const applyConversationClosedInView = keptInLog(foldConversationClosedInView)
export const applyStatementsImported = keptInLog(foldStatementsImported)
export const applyVotesImported = keptInLog(foldVotesImported)
