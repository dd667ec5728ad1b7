// GET /api/spaces/:id/stream: server-sent events. Each new event of the space (`id:` its store
// position, `event: event`, `data:` its canonical JSON), `event: state` updates (position,
// state hash, results of polls just closed), and `event: ballots` with how many secret ballots the
// hub holds per poll, when that changes (never the ballots). Resumable: with `Last-Event-ID` (or `?after=`) the
// stream first replays every event after that position, then goes live. A comment line every
// ~15 s keeps proxies from closing it. A stream of a private space lives only while its reader
// may read: it ends (with an `end` frame saying why) when the token it opened with expires, and
// at the event that made its key no longer an active member, replayed or live, sending nothing
// from that event on.
import type { PublicKey, SignedEvent, SpaceId } from '@veche/core'
import type { Ledger, StoredEvent } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemSchema, SpaceParams } from './api-schemas.js'
import type { HubMetrics } from './hub-metrics.js'
import type { LiveFeed, StreamSink } from './live-feed.js'
import { HubError } from './problem.js'
import { tokenReader } from './read-access.js'
import type { SpaceVisibility } from './read-access.js'
import type { ReadTokens } from './read-tokens.js'
import { unknownSpace } from './spaces-route.js'
import type { StreamLimits } from './stream-limits.js'

export interface StreamRouteOptions {
  readonly ledger: Ledger
  readonly visibility: SpaceVisibility
  readonly tokens: ReadTokens
  readonly feed: LiveFeed
  readonly metrics: HubMetrics
  readonly limits: StreamLimits
}

/** The last frame of a stream whose reader may no longer read: `event: end` with the reason. */
export function endFrame(code: 'auth.expired' | 'auth.forbidden', detail: string): string {
  return `event: end\ndata: ${JSON.stringify({ code, detail })}\n\n`
}

/**
 * Ends a reader's stream at the event that ends `key`'s membership (its removal, or its leaving),
 * before that event and everything after it. (Only an assembly can be private, and only these
 * two events end an assembly member's membership; the stream's token was checked against the
 * space's state when it opened.)
 */
export function endsWithMembership(key: PublicKey): (stored: StoredEvent) => string | null {
  return (stored) => {
    const removal = stored.json.includes('"type":"member.removed"')
    const leaving = stored.json.includes('"type":"member.left"')
    if (!removal && !leaving) return null
    const event = JSON.parse(stored.json) as SignedEvent
    const gone =
      (event.type === 'member.removed' && event.body.member === key) ||
      (event.type === 'member.left' && event.author === key)
    return gone
      ? endFrame(
          'auth.forbidden',
          'this key is no longer an active member of the space: the stream ends here',
        )
      : null
  }
}

const StreamQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('replay events after this position first (as Last-Event-ID does)'),
})

export const streamRoute: FastifyPluginAsyncZod<StreamRouteOptions> = (app, options) => {
  const { ledger, visibility, tokens, feed, metrics, limits } = options
  const store = ledger.store
  app.get(
    '/api/spaces/:id/stream',
    {
      schema: {
        summary: 'Live events and state updates of a space (text/event-stream)',
        params: SpaceParams,
        querystring: StreamQuery,
        headers: z.looseObject({ 'last-event-id': z.string().optional() }),
        response: {
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const after = resumePosition(request.headers['last-event-id'], request.query.after)
      if ((await store.count(space)) === 0) throw unknownSpace(space)
      // The read-access hook let the request in; a private space's stream also remembers whose
      // token it is and until when.
      const reader =
        (await visibility.of(space)) === 'private'
          ? await tokenReader(request, space, { ledger, tokens })
          : null
      // Beyond the hub's or this client's share of streams: 503 (stream-limits.ts).
      const release = limits.admit(request.socket.remoteAddress)
      // A stream without Last-Event-ID starts where the space stands now, before its headers go
      // out: an event posted once the client sees the stream open comes after this position, so
      // it reaches the stream however the subscription races the append.
      let start: number
      try {
        start = after ?? (await ledger.withState(space, (_state, position) => position))
      } catch (error) {
        release()
        throw error
      }

      const res = reply.raw
      reply.hijack()
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write('retry: 2000\n\n')
      const sink: StreamSink = {
        write: (chunk) => res.write(chunk),
        get writableLength() {
          return res.writableLength
        },
        drained: () =>
          new Promise((resolve) => {
            const done = (): void => {
              res.off('drain', done)
              res.off('close', done)
              resolve()
            }
            res.on('drain', done)
            res.on('close', done)
          }),
        end: () => res.end(),
      }
      metrics.streamOpened()
      let unsubscribe: (() => void) | null = null
      let closed = false
      let expiry: NodeJS.Timeout | null = null
      if (reader !== null) {
        expiry = setTimeout(
          () => {
            res.write(endFrame('auth.expired', 'the read token expired: ask for a new one'))
            res.end()
          },
          Math.max(0, reader.expires - Date.now()),
        )
        expiry.unref()
      }
      res.on('close', () => {
        if (closed) return
        closed = true
        if (expiry !== null) clearTimeout(expiry)
        release()
        metrics.streamClosed()
        unsubscribe?.()
      })
      try {
        const stop = await feed.subscribe(
          space,
          start,
          sink,
          reader === null ? {} : { ended: endsWithMembership(reader.key) },
        )
        if (closed) stop()
        else unsubscribe = stop
      } catch (error) {
        request.log.error({ err: error }, 'stream failed')
        res.end()
      }
    },
  )
  return Promise.resolve()
}

/** Last-Event-ID wins over `?after=`; null means live only. */
function resumePosition(header: string | undefined, query: number | undefined): number | null {
  if (header !== undefined && header.trim() !== '') {
    const n = Number(header.trim())
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new HubError(
        400,
        'request.invalid',
        'Invalid Last-Event-ID',
        'Last-Event-ID must be a store position (a whole number) sent by this hub',
      )
    }
    return n
  }
  return query ?? null
}
