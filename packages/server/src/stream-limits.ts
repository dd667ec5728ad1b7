// How many long-lived streams (the spaces' event streams and the peers' change streams) the hub
// keeps open: at most `total`, and at most `perClient` from one client, so one client cannot take
// every file descriptor and make everyone else's requests fail. A client is its remote address
// (an IPv6 address by its /64, which one machine usually holds whole); the count lives only in
// memory, keyed by that address while a stream is open, and is never logged or written anywhere.
// Beyond either limit a stream is refused with 503 and Retry-After.
import { isIPv4 } from 'node:net'
import { HubError } from './problem.js'

/** Streams the hub keeps open at most, unless the file limit allows fewer (see file-limit.ts). */
export const DEFAULT_MAX_STREAMS = 10_000
/**
 * Streams one client (address) keeps open at most: a phone follows a space or two, and a hall
 * behind one NAT address may hold a few hundred phones. Behind a reverse proxy every client has
 * the proxy's address: raise it there (`veche serve --max-streams-per-client`).
 */
export const DEFAULT_MAX_STREAMS_PER_CLIENT = 256
/** Seconds a refused client is asked to wait before trying again. */
export const STREAMS_RETRY_AFTER_S = 10

export interface StreamLimitOptions {
  readonly total?: number
  readonly perClient?: number
}

/** The key a client is counted under: its IPv4 address, or its IPv6 /64 prefix. */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped !== null) return mapped[1]!
  if (isIPv4(address)) return address
  const halves = address.split('::')
  const head = (halves[0] ?? '').split(':').filter((g) => g !== '')
  const tail = halves.length > 1 ? (halves[1] ?? '').split(':').filter((g) => g !== '') : []
  const groups = [
    ...head,
    ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'),
    ...tail,
  ]
  return groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')
}

export class StreamLimits {
  readonly total: number
  readonly perClient: number
  readonly #open = new Map<string, number>()
  #count = 0

  constructor(options: StreamLimitOptions = {}) {
    this.total = options.total ?? DEFAULT_MAX_STREAMS
    this.perClient = options.perClient ?? DEFAULT_MAX_STREAMS_PER_CLIENT
  }

  /** Streams open now. */
  get open(): number {
    return this.#count
  }

  /**
   * Counts a new stream from `address`, or throws the 503 refusal when the hub or that client is
   * at its limit. Returns the function that uncounts it (safe to call more than once).
   */
  admit(address: string | undefined): () => void {
    const key = clientKey(address)
    const held = this.#open.get(key) ?? 0
    if (this.#count >= this.total) {
      throw new HubError(
        503,
        'hub.too-many-streams',
        'Too many streams',
        `this hub keeps at most ${this.total} streams open and all are in use; try again later`,
        { 'retry-after': String(STREAMS_RETRY_AFTER_S) },
      )
    }
    if (held >= this.perClient) {
      throw new HubError(
        503,
        'request.too-many-streams',
        'Too many streams from this client',
        `one client keeps at most ${this.perClient} streams open on this hub; close one, or try again later`,
        { 'retry-after': String(STREAMS_RETRY_AFTER_S) },
      )
    }
    this.#open.set(key, held + 1)
    this.#count += 1
    let released = false
    return () => {
      if (released) return
      released = true
      this.#count -= 1
      const left = (this.#open.get(key) ?? 1) - 1
      if (left <= 0) this.#open.delete(key)
      else this.#open.set(key, left)
    }
  }
}
