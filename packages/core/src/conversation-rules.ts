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
// An imported conversation (source set) is filled only by the facilitator who opened it, with
// `conversation.statements-imported` and `conversation.votes-imported`: one chain orders every
// imported vote, so the latest vote of each Pol.is participant is the same on every replica.
// Imported votes are kept on any imported statement, moderated out or not, as Pol.is keeps them.
import type { ConversationRecord, ConversationStatement } from './conversation-state.js'
import type { EventId, PublicKey } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { isFacilitator } from './space-state.js'
import type { RuleHandler, SpaceState } from './space-state.js'

function isRejection(value: object): value is Rejection {
  return 'ok' in value
}

function openConversation(
  state: SpaceState,
  conversation: EventId,
  id: EventId,
): ConversationRecord | Rejection {
  const record = state.conversations.get(conversation)
  if (record === undefined)
    return reject('conversation.unknown', `no conversation ${conversation} in this space`, id)
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

/** Records `voter`'s latest vote on `statement`, keeping the counts in step. */
function setVote(
  record: ConversationRecord,
  statement: string,
  voter: string,
  vote: -1 | 0 | 1,
  at: number | null,
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
  votes.set(voter, { vote, at })
}

export const applyConversationOpened: RuleHandler<'conversation.opened'> = (state, event, id) => {
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
  state.conversations.set(id, {
    id,
    opener: event.author,
    question,
    source,
    status: 'open',
    closedBy: null,
    statements: new Map(),
    texts: new Set(),
    votes: new Map(),
    counts: new Map(),
    voters: new Map(),
    revision: 0,
  })
  return null
}

export const applyStatementSubmitted: RuleHandler<'conversation.statement-submitted'> = (
  state,
  event,
  id,
) => {
  const record = openConversation(state, event.body.conversation, id)
  if (isRejection(record)) return record
  const { text } = event.body
  if (record.texts.has(text)) {
    return reject(
      'conversation.duplicate-text',
      'a statement with the same text was submitted to this conversation already',
      id,
    )
  }
  const facilitator = isFacilitator(state, event.author)
  record.statements.set(id, {
    id,
    author: event.author,
    event: id,
    imported: false,
    text,
    status: facilitator ? 'accepted' : 'submitted',
    everAccepted: facilitator,
    decision: null,
    reason: null,
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
  event: {
    readonly author: PublicKey
    readonly body: { readonly conversation: EventId; readonly statement: string }
  },
  id: EventId,
  to: 'accepted' | 'rejected',
): Rejection | ConversationStatement {
  const denied = facilitatorOnly(
    state,
    event.author,
    to === 'accepted' ? 'accept a statement' : 'reject a statement',
    id,
  )
  if (denied !== null) return denied
  const record = openConversation(state, event.body.conversation, id)
  if (isRejection(record)) return record
  const statement = statementOf(record, event.body.statement, id)
  if (isRejection(statement)) return statement
  if (statement.status === to)
    return reject('conversation.already-decided', `this statement is ${to} already`, id)
  statement.status = to
  statement.decision = id
  record.revision++
  return statement
}

export const applyStatementAccepted: RuleHandler<'conversation.statement-accepted'> = (
  state,
  event,
  id,
) => {
  const statement = decideStatement(state, event, id, 'accepted')
  if (isRejection(statement)) return statement
  statement.everAccepted = true
  statement.reason = null
  return null
}

export const applyStatementRejected: RuleHandler<'conversation.statement-rejected'> = (
  state,
  event,
  id,
) => {
  const statement = decideStatement(state, event, id, 'rejected')
  if (isRejection(statement)) return statement
  statement.reason = event.body.reason
  return null
}

export const applyConversationVoted: RuleHandler<'conversation.voted'> = (state, event, id) => {
  const record = openConversation(state, event.body.conversation, id)
  if (isRejection(record)) return record
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
  setVote(record, statement.id, event.author, vote, event.at)
  record.revision++
  return null
}

export const applyConversationClosed: RuleHandler<'conversation.closed'> = (state, event, id) => {
  const denied = facilitatorOnly(state, event.author, 'close a conversation', id)
  if (denied !== null) return denied
  const record = openConversation(state, event.body.conversation, id)
  if (isRejection(record)) return record
  record.status = 'closed'
  record.closedBy = id
  return null
}

/** The open imported conversation that `author` (its opener) may fill. */
function importTarget(
  state: SpaceState,
  conversation: EventId,
  author: PublicKey,
  id: EventId,
): ConversationRecord | Rejection {
  const denied = facilitatorOnly(state, author, 'import into a conversation', id)
  if (denied !== null) return denied
  const record = openConversation(state, conversation, id)
  if (isRejection(record)) return record
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

export const applyStatementsImported: RuleHandler<'conversation.statements-imported'> = (
  state,
  event,
  id,
) => {
  const record = importTarget(state, event.body.conversation, event.author, id)
  if (isRejection(record)) return record
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
      reason: s.excluded ? 'moderated out (or a meta statement) in Pol.is' : null,
    })
  }
  record.revision++
  return null
}

export const applyVotesImported: RuleHandler<'conversation.votes-imported'> = (
  state,
  event,
  id,
) => {
  const record = importTarget(state, event.body.conversation, event.author, id)
  if (isRejection(record)) return record
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
  for (const [participant, statement, vote, at] of event.body.votes)
    setVote(record, statement, participant, voteValue(vote)!, at)
  record.revision++
  return null
}
