// GET /api/spaces/:id/stream: server-sent events. Each new event of the space (`id:` its store
// position, `event: event`, `data:` its canonical JSON), and `event: state` updates (position,
// state hash, results of polls just closed). Resumable: with `Last-Event-ID` (or `?after=`) the
// stream first replays every event after that position, then goes live. A comment line every
// ~15 s keeps proxies from closing it.
import type { SpaceId } from '@veche/core'
import type { EventStore } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemSchema, SpaceParams } from './api-schemas.js'
import type { HubMetrics } from './hub-metrics.js'
import type { LiveFeed, StreamSink } from './live-feed.js'
import { HubError } from './problem.js'
import { unknownSpace } from './spaces-route.js'

export interface StreamRouteOptions {
  readonly store: EventStore
  readonly feed: LiveFeed
  readonly metrics: HubMetrics
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
  const { store, feed, metrics } = options
  app.get(
    '/api/spaces/:id/stream',
    {
      schema: {
        summary: 'Live events and state updates of a space (text/event-stream)',
        params: SpaceParams,
        querystring: StreamQuery,
        headers: z.looseObject({ 'last-event-id': z.string().optional() }),
        response: { 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const after = resumePosition(request.headers['last-event-id'], request.query.after)
      if ((await store.count(space)) === 0) throw unknownSpace(space)

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
      res.on('close', () => {
        if (closed) return
        closed = true
        metrics.streamClosed()
        unsubscribe?.()
      })
      try {
        const stop = await feed.subscribe(space, after, sink)
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
