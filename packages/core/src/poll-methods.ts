// What each decision method means for a poll: the shape of a ballot's `vote`, and how the sealed
// ballots become a result (through @veche/tally). The result is recorded in `poll.closed` and
// recomputed on every replay, so it must be plain JSON and fully determined by its inputs.
import { tallyConsent, tallyMajority } from '@veche/tally'
import { z } from 'zod'
import type { PollMethod } from './event-bodies.js'
import { ok, reject } from './result.js'
import type { Result } from './result.js'
import type { PollRecord } from './space-state.js'

const majorityVote = z.strictObject({ choice: z.string().nullable() })
const consentVote = z.union([
  z.strictObject({
    position: z.enum(['agree', 'abstain', 'disagree']),
    reason: z.string().max(2000),
  }),
  z.strictObject({
    position: z.literal('block'),
    reason: z
      .string()
      .max(2000)
      .refine((s) => s.trim().length > 0, 'a block needs a reason'),
  }),
])

/** The `vote` of a ballot for each method, as clients write it. */
export type VoteOf<M extends PollMethod> = M extends 'majority'
  ? z.input<typeof majorityVote>
  : z.input<typeof consentVote>

/** Checks that `vote` fits the poll's method and options; returns the reason when it does not. */
export function checkVote(poll: PollRecord, vote: unknown): string | null {
  switch (poll.method) {
    case 'majority': {
      const parsed = majorityVote.safeParse(vote)
      if (!parsed.success) return 'a majority vote is { "choice": option or null to abstain }'
      const { choice } = parsed.data
      if (choice !== null && !poll.options.includes(choice)) {
        return `"${choice}" is not an option of this poll (options: ${poll.options.join(', ')})`
      }
      return null
    }
    case 'consent': {
      const parsed = consentVote.safeParse(vote)
      if (!parsed.success) {
        return 'a consent vote is { "position": agree|abstain|disagree|block, "reason": text }, and a block needs a reason'
      }
      return null
    }
    default:
      return assertMethod(poll.method)
  }
}

function assertMethod(method: never): never {
  throw new Error(`unknown poll method ${String(method)}`)
}

/** Checks a poll's options for its method when it opens. */
export function checkPollOptions(method: PollMethod, options: readonly string[]): string | null {
  switch (method) {
    case 'majority': {
      if (options.length < 2) return 'a majority poll needs at least two options'
      if (new Set(options).size !== options.length)
        return 'options must be different from each other'
      return null
    }
    case 'consent':
      return options.length === 0 ? null : 'a consent poll has fixed positions: give no options'
    default:
      return assertMethod(method)
  }
}

/** Inputs to a poll's result besides its sealed ballots. */
export interface ResultContext {
  /** Ballots needed for a quorum, abstentions included. */
  readonly quorum: number
}

/** Computes a poll's result from the votes of its sealed ballots. */
export function computePollResult(
  poll: Pick<PollRecord, 'method' | 'options' | 'threshold' | 'tieBreakSeed'>,
  votes: readonly unknown[],
  context: ResultContext,
): Result<unknown> {
  switch (poll.method) {
    case 'majority': {
      const outcome = tallyMajority({
        options: poll.options,
        ballots: votes.map((vote) => majorityVote.parse(vote)),
        threshold: poll.threshold,
        quorum: context.quorum,
        tieBreakSeed: poll.tieBreakSeed,
      })
      return outcome.ok ? ok(outcome.report) : reject('poll.tally-failed', outcome.message)
    }
    case 'consent': {
      const outcome = tallyConsent({
        ballots: votes.map((vote) => consentVote.parse(vote)),
        threshold: poll.threshold,
        quorum: context.quorum,
      })
      return outcome.ok ? ok(outcome.report) : reject('poll.tally-failed', outcome.message)
    }
    default:
      return assertMethod(poll.method)
  }
}

/** Ballots needed for a quorum under the assembly's rule, given its active members at the close. */
export function quorumFor(
  rule: { readonly ballots: number; readonly percent: number },
  members: number,
): number {
  return Math.max(rule.ballots, Math.ceil((rule.percent * members) / 100))
}
