// The opinion map of a conversation, computed on demand with @veche/opinions from the folded votes
// and the conversation's id as seed; the same events give the same map, bit for bit. Its own module
// (the only one of core that imports @veche/opinions), apart from the state view every page needs,
// so the web app loads the PCA and k-means only with a conversation's screen.
import { mapOpinions } from '@veche/opinions'
import type { OpinionMap, OpinionsInput, OpinionsOutcome, OpinionStatement } from '@veche/opinions'
import type { ConversationRecord } from './conversation-state.js'

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
