// What POST /api/events and POST /api/ballots share: refusing inputs the route does not take
// (each with its own outcome, in place) while the rest go to the ledger, and the answer built
// from the outcomes. Status: 200 when none was rejected, 207 when some were written or already
// stored and some rejected, 422 (a problem document listing every outcome) when nothing in the
// request was accepted or a duplicate, or when an atomic request had a rejection.
import type { SubmitOutcome } from '@veche/store'
import type { FastifyReply } from 'fastify'
import type { HubMetrics } from './hub-metrics.js'
import { problem, sendProblem } from './problem.js'

/** The type an untrusted input claims, if it claims one. */
export function claimedType(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || !('type' in input)) return undefined
  return typeof input.type === 'string' ? input.type : undefined
}

/**
 * Outcomes for `inputs` in order: `refuse` answers those this route does not take, and only the
 * rest are passed to `submit`. `submit` is not called when nothing is left.
 */
export async function submitTaken(
  inputs: readonly unknown[],
  refuse: (input: unknown, index: number) => SubmitOutcome | null,
  submit: (taken: readonly unknown[]) => Promise<readonly SubmitOutcome[]>,
): Promise<SubmitOutcome[]> {
  const refusals = inputs.map((input, i) => refuse(input, i))
  const taken = inputs.filter((_, i) => refusals[i] === null)
  const outcomes = taken.length === 0 ? [] : await submit(taken)
  let next = 0
  return refusals.map((refusal) => refusal ?? outcomes[next++]!)
}

/** Counts each outcome in `metrics`; returns how many of each status there are. */
export function countOutcomes(
  metrics: HubMetrics,
  outcomes: readonly SubmitOutcome[],
): { accepted: number; duplicate: number; rejected: number } {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 }
  for (const outcome of outcomes) {
    counts[outcome.status] += 1
    metrics.countEvent(outcome.status, outcome.status === 'rejected' ? outcome.code : undefined)
  }
  return counts
}

/** Counts the outcomes in `metrics` and sends the answer (see the header for the statuses). */
export function replyWithOutcomes(
  reply: FastifyReply,
  metrics: HubMetrics,
  outcomes: readonly SubmitOutcome[],
  atomic: boolean,
): FastifyReply {
  const counts = countOutcomes(metrics, outcomes)
  if (counts.rejected === 0) return reply.code(200).send({ outcomes, ...counts })
  if (!atomic && counts.accepted + counts.duplicate > 0) {
    return reply.code(207).send({ outcomes, ...counts })
  }
  const first = outcomes.find((o) => o.status === 'rejected')!
  const code = first.status === 'rejected' ? first.code : 'event.malformed'
  const detail =
    outcomes.length === 1 && first.status === 'rejected'
      ? first.message
      : `${counts.rejected} of ${outcomes.length} events rejected${atomic ? '; nothing was written (atomic)' : ''}`
  return sendProblem(reply, problem(422, code, 'Event rejected', detail, { outcomes, ...counts }))
}
