// Approval voting, plurality and Borda count over ranked ballots. Approval: every candidate a
// ballot ranks (at any level) gets the ballot's weight. Plurality: the ballot's single first
// preference gets it; a ballot with several candidates ranked equal first is not counted. Borda: a
// candidate gets one point per standing candidate ranked strictly below it on the ballot, so on a
// full strict ranking of n candidates the first gets n-1 and the last 0, unranked candidates get 0
// and equal candidates share their level's points. Loomio's "ranked choice" instead gives k points
// to the first of k ranks, k-1 to the second, and so on: pass `loomioRanks: k`.
// Withdrawn candidates are skipped on every ballot. Ties for the last seat go to the seeded lot.
// A total past MAX_EXACT_TOTAL (Borda points can pass it while the voters do not) is refused.
import { MAX_EXACT_TOTAL, totalTooLarge } from './exact-total.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { rankByPoints } from './points-ranking.js'
import type { PointsReport } from './points-ranking.js'
import { checkElection } from './ranked-election.js'
import type { RankedElection } from './ranked-election.js'

/** Options shared by approval, plurality and Borda. */
export interface PointsOptions {
  /** Winners to take; default the election's seats. */
  readonly seats?: number | undefined
  readonly tieBreakSeed: string
}

/** Counts approvals: each ranked candidate gets the ballot's weight. */
export function tallyApproval(
  election: RankedElection,
  options: PointsOptions,
): TallyOutcome<PointsReport<'approval'>> {
  return countPoints('approval', election, options, (_tier, _first, add, prefs) => {
    for (const c of prefs) add(c, 1)
  })
}

/** Counts single first preferences (first past the post; block vote when seats > 1). */
export function tallyPlurality(
  election: RankedElection,
  options: PointsOptions,
): TallyOutcome<PointsReport<'plurality'>> {
  return countPoints('plurality', election, options, (tiers, _first, add, prefs) => {
    if (prefs.length === 0) return
    if (prefs.length > 1 && tiers[1] === tiers[0]) return
    add(prefs[0] as number, 1)
  })
}

/** Counts Borda points (or Loomio ranked-choice points with `loomioRanks`). */
export function tallyBorda(
  election: RankedElection,
  options: PointsOptions & { readonly loomioRanks?: number | undefined },
): TallyOutcome<PointsReport<'borda'>> {
  const k = options.loomioRanks
  if (k !== undefined && (!Number.isSafeInteger(k) || k < 1)) {
    return fail('tally.invalid-score', `loomioRanks must be a whole number >= 1, got ${k}`)
  }
  return countPoints('borda', election, options, (tiers, standingCount, add, prefs) => {
    let i = 0
    while (i < prefs.length) {
      let j = i
      while (j < prefs.length && tiers[j] === tiers[i]) j++
      // candidates below this level: the rest of the ranked ones plus every unranked standing one
      const points = k === undefined ? standingCount - j : Math.max(0, k - i)
      for (let m = i; m < j; m++) add(prefs[m] as number, points)
      i = j
    }
  })
}

/** Calls `add` with every candidate's points from every ballot group, and the group's weight. */
function walkPoints(
  election: RankedElection,
  standingCount: number,
  score: Scorer,
  add: (candidate: number, points: number, weight: number) => void,
): void {
  const { ballots } = election
  const isWithdrawn = new Uint8Array(election.candidates.length)
  for (const c of election.withdrawn) isWithdrawn[c] = 1
  const prefs: number[] = []
  const tiers: number[] = []
  let weight = 0
  const addPoints = (c: number, points: number) => add(c, points, weight)
  for (let g = 0; g < ballots.groups; g++) {
    weight = ballots.weights[g] as number
    prefs.length = 0
    tiers.length = 0
    const start = ballots.offsets[g] as number
    const end = ballots.offsets[g + 1] as number
    for (let i = start; i < end; i++) {
      const c = ballots.prefs[i] as number
      if (isWithdrawn[c] === 1) continue
      prefs.push(c)
      tiers.push(ballots.tiers === null ? i - start : (ballots.tiers[i] as number))
    }
    score(tiers, standingCount, addPoints, prefs)
  }
}

type Scorer = (
  tiers: readonly number[],
  standingCount: number,
  add: (candidate: number, points: number) => void,
  prefs: readonly number[],
) => void

/**
 * Walks every ballot group once, with withdrawn candidates removed, and ranks by the points.
 * Points and weights are whole numbers >= 0, so a sum that passes MAX_EXACT_TOTAL shows as a
 * double above it (rounding is monotone) and every sum below it is exact: the count adds doubles
 * and refuses the election if any total passes, naming that total from an exact BigInt recount.
 */
function countPoints<M extends string>(
  method: M,
  election: RankedElection,
  options: PointsOptions,
  score: Scorer,
): TallyOutcome<PointsReport<M>> {
  const seats = options.seats ?? election.seats
  const checked = checkElection(election, seats)
  if (!checked.ok) return checked
  const standing = checked.report
  const totals = new Array<number>(election.candidates.length).fill(0)
  let over = -1
  walkPoints(election, standing.length, score, (c, points, weight) => {
    const t = (totals[c] as number) + points * weight
    if (t > MAX_EXACT_TOTAL) over = c
    totals[c] = t
  })
  if (over >= 0) {
    let exact = 0n
    walkPoints(election, standing.length, score, (c, points, weight) => {
      if (c === over) exact += BigInt(points) * BigInt(weight)
    })
    return totalTooLarge(`the ${method} points of "${election.candidates[over] ?? ''}"`, exact)
  }
  return succeed(
    rankByPoints({
      method,
      candidates: election.candidates,
      standing,
      seats,
      voters: election.ballots.totalWeight,
      totals,
      seed: options.tieBreakSeed,
    }),
  )
}
