// POST /api/events read by the hub's HTTP server before Fastify, for the request a phone sends: one
// plain JSON body at /api/events, accepted. A busy hub takes thousands of these a second on one
// event loop, and Fastify's request cycle (its request and reply objects, hooks, body parser and
// reply pipeline) cost about as much main-thread CPU as the ledger's own work on the ballot
// (BENCHMARKS.md, "seventh pass"). Every request this path does not answer exactly as the route
// would is left to Fastify:
// - decided on the headers alone (the body not read yet): another method, path, query, content
//   type or encoding, no length or one over the body limit, a hub that logs requests (`info`) or is
//   closing: passed to Fastify's handler as it came;
// - decided on the body, read as Fastify's parser reads it (json-body.ts: its JSON members
//   counted, refused past the budget, then parsed once): a body refused there, or one that is not
//   a submission (`isSubmitBody`): given to Fastify (`inject`) with the body as read here, which
//   answers it as it answers any;
// - after the events were taken (EventIntake, shared with the route, so grouped with the route's
//   requests): any refusal of the request (429, 413) or of an event (207, 422) or a failure is
//   handed to the route through `Handoffs` and answered by it (inject), so every problem document,
//   header and log line stays the route's.
// What it answers itself (200) carries what the hooks give every answer: the security headers,
// the request counted in the metrics, each event's outcome counted.
import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { SubmitOutcome } from '@veche/store'
import type { FastifyInstance } from 'fastify'
import type { EventIntake } from './events-route.js'
import type { HubMetrics } from './hub-metrics.js'
import type { BodyRead, BodySender } from './json-body.js'
import { SECURITY_HEADER_ENTRIES } from './security-headers.js'
import { isSubmitBody, serializeSubmitAnswer } from './submit-fast-path.js'
import { countOutcomes } from './submit-outcomes.js'

/** The header naming a request's handed-over outcomes (see Handoffs). */
export const HANDOFF_HEADER = 'x-veche-handoff'

/** A request read on the fast path and handed to Fastify: its body as read, its events' outcomes. */
interface Handoff {
  readonly body: BodyRead
  readonly outcomes: Promise<readonly SubmitOutcome[]> | null
}

/**
 * Requests read on the fast path that Fastify answers, each under a random one-time token that
 * only the hub's own `inject` carries: a client cannot name one, and a token is forgotten once its
 * request is answered. Fastify's JSON parser takes the body as read here (json-body.ts), so it is
 * never parsed twice; the route takes the outcomes of events taken here (or the refusal).
 */
export class Handoffs {
  readonly #waiting = new Map<string, Handoff>()

  /** Keeps `body` and, if its events were taken, their `outcomes` under a new token, returned. */
  give(body: BodyRead, outcomes: Promise<readonly SubmitOutcome[]> | null): string {
    const token = randomBytes(24).toString('base64url')
    this.#waiting.set(token, { body, outcomes })
    return token
  }

  /** The body handed over with the request's token; undefined for any other request. */
  body(headers: IncomingHttpHeaders): BodyRead | undefined {
    const token = headers[HANDOFF_HEADER]
    return typeof token === 'string' ? this.#waiting.get(token)?.body : undefined
  }

  /** The outcomes handed over under the request's token, once; undefined for any other request. */
  take(headers: IncomingHttpHeaders): Promise<readonly SubmitOutcome[]> | undefined {
    const token = headers[HANDOFF_HEADER]
    if (typeof token !== 'string') return undefined
    const outcomes = this.#waiting.get(token)?.outcomes ?? undefined
    this.#waiting.delete(token)
    return outcomes
  }

  /** Forgets a token (its request was answered). */
  drop(token: string): void {
    this.#waiting.delete(token)
  }
}

export interface EventsFastPathOptions {
  readonly app: FastifyInstance
  readonly intake: EventIntake
  readonly handoffs: Handoffs
  readonly metrics: HubMetrics
  readonly bodyLimit: number
  /** Reads a body as Fastify's JSON parser does (json-body.ts): counted, then parsed once. */
  readonly read: (text: string, sender: BodySender) => BodyRead
  /** False while the hub logs every request (`info`) or closes: Fastify takes every request. */
  readonly open: () => boolean
}

/** Whether the fast path may read this request (on its headers alone; see the header). */
function mayTake(request: IncomingMessage, bodyLimit: number): boolean {
  if (request.method !== 'POST' || request.url !== '/api/events') return false
  const { headers } = request
  const type = headers['content-type']
  if (type !== 'application/json' && type !== 'application/json; charset=utf-8') return false
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined)
    return false
  const length = headers['content-length']
  if (length === undefined || !/^[1-9]\d{0,9}$/.test(length)) return false
  return Number(length) <= bodyLimit
}

/**
 * Wraps the hub's request handler (Fastify's): the requests the fast path answers or hands over
 * never reach it directly; every other one does, untouched.
 */
export function withEventsFastPath(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: () => EventsFastPathOptions | null,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const fast = options()
    if (fast === null || !fast.open() || !mayTake(request, fast.bodyLimit)) {
      handler(request, response)
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      received += chunk.length
    })
    // An aborted request ends here: there is no one to answer.
    request.on('error', () => undefined)
    request.on('end', () => {
      const text = Buffer.concat(chunks, received).toString('utf8')
      // A bug here must not end the hub (an unhandled rejection): the failure is logged as the
      // route's are, and the connection closed.
      answer(fast, request, response, text).catch((error: unknown) => {
        fast.app.log.error({ err: error }, 'request failed')
        response.destroy()
      })
    })
  }
}

async function answer(
  fast: EventsFastPathOptions,
  request: IncomingMessage,
  response: ServerResponse,
  text: string,
): Promise<void> {
  const read = fast.read(text, { address: request.socket.remoteAddress, headers: request.headers })
  if (!read.ok || !isSubmitBody(read.value)) {
    await handOver(fast, request, response, read, null)
    return
  }
  const body = read.value
  const { events } = body as { events?: unknown[] }
  const outcomes = fast.intake.take(events ?? [body], false)
  let taken: readonly SubmitOutcome[]
  try {
    taken = await outcomes
  } catch {
    await handOver(fast, request, response, read, outcomes)
    return
  }
  if (taken.some((o) => o.status === 'rejected')) {
    await handOver(fast, request, response, read, outcomes)
    return
  }
  const counts = countOutcomes(fast.metrics, taken)
  const answer = serializeSubmitAnswer({ outcomes: taken, ...counts })
  for (const [name, value] of SECURITY_HEADER_ENTRIES) response.setHeader(name, value)
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer),
  })
  response.end(answer)
  fast.metrics.countRequest('POST', '/api/events', 200)
}

/**
 * Has Fastify answer the request (the same content type), with the body as read here
 * and the `outcomes`, if its events were taken here, handed to it; copies its answer to `response`.
 */
async function handOver(
  fast: EventsFastPathOptions,
  request: IncomingMessage,
  response: ServerResponse,
  read: BodyRead,
  outcomes: Promise<readonly SubmitOutcome[]> | null,
): Promise<void> {
  const token = fast.handoffs.give(read, outcomes)
  try {
    const answered = await fast.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: {
        'content-type': request.headers['content-type'] ?? 'application/json',
        [HANDOFF_HEADER]: token,
      },
      // Empty: Fastify's parser takes the body as read here (Handoffs), not from the payload, so
      // a body of megabytes is not copied again.
      payload: '',
    })
    const headers = { ...answered.headers }
    // The connection's own headers are this server's to write, but for Fastify closing it (after
    // a body it could not read).
    if (headers.connection !== 'close') delete headers.connection
    for (const name of ['keep-alive', 'transfer-encoding', 'date']) delete headers[name]
    response.writeHead(answered.statusCode, headers)
    response.end(answered.rawPayload)
  } catch {
    response.destroy()
  } finally {
    fast.handoffs.drop(token)
  }
}
