// Read tokens for private spaces. A member asks for a challenge, signs it with their key, and gets
// a token bound to their key and the space for 15 minutes. Challenges and tokens are HMACs under
// a secret of this hub process (random at start unless given), so the hub keeps no table of them;
// a restart ends every token. Signed text: "veche/auth/1\n<space>\n<nonce>" (its own prefix, so
// the signature can serve nothing else).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { decodeBase64url, PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { PublicKey, SpaceId } from '@veche/core'
import { verifyEd25519 } from '@veche/store'

/** How long a token lasts. */
export const TOKEN_TTL_MS = 15 * 60_000
/** How long a challenge may wait for its signature. */
export const CHALLENGE_TTL_MS = 2 * 60_000

/** The exact text a member signs to answer `nonce` for `space`. */
export function challengeStatement(space: SpaceId, nonce: string): string {
  return `veche/auth/1\n${space}\n${nonce}`
}

export interface TokenGrant {
  readonly token: string
  readonly expires: number
}

export type TokenRefusal = 'auth.challenge-expired' | 'auth.bad-signature'

export class ReadTokens {
  readonly #secret: Buffer
  readonly #now: () => number
  readonly #ttl: number

  constructor(
    secret: Uint8Array = randomBytes(32),
    now: () => number = Date.now,
    ttlMs: number = TOKEN_TTL_MS,
  ) {
    this.#secret = Buffer.from(secret)
    this.#now = now
    this.#ttl = ttlMs
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url')
  }

  /** A fresh challenge for `space`: `<expires>.<random>.<mac>`. */
  challenge(space: SpaceId): { nonce: string; expires: number } {
    const expires = this.#now() + CHALLENGE_TTL_MS
    const body = `${expires}.${randomBytes(16).toString('base64url')}`
    return { nonce: `${body}.${this.#mac(`veche/challenge/1\n${space}\n${body}`)}`, expires }
  }

  /** A token for `key` if `signature` signs a live challenge of this hub for `space`. */
  grant(
    space: SpaceId,
    key: PublicKey,
    nonce: string,
    signature: string,
  ): { ok: true; grant: TokenGrant } | { ok: false; code: TokenRefusal } {
    const [expires, random, given] = nonce.split('.')
    const body = `${expires}.${random}`
    const live =
      given !== undefined &&
      Number(expires) >= this.#now() &&
      same(given, this.#mac(`veche/challenge/1\n${space}\n${body}`))
    if (!live) return { ok: false, code: 'auth.challenge-expired' }
    const publicKey = decodeBase64url(key)
    const sig = decodeBase64url(signature)
    const message = new TextEncoder().encode(challengeStatement(space, nonce))
    if (publicKey === null || sig === null || !verifyEd25519(publicKey, message, sig)) {
      return { ok: false, code: 'auth.bad-signature' }
    }
    const until = this.#now() + this.#ttl
    const text = `${space}.${key}.${until}`
    return {
      ok: true,
      grant: { token: `${text}.${this.#mac(`veche/token/1\n${text}`)}`, expires: until },
    }
  }

  /** The member key a token was granted to, if it is live and for `space`; otherwise null. */
  check(token: string, space: SpaceId): PublicKey | null {
    return this.holder(token, space)?.key ?? null
  }

  /** The key a live token for `space` was granted to, and when it expires; otherwise null. */
  holder(token: string, space: SpaceId): { key: PublicKey; expires: number } | null {
    const [tokenSpace, key, until, given] = token.split('.')
    if (
      tokenSpace !== space ||
      key === undefined ||
      given === undefined ||
      !SPACE_ID_PATTERN.test(tokenSpace) ||
      !PUBLIC_KEY_PATTERN.test(key) ||
      !(Number(until) >= this.#now())
    ) {
      return null
    }
    return same(given, this.#mac(`veche/token/1\n${tokenSpace}.${key}.${until}`))
      ? { key: key as PublicKey, expires: Number(until) }
      : null
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
