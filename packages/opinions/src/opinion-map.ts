// The opinion map of a conversation: a pure function of its statements and votes (and a seed), by
// the Pol.is method, step by step: the vote matrix (vote-matrix.ts), who is clustered
// (participation.ts), two principal components and each participant's position (pca.ts), base
// clusters and 2-5 opinion groups chosen by silhouette (opinion-groups.ts), each group's
// representative statements (repness.ts), consensus and group-informed consensus (consensus.ts).
// The result is plain JSON (no Map, undefined, NaN or Infinity) and the same bits for the same
// input in every engine: the order votes arrive in, and votes later changed, make no difference.
import { activeStatements, computePca, projectParticipants } from './pca.js'
import { groupInformedConsensus, selectConsensus } from './consensus.js'
import { groupParticipants } from './opinion-groups.js'
import { fail, succeed } from './outcome.js'
import type { OpinionsOutcome } from './outcome.js'
import { joinOrder, selectClustered } from './participation.js'
import { selectRepresentative } from './repness.js'
import type { VoteCounts } from './statement-stats.js'
import { buildVoteMatrix } from './vote-matrix.js'
import type { OpinionsInput, VoteMatrix } from './vote-matrix.js'

/** Largest conversation mapped: votes (each costs ~30 bytes while mapping), and statements. */
export const MAX_VOTES = 20_000_000
/** Pol.is's own cap on statements per conversation (max-cmts). */
export const MAX_STATEMENTS = 10_000
/** Fewest clustered participants for a map: with two, each group would be one person's votes. */
export const MIN_PARTICIPANTS_TO_MAP = 3
/** Fewest statements (voted on, not moderated out) for two components. */
export const MIN_STATEMENTS_TO_MAP = 2

/** Options of a map. */
export interface OpinionMapOptions {
  /** Seeds the start vectors of the PCA and of k-means, so the map is reproducible. */
  readonly seed: string
}

/** A participant on the map. */
export interface MappedParticipant {
  readonly id: string
  /** Opinion group, or null when the participant has voted too little to be clustered. */
  readonly group: number | null
  readonly projection: readonly [number, number]
  readonly votes: number
}

/** A representative statement of a group, by statement id. */
export interface GroupStatement {
  readonly statement: string
  readonly direction: 'agree' | 'disagree'
  readonly nSuccess: number
  readonly nTrials: number
  readonly pSuccess: number
  readonly pTest: number
  readonly repness: number
  readonly repnessTest: number
  readonly bestAgree: boolean
}

/** An opinion group. */
export interface OpinionGroup {
  readonly id: number
  readonly size: number
  readonly representative: readonly GroupStatement[]
}

/** A consensus statement, by statement id. */
export interface ConsensusFigures {
  readonly statement: string
  readonly nSuccess: number
  readonly nTrials: number
  readonly pSuccess: number
  readonly pTest: number
}

/** A statement's place in the PCA and its group-informed consensus. */
export interface MappedStatement {
  readonly id: string
  /** Moderated out (or meta), or never voted on: left out of the map. */
  readonly excluded: boolean
  readonly votes: number
  readonly mean: number
  readonly components: readonly [number, number]
  /** Product over groups of each group's smoothed agree (disagree) share; null if excluded. */
  readonly groupInformedConsensus: { readonly agree: number; readonly disagree: number } | null
}

/** The whole map. */
export interface OpinionMap {
  readonly participants: readonly MappedParticipant[]
  readonly groups: readonly OpinionGroup[]
  readonly consensus: { readonly agree: readonly string[]; readonly disagree: readonly string[] }
  readonly consensusFigures: {
    readonly agree: readonly ConsensusFigures[]
    readonly disagree: readonly ConsensusFigures[]
  }
  readonly statements: readonly MappedStatement[]
  readonly method: {
    readonly seed: string
    readonly clustered: number
    readonly eigenvalues: readonly [number, number]
    readonly pcaIterations: number
    readonly baseClusters: number
    readonly silhouettes: readonly { readonly k: number; readonly silhouette: number }[]
  }
}

/** Computes the opinion map, or says why the input cannot be mapped. */
export function mapOpinions(
  input: OpinionsInput,
  options: OpinionMapOptions,
): OpinionsOutcome<OpinionMap> {
  const voteCount = Array.isArray(input.votes)
    ? input.votes.length
    : (input.votes as { voter: ArrayLike<number> }).voter.length
  if (voteCount > MAX_VOTES) {
    return fail('opinions.too-large', `${voteCount} votes; a map takes at most ${MAX_VOTES}`)
  }
  if (input.statements.length > MAX_STATEMENTS) {
    return fail(
      'opinions.too-large',
      `${input.statements.length} statements; a map takes at most ${MAX_STATEMENTS}`,
    )
  }
  const built = buildVoteMatrix(input)
  if (!built.ok) return built
  return mapMatrix(built.report, options)
}

/** The map of an already built vote matrix. */
export function mapMatrix(
  matrix: VoteMatrix,
  options: OpinionMapOptions,
): OpinionsOutcome<OpinionMap> {
  const nP = matrix.participantIds.length
  const nS = matrix.statementIds.length
  const active = activeStatements(matrix)
  const statements: number[] = []
  for (let s = 0; s < nS; s++) if (active[s] === 1) statements.push(s)
  if (statements.length < MIN_STATEMENTS_TO_MAP) {
    return fail(
      'opinions.too-few-statements',
      `votes on ${statements.length} statement${statements.length === 1 ? '' : 's'} that are not moderated out; a map needs at least ${MIN_STATEMENTS_TO_MAP}`,
    )
  }
  const inConv = selectClustered(matrix)
  const inCanonicalOrder: number[] = []
  for (let p = 0; p < nP; p++) if (inConv[p] === 1) inCanonicalOrder.push(p)
  // k-means starts from the first participants to join, as Pol.is's first clustering does
  const clustered = joinOrder(matrix, inCanonicalOrder)
  if (clustered.length < MIN_PARTICIPANTS_TO_MAP) {
    return fail(
      'opinions.too-few-participants',
      `${clustered.length} participant${clustered.length === 1 ? ' has' : 's have'} voted enough to be placed in a group; a map needs at least ${MIN_PARTICIPANTS_TO_MAP}`,
    )
  }

  const pca = computePca(matrix, options.seed)
  const projection = projectParticipants(matrix, pca)
  const positions = new Float64Array(2 * clustered.length)
  clustered.forEach((p, i) => {
    positions[2 * i] = projection[2 * p] as number
    positions[2 * i + 1] = projection[2 * p + 1] as number
  })
  if (!hasTwoDistinct(positions)) {
    return fail(
      'opinions.too-few-participants',
      'every clustered participant stands at the same place on the map (they voted alike), so there are no groups to tell apart',
    )
  }
  const grouping = groupParticipants(positions)
  const groupOf = new Int32Array(nP).fill(-1)
  clustered.forEach((p, i) => (groupOf[p] = grouping.group[i] as number))
  const described = describeGroups(matrix, groupOf, grouping.groups)
  const [pc1, pc2] = pca.components
  return succeed({
    participants: matrix.participantIds.map((pid, p) => ({
      id: pid,
      group: (groupOf[p] as number) >= 0 ? (groupOf[p] as number) : null,
      projection: [projection[2 * p] as number, projection[2 * p + 1] as number] as const,
      votes: (matrix.rowStart[p + 1] as number) - (matrix.rowStart[p] as number),
    })),
    groups: described.groups,
    consensus: described.consensus,
    consensusFigures: described.consensusFigures,
    statements: matrix.statementIds.map((sid, s) => ({
      id: sid,
      excluded: active[s] === 0,
      votes: described.votes[s] as number,
      mean: pca.center[s] as number,
      components: [pc1[s] as number, pc2[s] as number] as const,
      groupInformedConsensus: described.groupInformedConsensus[s] ?? null,
    })),
    method: {
      seed: options.seed,
      clustered: clustered.length,
      eigenvalues: pca.eigenvalues,
      pcaIterations: pca.iterations,
      baseClusters: grouping.baseSizes.length,
      silhouettes: grouping.silhouettes,
    },
  })
}

/** What the groups think: the part of the map that follows from who is in which group. */
export interface GroupDescription {
  readonly groups: OpinionMap['groups']
  readonly consensus: OpinionMap['consensus']
  readonly consensusFigures: OpinionMap['consensusFigures']
  /** Per statement (canonical order): votes cast, and group-informed consensus (null if excluded). */
  readonly votes: readonly number[]
  readonly groupInformedConsensus: readonly ({
    readonly agree: number
    readonly disagree: number
  } | null)[]
}

/**
 * Representative statements, consensus and group-informed consensus, given each participant's
 * group (`groupOf[p]`, -1 when not clustered) and the number of groups. The map calls it with its
 * own groups; the checks against Pol.is call it with Pol.is's, to test these rules on their own.
 */
export function describeGroups(
  matrix: VoteMatrix,
  groupOf: Int32Array,
  groups: number,
): GroupDescription {
  const nP = matrix.participantIds.length
  const nS = matrix.statementIds.length
  const active = activeStatements(matrix)
  const statements: number[] = []
  for (let s = 0; s < nS; s++) if (active[s] === 1) statements.push(s)
  const groupCounts = Array.from({ length: groups }, () => newCounts(nS))
  const everyone = newCounts(nS)
  const sizes = new Array<number>(groups).fill(0)
  for (let p = 0; p < nP; p++) {
    const g = groupOf[p] as number
    if (g >= 0) sizes[g] = (sizes[g] as number) + 1
    for (let e = matrix.rowStart[p] as number; e < (matrix.rowStart[p + 1] as number); e++) {
      const s = matrix.column[e] as number
      const v = matrix.value[e] as number
      addVote(everyone, s, v)
      if (g >= 0) addVote(groupCounts[g] as MutableCounts, s, v)
    }
  }
  const counts = groupCounts.map(toCounts)
  const representative = selectRepresentative(counts, statements)
  const consensus = selectConsensus(toCounts(everyone), statements)
  const id = (s: number) => matrix.statementIds[s] as string
  return {
    groups: representative.map((list, g) => ({
      id: g,
      size: sizes[g] as number,
      representative: list.map((r) => ({ ...r, statement: id(r.statement) })),
    })),
    consensus: {
      agree: consensus.agree.map((c) => id(c.statement)),
      disagree: consensus.disagree.map((c) => id(c.statement)),
    },
    consensusFigures: {
      agree: consensus.agree.map((c) => ({ ...c, statement: id(c.statement) })),
      disagree: consensus.disagree.map((c) => ({ ...c, statement: id(c.statement) })),
    },
    votes: Array.from(everyone.seen),
    groupInformedConsensus: Array.from({ length: nS }, (_, s) =>
      active[s] === 0 ? null : groupInformedConsensus(counts.map((c) => c[s] as VoteCounts)),
    ),
  }
}

interface MutableCounts {
  readonly agree: Int32Array
  readonly disagree: Int32Array
  readonly seen: Int32Array
}

function newCounts(n: number): MutableCounts {
  return { agree: new Int32Array(n), disagree: new Int32Array(n), seen: new Int32Array(n) }
}

function addVote(c: MutableCounts, s: number, v: number): void {
  c.seen[s] = (c.seen[s] as number) + 1
  if (v === 1) c.agree[s] = (c.agree[s] as number) + 1
  else if (v === -1) c.disagree[s] = (c.disagree[s] as number) + 1
}

function toCounts(c: MutableCounts): VoteCounts[] {
  return Array.from(c.seen, (seen, s) => ({
    agree: c.agree[s] as number,
    disagree: c.disagree[s] as number,
    seen,
  }))
}

function hasTwoDistinct(positions: Float64Array): boolean {
  for (let i = 2; i < positions.length; i += 2) {
    if (positions[i] !== positions[0] || positions[i + 1] !== positions[1]) return true
  }
  return false
}
