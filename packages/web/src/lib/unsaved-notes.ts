// A write the passphrase lock refused, kept for the member as a note (unsaved-writes.ts says when):
// sealed to the lock's drop key while a lock is on, so a tab that holds none of the lock's keys
// (one opened before the lock, or reading through a lock since replaced) can still keep it without
// writing anything readable. The drop key is an ECDH P-256 pair made with the lock: its public half
// is in the lock record, its private half in a sealed record, opened only by the passphrase.
// Each note: a fresh ECDH pair, HKDF-SHA-256 of the shared secret to an AES-256-GCM key (the
// ECIES pattern; HPKE, RFC 9180, is its standard form), the note's JSON encrypted under it. Only
// WebCrypto: no primitive of ours. With no lock on (it was removed), a note is kept plain, as every
// other record then is. Loaded with the lock, or when a plain tab's write is first refused.
import type { RefusedWrite } from './store-gate.js'

/** The prefix of the raw records that hold notes (one each, named at random). */
export const UNSAVED_PREFIX = 'unsaved:'
const FORMAT = 'veche-unsaved-1'
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const
const INFO = new TextEncoder().encode('veche unsaved write')

/** A refused write as the member is told of it: its value as JSON (no key, no bytes). */
export interface UnsavedNote {
  readonly record: string
  readonly value: unknown
  readonly at: number
  readonly since: number | null
}

interface PlainNote {
  readonly format: typeof FORMAT
  readonly note: UnsavedNote
}

export interface SealedNote {
  readonly format: typeof FORMAT
  /** The lock generation whose drop key it is sealed to. */
  readonly generation: string
  readonly ephemeral: Uint8Array<ArrayBuffer>
  readonly iv: Uint8Array<ArrayBuffer>
  readonly data: ArrayBuffer
}

export function isPlainNote(value: unknown): value is PlainNote {
  return typeof value === 'object' && value !== null && 'note' in value && 'format' in value
}

export function isSealedNote(value: unknown): value is SealedNote {
  return typeof value === 'object' && value !== null && 'ephemeral' in value && 'data' in value
}

/** `write` as a note: CryptoKeys and bytes left out (a key is never kept in a note). */
export function noteOf(write: RefusedWrite): UnsavedNote {
  const json = JSON.stringify(write.value ?? null, (_, v: unknown) =>
    v instanceof CryptoKey || ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? null : v,
  )
  return { record: write.record, value: JSON.parse(json), at: write.at, since: write.since }
}

export function plainNote(note: UnsavedNote): PlainNote {
  return { format: FORMAT, note }
}

/** A new drop key: the public half raw (for the lock record), the private half as PKCS#8. */
export async function makeDropKey(): Promise<{
  readonly publicKey: Uint8Array<ArrayBuffer>
  readonly privateKey: Uint8Array<ArrayBuffer>
}> {
  const pair = await crypto.subtle.generateKey(ECDH, true, ['deriveBits'])
  return {
    publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)),
    privateKey: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  }
}

/** The drop key's private half, from the PKCS#8 bytes its sealed record keeps, unreadable to script. */
export function importDropKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, ECDH, false, ['deriveBits'])
}

async function noteKey(own: CryptoKey, other: CryptoKey, usage: KeyUsage): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: other }, own, 256)
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  )
}

/** `note` sealed to the drop key `drop` (raw public key) of lock generation `generation`. */
export async function sealNote(
  drop: Uint8Array<ArrayBuffer>,
  generation: string,
  note: UnsavedNote,
): Promise<SealedNote> {
  const to = await crypto.subtle.importKey('raw', drop, ECDH, false, [])
  const own = await crypto.subtle.generateKey(ECDH, false, ['deriveBits'])
  const ephemeral = new Uint8Array(await crypto.subtle.exportKey('raw', own.publicKey))
  const key = await noteKey(own.privateKey, to, 'encrypt')
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const plain = new TextEncoder().encode(JSON.stringify(note))
  // The ephemeral key and the generation are bound in, so neither can be swapped on disk.
  const additionalData = new TextEncoder().encode(`${generation} ${ephemeral.join(',')}`)
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain)
  return { format: FORMAT, generation, ephemeral, iv, data }
}

/** The note sealed in `sealed`, opened with the drop key's private half. */
export async function openNote(dropKey: CryptoKey, sealed: SealedNote): Promise<UnsavedNote> {
  const from = await crypto.subtle.importKey('raw', sealed.ephemeral, ECDH, false, [])
  const key = await noteKey(dropKey, from, 'decrypt')
  const additionalData = new TextEncoder().encode(
    `${sealed.generation} ${sealed.ephemeral.join(',')}`,
  )
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv, additionalData },
    key,
    sealed.data,
  )
  return JSON.parse(new TextDecoder().decode(plain)) as UnsavedNote
}
