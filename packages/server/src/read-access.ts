// Who may read a space. Public spaces: anyone. Private spaces (`visibility: 'private'` in the
// assembly's rules, fixed when it is founded): only with a live read token of an active member
// (`Authorization: Bearer <token>`, or `?access_token=` where a header cannot be set, as with
// EventSource), and for the sync routes also a hub proving it holds the space's replication key.
// One hook guards every route that reveals a space's content, before its handler runs.
import { isActiveMember, SPACE_ID_PATTERN } from '@veche/core'
import type { PublicKey, SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HubError } from './problem.js'
import type { ReadTokens } from './read-tokens.js'
import {
  checkClusterProof,
  checkReplicationProof,
  CLUSTER_HEADER,
  clusterProofOf,
  parseReplicationHeader,
  REPLICATION_HEADER,
} from './replication-keys.js'
import type { ReplicationKeys } from './replication-keys.js'

export type Visibility = 'public' | 'private'

/**
 * Sync routes of a private space: sending its events, and taking events pushed into it (anyone
 * may post signed events through /api/events, but only a hub holding the replication key, or a
 * member, may hand a private space's events to this one to hold back).
 */
const SYNC_ROUTES = new Set([
  '/api/sync/:id/missing',
  '/api/sync/:id/ballots',
  '/api/sync/:id/events',
])

/**
 * The space a route reveals the content of, or undefined: every route under `/api/spaces/:id`
 * (state, events, stream, feeds…), the sync route that sends events, and any route with a
 * `:space` parameter (pages). Guarding by pattern means a route added later is covered too.
 */
function guardedSpace(route: string, params: unknown): string | undefined {
  const { id, space } = (params ?? {}) as { id?: unknown; space?: unknown }
  if (
    (route === '/api/spaces/:id' || route.startsWith('/api/spaces/:id/')) &&
    typeof id === 'string'
  ) {
    return id
  }
  if (SYNC_ROUTES.has(route) && typeof id === 'string') return id
  return typeof space === 'string' ? space : undefined
}

/**
 * Spaces whose visibility is kept, at most (a few MiB): past it the first kept is dropped, and read
 * again when next asked, which costs one indexed read of one event, never a replay.
 */
const MAX_KNOWN_VISIBILITY = 100_000

/**
 * Each space's visibility, read from its creation event (the rules cannot change it after
 * founding) and kept: a sync pass over every space asks it of each, and must not replay them.
 */
export class SpaceVisibility {
  readonly #ledger: Ledger
  readonly #known = new Map<SpaceId, Visibility>()

  constructor(ledger: Ledger) {
    this.#ledger = ledger
  }

  /** The space's visibility, or null if this hub holds no assembly there. */
  async of(space: SpaceId): Promise<Visibility | null> {
    const known = this.#known.get(space)
    if (known !== undefined) return known
    const visibility = await readVisibility(this.#ledger, space)
    if (visibility !== null) {
      if (this.#known.size >= MAX_KNOWN_VISIBILITY) {
        const first = this.#known.keys().next().value
        if (first !== undefined) this.#known.delete(first)
      }
      this.#known.set(space, visibility)
    }
    return visibility
  }
}

/**
 * A space's visibility as its creation set it, or null if this hub holds none of its events. A
 * ledger accepts nothing of a space before its creation, so that is its first stored event; a
 * council is public. A store holding something else first (not written by a ledger) is asked
 * of its fold.
 */
async function readVisibility(ledger: Ledger, space: SpaceId): Promise<Visibility | null> {
  for await (const first of ledger.store.read(space, { limit: 1 })) {
    const event = JSON.parse(first.json) as {
      readonly type?: unknown
      readonly body?: { readonly rules?: { readonly visibility?: unknown } }
    }
    if (event.type === 'council.created') return 'public'
    const visibility = event.body?.rules?.visibility
    if (event.type === 'assembly.created' && (visibility === 'public' || visibility === 'private'))
      return visibility
    const state = await ledger.state(space)
    return state?.assembly?.rules.visibility ?? null
  }
  return null
}

export interface ReadAccessOptions {
  readonly ledger: Ledger
  readonly visibility: SpaceVisibility
  readonly tokens: ReadTokens
  readonly replicationKeys: ReplicationKeys
  /** The cluster key: a proof of it opens every private space to the sync routes. */
  readonly clusterKey?: string
}

/** The bearer token of a request (header first, then `?access_token=`), if any. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (header !== undefined && /^bearer /i.test(header)) return header.slice(7).trim()
  const query = request.url.indexOf('?')
  if (query < 0) return null
  return new URLSearchParams(request.url.slice(query + 1)).get('access_token')
}

/**
 * The active member whose live token `request` carries for `space`, and when the token expires;
 * null without one. (A stream of a private space lives only as long as both hold.)
 */
export async function tokenReader(
  request: FastifyRequest,
  space: SpaceId,
  options: Pick<ReadAccessOptions, 'ledger' | 'tokens'>,
): Promise<{ key: PublicKey; expires: number } | null> {
  const token = bearerToken(request)
  const holder = token === null ? null : options.tokens.holder(token, space)
  if (holder === null) return null
  const state = await options.ledger.state(space)
  return state !== null && isActiveMember(state, holder.key) ? holder : null
}

/** Whether `request` may read private `space`: a live member token, or (sync) a key proof. */
export async function mayReadPrivate(
  request: FastifyRequest,
  space: SpaceId,
  options: ReadAccessOptions,
  sync: boolean,
): Promise<boolean> {
  if ((await tokenReader(request, space, options)) !== null) return true
  if (!sync) return false
  if (
    options.clusterKey !== undefined &&
    checkClusterProof(
      options.clusterKey,
      clusterProofOf(request.headers[CLUSTER_HEADER]),
      Date.now(),
    )
  ) {
    return true
  }
  const key = options.replicationKeys.get(space)
  const header = request.headers[REPLICATION_HEADER]
  const proof = parseReplicationHeader(typeof header === 'string' ? header : undefined).get(space)
  return (
    key !== undefined && proof !== undefined && checkReplicationProof(key, space, proof, Date.now())
  )
}

/** Adds the hook that refuses reads of a private space without a token (401) or a right (403). */
export function registerReadAccess(app: FastifyInstance, options: ReadAccessOptions): void {
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url
    if (route === undefined) return
    const space = guardedSpace(route, request.params) as SpaceId | undefined
    if (space === undefined || !SPACE_ID_PATTERN.test(space)) return
    if ((await options.visibility.of(space)) !== 'private') return
    const sync = SYNC_ROUTES.has(route)
    if (await mayReadPrivate(request, space, options, sync)) return
    if (
      bearerToken(request) === null &&
      (!sync ||
        (request.headers[REPLICATION_HEADER] === undefined &&
          request.headers[CLUSTER_HEADER] === undefined))
    ) {
      throw new HubError(
        401,
        'auth.required',
        'Private space',
        `space ${space} is private: sign a challenge with a member's key (POST /api/auth/challenge, then /api/auth/token) and send the token as \`Authorization: Bearer\``,
        { 'www-authenticate': 'Bearer realm="veche"' },
      )
    }
    throw new HubError(
      403,
      'auth.forbidden',
      'Not allowed',
      sync
        ? `this request holds no live member token or replication-key proof for private space ${space}`
        : `the token is expired, for another space, or its key is no longer an active member of ${space}; ask for a new one`,
    )
  })
}
