// Secret ballots (docs/secret-ballot.md). POST /api/ballots takes `secret.ballot` events only,
// one or a batch, with no member identity, read token or cookie, and answers as POST /api/events
// does. It is never written to the request log (the route's log level is silent: no line, no
// time, no status), its only trace is the per-route request count in /metrics, and it is
// rate-limited per client address in memory only. Its ballots are written in transactions of
// their own, never grouped with identified events. GET /api/spaces/:id/ballots?poll= answers the
// ballots a hub holds for one secret poll, sorted by id, with the same read access as the
// space's events.
import { createHmac, randomBytes } from 'node:crypto'
import type { EventId, SpaceId } from '@veche/core'
import type { HeldBallot, Ledger, SubmitOutcome } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import {
  BallotsPage,
  BallotsQuery,
  MAX_BATCH,
  ProblemSchema,
  SpaceParams,
  SubmitBody,
  SubmitResponse,
} from './api-schemas.js'
import type { AuthorRateLimit } from './author-rate-limit.js'
import { passOnToCluster } from './cluster-ballots.js'
import type { ClusterPeers } from './cluster-ballots.js'
import type { HubMetrics } from './hub-metrics.js'
import { HubError } from './problem.js'
import { unknownSpace } from './spaces-route.js'
import { clientKey } from './stream-limits.js'
import { SubmissionBatcher } from './submission-batcher.js'
import { claimedType, replyWithOutcomes, submitTaken } from './submit-outcomes.js'

/**
 * How long a group of ballots waits at most for as many requests as the last group answered
 * (SubmissionBatcher's `gatherMs`): each group is a write and a rebuild of the whole ballots' file,
 * so one ballot sent alone costs as much as a full group. A lone voter waits for nothing (the last
 * group was theirs alone), and the app already sends its ballot after a random delay of seconds.
 */
export const BALLOT_GATHER_MS = 20

export interface BallotsRouteOptions {
  readonly ledger: Ledger
  /** Keyed by a per-process hash of the client's address (IPv6 by /64), never by author. */
  readonly limiter: AuthorRateLimit
  readonly metrics: HubMetrics
  /** The other processes of this hub's cluster: each group is held by one of them before it is acknowledged. */
  readonly cluster?: ClusterPeers
  /** How far ahead of this hub's clock a claimed time may be (`refuseClaimedFuture`; default 24 h). */
  readonly futureToleranceMs?: number
}

export const ballotsRoute: FastifyPluginAsyncZod<BallotsRouteOptions> = (app, options) => {
  const { ledger, limiter, metrics, cluster } = options
  // Ballots only, so a transaction of ballots never holds an identified event.
  const batcher = new SubmissionBatcher(
    ledger,
    cluster === undefined ? undefined : passOnToCluster(cluster),
    BALLOT_GATHER_MS,
    options.futureToleranceMs,
  )
  // The rate table holds no address: a keyed hash whose key dies with the process.
  const salt = randomBytes(32)
  const clientOf = (address: string | undefined): string =>
    createHmac('sha256', salt).update(clientKey(address)).digest('base64url')
  app.post(
    '/api/ballots',
    {
      logLevel: 'silent',
      schema: {
        summary: 'Submit secret ballots (never logged; no identity, token or cookie)',
        description:
          'One `secret.ballot` event or `{ "events": [...] }` of them, answered as POST /api/events answers. Any other event type is refused with `secret.not-a-ballot`. The hub writes no log line for this route and keeps no time, order or address of a ballot; the rate limit is per client address, in memory only.',
        body: SubmitBody,
        response: {
          200: SubmitResponse,
          207: SubmitResponse,
          400: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
          503: ProblemSchema,
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
          `a request carries at most ${MAX_BATCH} ballots; this one has ${inputs.length}`,
        )
      }
      const client = new Map([[clientOf(request.socket.remoteAddress), inputs.length]])
      const allowed = limiter.check(client)
      if (!allowed.ok) {
        throw new HubError(
          429,
          'request.rate-limited',
          'Too many ballots from this address',
          `this address is over its rate of ballots; nothing was checked or written; retry in ${allowed.retryAfter} s`,
          { 'retry-after': String(allowed.retryAfter) },
        )
      }
      limiter.charge(client)
      const outcomes = await submitTaken(inputs, refuseOther, (taken) => batcher.submit(taken))
      return replyWithOutcomes(reply, metrics, outcomes, false)
    },
  )

  app.get(
    '/api/spaces/:id/ballots',
    {
      schema: {
        summary: "The secret ballots a hub holds for one of a space's secret polls, sorted by id",
        description:
          'Held ballots are kept apart from the log, by id alone, and folded just before their poll\'s seal (docs/secret-ballot.md, "Storage"). Paged by id: pass `next` as `after`.',
        params: SpaceParams,
        querystring: BallotsQuery,
        response: {
          200: BallotsPage,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const { poll, after, limit } = request.query
      const secret = await ledger.withState(space, (state) => {
        if (state.events === 0) return undefined
        return state.polls.get(poll as EventId)?.secret !== undefined
      })
      if (secret === undefined) throw unknownSpace(space)
      if (!secret) {
        throw new HubError(
          404,
          'poll.unknown',
          'No such secret poll',
          `space ${space} has no secret poll ${poll}`,
        )
      }
      const { page, next } = pageHeld(
        await ledger.store.ballots(space, poll as EventId),
        after,
        limit,
      )
      const parts = page.map((b) => `{"id":"${b.id}","event":${b.json}}`)
      // Sent as text: the held ballots are already canonical JSON (typed as the page it is).
      const text = `{"poll":"${poll}","ballots":[${parts.join(',')}],"next":${next === null ? 'null' : `"${next}"`}}`
      return reply
        .type('application/json; charset=utf-8')
        .serializer((body: unknown) => body as string)
        .send(text as unknown as z.infer<typeof BallotsPage>)
    },
  )
  return Promise.resolve()
}

/** The held ballots (sorted by id) after id `after`, at most `limit`, and the next cursor. */
export function pageHeld(
  held: readonly HeldBallot[],
  after: string | undefined,
  limit: number,
): { page: HeldBallot[]; next: EventId | null } {
  const from = after === undefined ? 0 : held.findIndex((b) => b.id > after)
  const page = from < 0 ? [] : held.slice(from, from + limit)
  const next = from >= 0 && from + limit < held.length ? page.at(-1)!.id : null
  return { page, next }
}

function refuseOther(input: unknown): SubmitOutcome | null {
  const type = claimedType(input)
  if (type === 'secret.ballot') return null
  return {
    status: 'rejected',
    code: 'secret.not-a-ballot',
    message: `POST /api/ballots takes secret.ballot events only${type === undefined ? '' : `, not ${type.slice(0, 64)}`}; send other events to POST /api/events`,
  }
}
