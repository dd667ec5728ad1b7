// What every replica can say of its conversations. `describeConversations` is part of the state
// view (and so of the state hash): each conversation, its statements with their status and vote
// counts, keyed by id so arrival order never shows. The opinion map is not in it: it costs a PCA
// and k-means, so `conversationOpinionMap` (conversation-map.ts) computes it on demand.
import type { ConversationRecord } from './conversation-state.js'

export type ConversationsView = Record<
  string,
  {
    opener: string
    question: string
    source: { kind: string; name: string; digest: string } | null
    status: string
    closedBy: string | null
    /** Closed by a close with a view: how many of its events came beyond it (kept, no effect). */
    late?: number
    /**
     * Only when two or more closes stand (made at once on two hubs): the closes that lost to
     * `closedBy`, the lowest id, by id; they are among the late events.
     */
    superseded?: { close: string; by: string }[]
    /** People who voted (members, and imported Pol.is participants). */
    participants: number
    statements: Record<
      string,
      {
        author: string
        event: string
        imported: boolean
        text: string
        status: string
        decision: string | null
        reason: string | null
        /** Latest votes, each voter's last (on a rejected statement too; the map leaves it out). */
        agree: number
        disagree: number
        pass: number
      }
    >
  }
>

/** Latest votes on `statement`, by value. */
export function countConversationVotes(
  record: ConversationRecord,
  statement: string,
): { agree: number; disagree: number; pass: number } {
  const counts = record.counts.get(statement)
  return counts === undefined ? { agree: 0, disagree: 0, pass: 0 } : { ...counts }
}

/**
 * `voter`'s latest vote on each statement they voted on, by statement id: what a member's screen
 * shows as their own choice, and which statements are still theirs to vote on.
 */
export function conversationVotesOf(
  record: ConversationRecord,
  voter: string,
): Record<string, -1 | 0 | 1> {
  const mine: Record<string, -1 | 0 | 1> = {}
  for (const [statement, votes] of record.votes) {
    const vote = votes.get(voter)
    if (vote !== undefined) mine[statement] = vote.vote
  }
  return mine
}

export function describeConversations(
  conversations: ReadonlyMap<string, ConversationRecord>,
): ConversationsView {
  return Object.fromEntries(
    [...conversations.values()].map((c) => [
      c.id,
      {
        opener: c.opener,
        question: c.question,
        source: c.source === null ? null : { ...c.source },
        status: c.status,
        closedBy: c.closedBy,
        ...(c.closedInView ? { late: c.late.size } : {}),
        ...(c.superseded === undefined || c.superseded.length === 0
          ? {}
          : {
              superseded: c.superseded
                .map((x) => ({ close: x.id, by: x.by }))
                .sort((a, b) => (a.close < b.close ? -1 : 1)),
            }),
        participants: c.voters.size,
        statements: Object.fromEntries(
          [...c.statements.values()].map((s) => [
            s.id,
            {
              author: s.author,
              event: s.event,
              imported: s.imported,
              text: s.text,
              status: s.status,
              decision: s.decision,
              reason: s.reason,
              ...countConversationVotes(c, s.id),
            },
          ]),
        ),
      },
    ]),
  )
}
