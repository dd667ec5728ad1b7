// Score (range) voting and dot voting, over ballots that give numbers to candidates by name.
// Score: each ballot gives each candidate a whole number between `min` and `max` (default 0..5); a
// candidate a ballot leaves out gets `min`. Dot voting: each voter places up to `dotsPerVoter` dots
// (whole numbers >= 0), at most `maxPerOption` on one option. Winners have the most points; a tie
// for the last seat goes to the seeded lot. Totals are added exactly (BigInt: scores may be
// negative) and a total past MAX_EXACT_TOTAL is refused.
import { MAX_EXACT_TOTAL, totalTooLarge } from './exact-total.js'
import { fail, succeed } from './outcome.js'
import type { TallyFailure, TallyOutcome } from './outcome.js'
import { rankByPoints } from './points-ranking.js'
import type { PointsReport } from './points-ranking.js'

/** A score or dot ballot: numbers by candidate name, cast by `weight` voters (default 1). */
export interface ScoreBallot {
  readonly scores: Readonly<Record<string, number>>
  readonly weight?: number | undefined
}

/** Input of {@link tallyScore}. */
export interface ScoreInput {
  readonly candidates: readonly string[]
  readonly ballots: readonly ScoreBallot[]
  readonly seats?: number | undefined
  readonly min?: number | undefined
  readonly max?: number | undefined
  readonly tieBreakSeed: string
}

/** Input of {@link tallyDotVoting}. */
export interface DotVotingInput {
  readonly candidates: readonly string[]
  readonly ballots: readonly ScoreBallot[]
  readonly dotsPerVoter: number
  readonly maxPerOption?: number | undefined
  readonly seats?: number | undefined
  readonly tieBreakSeed: string
}

/** Counts score (range) ballots. */
export function tallyScore(input: ScoreInput): TallyOutcome<PointsReport<'score'>> {
  const min = input.min ?? 0
  const max = input.max ?? 5
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    return fail(
      'tally.invalid-score',
      `the score range must be whole numbers min <= max, got ${min}..${max}`,
    )
  }
  return countNamed('score', input, min, (scores, where) => {
    for (const [name, s] of Object.entries(scores)) {
      if (!Number.isSafeInteger(s) || s < min || s > max) {
        return fail(
          'tally.invalid-score',
          `${where} gives "${name}" ${s}; scores are whole numbers ${min}..${max}`,
        )
      }
    }
    return null
  })
}

/** Counts dot-voting ballots. */
export function tallyDotVoting(input: DotVotingInput): TallyOutcome<PointsReport<'dot-voting'>> {
  const { dotsPerVoter } = input
  const maxPerOption = input.maxPerOption ?? dotsPerVoter
  if (
    !Number.isSafeInteger(dotsPerVoter) ||
    dotsPerVoter < 1 ||
    !Number.isSafeInteger(maxPerOption)
  ) {
    return fail(
      'tally.invalid-score',
      `dotsPerVoter must be a whole number >= 1, got ${dotsPerVoter}`,
    )
  }
  return countNamed('dot-voting', input, 0, (scores, where) => {
    let sum = 0n
    for (const [name, s] of Object.entries(scores)) {
      if (!Number.isSafeInteger(s) || s < 0 || s > maxPerOption) {
        return fail(
          'tally.invalid-score',
          `${where} puts ${s} dots on "${name}"; allowed 0..${maxPerOption}`,
        )
      }
      sum += BigInt(s)
    }
    if (sum > BigInt(dotsPerVoter))
      return fail(
        'tally.invalid-score',
        `${where} places ${sum} dots; each voter has ${dotsPerVoter}`,
      )
    return null
  })
}

function countNamed<M extends string>(
  method: M,
  input: {
    readonly candidates: readonly string[]
    readonly ballots: readonly ScoreBallot[]
    readonly seats?: number | undefined
    readonly tieBreakSeed: string
  },
  blank: number,
  check: (scores: Readonly<Record<string, number>>, where: string) => TallyFailure | null,
): TallyOutcome<PointsReport<M>> {
  const { candidates, ballots } = input
  const seats = input.seats ?? 1
  const index = new Map<string, number>()
  for (const [i, name] of candidates.entries()) {
    if (index.has(name))
      return fail('tally.duplicate-option', `candidate "${name}" is listed twice`)
    index.set(name, i)
  }
  if (candidates.length === 0) return fail('tally.no-options', 'there are no candidates')
  if (!Number.isSafeInteger(seats) || seats < 1)
    return fail('tally.invalid-seats', `seats must be >= 1, got ${seats}`)
  if (seats > candidates.length) {
    return fail('tally.too-many-seats', `${seats} seats but only ${candidates.length} candidates`)
  }
  if (ballots.length === 0) return fail('tally.no-ballots', 'there are no ballots to count')
  // scores may be negative, so a running double could pass the limit and come back: add exactly
  const totals = candidates.map(() => 0n)
  let voters = 0
  for (const [n, ballot] of ballots.entries()) {
    const where = `ballot ${n + 1}`
    const weight = ballot.weight ?? 1
    if (!Number.isSafeInteger(weight) || weight <= 0) {
      return fail(
        'tally.invalid-weight',
        `${where} has weight ${weight}; weights are whole numbers > 0`,
      )
    }
    for (const name of Object.keys(ballot.scores)) {
      if (!index.has(name))
        return fail('tally.unknown-candidate', `${where} scores "${name}", who is not a candidate`)
    }
    const bad = check(ballot.scores, where)
    if (bad) return bad
    if (weight > MAX_EXACT_TOTAL - voters) {
      return totalTooLarge(`the ballot weights up to ${where}`, BigInt(voters) + BigInt(weight))
    }
    voters += weight
    const w = BigInt(weight)
    for (const [i, name] of candidates.entries()) {
      const s = Object.prototype.hasOwnProperty.call(ballot.scores, name)
        ? (ballot.scores[name] as number)
        : blank
      totals[i] = (totals[i] ?? 0n) + BigInt(s) * w
    }
  }
  const limit = BigInt(MAX_EXACT_TOTAL)
  const over = totals.findIndex((t) => t > limit || t < -limit)
  if (over >= 0) {
    return totalTooLarge(`the ${method} points of "${candidates[over] ?? ''}"`, totals[over] ?? 0n)
  }
  const standing = candidates.map((_, i) => i)
  return succeed(
    rankByPoints({
      method,
      candidates,
      standing,
      seats,
      voters,
      totals: totals.map(Number),
      seed: input.tieBreakSeed,
    }),
  )
}
