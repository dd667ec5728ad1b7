// Conversations as the fold keeps them. Like the rest of SpaceState this is mutated in place by
// the rules (conversation-rules.ts) after every check has passed. Each voter's latest vote on a
// statement is kept: "latest" is the fold's order, which for one voter is their own chain (a
// member's events, or the importer's for imported participants), so every replica holding the same
// events keeps the same votes. While the conversation is open, a vote keeps the vote it replaced and
// a statement its decisions, with the seq of each in its author's chain: a close states the view it
// was made from (`conversation.closed.2`), and what lies beyond that view is undone.
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'

export type ConversationStatementStatus = 'submitted' | 'accepted' | 'rejected'

export interface ConversationStatement {
  /** Its id in the conversation: the submitting event's id, or its Pol.is comment id. */
  readonly id: string
  /** The key that signed it (the importer, for an imported statement). */
  readonly author: PublicKey
  /** The event that brought it. */
  readonly event: EventId
  readonly imported: boolean
  readonly text: string
  status: ConversationStatementStatus
  /**
   * Accepted at some point. A vote on a statement rejected after it was accepted is kept (not
   * counted while it stays rejected): its voter may have voted before the rejection reached them,
   * and every replica must keep the same votes whichever it received first.
   */
  everAccepted: boolean
  /** The acceptance or rejection that set the status (null: submitted, or accepted at once). */
  decision: EventId | null
  /** Why it was rejected; null unless rejected. */
  reason: string | null
  /** The seq of the event that brought it, in its author's chain. */
  readonly seq: number
  /** Its status and reason as it came (accepted at once, waiting, or as imported). */
  readonly initial: { readonly status: ConversationStatementStatus; readonly reason: string | null }
  /** The facilitators' decisions on it, in the order folded (emptied by a close). */
  readonly decisions: ConversationDecision[]
}

/** A facilitator's acceptance or rejection of a statement. */
export interface ConversationDecision {
  readonly id: EventId
  readonly author: PublicKey
  readonly seq: number
  readonly to: 'accepted' | 'rejected'
  readonly reason: string | null
}

/** A vote as kept: agree 1, disagree -1, pass 0, and when it was cast (null: the source had no time). */
export interface ConversationVote {
  readonly vote: -1 | 0 | 1
  readonly at: number | null
  /** The event that cast it (for imported votes, the batch that carried it). */
  readonly event: EventId
  /** That event's author (the importer, for an imported vote) and its seq in their chain. */
  readonly author: PublicKey
  readonly seq: number
  /** The vote it replaced, kept while the conversation is open (null once closed). */
  readonly replaced: ConversationVote | null
}

export interface ConversationRecord {
  readonly id: EventId
  readonly opener: PublicKey
  readonly question: string
  readonly source: {
    readonly kind: 'polis'
    readonly name: string
    readonly digest: string
  } | null
  status: 'open' | 'closed'
  closedBy: EventId | null
  /**
   * Closed by a `conversation.closed.2`: its events beyond the close's view, folded before the
   * close or after it, are kept in the log as late and change nothing.
   */
  closedInView: boolean
  /** Those late events, by id. */
  readonly late: Set<EventId>
  readonly statements: Map<string, ConversationStatement>
  /** Native statements' texts (accepted or waiting), for refusing the same text twice. */
  readonly texts: Set<string>
  /** Per statement, each voter's latest vote; a voter is a member's key or a Pol.is participant id. */
  readonly votes: Map<string, Map<string, ConversationVote>>
  /** Per statement, its latest votes by value, kept with `votes` so a view need not count them. */
  readonly counts: Map<string, { agree: number; disagree: number; pass: number }>
  /** Each voter, with how many statements they have a vote on. */
  readonly voters: Map<string, number>
  /** Grows with every change the map depends on: a cached map of an older revision is stale. */
  revision: number
  /**
   * Every event of the conversation this replica accepted, in the order it folded them: a
   * concurrent close with a lower id folds the conversation again from them (not in the view).
   */
  log?: { readonly event: SignedEvent; readonly id: EventId }[]
  /** Closes that lost to `closedBy` (two facilitators closing at once; the lowest id counts). */
  superseded?: { readonly id: EventId; readonly by: PublicKey }[]
}

/** No conversations yet. */
export function createConversationsState(): Map<EventId, ConversationRecord> {
  return new Map()
}
