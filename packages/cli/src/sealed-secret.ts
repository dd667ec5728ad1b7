// A secret key sealed under a passphrase, for identity files at rest: scrypt (RFC 7914) derives a
// 256-bit key from the passphrase and a random salt, and AES-256-GCM (NIST SP 800-38D) encrypts the
// secret with a random 96-bit nonce, authenticating the identity's name and public key with it (so
// a sealed secret cannot be moved into another identity's file). Both from @noble (audited). A
// wrong passphrase fails the GCM tag: it is told apart from a damaged file only by the caller.
import { randomBytes } from 'node:crypto'
import { gcm } from '@noble/ciphers/aes.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { decodeBase64url, encodeBase64url } from '@veche/core'
import { DEFAULT_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N, MIN_SCRYPT_LOG_N } from '@veche/store'
import { z } from 'zod'

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/)

/** How a sealed secret is written in a file. */
export const sealedSecretSchema = z.strictObject({
  cipher: z.literal('aes-256-gcm'),
  kdf: z.literal('scrypt'),
  logN: z.number().int().min(MIN_SCRYPT_LOG_N).max(MAX_SCRYPT_LOG_N),
  r: z.literal(8),
  p: z.literal(1),
  salt: base64url,
  nonce: base64url,
  ciphertext: base64url,
})

export type SealedSecret = z.infer<typeof sealedSecretSchema>

function keyOf(passphrase: string, salt: Uint8Array, logN: number): Uint8Array {
  return scrypt(passphrase.normalize('NFC'), salt, { N: 2 ** logN, r: 8, p: 1, dkLen: 32 })
}

/** Seals `secret` under `passphrase`, bound to `context` (authenticated, not encrypted). */
export function sealSecret(
  secret: Uint8Array,
  passphrase: string,
  context: string,
  logN: number = DEFAULT_SCRYPT_LOG_N,
): SealedSecret {
  const salt = randomBytes(16)
  const nonce = randomBytes(12)
  const aad = new TextEncoder().encode(context)
  const ciphertext = gcm(keyOf(passphrase, salt, logN), nonce, aad).encrypt(secret)
  return {
    cipher: 'aes-256-gcm',
    kdf: 'scrypt',
    logN,
    r: 8,
    p: 1,
    salt: encodeBase64url(salt),
    nonce: encodeBase64url(nonce),
    ciphertext: encodeBase64url(ciphertext),
  }
}

/** The secret sealed in `sealed`, or null when the passphrase (or the context) is wrong. */
export function openSealedSecret(
  sealed: SealedSecret,
  passphrase: string,
  context: string,
): Uint8Array | null {
  const salt = decodeBase64url(sealed.salt)
  const nonce = decodeBase64url(sealed.nonce)
  const ciphertext = decodeBase64url(sealed.ciphertext)
  if (salt === null || nonce === null || nonce.length !== 12 || ciphertext === null) return null
  try {
    const aad = new TextEncoder().encode(context)
    return gcm(keyOf(passphrase, salt, sealed.logN), nonce, aad).decrypt(ciphertext)
  } catch {
    return null
  }
}
