// A ranked election: candidates, seats, withdrawn candidates and packed ballots. The file readers
// return it; `buildRankedElection` makes one from ballots written with candidate names (the JSON
// ballot form used by the hub and the CLI).
import { MAX_EXACT_TOTAL, totalTooLarge } from './exact-total.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { BallotPacker } from './packed-ballots.js'
import type { PackedBallots } from './packed-ballots.js'

/** Everything a ranked count needs. */
export interface RankedElection {
  readonly title: string
  readonly candidates: readonly string[]
  readonly seats: number
  /** Indices of withdrawn candidates: skipped on every ballot, never elected. */
  readonly withdrawn: readonly number[]
  readonly ballots: PackedBallots
}

/** A ballot written with names: each entry a name, or a list of names ranked equal. */
export interface NamedRankedBallot {
  readonly ranking: readonly (string | readonly string[])[]
  /** Voters who cast this ballot; default 1. */
  readonly weight?: number | undefined
}

/** Input of {@link buildRankedElection}. */
export interface NamedRankedElection {
  readonly title?: string | undefined
  readonly candidates: readonly string[]
  readonly seats?: number | undefined
  readonly withdrawn?: readonly string[] | undefined
  readonly ballots: readonly NamedRankedBallot[]
}

/** Packs ballots written with candidate names; unknown names and repeats are failures. */
export function buildRankedElection(input: NamedRankedElection): TallyOutcome<RankedElection> {
  const index = new Map<string, number>()
  for (const [i, name] of input.candidates.entries()) {
    if (index.has(name))
      return fail('tally.duplicate-option', `candidate "${name}" is listed twice`)
    index.set(name, i)
  }
  const withdrawn: number[] = []
  for (const name of input.withdrawn ?? []) {
    const i = index.get(name)
    if (i === undefined)
      return fail('tally.unknown-candidate', `withdrawn candidate "${name}" is not a candidate`)
    if (!withdrawn.includes(i)) withdrawn.push(i)
  }
  const packer = new BallotPacker(input.candidates.length)
  const prefs: number[] = []
  const tiers: number[] = []
  for (const [n, ballot] of input.ballots.entries()) {
    prefs.length = 0
    tiers.length = 0
    for (const [level, entry] of ballot.ranking.entries()) {
      for (const name of typeof entry === 'string' ? [entry] : entry) {
        const i = index.get(name)
        if (i === undefined) {
          return fail(
            'tally.unknown-candidate',
            `ballot ${n + 1} ranks "${name}", who is not a candidate`,
          )
        }
        prefs.push(i)
        tiers.push(level)
      }
    }
    const bad = packer.add(ballot.weight ?? 1, prefs, tiers)
    if (bad) return { ...bad, message: `ballot ${n + 1}: ${bad.message}` }
  }
  return succeed({
    title: input.title ?? '',
    candidates: [...input.candidates],
    seats: input.seats ?? 1,
    withdrawn: withdrawn.sort((a, b) => a - b),
    ballots: packer.finish(),
  })
}

/**
 * Common checks before a count: seats, candidates, ballots, and that the votes counted in units of
 * 1/`unitsPerVote` (STV counts to 5 or 9 decimals) stay within MAX_EXACT_TOTAL. Returns the
 * continuing candidates.
 */
export function checkElection(
  election: RankedElection,
  seats: number,
  count?: { readonly method: string; readonly unitsPerVote: number },
): TallyOutcome<readonly number[]> {
  if (!Number.isSafeInteger(seats) || seats < 1) {
    return fail('tally.invalid-seats', `seats must be a whole number >= 1, got ${seats}`)
  }
  const standing = election.candidates
    .map((_, i) => i)
    .filter((i) => !election.withdrawn.includes(i))
  if (election.candidates.length === 0)
    return fail('tally.no-options', 'the election has no candidates')
  if (standing.length === 0) return fail('tally.all-withdrawn', 'every candidate has withdrawn')
  if (seats > standing.length) {
    return fail(
      'tally.too-many-seats',
      `${seats} seats but only ${standing.length} standing candidate${standing.length === 1 ? '' : 's'}`,
    )
  }
  const total = election.ballots.totalWeight
  if (total === 0) return fail('tally.no-ballots', 'there are no ballots to count')
  const units = count?.unitsPerVote ?? 1
  // floor(MAX / units) is exact for safe integers, so this compares exactly
  if (!Number.isSafeInteger(total) || total > Math.floor(MAX_EXACT_TOTAL / units)) {
    const unitsTotal = BigInt(total) * BigInt(units)
    return units === 1
      ? totalTooLarge('the ballot weights', unitsTotal)
      : totalTooLarge(
          `${total} votes, counted in units of 1/${units} of a vote,`,
          unitsTotal,
          `${count?.method ?? 'this count'} counts at most ${Math.floor(MAX_EXACT_TOTAL / units)} votes`,
        )
  }
  return succeed(standing)
}
