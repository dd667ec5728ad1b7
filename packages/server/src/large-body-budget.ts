// A budget of large JSON bodies per client address. Reading a body (JSON.parse, then the schemas
// and the canonical encoding) runs on the hub's one event loop and costs per member, and the
// member budget (json-body.ts) has to admit a legitimate body of 600,000: one such body holds the
// loop about a second under load, so one sender repeating them stalled every member's requests
// and live streams (BENCHMARKS.md, 2026-12-07 "Large bodies per client"). So each client address
// (an IPv6 address by its /64, as the stream and ballot limits count them) has a bucket of members:
// a body of more than LARGE_BODY_MEMBERS members is charged its members once counted, before it
// is parsed, and one that does not fit is refused unparsed, 429 `request.too-busy` with
// Retry-After. Bodies at or under LARGE_BODY_MEMBERS (a phone's ballots and outbox batches) are
// never charged, so a hall sharing one address behind a router never meets the budget, and a
// sender of large bodies is slowed, never shut out: its next body fits once the bucket refills.
// Requests proving the cluster key (cluster-ballots.ts) are not charged. The table holds no
// address: it is keyed by an HMAC under a key made at start, lives in memory only, and forgets
// addresses whose bucket is full again.
import { createHmac, randomBytes } from 'node:crypto'
import { AuthorRateLimit } from './author-rate-limit.js'
import { HubError } from './problem.js'
import { clientKey } from './stream-limits.js'

/**
 * Bodies of more members than this are large, and charged. A phone's ballots (about 21 members
 * each), the usual batch of its outbox (tens of events) and any single event below a seal (16,000
 * at most) stay under it; a full outbox batch of 1,000 events (about 21,000) is charged, as a sync
 * push is. The worst body under it costs the loop about a thirtieth of one at the member budget.
 */
export const LARGE_BODY_MEMBERS = 20_000

/** Members of large bodies one address may send per second: a body at the member budget every 10 s. */
export const LARGE_BODY_MEMBERS_PER_SECOND = 60_000

/**
 * Seconds of its rate a client address may send at once: at the default rate, 1,200,000 members,
 * two bodies at the member budget.
 */
export const LARGE_BODY_BURST_SECONDS = 20

export interface LargeBodyBudgetOptions {
  /** Members of large bodies per second per client address (default 60,000; 0: no budget). */
  readonly perSecond?: number
  /** Members of large bodies a client address may send at once (default 20 s of `perSecond`). */
  readonly burst?: number
}

/** The refusal of a large body its sender has no budget for now. */
export function tooBusy(retryAfter: number): HubError {
  return new HubError(
    429,
    'request.too-busy',
    'Too many large bodies from here',
    `this address sent more large bodies (over ${LARGE_BODY_MEMBERS} JSON members each) than the hub reads for one sender; nothing was read or written; retry in ${retryAfter} s`,
    { 'retry-after': String(retryAfter) },
  )
}

/** Per client address, the members of large bodies it may still send (see the header). */
export class LargeBodyBudget {
  readonly #buckets: AuthorRateLimit | null
  readonly #salt = randomBytes(32)

  constructor(options: LargeBodyBudgetOptions = {}, now?: () => number) {
    const perSecond = options.perSecond ?? LARGE_BODY_MEMBERS_PER_SECOND
    this.#buckets =
      perSecond <= 0
        ? null
        : new AuthorRateLimit(
            { perSecond, burst: options.burst ?? perSecond * LARGE_BODY_BURST_SECONDS },
            now,
          )
  }

  /**
   * Charges a body of `members` from `address` if it is large and fits; otherwise the seconds to
   * wait before it would. A small body always passes, uncharged.
   */
  spend(
    address: string | undefined,
    members: number,
  ): { readonly ok: true } | { readonly ok: false; readonly retryAfter: number } {
    if (this.#buckets === null || members <= LARGE_BODY_MEMBERS) return { ok: true }
    const key = createHmac('sha256', this.#salt).update(clientKey(address)).digest('base64url')
    const counts = new Map([[key, members]])
    const fits = this.#buckets.check(counts)
    if (fits.ok) this.#buckets.charge(counts)
    return fits
  }
}
