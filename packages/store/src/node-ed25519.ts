// Ed25519 on Node through node:crypto: the verifier and signer the hub and the CLI pass to core
// (the verifier also checks voting credentials, through node-blind-rsa.ts). Public keys are turned
// into KeyObjects once and cached, since that costs as much as a verify. They are imported as JWK
// rather than as SubjectPublicKeyInfo DER: the same raw key (OpenSSL checks neither form's point),
// about four times faster on Node 20, which counts where most keys are seen once (a secret poll's
// one-time keys).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { decodeBase64url, encodeBase64url } from '@veche/core/replay'
import type { PublicKey, SignatureVerifier, Signer } from '@veche/core'
import { verifyCredentialNode } from './node-blind-rsa.js'

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const CACHE_LIMIT = 100_000

const keyCache = new Map<string, KeyObject | null>()

/** The KeyObject for a raw 32-byte public key, or null if it is not a valid key. */
export function publicKeyObject(raw: Uint8Array): KeyObject | null {
  // Keyed by the bytes read as latin1, through a view: no copy, no base64 for a key seen before.
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.length)
  const cacheKey = bytes.toString('latin1')
  const cached = keyCache.get(cacheKey)
  if (cached !== undefined) return cached
  let key: KeyObject | null
  try {
    key =
      raw.length === 32
        ? createPublicKey({
            key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') },
            format: 'jwk',
          })
        : null
  } catch {
    key = null
  }
  if (keyCache.size >= CACHE_LIMIT) keyCache.clear()
  keyCache.set(cacheKey, key)
  return key
}

/** Checks one Ed25519 signature synchronously. */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = publicKeyObject(publicKey)
  if (key === null || signature.length !== 64) return false
  try {
    return verify(null, message, key, signature)
  } catch {
    return false
  }
}

/** The node:crypto signature and credential verifier, on the calling thread. */
export const nodeVerifier: SignatureVerifier = {
  verifyAll: (checks) =>
    Promise.resolve(checks.map((c) => verifyEd25519(c.publicKey, c.message, c.signature))),
  verifyCredentials: (checks) => Promise.resolve(checks.map(verifyCredentialNode)),
}

/** A key pair as stored: the public key and the 32-byte private seed, both base64url. */
export interface KeyPairText {
  readonly publicKey: PublicKey
  readonly secretKey: string
}

/** Makes a new Ed25519 key pair. */
export function generateKeyPair(): KeyPairText {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  return {
    publicKey: encodeBase64url(spki.subarray(SPKI_PREFIX.length)) as PublicKey,
    secretKey: encodeBase64url(pkcs8.subarray(PKCS8_PREFIX.length)),
  }
}

/** A signer for a stored key pair; throws if the secret does not match the public key. */
export function nodeSigner(pair: KeyPairText): Signer {
  const seed = decodeBase64url(pair.secretKey)
  if (seed === null || seed.length !== 32)
    throw new Error('the secret key must be 32 bytes of base64url')
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const derived = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length)
  if (encodeBase64url(derived) !== pair.publicKey) {
    throw new Error('the secret key does not belong to this public key')
  }
  return {
    publicKey: pair.publicKey,
    sign: (message) => Promise.resolve(new Uint8Array(sign(null, message, privateKey))),
  }
}
