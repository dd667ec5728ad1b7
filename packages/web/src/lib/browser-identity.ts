// The member's key pair, made in the browser with WebCrypto Ed25519 and kept in IndexedDB. It never
// leaves the device except as a backup file the member saves: the same JSON as the command line's
// identity files ({ name, publicKey, secretKey }), so a browser key also works with `veche --as`.
import {
  decodeBase64url,
  encodeBase64url,
  generateWebCryptoSigner,
  PUBLIC_KEY_PATTERN,
} from '@veche/core'
import type { PublicKey, Signer } from '@veche/core'
import type { KeyValueStore } from './key-value-store.js'

const ED25519 = { name: 'Ed25519' } as const
const PKCS8_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])
const KEY = 'identity'

interface StoredIdentity {
  readonly publicKey: PublicKey
  readonly privateKey: CryptoKey
}

/** A backup file's contents. */
export interface IdentityBackup {
  readonly name: string
  readonly publicKey: string
  readonly secretKey: string
}

function signerOf(stored: StoredIdentity): Signer {
  return {
    publicKey: stored.publicKey,
    async sign(message) {
      return new Uint8Array(
        await crypto.subtle.sign(ED25519, stored.privateKey, message.slice().buffer),
      )
    },
  }
}

/** The identity kept in `store`, made on first use. */
export async function loadOrCreateIdentity(store: KeyValueStore): Promise<Signer> {
  const stored = await store.get<StoredIdentity>(KEY)
  if (stored !== undefined) return signerOf(stored)
  const made = await generateWebCryptoSigner(true)
  const fresh = { publicKey: made.publicKey, privateKey: made.keyPair.privateKey }
  await store.set(KEY, fresh)
  return signerOf(fresh)
}

/** Imports a 32-byte Ed25519 seed (base64url) as a signer; null if it is not a key. */
export async function signerFromSeed(
  seed: string,
  extractable = false,
): Promise<(Signer & { privateKey: CryptoKey }) | null> {
  const bytes = decodeBase64url(seed)
  if (bytes === null || bytes.length !== 32) return null
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32)
  pkcs8.set(PKCS8_PREFIX)
  pkcs8.set(bytes, PKCS8_PREFIX.length)
  try {
    // Imported extractable once to read the public half (JWK `x`), then kept as asked.
    const probe = await crypto.subtle.importKey('pkcs8', pkcs8.buffer, ED25519, true, ['sign'])
    const jwk = await crypto.subtle.exportKey('jwk', probe)
    const privateKey = extractable
      ? probe
      : await crypto.subtle.importKey('pkcs8', pkcs8.buffer, ED25519, false, ['sign'])
    if (jwk.x === undefined) return null
    return { ...signerOf({ publicKey: jwk.x as PublicKey, privateKey }), privateKey }
  } catch {
    return null
  }
}

/** The backup of the stored identity. */
export async function exportIdentity(store: KeyValueStore): Promise<IdentityBackup> {
  const stored = await store.get<StoredIdentity>(KEY)
  if (stored === undefined) throw new Error('there is no identity on this device yet')
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', stored.privateKey))
  return {
    name: 'browser',
    publicKey: stored.publicKey,
    secretKey: encodeBase64url(pkcs8.subarray(PKCS8_PREFIX.length)),
  }
}

/** Replaces the stored identity with a backup; returns its public key, or null if it is damaged. */
export async function restoreIdentity(
  store: KeyValueStore,
  text: string,
): Promise<PublicKey | null> {
  let backup: Partial<IdentityBackup>
  try {
    backup = JSON.parse(text) as Partial<IdentityBackup>
  } catch {
    return null
  }
  if (typeof backup.secretKey !== 'string' || typeof backup.publicKey !== 'string') return null
  if (!PUBLIC_KEY_PATTERN.test(backup.publicKey)) return null
  const signer = await signerFromSeed(backup.secretKey, true)
  if (signer === null || signer.publicKey !== backup.publicKey) return null
  await store.set(KEY, { publicKey: signer.publicKey, privateKey: signer.privateKey })
  return signer.publicKey
}

/** A fresh random token of `bytes` bytes, base64url (nonces, tie-break seeds). */
export function randomToken(bytes = 16): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(bytes)))
}
