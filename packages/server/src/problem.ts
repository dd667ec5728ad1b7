// Errors as RFC 9457 problem details (`application/problem+json`), mapped from every failure in ONE
// place: the hub's own refusals (`HubError`), Fastify's refusals of a request (bad JSON, wrong
// content type, too large, invalid parameters) and the core's rejection codes. Every problem has a
// stable `code` that clients match on; `type` is `urn:veche:problem:<code>`.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isStoreUnreachable, StoreConflictError, StoreFullError } from '@veche/store'

/** How long a client is asked to wait when the hub's disk is full. */
export const STORE_FULL_RETRY_SECONDS = 30

/** How long a client is asked to wait when the hub lost its database (a failover takes seconds). */
export const STORE_UNAVAILABLE_RETRY_SECONDS = 2

/** How long a client is asked to wait when other hub processes kept writing its space first. */
export const STORE_BUSY_RETRY_SECONDS = 1

/** Issues named at most in a refusal of an invalid request (the rest are counted). */
const NAMED_ISSUES = 5

/** The hub's own codes, beside the core's rejection codes (docs/events.md). */
export const HUB_PROBLEM_CODES = [
  'request.malformed-json',
  'request.invalid',
  'request.unsupported-media-type',
  'request.too-large',
  'request.too-many-events',
  'request.too-many-members',
  'request.rate-limited',
  'request.too-busy',
  'request.too-many-streams',
  'hub.too-many-streams',
  'route.not-found',
  'store.full',
  'store.unavailable',
  'store.busy',
  'cluster.unreplicated',
  'cluster.unproven',
  'space.unknown',
  'event.unknown',
  'poll.unknown',
  'hub.internal',
  'auth.required',
  'auth.forbidden',
  'auth.challenge-expired',
  'auth.bad-signature',
  'auth.not-member',
] as const

export type HubProblemCode = (typeof HUB_PROBLEM_CODES)[number]

export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly code: string
  readonly [extension: string]: unknown
}

/** A problem document for `code`. */
export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return { type: `urn:veche:problem:${code}`, title, status, detail, code, ...extensions }
}

/** An expected refusal by the hub; the error handler turns it into its problem document. */
export class HubError extends Error {
  override readonly name = 'HubError'
  readonly problem: Problem
  readonly headers: Readonly<Record<string, string>>
  constructor(
    status: number,
    code: HubProblemCode,
    title: string,
    detail: string,
    headers: Record<string, string> = {},
  ) {
    super(detail)
    this.problem = problem(status, code, title, detail)
    this.headers = headers
  }
}

/** Sends `p` as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(JSON.stringify(p))
}

/** The one mapping from anything thrown while handling a request to a problem document. */
export function problemFor(error: unknown, limits: { readonly bodyLimit: number }): Problem {
  if (error instanceof HubError) return error.problem
  if (error instanceof StoreFullError) {
    return problem(
      503,
      'store.full',
      'The hub cannot write now',
      "the hub's disk is full: nothing of this request was written; send it again later (the hub's operator must free space)",
    )
  }
  if (isStoreUnreachable(error)) {
    return problem(
      503,
      'store.unavailable',
      'The hub cannot reach its database',
      'the hub lost its database connection (a restart or a failover): nothing of this request was acknowledged; send it again (an event already stored is reported as a duplicate, never stored twice)',
    )
  }
  if (error instanceof StoreConflictError && error.kind === 'stale') {
    // The ledger caught up and checked again five times; each time another process had appended
    // to the same space first (several hubs writing one space at once).
    return problem(
      503,
      'store.busy',
      'The hub is busy',
      'other hub processes kept writing this space first: nothing of this request was written; send it again',
    )
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    // A few issues, not one per member: a body of many bad items would get an answer as large.
    const issues = error.validation
      .slice(0, NAMED_ISSUES)
      .map((v) => `${v.instancePath || '/'}: ${v.message ?? 'invalid'}`.slice(0, 500))
    const rest = error.validation.length - issues.length
    const more = rest > 0 ? `; and ${rest} more` : ''
    return problem(400, 'request.invalid', 'Invalid request', issues.join('; ') + more)
  }
  const code = (error as Partial<FastifyError>).code
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(
        400,
        'request.malformed-json',
        'Malformed JSON',
        `the body is not valid JSON: ${(error as Error).message}`,
      )
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(
        415,
        'request.unsupported-media-type',
        'Unsupported media type',
        'send JSON with `content-type: application/json`',
      )
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(
        413,
        'request.too-large',
        'Request too large',
        `the body is over ${limits.bodyLimit} bytes; send events in smaller batches (one event is at most 64 KiB, a poll seal at most 10 MiB)`,
      )
  }
  if (error instanceof SyntaxError) {
    return problem(400, 'request.malformed-json', 'Malformed JSON', error.message)
  }
  const status = (error as Partial<FastifyError>).statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(status, 'request.invalid', 'Invalid request', (error as Error).message)
  }
  return problem(500, 'hub.internal', 'Internal error', 'the hub failed; the failure is logged')
}

/** The handler Fastify calls for errors: logs faults (not refusals) and sends the problem. */
export function problemErrorHandler(limits: { readonly bodyLimit: number }) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const p = problemFor(error, limits)
    if (p.status >= 500) request.log.error({ err: error }, 'request failed')
    if (error instanceof HubError) void reply.headers(error.headers)
    if (error instanceof StoreFullError)
      void reply.header('retry-after', String(STORE_FULL_RETRY_SECONDS))
    else if (p.code === 'store.unavailable')
      void reply.header('retry-after', String(STORE_UNAVAILABLE_RETRY_SECONDS))
    else if (p.code === 'store.busy')
      void reply.header('retry-after', String(STORE_BUSY_RETRY_SECONDS))
    return sendProblem(reply, p)
  }
}
