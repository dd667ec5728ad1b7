// Per-author-key rate limit on submissions: a token bucket per key (refilled at `perSecond`, holding
// at most `burst`). A request is refused whole, before any signature is checked, when one of its
// authors has too few tokens left. Keys idle long enough to be full again are forgotten, so the
// table stays small. It bounds how fast one key can write; many fresh keys are bounded by the
// per-request limits instead (see docs/hub.md, "Limits").

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
   * Takes `count` tokens from each key's bucket if every key has enough; otherwise takes nothing
   * and returns the seconds to wait before the request would fit. A request larger than the
   * burst passes when the bucket is full and leaves it in debt, so it is never refused forever.
   */
  take(counts: ReadonlyMap<string, number>): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.#now()
    let wait = 0
    const buckets: [Bucket, number][] = []
    for (const [key, count] of counts) {
      const bucket = this.#refill(key, now)
      const needed = Math.min(count, this.#burst)
      if (bucket.tokens < needed) {
        wait = Math.max(wait, (needed - bucket.tokens) / this.#perSecond)
      }
      buckets.push([bucket, count])
    }
    if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) }
    for (const [bucket, count] of buckets) bucket.tokens -= count
    if (this.#buckets.size > 100_000) this.#sweep(now)
    return { ok: true }
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
