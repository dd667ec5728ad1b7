// The participant × statement vote matrix the map is computed from, built from a plain list of
// votes. Invariants: participants and statements are put in one canonical order (by id, numbers by
// value), whatever order the votes arrive in; each participant's latest vote on a statement is the
// one kept (by its time, `at`), and nothing else of the votes it replaced; a second vote at the same time that says something else, a vote on
// a statement nobody listed, or a value other than agree 1 / disagree -1 / pass 0 is refused with
// the index of the vote. Typed arrays throughout: a conversation of millions of votes fits in a
// few tens of megabytes.
import { fail, succeed } from './outcome.js'
import type { OpinionsOutcome } from './outcome.js'

/** A vote: agree 1, disagree -1, pass 0. */
export type VoteValue = -1 | 0 | 1

/** A statement put to the conversation. */
export interface OpinionStatement {
  readonly id: string
  /** Left out of the map: rejected by moderators, or a meta statement (Pol.is's "mod-out"). */
  readonly excluded?: boolean
}

/** One vote as a record. `at` orders a participant's changed votes: the latest counts. */
export interface OpinionVote {
  readonly participant: string
  readonly statement: string
  readonly vote: number
  readonly at?: number
}

/**
 * Votes as columns, the form the export readers produce and the one that scales to millions of
 * votes: vote `i` is `vote[i]` by `participants[voter[i]]` on `statements[statement[i]]`, cast at
 * `castAt[i]` (or untimed when `castAt` is null).
 */
export interface VoteColumns {
  readonly participants: readonly string[]
  readonly voter: ArrayLike<number>
  readonly statement: ArrayLike<number>
  readonly vote: ArrayLike<number>
  readonly castAt: ArrayLike<number> | null
}

/** What the map is computed from. */
export interface OpinionsInput {
  readonly statements: readonly OpinionStatement[]
  readonly votes: readonly OpinionVote[] | VoteColumns
}

/**
 * The vote matrix in canonical order, stored by participant (compressed rows): participant `p`'s
 * votes are entries `rowStart[p]` to `rowStart[p + 1] - 1`, on statements `column[e]` (ascending)
 * with values `value[e]`; `castAt[e]` is when that vote (the latest) was cast.
 * Only participants with at least one vote have a row.
 */
export interface VoteMatrix {
  readonly participantIds: readonly string[]
  readonly statementIds: readonly string[]
  readonly excluded: Uint8Array
  readonly rowStart: Int32Array
  readonly column: Int32Array
  readonly value: Int8Array
  readonly castAt: Float64Array | null
}

/** Orders ids canonically: whole numbers by value and first, then other ids by UTF-16 code unit. */
export function compareIds(a: string, b: string): number {
  const na = isWholeNumber(a)
  const nb = isWholeNumber(b)
  if (na !== nb) return na ? -1 : 1
  if (na && a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

function isWholeNumber(id: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(id)
}

/** Builds the canonical vote matrix, or says which vote or statement is wrong. */
export function buildVoteMatrix(input: OpinionsInput): OpinionsOutcome<VoteMatrix> {
  const columns = Array.isArray(input.votes)
    ? recordsToColumns(input.statements, input.votes as readonly OpinionVote[])
    : succeed(input.votes as VoteColumns)
  if (!columns.ok) return columns
  return columnsToMatrix(input.statements, columns.report)
}

function recordsToColumns(
  statements: readonly OpinionStatement[],
  votes: readonly OpinionVote[],
): OpinionsOutcome<VoteColumns> {
  const statementIndex = new Map<string, number>()
  statements.forEach((s, i) => statementIndex.set(s.id, i))
  const participantIndex = new Map<string, number>()
  const participants: string[] = []
  const n = votes.length
  const voter = new Int32Array(n)
  const statement = new Int32Array(n)
  const vote = new Float64Array(n)
  const timed = n > 0 && votes[0]?.at !== undefined
  const at = timed ? new Float64Array(n) : null
  for (let i = 0; i < n; i++) {
    const v = votes[i] as OpinionVote
    const s = statementIndex.get(v.statement)
    if (s === undefined) {
      return fail(
        'opinions.unknown-statement',
        `vote ${i} is on statement "${v.statement}", which is not listed`,
        { vote: i },
      )
    }
    let p = participantIndex.get(v.participant)
    if (p === undefined) {
      p = participants.length
      participants.push(v.participant)
      participantIndex.set(v.participant, p)
    }
    voter[i] = p
    statement[i] = s
    vote[i] = v.vote
    if ((v.at !== undefined) !== timed) {
      return fail(
        'opinions.invalid-time',
        `vote ${i} ${timed ? 'has no time' : 'has a time'}: either every vote has a time or none does`,
        { vote: i },
      )
    }
    if (at !== null) at[i] = v.at as number
  }
  return succeed({ participants, voter, statement, vote, castAt: at })
}

function columnsToMatrix(
  statements: readonly OpinionStatement[],
  votes: VoteColumns,
): OpinionsOutcome<VoteMatrix> {
  const nS = statements.length
  const nP = votes.participants.length
  const n = votes.voter.length
  if (
    votes.statement.length !== n ||
    votes.vote.length !== n ||
    (votes.castAt !== null && votes.castAt.length !== n)
  ) {
    throw new Error('vote columns of different lengths')
  }
  // canonical ranks of statements and participants
  const seenStatements = new Set<string>()
  for (const s of statements) {
    if (seenStatements.has(s.id))
      return fail('opinions.duplicate-statement', `statement "${s.id}" is listed twice`)
    seenStatements.add(s.id)
  }
  const seenParticipants = new Set<string>()
  for (const p of votes.participants) {
    if (seenParticipants.has(p))
      return fail('opinions.duplicate-participant', `participant "${p}" is listed twice`)
    seenParticipants.add(p)
  }
  const statementOrder = canonicalOrder(statements.map((s) => s.id))
  const statementRank = inverse(statementOrder)
  const participantRank = inverse(canonicalOrder(votes.participants))

  for (let i = 0; i < n; i++) {
    const p = votes.voter[i] as number
    const s = votes.statement[i] as number
    const v = votes.vote[i] as number
    if (!(Number.isInteger(p) && p >= 0 && p < nP)) {
      return fail(
        'opinions.unknown-participant',
        `vote ${i} names participant number ${p}, which is not listed`,
        { vote: i },
      )
    }
    if (!(Number.isInteger(s) && s >= 0 && s < nS)) {
      return fail(
        'opinions.unknown-statement',
        `vote ${i} names statement number ${s}, which is not listed`,
        { vote: i },
      )
    }
    if (v !== 1 && v !== -1 && v !== 0) {
      return fail(
        'opinions.invalid-vote',
        `vote ${i} is ${String(v)}; a vote is 1 (agree), -1 (disagree) or 0 (pass)`,
        { vote: i },
      )
    }
    if (votes.castAt !== null && !Number.isFinite(votes.castAt[i])) {
      return fail(
        'opinions.invalid-time',
        `vote ${i} has the time ${String(votes.castAt[i])}, which is not a finite number`,
        { vote: i },
      )
    }
  }

  // Canonical participant and statement of every vote, then two stable counting sorts (by
  // statement, then by participant) group each participant's votes, statement by statement.
  const pKey = new Int32Array(n)
  const sKey = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    pKey[i] = participantRank[votes.voter[i] as number] as number
    sKey[i] = statementRank[votes.statement[i] as number] as number
  }
  const byStatement = countingSort(sKey, nS, null)
  const order = countingSort(pKey, nP, byStatement)

  const at = votes.castAt
  const rowStart = new Int32Array(nP + 1)
  const column = new Int32Array(n)
  const value = new Int8Array(n)
  const castAt = at === null ? null : new Float64Array(n)
  let entries = 0
  let rows = 0
  let lastParticipant = -1
  for (let k = 0; k < n;) {
    const first = order[k] as number
    const p = pKey[first] as number
    const s = sKey[first] as number
    let j = k + 1
    while (j < n) {
      const i = order[j] as number
      if (pKey[i] !== p || sKey[i] !== s) break
      j++
    }
    // The latest vote wins. Nothing else about superseded votes is kept, so a map depends only
    // on the votes that count (and when they were cast), not on how often people changed them.
    let winner = first
    if (at !== null) {
      for (let r = k + 1; r < j; r++) {
        const i = order[r] as number
        if ((at[i] as number) > (at[winner] as number)) winner = i
      }
    }
    // Votes at the winning time (every vote, when untimed) must agree: otherwise no order of
    // arrival could say which one counts.
    for (let r = k; r < j; r++) {
      const i = order[r] as number
      if (i === winner || (at !== null && at[i] !== at[winner])) continue
      if (votes.vote[i] !== votes.vote[winner]) {
        const a = Math.min(winner, i)
        const b = Math.max(winner, i)
        return fail(
          'opinions.duplicate-vote',
          `votes ${a} and ${b} are both by participant "${votes.participants[votes.voter[i] as number]}" on statement "${statements[votes.statement[i] as number]?.id}"${at === null ? '' : ' at the same time'}, and they differ`,
          { vote: a, otherVote: b },
        )
      }
    }
    if (p !== lastParticipant) {
      for (let q = lastParticipant + 1; q <= p; q++) rowStart[q] = entries
      rows = p + 1
      lastParticipant = p
    }
    column[entries] = s
    value[entries] = votes.vote[winner] as number
    if (castAt !== null && at !== null) castAt[entries] = at[winner] as number
    entries++
    k = j
  }
  for (let q = rows; q <= nP; q++) rowStart[q] = entries

  // Drop participants without votes, keeping canonical order.
  const participantOrder = canonicalOrder(votes.participants)
  const keptIds: string[] = []
  const keptStart: number[] = [0]
  for (let p = 0; p < nP; p++) {
    if ((rowStart[p + 1] as number) > (rowStart[p] as number)) {
      keptIds.push(votes.participants[participantOrder[p] as number] as string)
      keptStart.push(rowStart[p + 1] as number)
    }
  }
  const excluded = new Uint8Array(nS)
  const statementIds: string[] = []
  for (let r = 0; r < nS; r++) {
    const s = statements[statementOrder[r] as number] as OpinionStatement
    statementIds.push(s.id)
    excluded[r] = s.excluded === true ? 1 : 0
  }
  return succeed({
    participantIds: keptIds,
    statementIds,
    excluded,
    rowStart: Int32Array.from(keptStart),
    column: column.slice(0, entries),
    value: value.slice(0, entries),
    castAt: castAt === null ? null : castAt.slice(0, entries),
  })
}

/** Indices of `ids` in canonical order. */
function canonicalOrder(ids: readonly string[]): Int32Array {
  const order = Array.from(ids.keys())
  order.sort((a, b) => compareIds(ids[a] as string, ids[b] as string))
  return Int32Array.from(order)
}

function inverse(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length)
  for (let r = 0; r < order.length; r++) rank[order[r] as number] = r
  return rank
}

/** A stable counting sort of vote indices (taken in `within` order, or 0..n-1) by `key`. */
function countingSort(key: Int32Array, keys: number, within: Int32Array | null): Int32Array {
  const n = key.length
  const start = new Int32Array(keys + 1)
  for (let i = 0; i < n; i++) {
    const k = (key[i] as number) + 1
    start[k] = (start[k] as number) + 1
  }
  for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number)
  const out = new Int32Array(n)
  for (let j = 0; j < n; j++) {
    const i = within === null ? j : (within[j] as number)
    const k = key[i] as number
    out[start[k] as number] = i
    start[k] = (start[k] as number) + 1
  }
  return out
}
