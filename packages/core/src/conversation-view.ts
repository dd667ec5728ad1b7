// What every replica can say of its conversations. `describeConversations` is part of the state
// view (and so of the state hash): each conversation, its statements with their status and vote
// counts, keyed by id so arrival order never shows. The opinion map is not in it: it costs a PCA
// and k-means, so `conversationOpinionMap` computes it on demand, with @veche/opinions, from the
// folded votes and the conversation's id as seed; the same events give the same map, bit for bit.
import { mapOpinions } from '@veche/opinions'
import type { OpinionMap, OpinionsInput, OpinionsOutcome, OpinionStatement } from '@veche/opinions'
import type { ConversationRecord } from './conversation-state.js'

export type ConversationsView = Record<
  string,
  {
    opener: string
    question: string
    source: { kind: string; name: string; digest: string } | null
    status: string
    closedBy: string | null
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

/**
 * The map's input: every statement (excluded unless accepted) and every latest vote, with its time
 * when every vote has one (imported from an export without times: none has).
 */
export function conversationOpinionsInput(record: ConversationRecord): OpinionsInput {
  const statements: OpinionStatement[] = [...record.statements.values()].map((s) => ({
    id: s.id,
    excluded: s.status !== 'accepted',
  }))
  let timed = true
  for (const votes of record.votes.values())
    for (const v of votes.values()) if (v.at === null) timed = false
  const participants: string[] = []
  const index = new Map<string, number>()
  const statementIndex = new Map(statements.map((s, i) => [s.id, i]))
  const voter: number[] = []
  const statement: number[] = []
  const vote: number[] = []
  const castAt: number[] = []
  for (const [sid, votes] of record.votes) {
    const s = statementIndex.get(sid)!
    for (const [participant, v] of votes) {
      let p = index.get(participant)
      if (p === undefined) {
        p = participants.length
        participants.push(participant)
        index.set(participant, p)
      }
      voter.push(p)
      statement.push(s)
      vote.push(v.vote)
      castAt.push(v.at ?? 0)
    }
  }
  return {
    statements,
    votes: {
      participants,
      voter: Int32Array.from(voter),
      statement: Int32Array.from(statement),
      vote: Int8Array.from(vote),
      castAt: timed ? Float64Array.from(castAt) : null,
    },
  }
}

const cache = Symbol('opinion map')

type Cached = ConversationRecord & {
  [cache]?: { readonly revision: number; readonly map: OpinionsOutcome<OpinionMap> }
}

/**
 * The opinion map of `record` by the Pol.is method, seeded with the conversation's id; or why it
 * cannot be drawn yet (too few statements or participants). Kept with the record until a statement
 * or a vote changes, since a large conversation takes a while to map.
 */
export function conversationOpinionMap(record: ConversationRecord): OpinionsOutcome<OpinionMap> {
  const held = (record as Cached)[cache]
  if (held !== undefined && held.revision === record.revision) return held.map
  const map = mapOpinions(conversationOpinionsInput(record), { seed: record.id })
  ;(record as Cached)[cache] = { revision: record.revision, map }
  return map
}
