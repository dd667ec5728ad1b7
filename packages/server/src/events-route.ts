// POST /api/events: one signed event or a batch, each reported exactly as the ledger reports it.
// Per event by default (the accepted ones are written, the rejected ones reported); `?atomic=true`
// writes nothing unless all pass. Per-event requests arriving together share one transaction
// (group commit, ./submission-batcher.ts). Status: 200 when none was rejected, 207 when some were written
// or already stored and some rejected, 422 (a problem document listing every outcome) when nothing
// in the request was accepted or a duplicate, or when an atomic request had a rejection.
import type { Ledger, SubmitOutcome } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { MAX_BATCH, ProblemSchema, SubmitBody, SubmitQuery, SubmitResponse } from './api-schemas.js'
import type { AuthorRateLimit } from './author-rate-limit.js'
import type { HubMetrics } from './hub-metrics.js'
import { HubError, problem, sendProblem } from './problem.js'
import { SubmissionBatcher } from './submission-batcher.js'

export interface EventsRouteOptions {
  readonly ledger: Ledger
  readonly limiter: AuthorRateLimit
  readonly metrics: HubMetrics
}

export const eventsRoute: FastifyPluginAsyncZod<EventsRouteOptions> = (app, options) => {
  const { ledger, limiter, metrics } = options
  const batcher = new SubmissionBatcher(ledger)
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
    },
    async (request, reply) => {
      const inputs = request.body.events ?? [request.body]
      if (inputs.length > MAX_BATCH) {
        throw new HubError(
          413,
          'request.too-many-events',
          'Too many events',
          `a request carries at most ${MAX_BATCH} events; this one has ${inputs.length}`,
        )
      }
      const allowed = limiter.check(countByAuthor(inputs))
      if (!allowed.ok) {
        throw new HubError(
          429,
          'request.rate-limited',
          'Too many events from one key',
          `an author key in this request is over its rate; nothing was checked or written; retry in ${allowed.retryAfter} s`,
          { 'retry-after': String(allowed.retryAfter) },
        )
      }
      const atomic = request.query.atomic === 'true'
      let outcomes: SubmitOutcome[]
      let written = true
      if (atomic) {
        const report = await ledger.submit(inputs, { atomic, refuseStaleCloses: true })
        outcomes = [...report.outcomes]
        written = report.written > 0
      } else outcomes = [...(await batcher.submit(inputs))]
      // Only what was written spends its author's rate: events carrying someone else's key (a
      // forged signature, a replayed stored event) never do.
      if (written) {
        limiter.charge(countByAuthor(inputs.filter((_, i) => outcomes[i]?.status === 'accepted')))
      }
      const counts = { accepted: 0, duplicate: 0, rejected: 0 }
      for (const outcome of outcomes) {
        counts[outcome.status] += 1
        metrics.countEvent(outcome.status, outcome.status === 'rejected' ? outcome.code : undefined)
      }
      if (counts.rejected === 0) return reply.code(200).send({ outcomes, ...counts })
      if (!atomic && counts.accepted + counts.duplicate > 0) {
        return reply.code(207).send({ outcomes, ...counts })
      }
      const first = outcomes.find((o) => o.status === 'rejected')!
      const code = first.status === 'rejected' ? first.code : 'event.malformed'
      const detail =
        inputs.length === 1 && first.status === 'rejected'
          ? first.message
          : `${counts.rejected} of ${inputs.length} events rejected${atomic ? '; nothing was written (atomic)' : ''}`
      return sendProblem(
        reply,
        problem(422, code, 'Event rejected', detail, { outcomes, ...counts }),
      )
    },
  )
  return Promise.resolve()
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
