// Simple majority, supermajority and plurality among a poll's options. A ballot names one option or
// abstains (choice null). Abstentions count towards the quorum but not towards the share: the winner
// needs more than `threshold` (default 1/2) of the non-abstaining votes, or at least that share when
// `inclusive`. Threshold 0 makes it plurality. If the top options tie and each reaches the
// threshold, a seeded lot decides, and the draw is recorded.
import { checkFraction, exceedsShare } from './fraction.js'
import type { Fraction } from './fraction.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { checkQuorum } from './quorum.js'
import type { QuorumReport } from './quorum.js'
import { drawLot } from './seeded-lot.js'
import type { LotDraw } from './seeded-lot.js'

/** A majority ballot: an option's name, or null for an explicit abstention (a blank ballot). */
export interface MajorityBallot {
  readonly choice: string | null
}

/** Input of {@link tallyMajority}. */
export interface MajorityInput {
  readonly options: readonly string[]
  readonly ballots: readonly MajorityBallot[]
  /** The winner needs more than this share of non-abstaining votes; default 1/2. */
  readonly threshold?: Fraction | undefined
  /** When true the winner needs at least `threshold` instead of more than it; default false. */
  readonly inclusive?: boolean | undefined
  /** Ballots needed, abstentions included; default 0. */
  readonly quorum?: number | undefined
  /** Fixed when the poll opens; drives the lot if the top options tie. */
  readonly tieBreakSeed: string
}

/**
 * Outcomes: `adopted` (an option won: see `winner`), `rejected` (no option reached the threshold),
 * `no-votes` (quorum met but every ballot abstained), `no-quorum` (too few ballots; nothing counted
 * as decided, though the counts are still reported).
 */
export type MajorityOutcome = 'adopted' | 'rejected' | 'no-votes' | 'no-quorum'

/** The full, plain-JSON report of a majority poll. */
export interface MajorityReport {
  readonly method: 'majority'
  readonly outcome: MajorityOutcome
  readonly winner: string | null
  /** Votes per option, in the poll's option order. */
  readonly counts: readonly { readonly option: string; readonly votes: number }[]
  readonly abstentions: number
  /** Non-abstaining votes: the denominator of the share. */
  readonly votesCast: number
  readonly threshold: Fraction
  readonly inclusive: boolean
  /** Fewest votes an option needed to win (0 when no votes were cast). */
  readonly votesNeeded: number
  readonly quorum: QuorumReport
  /** The lot drawn between tied top options, or null when none was needed. */
  readonly tieBreak: LotDraw | null
}

/** Counts a majority, supermajority or plurality poll. */
export function tallyMajority(input: MajorityInput): TallyOutcome<MajorityReport> {
  const { options, ballots, tieBreakSeed } = input
  const threshold = { num: input.threshold?.num ?? 1, den: input.threshold?.den ?? 2 }
  const inclusive = input.inclusive ?? false
  if (options.length === 0)
    return fail('tally.no-options', 'a majority poll needs at least one option')
  const index = new Map<string, number>()
  for (const [i, option] of options.entries()) {
    if (index.has(option))
      return fail('tally.duplicate-option', `option "${option}" is listed twice`)
    index.set(option, i)
  }
  const bad = checkFraction(threshold, 'threshold')
  if (bad) return bad
  const quorum = checkQuorum(input.quorum, ballots.length)
  if (!('met' in quorum)) return quorum

  const votes = options.map(() => 0)
  let abstentions = 0
  for (const [n, ballot] of ballots.entries()) {
    if (ballot.choice === null) {
      abstentions += 1
      continue
    }
    const i = index.get(ballot.choice)
    if (i === undefined) {
      return fail(
        'tally.unknown-option',
        `ballot ${n + 1} chooses "${ballot.choice}", which is not an option`,
      )
    }
    votes[i] = (votes[i] ?? 0) + 1
  }
  const votesCast = ballots.length - abstentions
  const votesNeeded = votesCast === 0 ? 0 : fewestVotesToWin(votesCast, threshold, inclusive)
  const counts = options.map((option, i) => ({ option, votes: votes[i] ?? 0 }))
  const base = {
    method: 'majority',
    counts,
    abstentions,
    votesCast,
    threshold,
    inclusive,
    votesNeeded,
    quorum,
  } as const

  if (!quorum.met) return succeed({ ...base, outcome: 'no-quorum', winner: null, tieBreak: null })
  if (votesCast === 0)
    return succeed({ ...base, outcome: 'no-votes', winner: null, tieBreak: null })
  const top = Math.max(...votes)
  if (!exceedsShare(top, votesCast, threshold, inclusive)) {
    return succeed({ ...base, outcome: 'rejected', winner: null, tieBreak: null })
  }
  const tied = counts.filter((c) => c.votes === top).map((c) => c.option)
  if (tied.length === 1) {
    return succeed({ ...base, outcome: 'adopted', winner: tied[0] ?? null, tieBreak: null })
  }
  const lot = drawLot(tieBreakSeed, 'majority: choose between options tied for most votes', tied)
  return succeed({ ...base, outcome: 'adopted', winner: lot.order[0] ?? null, tieBreak: lot })
}

/** The smallest v with v/cast above (or at) the threshold; cast + 1 when none can be. */
function fewestVotesToWin(cast: number, f: Fraction, inclusive: boolean): number {
  // v * den > num * cast  <=>  v > num*cast/den
  const product = BigInt(f.num) * BigInt(cast)
  const den = BigInt(f.den)
  const floor = product / den
  const exact = floor * den === product
  const v = inclusive && exact ? floor : floor + 1n
  return Number(v > BigInt(cast) ? BigInt(cast + 1) : v)
}
