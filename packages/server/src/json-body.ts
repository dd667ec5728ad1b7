// Every JSON request body the hub reads, read once: its members counted first (countJsonMembers,
// core's json-members.ts), a body over the budget refused with 413 `request.too-many-members`
// before it is parsed, the rest parsed by Fastify's own JSON parser (keys "__proto__" and
// "constructor.prototype" refused, with its errors). Parsing runs on the hub's one event loop, and
// its cost grows with the members, not the bytes: one body of 700,000 keys held the loop 5.4 s.
// A body the fast path (events-fast-path.ts) read and hands to Fastify is not read again: its
// result goes with the handoff, and the parser takes it from there. A large body (over
// LARGE_BODY_MEMBERS) is charged to its sender's budget once counted (large-body-budget.ts) and,
// past it, refused unparsed with 429 `request.too-busy`.
import { MAX_EVENT_MEMBERS, countJsonMembers } from '@veche/core'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { LargeBodyBudget } from './large-body-budget.js'
import { tooBusy } from './large-body-budget.js'
import { HubError } from './problem.js'

/**
 * Members (`:` and `,` outside strings) one request body may hold. The densest legitimate bodies
 * are records of member keys (a `poll.closed.3`'s `members`, a sync vector: 48 bytes, two
 * members, per key), which at the default 12 MiB body limit hold 524,288; a maximal seal holds
 * 436,907 (MAX_EVENT_MEMBERS, with room). Clients that batch (the app's outbox, `veche sync`'s
 * pushes) keep under it.
 */
export const MAX_REQUEST_MEMBERS = 600_000

/** A body read: its value, or why it was refused (a HubError or Fastify's parser error). */
export type BodyRead =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error }

/** The refusal of a body holding more than `limit` members. */
export function tooManyMembers(limit: number): HubError {
  return new HubError(
    413,
    'request.too-many-members',
    'Too many JSON members',
    `the body holds more than ${limit} JSON members (keys and array items, counted as the ":" and "," outside strings); send events in smaller batches (one event holds at most ${MAX_EVENT_MEMBERS})`,
  )
}

/** Who sent a body: its address (for the budget of large bodies) and its headers. */
export interface BodySender {
  readonly address: string | undefined
  readonly headers: IncomingHttpHeaders
}

export interface JsonBodyOptions {
  /** Members one body may hold (default MAX_REQUEST_MEMBERS). */
  readonly memberLimit?: number
  /** Each sender's budget of large bodies (none: not limited). */
  readonly budget?: LargeBodyBudget
  /** Senders the budget does not charge (the hub's cluster peers). */
  readonly exempt?: (headers: IncomingHttpHeaders) => boolean
}

type DefaultParser = (
  request: null,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void

/** Reads a JSON body as the hub's parser does (see the header); for the fast path too. */
export function jsonBodyReader(
  app: FastifyInstance,
  options: JsonBodyOptions = {},
): (text: string, sender: BodySender) => BodyRead {
  const memberLimit = options.memberLimit ?? MAX_REQUEST_MEMBERS
  const { budget, exempt } = options
  // Fastify's default parser for application/json: it reads nothing of the request, only the text.
  const parse = app.getDefaultJsonParser('error', 'error') as unknown as DefaultParser
  return (text, sender) => {
    const members = countJsonMembers(text, memberLimit)
    if (members > memberLimit) return { ok: false, error: tooManyMembers(memberLimit) }
    if (budget !== undefined && exempt?.(sender.headers) !== true) {
      const spent = budget.spend(sender.address, members)
      if (!spent.ok) return { ok: false, error: tooBusy(spent.retryAfter) }
    }
    let read: BodyRead = { ok: false, error: new Error('the JSON parser did not answer') }
    parse(null, text, (error, value) => {
      read = error === null ? { ok: true, value } : { ok: false, error }
    })
    return read
  }
}

/**
 * Replaces Fastify's JSON parser with `read`; `handed` gives the result of a body already read
 * (by the fast path), which is then not read again.
 */
export function registerJsonBody(
  app: FastifyInstance,
  options: {
    readonly bodyLimit: number
    readonly read: (text: string, sender: BodySender) => BodyRead
    readonly handed: (headers: IncomingHttpHeaders) => BodyRead | undefined
  },
): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: options.bodyLimit },
    (request, body, done) => {
      const read =
        options.handed(request.headers) ??
        options.read(body as string, {
          address: request.socket.remoteAddress,
          headers: request.headers,
        })
      if (read.ok) done(null, read.value)
      else done(read.error, undefined)
    },
  )
}
