// The key of an encrypted SQLite store (docs/storage.md, "Encryption at rest"). The store file is
// encrypted with SQLCipher 4 (AES-256-CBC with an HMAC-SHA512 per page, through SQLite3 Multiple
// Ciphers) under a raw 256-bit key. The key is never written down: it is derived from the holder's
// secret and a random salt kept in a small header file next to the store (`veche.db.key`):
//
// - a passphrase: scrypt (RFC 7914, @noble/hashes) with the header's cost (N = 2^17, r = 8, p = 1
//   by default: about 128 MiB and a fraction of a second), 32 bytes;
// - a key file (32 random bytes, as 64 hex characters): HKDF-SHA-256 (RFC 5869) over it with the
//   header's salt.
//
// Either way the header's salt is needed, so destroying the header makes the store unreadable
// even to someone who holds the passphrase or the key file: that is what `veche wipe` does first.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs'
import { hkdf } from '@noble/hashes/hkdf.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { decodeBase64url, encodeBase64url } from '@veche/core/replay'
import { z } from 'zod'
import { PRIVATE_FILE_MODE, tightenFile } from './private-files.js'
import { storeKeyHeaderFile } from './store-key-header-file.js'

/** The holder's secret: a passphrase, or the bytes of a key file. */
export type StoreSecret =
  | { readonly kind: 'passphrase'; readonly passphrase: string }
  | { readonly kind: 'key-file'; readonly key: Uint8Array }

/** scrypt's cost by default: N = 2^17 (OWASP's figure for scrypt), r = 8, p = 1. */
export const DEFAULT_SCRYPT_LOG_N = 17
/** Cheaper than this would make a stolen header easy to guess against. */
export const MIN_SCRYPT_LOG_N = 14
/** More would take minutes and gigabytes on a phone-class machine. */
export const MAX_SCRYPT_LOG_N = 20

const salt = z.string().regex(/^[A-Za-z0-9_-]{22,86}$/)
const headerSchema = z.strictObject({
  format: z.literal('veche-store-key'),
  version: z.literal(1),
  cipher: z.literal('sqlcipher-4'),
  kdf: z.discriminatedUnion('name', [
    z.strictObject({
      name: z.literal('scrypt'),
      logN: z.number().int().min(MIN_SCRYPT_LOG_N).max(MAX_SCRYPT_LOG_N),
      r: z.literal(8),
      p: z.literal(1),
      salt,
    }),
    z.strictObject({ name: z.literal('hkdf-sha256'), salt }),
  ]),
})

export type StoreKeyHeader = z.infer<typeof headerSchema>

/** Refused: the header is damaged, or the secret is of the other kind. */
export class StoreKeyError extends Error {
  override readonly name = 'StoreKeyError'
}

export { storeKeyHeaderFile } from './store-key-header-file.js'

/** The header of `file`, or null when the store is not encrypted (no header). */
export function readStoreKeyHeader(file: string): StoreKeyHeader | null {
  const headerFile = storeKeyHeaderFile(file)
  if (!existsSync(headerFile)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(headerFile, 'utf8'))
  } catch (error) {
    throw new StoreKeyError(`${headerFile} is not a key header: ${(error as Error).message}`)
  }
  const header = headerSchema.safeParse(parsed)
  if (!header.success) {
    throw new StoreKeyError(
      `${headerFile} is not a key header of this Veche: ${header.error.message}`,
    )
  }
  return header.data
}

/** A fresh header for `secret`, with a new random salt. */
export function newStoreKeyHeader(
  secret: StoreSecret,
  logN: number = DEFAULT_SCRYPT_LOG_N,
): StoreKeyHeader {
  const fresh = encodeBase64url(randomBytes(32))
  return {
    format: 'veche-store-key',
    version: 1,
    cipher: 'sqlcipher-4',
    kdf:
      secret.kind === 'passphrase'
        ? { name: 'scrypt', logN, r: 8, p: 1, salt: fresh }
        : { name: 'hkdf-sha256', salt: fresh },
  }
}

/** Writes `header` next to `file` (0600), durably: a new file, fsynced, renamed into place. */
export function writeStoreKeyHeader(file: string, header: StoreKeyHeader): void {
  const headerFile = storeKeyHeaderFile(file)
  const temporary = `${headerFile}.new`
  const fd = openSync(temporary, 'w', PRIVATE_FILE_MODE)
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  tightenFile(temporary)
  renameSync(temporary, headerFile)
}

/** The store's 32-byte key from `header` and the holder's `secret`. */
export function deriveStoreKey(header: StoreKeyHeader, secret: StoreSecret): Uint8Array {
  const saltBytes = decodeBase64url(header.kdf.salt)
  if (saltBytes === null) throw new StoreKeyError('the key header holds a damaged salt')
  if (header.kdf.name === 'scrypt') {
    if (secret.kind !== 'passphrase') {
      throw new StoreKeyError('this store is encrypted under a passphrase, not a key file')
    }
    const { logN, r, p } = header.kdf
    return scrypt(secret.passphrase.normalize('NFC'), saltBytes, { N: 2 ** logN, r, p, dkLen: 32 })
  }
  if (secret.kind !== 'key-file') {
    throw new StoreKeyError('this store is encrypted under a key file, not a passphrase')
  }
  return hkdf(sha256, secret.key, saltBytes, new TextEncoder().encode('veche/store-key/1'), 32)
}

/** A new key file's text: 32 random bytes as 64 hex characters. */
export function newKeyFileText(): string {
  return `${randomBytes(32).toString('hex')}\n`
}

/** The key in a key file's text (64 hex characters, white space around ignored), or null. */
export function parseKeyFileText(text: string): Uint8Array | null {
  const hex = text.trim()
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Uint8Array.from(Buffer.from(hex, 'hex')) : null
}
