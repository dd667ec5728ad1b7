// Per-author-key rate limit on submissions: a token bucket per key (refilled at `perSecond`, holding
// at most `burst`). A request is refused whole, before any signature is checked, when one of the
// authors it names has too few tokens left; but a bucket is charged only afterwards, with the
// events the ledger accepted for that key. Only the key's holder can get an event accepted, so
// events that carry someone else's key (forged signatures, replays of their stored events, which
// are duplicates) never spend that person's rate. Keys idle long enough to be full again are
// forgotten, so the table stays small. It bounds how fast one key can write; many fresh keys are
// bounded by the per-request limits instead (see docs/hub.md, "Limits").

export interface RateLimitOptions {
  /** Events per second each key may sustain (default 100). */
  readonly perSecond?: number
  /** Events a key may send at once (default 1,000: one full batch). */
  readonly burst?: number
}

interface Bucket {
  tokens: number
  at: number
}

export class AuthorRateLimit {
  readonly #perSecond: number
  readonly #burst: number
  readonly #buckets = new Map<string, Bucket>()
  readonly #now: () => number

  constructor(options: RateLimitOptions = {}, now: () => number = () => performance.now()) {
    this.#perSecond = options.perSecond ?? 100
    this.#burst = options.burst ?? 1_000
    this.#now = now
  }

  /**
   * Whether every key has the tokens for `count` events (takes nothing); otherwise the seconds to
   * wait before the request would fit. A request larger than the burst fits when the bucket is
   * full (and `charge` then leaves it in debt), so it is never refused forever.
   */
  check(counts: ReadonlyMap<string, number>): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.#now()
    let wait = 0
    for (const [key, count] of counts) {
      const tokens = this.#tokens(key, now)
      const needed = Math.min(count, this.#burst)
      if (tokens < needed) wait = Math.max(wait, (needed - tokens) / this.#perSecond)
    }
    return wait > 0 ? { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) } : { ok: true }
  }

  /** Takes `count` tokens from each key's bucket: the events just accepted for that key. */
  charge(counts: ReadonlyMap<string, number>): void {
    const now = this.#now()
    for (const [key, count] of counts) {
      if (count <= 0) continue
      const bucket = this.#refill(key, now)
      bucket.tokens -= count
    }
    if (this.#buckets.size > 100_000) this.#sweep(now)
  }

  /** The tokens `key` holds now (a key never seen holds a full bucket). */
  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key)
    if (bucket === undefined) return this.#burst
    return Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond)
  }

  #refill(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key)
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, at: now }
      this.#buckets.set(key, bucket)
    } else {
      bucket.tokens = Math.min(
        this.#burst,
        bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond,
      )
      bucket.at = now
    }
    return bucket
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond >= this.#burst) {
        this.#buckets.delete(key)
      }
    }
  }
}
