// The hub: a Fastify app over a Ledger (the one way events enter the store) and its EventStore.
// createHub wires the routes, the live feed, the problem mapping, metrics and the limits; the
// caller owns the store and the ledger and passes them in, so tests run it on SQLite and on
// PostgreSQL alike. Privacy: requests are logged with method, route and status only, never an IP
// address or a user agent; secret ballots (POST /api/ballots) are not logged at all.
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import { createServer } from 'node:http'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { DestinationStream } from 'pino'
import { z } from 'zod'
import type { AppendNotifier } from './append-notifier.js'
import { AuthorRateLimit } from './author-rate-limit.js'
import type { RateLimitOptions } from './author-rate-limit.js'
import { MemberVolumeLimit } from './member-volume-limit.js'
import type { VolumeLimitOptions } from './member-volume-limit.js'
import { eventRoute } from './event-route.js'
import { EventIntake, eventsRoute } from './events-route.js'
import { Handoffs, withEventsFastPath } from './events-fast-path.js'
import type { EventsFastPathOptions } from './events-fast-path.js'
import { feedRoute } from './feed-route.js'
import { jsonBodyReader, registerJsonBody } from './json-body.js'
import { LargeBodyBudget } from './large-body-budget.js'
import type { LargeBodyBudgetOptions } from './large-body-budget.js'
import { CLUSTER_HEADER, checkClusterProof, clusterProofOf } from './replication-keys.js'
import { authorityPage } from './authority-page.js'
import type { HubAuthority } from './authority-page.js'
import { homePage } from './home-page.js'
import { HubMetrics } from './hub-metrics.js'
import { LiveFeed } from './live-feed.js'
import type { LiveFeedOptions } from './live-feed.js'
import { authRoute } from './auth-route.js'
import { ballotsRoute } from './ballots-route.js'
import { ClusterPeers, clusterRoute } from './cluster-ballots.js'
import { problem, problemErrorHandler, sendProblem } from './problem.js'
import { parsePublicUrl } from './public-origin.js'
import { registerReadAccess, SpaceVisibility } from './read-access.js'
import { resolutionPage } from './resolution-page.js'
import { ReadTokens } from './read-tokens.js'
import type { ReplicationKeys } from './replication-keys.js'
import { spacesRoute } from './spaces-route.js'
import { streamRoute } from './stream-route.js'
import { StreamLimits } from './stream-limits.js'
import { connectionBudget, readFileLimit, streamCap } from './file-limit.js'
import { SyncChanges } from './sync-changes.js'
import { syncRoute } from './sync-route.js'
import { registerSecurityHeaders } from './security-headers.js'
import { appFingerprint } from './app-fingerprint.js'
import { registerWebApp } from './web-app.js'
import { createSamePortServer } from './same-port-tls.js'
import type { TlsIdentity } from './same-port-tls.js'

/**
 * How long the hub keeps an idle connection open for the client's next request. Node's default
 * (5 s) is about what clients keep one themselves (undici 4 s, or the server's hint less a
 * second), so a client whose thread was busy for a moment sent its next request on a connection
 * the hub had just closed and failed with "other side closed". Longer than the idle time of
 * clients and of load balancers in front (HAProxy and nginx keep 60 s at most by default), so the
 * client is the side that closes: it never sends into a closed connection.
 */
export const KEEP_ALIVE_MS = 65_000

/** One signed event is at most 64 KiB and a seal at most 10 MiB; JSON on the wire may be looser. */
export const DEFAULT_BODY_LIMIT = 12 * 1024 * 1024

export interface HubOptions {
  readonly ledger: Ledger
  /** Tells other hub processes on the same database about appends (PostgreSQL). */
  readonly notifier?: AppendNotifier
  /** Which store backs the hub, for /api/health. */
  readonly storeKind?: 'sqlite' | 'postgres'
  /** false: no log; otherwise pino's level (default 'info') and destination (default stdout). */
  readonly log?: false | { readonly level?: string; readonly stream?: DestinationStream }
  /** Largest request body in bytes (default 12 MiB). */
  readonly bodyLimit?: number
  /** Most JSON members in a request body, counted before parsing (default MAX_REQUEST_MEMBERS). */
  readonly memberLimit?: number
  /**
   * Members of large JSON bodies (over LARGE_BODY_MEMBERS) one client address may send (default
   * 60,000 a second, 1,200,000 at once; `perSecond: 0`: no budget; large-body-budget.ts).
   */
  readonly largeBodyBudget?: LargeBodyBudgetOptions
  /** A request must arrive whole within this (default 30 s); slower clients get 408. */
  readonly requestTimeoutMs?: number
  /** How long an idle kept-alive connection stays open (default 65 s, see KEEP_ALIVE_MS). */
  readonly keepAliveTimeoutMs?: number
  readonly rateLimit?: RateLimitOptions
  /** Events one member may have accepted in one space per window (default 20,000 a day). */
  readonly volumeLimit?: VolumeLimitOptions
  /**
   * How far ahead of this hub's clock an event submitted directly may claim its time (default 24
   * hours): later ones are refused with `event.claimed-future`. Replication takes them as they come.
   */
  readonly futureToleranceMs?: number
  /** Secret ballots per client address (POST /api/ballots; default 100/s, burst 1,000). */
  readonly ballotRateLimit?: RateLimitOptions
  readonly feed?: LiveFeedOptions
  /** Per private space, the replication key: only hubs proving it may replicate the space. */
  readonly replicationKeys?: ReplicationKeys
  /**
   * The cluster key (`veche serve --cluster-key-file`): other processes of this cluster prove it
   * to read every private space by sync and to pass on held ballots (cluster-ballots.ts).
   */
  readonly clusterKey?: string
  /** The other processes of this cluster, each group of held ballots passed to before it is acknowledged. */
  readonly clusterPeers?: readonly string[]
  /** Signs read tokens and challenges (default: random per process, so a restart ends tokens). */
  readonly tokenSecret?: Uint8Array
  /** How long a read token lasts (default 15 minutes). */
  readonly tokenTtlMs?: number
  /**
   * The URL people reach the hub at (`https://veche.example.org`): absolute links (the Atom feed)
   * start with it. Without it they start with the request's Host, when that is a plain host name.
   */
  readonly publicUrl?: string
  /** Streams open at most (default 10,000; never more than the open-files limit leaves room for). */
  readonly maxStreams?: number
  /** Streams one client (its address; an IPv6 address by its /64) keeps open at most (default 256). */
  readonly maxStreamsPerClient?: number
  /**
   * A key and certificate: the hub then speaks HTTPS as well as HTTP on its one port, and sends a
   * page opened over plain http from another machine to https:// (same-port-tls.ts).
   */
  readonly tls?: TlsIdentity
  /**
   * The hub's own certificate authority (the one that signed `tls`): served for members to
   * install at GET /ca (a page saying how) and GET /ca.crt (authority-page.ts).
   */
  readonly authority?: HubAuthority
  /**
   * false: every POST /api/events goes through Fastify's request cycle, none through the fast path
   * (events-fast-path.ts), which answers the same; for comparing the two.
   */
  readonly eventsFastPath?: boolean
}

export interface Hub {
  readonly app: FastifyInstance
  readonly feed: LiveFeed
  readonly metrics: HubMetrics
  /** The stream caps in force (after the open-files limit) and the count of open streams. */
  readonly streams: StreamLimits
  /** Ends the streams, stops listening and waits for requests in flight (not the store). */
  close(): Promise<void>
}

/** Builds the hub's Fastify app (not yet listening). */
export async function createHub(options: HubOptions): Promise<Hub> {
  const { ledger, notifier } = options
  let publicUrl: string | undefined
  if (options.publicUrl !== undefined) {
    const parsed = parsePublicUrl(options.publicUrl)
    if (!parsed.ok) throw new Error(`publicUrl: ${parsed.reason}`)
    publicUrl = parsed.origin
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const requestTimeout = options.requestTimeoutMs ?? 30_000
  // Set once the events route is registered (below).
  let fastPath: EventsFastPathOptions | null = null
  const app = Fastify({
    logger:
      options.log === false
        ? false
        : {
            level: options.log?.level ?? 'info',
            ...(options.log?.stream === undefined ? {} : { stream: options.log.stream }),
            serializers: {
              // Only what helps run the hub: no address, port, host or user agent.
              req: (req) => ({ method: req.method, url: req.routeOptions.url ?? 'unmatched' }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    bodyLimit,
    // Node checks request timeouts on an interval; its default (30 s) would let a slow client
    // hold a connection far past the limit.
    // The header timeout (Node's default, the request timeout here) counts only while a request
    // is coming in, never while a kept-alive connection waits idle.
    serverFactory: (fastifyHandler) => {
      const handler =
        options.eventsFastPath === false
          ? fastifyHandler
          : withEventsFastPath(fastifyHandler, () => fastPath)
      const serverOptions = {
        requestTimeout,
        connectionsCheckingInterval: Math.min(1_000, requestTimeout),
        keepAliveTimeout: options.keepAliveTimeoutMs ?? KEEP_ALIVE_MS,
      }
      return options.tls === undefined
        ? createServer(serverOptions, handler)
        : createSamePortServer(handler, options.tls, serverOptions)
    },
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>()
  // Never more connections than the open-files limit leaves room for (beyond it Node closes new
  // ones at once): a hub out of descriptors would fail everyone's requests and its own store.
  const fileLimit = readFileLimit()
  if (fileLimit !== null && Number.isFinite(fileLimit.soft))
    app.server.maxConnections = connectionBudget(fileLimit.soft)
  const streams = new StreamLimits({
    total: streamCap(options.maxStreams, fileLimit),
    ...(options.maxStreamsPerClient === undefined
      ? {}
      : { perClient: options.maxStreamsPerClient }),
  })
  // The API speaks JSON only: any other body is refused with 415, not read as text.
  app.removeContentTypeParser('text/plain')
  // JSON bodies: members counted before parsing, and read once (json-body.ts).
  const handoffs = new Handoffs()
  const clusterKeyOfHub = options.clusterKey
  const readBody = jsonBodyReader(app, {
    ...(options.memberLimit === undefined ? {} : { memberLimit: options.memberLimit }),
    budget: new LargeBodyBudget(options.largeBodyBudget),
    // A process of this hub's cluster passes on every group of held ballots it takes.
    exempt: (headers) => {
      if (clusterKeyOfHub === undefined) return false
      const proof = clusterProofOf(headers[CLUSTER_HEADER])
      return proof !== undefined && checkClusterProof(clusterKeyOfHub, proof, Date.now())
    },
  })
  registerJsonBody(app, { bodyLimit, read: readBody, handed: (headers) => handoffs.body(headers) })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(problemErrorHandler({ bodyLimit }))
  registerSecurityHeaders(app)
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'route.not-found', 'Not found', `no route ${request.method} ${request.url}`),
    ),
  )

  const metrics = new HubMetrics()
  const feed = new LiveFeed(ledger, options.feed, (error) =>
    app.log.error({ err: error }, 'live feed'),
  )
  const visibility = new SpaceVisibility(ledger)
  const changes = new SyncChanges(visibility)
  // A store that announces its appends itself (at their commit) leaves the notifier to listen.
  const announcer = ledger.store.announcesAppends === true ? undefined : notifier
  const unlisten = ledger.onAppend((events) => {
    const last = new Map<SpaceId, number>()
    for (const event of events) last.set(event.space, event.position)
    for (const [space, position] of last) {
      feed.signal(space)
      changes.announce(space)
      announcer?.announce(space, position).catch((error: unknown) => {
        app.log.warn({ err: error }, 'could not announce an append to other hub processes')
      })
    }
  })
  // Held secret ballots are no part of the log: their counts go out on the space's streams, and
  // following hubs are told to pass over the space (they compare the polls' ballot digests).
  const unlistenBallots = ledger.onBallots((spaces) => {
    for (const space of spaces) {
      feed.signal(space)
      changes.announce(space)
    }
  })
  if (notifier !== undefined) {
    await notifier.listen(
      (space) => {
        feed.signal(space)
        changes.announce(space)
      },
      () => {
        feed.signalAll()
        changes.announceAll()
      },
    )
  }

  app.addHook('onResponse', (request, reply, done) => {
    metrics.countRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode)
    done()
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Veche hub',
        description:
          "The HTTP API of a Veche hub: submit signed events, read a space's state and events, follow them live. Errors are RFC 9457 problem details with a stable `code`.",
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })

  const tokens = new ReadTokens(options.tokenSecret, Date.now, options.tokenTtlMs)
  const replicationKeys = options.replicationKeys ?? new Map()
  const clusterKey = options.clusterKey
  registerReadAccess(app, {
    ledger,
    visibility,
    tokens,
    replicationKeys,
    ...(clusterKey === undefined ? {} : { clusterKey }),
  })
  const clusterPeers = options.clusterPeers ?? []
  if (clusterPeers.length > 0 && clusterKey === undefined) {
    throw new Error('cluster peers need the cluster key')
  }

  const intake = new EventIntake(
    ledger,
    new AuthorRateLimit(options.rateLimit),
    new MemberVolumeLimit(options.volumeLimit),
    options.futureToleranceMs,
  )
  await app.register(eventsRoute, { intake, handoffs, metrics })
  // A hub that logs every request (`info`, `debug`) has them all go through Fastify, which logs
  // them; so does a closing one, which Fastify answers with 503.
  const level = options.log === false ? 'silent' : (options.log?.level ?? 'info')
  const quiet = ['silent', 'fatal', 'error', 'warn'].includes(level)
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  fastPath = {
    app,
    intake,
    handoffs,
    metrics,
    bodyLimit,
    read: readBody,
    open: () => quiet && !closing,
  }
  await app.register(ballotsRoute, {
    ledger,
    limiter: new AuthorRateLimit(options.ballotRateLimit),
    metrics,
    ...(options.futureToleranceMs === undefined
      ? {}
      : { futureToleranceMs: options.futureToleranceMs }),
    ...(clusterKey === undefined || clusterPeers.length === 0
      ? {}
      : { cluster: new ClusterPeers(clusterPeers, clusterKey) }),
  })
  if (clusterKey !== undefined) await app.register(clusterRoute, { ledger, clusterKey })
  await app.register(spacesRoute, { ledger })
  await app.register(eventRoute, { ledger, visibility, tokens, replicationKeys })
  await app.register(streamRoute, { ledger, visibility, tokens, feed, metrics, limits: streams })
  await app.register(authRoute, { ledger, tokens })
  await app.register(syncRoute, {
    ledger,
    visibility,
    replicationKeys,
    ...(clusterKey === undefined ? {} : { clusterKey }),
    metrics,
    changes,
    limits: streams,
  })
  await app.register(resolutionPage, { ledger })
  if (options.authority !== undefined)
    await app.register(authorityPage, { authority: options.authority })
  await app.register(feedRoute, { ledger, ...(publicUrl === undefined ? {} : { publicUrl }) })

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Whether the hub is up',
        response: {
          200: z.object({ status: z.literal('ok'), store: z.string(), streams: z.number().int() }),
        },
      },
    },
    () => ({
      status: 'ok' as const,
      store: options.storeKind ?? 'sqlite',
      streams: feed.subscribers,
    }),
  )
  const fingerprint = appFingerprint()
  app.get(
    '/api/hub',
    {
      schema: {
        summary: 'Which web app this hub serves: the SHA-256 of its build manifest (docs/web.md)',
        response: {
          200: z.object({
            app: z.object({ sha256: z.string(), files: z.number().int() }).nullable(),
          }),
        },
      },
    },
    () => ({
      app: fingerprint === null ? null : { sha256: fingerprint.sha256, files: fingerprint.files },
    }),
  )
  app.get('/metrics', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()),
  )
  registerWebApp(app, homePage)

  return {
    app,
    feed,
    metrics,
    streams,
    async close() {
      unlisten()
      unlistenBallots()
      feed.close()
      changes.close()
      await app.close()
      await notifier?.close()
    },
  }
}
