// Opening a secret ballot's box through OpenSSL (node:crypto) for counting: HKDF-SHA-256 and
// AES-256-GCM, the same functions core's @noble path computes (ballot-cipher.ts), about three
// times faster here; node-ballot-box.test.ts shows they give the same votes and refuse the same
// boxes.
import { createDecipheriv, hkdfSync } from 'node:crypto'
import type { BoxOpener } from '@veche/core'

const TAG_BYTES = 16
const NO_SALT = new Uint8Array(0)

/** Core's `BoxOpener` through node:crypto. */
export const nodeOpenBox: BoxOpener = (ikm, info, sealed) => {
  if (sealed.length < TAG_BYTES) return null
  // No salt is HashLen zero bytes (RFC 5869 §2.2), the same HMAC key: core passes none either.
  const okm = new Uint8Array(hkdfSync('sha256', ikm, NO_SALT, info, 44))
  const decipher = createDecipheriv('aes-256-gcm', okm.subarray(0, 32), okm.subarray(32), {
    authTagLength: TAG_BYTES,
  })
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
  try {
    const head = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES))
    const tail = decipher.final()
    return tail.length === 0 ? new Uint8Array(head) : new Uint8Array(Buffer.concat([head, tail]))
  } catch {
    return null
  }
}
