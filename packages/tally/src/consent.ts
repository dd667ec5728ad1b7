// Consent and consensus decisions as assemblies make them: each member agrees, abstains (stands
// aside), disagrees, or blocks with a reason. A block (or `blocksToStop` blocks) stops the proposal
// whatever the other votes. Otherwise it is adopted when agree/(agree + disagree) is more than
// `threshold` (default 0: any agreement and no block adopts it; set 2/3 or 9/10 for a
// consensus-minus-some rule). Abstentions count towards the quorum only.
import { checkFraction, exceedsShare } from './fraction.js'
import type { Fraction } from './fraction.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { checkQuorum } from './quorum.js'
import type { QuorumReport } from './quorum.js'
import { compareCodeUnits } from './seeded-lot.js'

/** A member's position on a proposal. */
export type ConsentPosition = 'agree' | 'abstain' | 'disagree' | 'block'

/** A consent ballot; a block should carry its reason. */
export interface ConsentBallot {
  readonly position: ConsentPosition
  readonly reason?: string | undefined
}

/** Input of {@link tallyConsent}. */
export interface ConsentInput {
  readonly ballots: readonly ConsentBallot[]
  /** Adopted only when agree/(agree + disagree) is more than this; default 0. */
  readonly threshold?: Fraction | undefined
  /** Ballots needed, abstentions included; default 0. */
  readonly quorum?: number | undefined
  /** Number of blocks that stops the proposal; default 1. */
  readonly blocksToStop?: number | undefined
}

/**
 * Outcomes: `adopted`, `blocked` (at least `blocksToStop` blocks), `rejected` (no block, but the
 * agreement was not above the threshold, including when nobody agreed), `no-quorum`.
 */
export type ConsentOutcome = 'adopted' | 'rejected' | 'blocked' | 'no-quorum'

/** The full, plain-JSON report of a consent decision. */
export interface ConsentReport {
  readonly method: 'consent'
  readonly outcome: ConsentOutcome
  readonly counts: {
    readonly agree: number
    readonly abstain: number
    readonly disagree: number
    readonly block: number
  }
  readonly threshold: Fraction
  readonly blocksToStop: number
  /** Reasons given with blocks, sorted (so ballot order never shows). */
  readonly blockReasons: readonly string[]
  readonly quorum: QuorumReport
}

/** Counts a consent decision. */
export function tallyConsent(input: ConsentInput): TallyOutcome<ConsentReport> {
  const threshold = { num: input.threshold?.num ?? 0, den: input.threshold?.den ?? 1 }
  const blocksToStop = input.blocksToStop ?? 1
  const bad = checkFraction(threshold, 'threshold')
  if (bad) return bad
  if (!Number.isSafeInteger(blocksToStop) || blocksToStop < 1) {
    return fail(
      'tally.invalid-threshold',
      `blocksToStop must be a whole number >= 1, got ${String(blocksToStop)}`,
    )
  }
  const quorum = checkQuorum(input.quorum, input.ballots.length)
  if (!('met' in quorum)) return quorum
  const counts = { agree: 0, abstain: 0, disagree: 0, block: 0 }
  const blockReasons: string[] = []
  for (const [n, ballot] of input.ballots.entries()) {
    switch (ballot.position) {
      case 'agree':
      case 'abstain':
      case 'disagree':
        counts[ballot.position] += 1
        break
      case 'block':
        counts.block += 1
        blockReasons.push(ballot.reason ?? '')
        break
      default:
        return fail(
          'tally.invalid-ballot',
          `ballot ${n + 1} has position ${String(ballot.position)}`,
        )
    }
  }
  blockReasons.sort(compareCodeUnits)
  const base = { method: 'consent', counts, threshold, blocksToStop, blockReasons, quorum } as const
  if (!quorum.met) return succeed({ ...base, outcome: 'no-quorum' })
  if (counts.block >= blocksToStop) return succeed({ ...base, outcome: 'blocked' })
  const adopted = exceedsShare(counts.agree, counts.agree + counts.disagree, threshold)
  return succeed({ ...base, outcome: adopted ? 'adopted' : 'rejected' })
}
