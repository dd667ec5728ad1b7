// POST /api/events: one signed event or a batch, each reported exactly as the ledger reports it.
// Per event by default (the accepted ones are written, the rejected ones reported); `?atomic=true`
// writes nothing unless all pass. Per-event requests arriving together share one transaction
// (group commit, ./submission-batcher.ts). Statuses as in ./submit-outcomes.ts. Secret ballots are
// refused here (`secret.ballot-route`): they go to POST /api/ballots, which is never logged.
// A plain request (one JSON body, no query) is read before Fastify by ./events-fast-path.ts, which
// takes its events through the same EventIntake and hands every answer but a 200 back to this route.
import { DEFAULT_FUTURE_TOLERANCE_MS } from '@veche/store'
import type { Ledger, SubmitOutcome } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { MAX_BATCH, ProblemSchema, SubmitBody, SubmitQuery, SubmitResponse } from './api-schemas.js'
import type { AuthorRateLimit } from './author-rate-limit.js'
import type { Handoffs } from './events-fast-path.js'
import type { MemberVolumeLimit } from './member-volume-limit.js'
import type { HubMetrics } from './hub-metrics.js'
import { HubError } from './problem.js'
import { SubmissionBatcher } from './submission-batcher.js'
import { submitSerializerCompiler, submitValidatorCompiler } from './submit-fast-path.js'
import { claimedType, replyWithOutcomes, submitTaken } from './submit-outcomes.js'

export interface EventsRouteOptions {
  readonly intake: EventIntake
  readonly handoffs: Handoffs
  readonly metrics: HubMetrics
}

/**
 * What POST /api/events does with the events of a request, wherever it was read (the route, or
 * events-fast-path.ts): the batch limit, the authors' rates, secret ballots and events past their
 * member's quota refused, the rest submitted (grouped with other requests unless atomic), and the
 * rates and quotas charged for what was written. Refusals of the whole request are thrown as HubErrors.
 */
export class EventIntake {
  readonly #ledger: Ledger
  readonly #limiter: AuthorRateLimit
  readonly #volume: MemberVolumeLimit
  readonly #batcher: SubmissionBatcher

  readonly #futureToleranceMs: number

  /** `futureToleranceMs`: how far ahead of this hub's clock a claimed time may be (`refuseClaimedFuture`). */
  constructor(
    ledger: Ledger,
    limiter: AuthorRateLimit,
    volume: MemberVolumeLimit,
    futureToleranceMs = DEFAULT_FUTURE_TOLERANCE_MS,
  ) {
    this.#ledger = ledger
    this.#limiter = limiter
    this.#volume = volume
    this.#futureToleranceMs = futureToleranceMs
    this.#batcher = new SubmissionBatcher(ledger, undefined, 0, futureToleranceMs)
  }

  /** Each input's outcome, in order. */
  async take(inputs: readonly unknown[], atomic: boolean): Promise<SubmitOutcome[]> {
    if (inputs.length > MAX_BATCH) {
      throw new HubError(
        413,
        'request.too-many-events',
        'Too many events',
        `a request carries at most ${MAX_BATCH} events; this one has ${inputs.length}`,
      )
    }
    const counts = countByAuthor(inputs)
    const allowed = this.#limiter.check(counts)
    if (!allowed.ok) {
      throw new HubError(
        429,
        'request.rate-limited',
        'Too many events from one key',
        `an author key in this request is over its rate; nothing was checked or written; retry in ${allowed.retryAfter} s`,
        { 'retry-after': String(allowed.retryAfter) },
      )
    }
    let written = true
    // Secret ballots never come here: this route is logged, and a ballot's arrival time next to
    // its voter's other requests would link them (they go to POST /api/ballots).
    // Events past their member's quota in their space are refused one by one
    // (member-volume-limit.ts).
    const over = this.#volume.refusals(inputs)
    const refuse = (input: unknown, i: number) => refuseBallot(input) ?? over[i] ?? null
    const outcomes = await submitTaken(inputs, refuse, async (taken) => {
      if (!atomic) return this.#batcher.submit(taken)
      // An atomic request with a refused ballot writes nothing: the rest are only checked.
      const dryRun = taken.length < inputs.length
      const now = Date.now()
      const report = await this.#ledger.submit(taken, {
        atomic,
        dryRun,
        refuseStaleCloses: true,
        refuseLateBallotsAt: now,
        refuseFutureClaims: { now, toleranceMs: this.#futureToleranceMs },
      })
      written = report.written > 0
      return report.outcomes
    })
    // Only what was written spends its author's rate: events carrying someone else's key (a
    // forged signature, a replayed stored event) never do.
    if (written) {
      const all = outcomes.every((o) => o.status === 'accepted')
      this.#limiter.charge(
        all ? counts : countByAuthor(inputs.filter((_, i) => outcomes[i]?.status === 'accepted')),
      )
      this.#volume.charge(inputs, outcomes)
    }
    return outcomes
  }
}

export const eventsRoute: FastifyPluginAsyncZod<EventsRouteOptions> = (app, options) => {
  const { intake, handoffs, metrics } = options
  app.post(
    '/api/events',
    {
      schema: {
        summary: 'Submit one signed event or a batch',
        body: SubmitBody,
        querystring: SubmitQuery,
        response: {
          200: SubmitResponse,
          207: SubmitResponse,
          400: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
      // zod's checks with a shortcut for well-formed requests and answers (./submit-fast-path.ts).
      validatorCompiler: submitValidatorCompiler,
      serializerCompiler: submitSerializerCompiler,
    },
    async (request, reply) => {
      const atomic = request.query.atomic === 'true'
      // A request read by events-fast-path.ts, whose events were taken there, is only answered.
      const outcomes = await (handoffs.take(request.headers) ??
        intake.take(request.body.events ?? [request.body], atomic))
      return replyWithOutcomes(reply, metrics, outcomes, atomic)
    },
  )
  return Promise.resolve()
}

function refuseBallot(input: unknown): SubmitOutcome | null {
  if (claimedType(input) !== 'secret.ballot') return null
  return {
    status: 'rejected',
    code: 'secret.ballot-route',
    message: 'a secret ballot is sent to POST /api/ballots, which keeps no log of it',
  }
}

function countByAuthor(inputs: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const input of inputs) {
    const author =
      typeof input === 'object' && input !== null && 'author' in input ? input.author : undefined
    const key = typeof author === 'string' ? author.slice(0, 64) : ''
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}
