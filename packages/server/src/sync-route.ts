// Hub-to-hub replication routes. Per space, the caller states its version vector and gets what it
// lacks, page by page (`next` is a store position of this hub: the caller's cursor within one
// sync; after an interruption the caller simply states its vector again). Pushed events go
// through the ledger with `park: true`, so arrival order never matters, and a batch holding an
// altered event is refused whole with its reason (`TAMPERED_CODES`); rule refusals stay per event.
//   GET  /api/sync/spaces          what this hub serves: per space its visibility, vector, held
//                                  ballots per poll and a digest of all it compares (a caller
//                                  whose own is the same passes the space over; sync-digest.ts)
//                                  (?space=ID, repeatable: only those, for a pass over a few)
//   POST /api/sync/:id/missing     body { vector, after?, limit? }: a page of events the caller lacks
//   POST /api/sync/:id/ballots     body { poll, after?, limit? }: a page of one secret poll's held
//                                  ballots, sorted by id (the listing gives each poll's count and
//                                  a digest of its ids, so a caller fetches only the polls that differ)
//   POST /api/sync/:id/events      body { events }: events of this space from another hub (at most
//                                  the listing's `pushLimit`); the answer counts their outcomes
//                                  and names chain breaks (chain-breaks.ts)
//   GET  /api/sync/changes         text/event-stream: which spaces take new events (sync-changes.ts)
// Private spaces are listed, served and named in change notices only to a hub proving it holds
// the replication key.
import { EVENT_ID_PATTERN, PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import { TAMPERED_CODES } from '@veche/store'
import type { Ledger, SpaceSyncState } from '@veche/store'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { noteChainBreaks } from './chain-breaks.js'
import type { ChainBreaks } from './chain-breaks.js'
import { MAX_BATCH, ProblemSchema, SpaceParams } from './api-schemas.js'
import { pageHeld } from './ballots-route.js'
import type { HubMetrics } from './hub-metrics.js'
import { HubError, problem, sendProblem } from './problem.js'
import type { SpaceVisibility } from './read-access.js'
import {
  checkClusterProof,
  checkReplicationProof,
  CLUSTER_HEADER,
  clusterProofOf,
  clusterReply,
  parseReplicationHeader,
  REPLICATION_HEADER,
  replicationReply,
} from './replication-keys.js'
import type { ReplicationKeys } from './replication-keys.js'
import { unknownSpace } from './spaces-route.js'
import type { StreamLimits } from './stream-limits.js'
import type { SyncChanges } from './sync-changes.js'
import { syncDigest, vectorOf } from './sync-digest.js'

export interface SyncRouteOptions {
  readonly ledger: Ledger
  readonly visibility: SpaceVisibility
  readonly replicationKeys: ReplicationKeys
  /** The cluster key: a caller proving it may read every private space (`veche serve --cluster-key-file`). */
  readonly clusterKey?: string
  readonly metrics: HubMetrics
  readonly changes: SyncChanges
  readonly limits: StreamLimits
}

/** What a request proved: private spaces by replication key, or every one by the cluster key. */
interface Proven {
  /** Per private space whose key the request proved (and this hub holds): this hub's answer. */
  readonly spaces: Map<SpaceId, string>
  /** This hub's answer to a valid cluster proof (every private space proven), or null. */
  readonly cluster: string | null
  has(space: SpaceId): boolean
}

/**
 * The private spaces whose replication key a request's headers prove (and this hub holds), each
 * with this hub's answer to the proof; all of them if it proves the cluster key.
 */
function provenSpaces(
  headers: Record<string, string | string[] | undefined>,
  replicationKeys: ReplicationKeys,
  clusterKey: string | undefined,
  now: number,
): Proven {
  const header = headers[REPLICATION_HEADER]
  const proofs = parseReplicationHeader(typeof header === 'string' ? header : undefined)
  const spaces = new Map<SpaceId, string>()
  for (const [space, proof] of proofs) {
    const key = replicationKeys.get(space)
    if (key === undefined || !checkReplicationProof(key, space, proof, now)) continue
    spaces.set(space, replicationReply(key, space, proof))
  }
  const proof = clusterProofOf(headers[CLUSTER_HEADER])
  const cluster =
    clusterKey !== undefined && proof !== undefined && checkClusterProof(clusterKey, proof, now)
      ? clusterReply(clusterKey, proof)
      : null
  return { spaces, cluster, has: (space) => cluster !== null || spaces.has(space) }
}

/** How many characters of each author's newest event id a pull names (`heads`): 72 bits. */
export const HEAD_PREFIX_LENGTH = 12
const HEAD_PREFIX_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${HEAD_PREFIX_LENGTH}}$`)

const Vector = z.record(z.string().regex(PUBLIC_KEY_PATTERN), z.number().int().min(0))

const BallotBoxes = z
  .array(z.object({ poll: z.string(), count: z.number().int(), digest: z.string() }))
  .describe(
    'per secret poll with held ballots: how many, and SHA-256 of their sorted ids (a hub older than the field sends none)',
  )

export const SyncSpaces = z.object({
  spaces: z.record(
    z.string(),
    z.object({
      visibility: z.enum(['public', 'private']),
      vector: Vector,
      ballots: BallotBoxes.default([]),
      digest: z
        .string()
        .optional()
        .describe(
          'SHA-256 of what a pass compares (sync-digest.ts): a caller whose own is the same passes the space over (a hub older than the field sends none)',
        ),
    }),
  ),
  keys: z
    .record(z.string(), z.string())
    .describe(
      "per private space whose key the caller proved and this hub holds: this hub's answer",
    ),
  cluster: z
    .string()
    .optional()
    .describe("this hub's answer to the caller's cluster proof, when it holds the same key"),
  pushLimit: z
    .number()
    .int()
    .min(1)
    .default(MAX_BATCH)
    .describe('the most events this hub takes in one push (a hub older than the field: 1,000)'),
})

/**
 * Held-back events passed on in one answer, at most (8 MiB, the oldest first): what an answer
 * carries stays bounded however many events a hub holds back.
 */
export const MAX_HELD_BYTES = 8 * 1024 * 1024

/** At most this many spaces named in one `/api/sync/spaces` query. */
export const MAX_LISTED_SPACES = 100

const SpacesQuery = z.object({
  space: z
    .union([z.string().regex(SPACE_ID_PATTERN), z.array(z.string().regex(SPACE_ID_PATTERN))])
    .transform((given) => (typeof given === 'string' ? [given] : given))
    .pipe(z.array(z.string()).max(MAX_LISTED_SPACES))
    .optional()
    .describe('only these spaces (repeatable)'),
})

const MissingBody = z.object({
  vector: Vector.describe("the caller's vector for this space: author → highest seq held"),
  after: z.number().int().min(0).default(0).describe('`next` of the previous page'),
  limit: z.number().int().min(1).max(MAX_BATCH).default(MAX_BATCH),
  heads: z
    .record(z.string().regex(PUBLIC_KEY_PATTERN), z.string().regex(HEAD_PREFIX_PATTERN))
    .optional()
    .describe(
      "the first page's only: the first characters of the caller's newest event id per author; " +
        'an author at the same seq here with another newest event is a fork the vectors cannot show',
    ),
})

/** Held ballots per sync page at most (a ballot is a few KiB). */
export const BALLOT_PAGE = 1_000

const BallotsBody = z.object({
  poll: z.string().regex(EVENT_ID_PATTERN).describe('the secret poll'),
  after: z.string().regex(EVENT_ID_PATTERN).optional().describe('`next` of the previous page'),
  limit: z.number().int().min(1).max(BALLOT_PAGE).default(BALLOT_PAGE),
})

/**
 * Events a hub takes in one push from another hub, at most (its body limit bounds the bytes). A
 * push is one transaction, whose commit rewrites every index page its events touch (event ids are
 * random), so a few large pushes write far less than many of MAX_BATCH (BENCHMARKS.md, #15).
 */
export const MAX_PUSH_EVENTS = 8_000

const PushBody = z.object({ events: z.array(z.unknown()).max(MAX_PUSH_EVENTS) })

export const PushReport = z.object({
  accepted: z.number().int(),
  duplicate: z.number().int(),
  parked: z.number().int(),
  forks: z.number().int(),
  rejected: z.number().int(),
  released: z.number().int(),
  breaks: z
    .record(z.string(), z.number().int())
    .optional()
    .describe(
      'per author, the lowest seq of a pushed event refused `chain.wrong-prev`: this hub holds ' +
        'another event below it, a fork the caller finds by pulling that one (chain-breaks.ts)',
    ),
})

export const syncRoute: FastifyPluginAsyncZod<SyncRouteOptions> = (app, options) => {
  const { ledger, visibility, replicationKeys, clusterKey, metrics, changes, limits } = options
  const proven = (request: FastifyRequest): Proven =>
    provenSpaces(request.headers, replicationKeys, clusterKey, Date.now())
  app.get(
    '/api/sync/spaces',
    {
      schema: {
        summary: 'The spaces this hub serves, with their version vectors (for replication)',
        querystring: SpacesQuery,
        response: { 200: SyncSpaces, 400: ProblemSchema },
      },
    },
    async (request) => {
      const caller = proven(request)
      const keys = Object.fromEntries(caller.spaces)
      const only = request.query.space
      // Every space's state in a few queries (a pass over a few: those only), never a read per space.
      let states: ReadonlyMap<SpaceId, SpaceSyncState>
      if (only === undefined) states = await ledger.store.syncStates()
      else {
        const some = new Map<SpaceId, SpaceSyncState>()
        for (const space of new Set(only))
          for (const [id, state] of await ledger.store.syncStates(space as SpaceId))
            some.set(id, state)
        states = some
      }
      const spaces: z.infer<typeof SyncSpaces>['spaces'] = {}
      for (const [space, state] of states) {
        const seen = await visibility.of(space)
        if (seen === null || (seen === 'private' && !caller.has(space))) continue
        spaces[space] = {
          visibility: seen,
          vector: vectorOf(state),
          ballots: [...state.ballots],
          digest: syncDigest(state),
        }
      }
      return {
        spaces,
        keys,
        ...(caller.cluster === null ? {} : { cluster: caller.cluster }),
        pushLimit: MAX_PUSH_EVENTS,
      }
    },
  )
  app.get(
    '/api/sync/changes',
    {
      schema: {
        summary:
          'Which spaces take new events, as they do (text/event-stream, for hubs that follow this one)',
        description:
          'Frames: `ready` once registered, `appended` with `{"spaces":[…]}`, `resync` when appends may have been missed. Private spaces are named only to a caller that proved their replication key when it connected.',
      },
    },
    (request, reply) => {
      const caller = proven(request)
      const release = limits.admit(request.socket.remoteAddress)
      const res = reply.raw
      reply.hijack()
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write('retry: 2000\n\n')
      const unfollow = changes.follow({
        proves: (space) => caller.has(space),
        write: (chunk) => res.write(chunk),
        get writableLength() {
          return res.writableLength
        },
        end: () => res.end(),
      })
      res.on('close', () => {
        unfollow()
        release()
      })
      return Promise.resolve()
    },
  )
  app.post(
    '/api/sync/:id/missing',
    {
      schema: {
        summary: "A page of this space's events that a holder of `vector` lacks",
        params: SpaceParams,
        body: MissingBody,
        response: {
          200: z.object({
            events: z.array(z.record(z.string(), z.unknown())),
            forks: z
              .array(z.record(z.string(), z.unknown()))
              .describe(
                "fork evidence, on the last page; on the first, this hub's newest events of authors the caller holds at the same seq with another (`heads`)",
              ),
            held: z
              .array(z.record(z.string(), z.unknown()))
              .describe(
                'events this hub holds back until what they depend on arrives, that the caller lacks (on the last page)',
              ),
            next: z.number().int().nullable(),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const { after, limit } = request.body
      if ((await ledger.store.count(space)) === 0) throw unknownSpace(space)
      // A space with forks goes whole, with its evidence: a vector cannot say which branch the
      // caller holds at a forked seq.
      const evidence = await ledger.store.forks(space)
      const known = evidence.length > 0 ? {} : request.body.vector
      // Two hubs holding one author at the same seq with different events there (each took one
      // branch of a fork: say an event refused here when posted directly, held or taken by the
      // caller through replication, and the author's device signed that seq again) have equal
      // vectors, so no page would carry either branch and their states would differ for good.
      // The caller names its newest event per author; this hub's own at the same seq, when it is
      // another, goes with the first page as fork evidence, and each hub then flags the fork.
      const otherHeads = async (): Promise<string[]> => {
        const heads = request.body.heads
        if (after !== 0 || evidence.length > 0 || heads === undefined) return []
        // Read from the store's index, not the space's state: a pass asks this of every space,
        // and a state not cached would be replayed from the store for it.
        const stored = await ledger.store.heads(space)
        const found: string[] = []
        for (const [author, prefix] of Object.entries(heads)) {
          const ours = stored.get(author)
          if (ours === undefined || ours.seq !== known[author] || ours.id.startsWith(prefix))
            continue
          const event = await ledger.store.get(ours.id)
          if (event !== null) found.push(event.json)
        }
        return found
      }
      // Held-back events are passed on too (on the last page): the caller may hold what they
      // wait for, or meet a hub that does, so a history scattered over hubs comes together
      // without a pass per hop. Not those of strangers, and at most MAX_HELD_BYTES of them.
      const held = async (): Promise<string[]> => {
        const kept: string[] = []
        let bytes = 0
        for (const p of await ledger.pending(space)) {
          // A stranger's events (no standing here) stay here: junk is not spread to peers.
          if (p.stranger || p.seq <= (known[p.author] ?? 0)) continue
          bytes += Buffer.byteLength(p.json)
          if (bytes > MAX_HELD_BYTES) break
          kept.push(p.json)
        }
        return kept
      }
      if (after === 0 && evidence.length === 0) {
        // Nothing to send unless some author is ahead here: a quick answer for the usual pass.
        const ours = (await ledger.store.vector(space))[space] ?? {}
        if (Object.entries(ours).every(([author, seq]) => seq <= (known[author] ?? 0))) {
          return {
            events: [],
            forks: (await otherHeads()).map((json) => JSON.parse(json) as Record<string, unknown>),
            held: (await held()).map((json) => JSON.parse(json) as Record<string, unknown>),
            next: null,
          }
        }
      }
      const parts: string[] = []
      let last = after
      for await (const stored of ledger.store.readMissing(space, known, { after, limit })) {
        parts.push(stored.json)
        last = stored.position
      }
      const next = parts.length === limit ? last : null
      const forks = [...(await otherHeads()), ...(next === null ? evidence.map((e) => e.json) : [])]
      const heldHere = next === null ? await held() : []
      const page = `{"events":[${parts.join(',')}],"forks":[${forks.join(',')}],"held":[${heldHere.join(',')}],"next":${next}}`
      return reply
        .type('application/json; charset=utf-8')
        .serializer((text: unknown) => text as string)
        .send(page as never)
    },
  )
  app.post(
    '/api/sync/:id/ballots',
    {
      schema: {
        summary: "A page of one secret poll's held ballots, sorted by id (for replication)",
        params: SpaceParams,
        body: BallotsBody,
        response: {
          200: z.object({
            ballots: z.array(z.record(z.string(), z.unknown())),
            next: z.string().nullable().describe('pass as `after` for the next page'),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const { poll, after, limit } = request.body
      if ((await ledger.store.count(space)) === 0) throw unknownSpace(space)
      const { page, next } = pageHeld(
        await ledger.store.ballots(space, poll as EventId),
        after,
        limit,
      )
      const text = `{"ballots":[${page.map((b) => b.json).join(',')}],"next":${next === null ? 'null' : `"${next}"`}}`
      return reply
        .type('application/json; charset=utf-8')
        .serializer((body: unknown) => body as string)
        .send(text as never)
    },
  )
  app.post(
    '/api/sync/:id/events',
    {
      schema: {
        summary: 'Events of this space from another hub (parked until what they depend on arrives)',
        params: SpaceParams,
        body: PushBody,
        response: { 200: PushReport, 400: ProblemSchema, 413: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const space = request.params.id
      const { events } = request.body
      const foreign = events.findIndex(
        (e) => typeof e !== 'object' || e === null || (e as { space?: unknown }).space !== space,
      )
      if (foreign >= 0) {
        throw new HubError(
          400,
          'request.invalid',
          'Event of another space',
          `event ${foreign + 1} does not belong to space ${space}`,
        )
      }
      const report = await ledger.submit(events, { park: true, refuseOn: TAMPERED_CODES })
      const tampered = report.outcomes.findIndex(
        (o) => o.status === 'rejected' && TAMPERED_CODES.has(o.code),
      )
      const bad = report.outcomes[tampered]
      if (bad !== undefined && bad.status === 'rejected') {
        return sendProblem(
          reply,
          problem(
            422,
            bad.code,
            'Batch refused',
            `event ${tampered + 1} of the batch: ${bad.code}: ${bad.message}; nothing of this batch was written`,
            { outcomes: report.outcomes },
          ),
        )
      }
      const counts = {
        accepted: 0,
        duplicate: 0,
        parked: 0,
        forks: 0,
        rejected: 0,
        released: report.released,
      }
      for (const o of report.outcomes) {
        metrics.countEvent(o.status, o.status === 'rejected' ? o.code : undefined)
        if (o.status !== 'rejected') counts[o.status] += 1
        else if (o.parked === true) counts.parked += 1
        else if (o.code === 'chain.fork') counts.forks += 1
        else counts.rejected += 1
      }
      const breaks: ChainBreaks = new Map()
      noteChainBreaks(breaks, events, report.outcomes)
      return breaks.size === 0 ? counts : { ...counts, breaks: Object.fromEntries(breaks) }
    },
  )
  return Promise.resolve()
}
