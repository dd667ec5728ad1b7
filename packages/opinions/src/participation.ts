// Which participants are placed in opinion groups (Pol.is's "in-conv"). Everyone who voted gets a
// position on the map; only participants who have voted enough are clustered, so that a person
// with one vote does not pull a group around. The rule, from Pol.is's math
// (math/src/polismath/math/conversation.clj, `:in-conv`):
//
// - a participant qualifies once they have voted on at least min(7, n) statements, n being the
//   number of statements anyone has voted on (moderated-out ones included);
// - while fewer than 15 participants qualify, the most active ones are added up to 15;
// - once in, a participant stays in.
//
// Pol.is applies the rule at each recomputation ("tick"), so who is in depends on history. When
// votes carry times, the rule is replayed over the votes that count, in the order they were cast:
// a participant is in if they qualified at any moment (votes with the same time count as cast
// together), or if they were among the first 15 to vote. A vote changed later counts as cast when
// it was changed, so the answer depends only on the votes that count, not on superseded ones.
// Without times the rule is applied once, to the votes as they stand, with ties broken by the
// canonical participant order.
import type { VoteMatrix } from './vote-matrix.js'

/** Votes a participant needs before being clustered (fewer when there are fewer statements). */
export const MIN_VOTES_TO_CLUSTER = 7

/** Until this many participants qualify, the most active ones are clustered anyway. */
export const GREEDY_PARTICIPANTS = 15

/** One flag per participant of the matrix: 1 when they are placed in a group. */
export function selectClustered(matrix: VoteMatrix): Uint8Array {
  const { rowStart, column, castAt } = matrix
  const nP = matrix.participantIds.length
  const nS = matrix.statementIds.length
  const statementFirst = new Float64Array(nS).fill(Infinity)
  const voted = new Uint8Array(nS)
  for (let e = 0; e < column.length; e++) {
    const s = column[e] as number
    voted[s] = 1
    if (castAt !== null && (castAt[e] as number) < (statementFirst[s] as number)) {
      statementFirst[s] = castAt[e] as number
    }
  }
  let nColumns = 0
  for (let s = 0; s < nS; s++) nColumns += voted[s] as number
  const minVotes = Math.min(MIN_VOTES_TO_CLUSTER, nColumns)

  const inConv = new Uint8Array(nP)
  const count = (p: number) => (rowStart[p + 1] as number) - (rowStart[p] as number)
  for (let p = 0; p < nP; p++) if (count(p) >= minVotes) inConv[p] = 1

  if (castAt === null) {
    let n = 0
    for (let p = 0; p < nP; p++) n += inConv[p] as number
    if (n < GREEDY_PARTICIPANTS) {
      const rest = Array.from({ length: nP }, (_, p) => p).filter((p) => inConv[p] === 0)
      rest.sort((a, b) => count(b) - count(a) || a - b)
      for (const p of rest.slice(0, GREEDY_PARTICIPANTS - n)) inConv[p] = 1
    }
    return inConv
  }

  // Replay: statements by the time of their first vote, to count how many existed at a moment.
  const times = Array.from(statementFirst.filter((t) => t !== Infinity)).sort((a, b) => a - b)
  const existedBy = (t: number) => {
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((times[mid] as number) <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const firstVote = new Float64Array(nP)
  for (let p = 0; p < nP; p++) {
    const start = rowStart[p] as number
    const end = rowStart[p + 1] as number
    let first = Infinity
    for (let e = start; e < end; e++) first = Math.min(first, castAt[e] as number)
    firstVote[p] = first
    if (inConv[p] === 1) continue
    // the j-th statement this participant voted on, at a moment when n statements had votes
    const mine = Array.from(castAt.subarray(start, end)).sort((a, b) => a - b)
    for (let j = 1; j <= mine.length; j++) {
      if (j >= Math.min(MIN_VOTES_TO_CLUSTER, existedBy(mine[j - 1] as number))) {
        inConv[p] = 1
        break
      }
    }
  }
  // the first 15 to vote (ties by canonical order), kept in a short sorted list
  const first: number[] = []
  const earlier = (a: number, b: number) =>
    (firstVote[a] as number) < (firstVote[b] as number) || (firstVote[a] === firstVote[b] && a < b)
  for (let p = 0; p < nP; p++) {
    if (first.length === GREEDY_PARTICIPANTS && !earlier(p, first[first.length - 1] as number))
      continue
    let at = first.length
    while (at > 0 && earlier(p, first[at - 1] as number)) at--
    first.splice(at, 0, p)
    if (first.length > GREEDY_PARTICIPANTS) first.pop()
  }
  for (const p of first) inConv[p] = 1
  return inConv
}

/**
 * The participants in the order they joined: by their first vote when votes are timed (the order
 * of Pol.is's rows), otherwise in canonical order (Pol.is numbers participants as they join).
 */
export function joinOrder(matrix: VoteMatrix, participants: readonly number[]): number[] {
  const { rowStart, castAt } = matrix
  if (castAt === null) return [...participants]
  const first = new Map<number, number>()
  for (const p of participants) {
    let t = Infinity
    for (let e = rowStart[p] as number; e < (rowStart[p + 1] as number); e++)
      t = Math.min(t, castAt[e] as number)
    first.set(p, t)
  }
  return [...participants].sort(
    (a, b) => (first.get(a) as number) - (first.get(b) as number) || a - b,
  )
}
