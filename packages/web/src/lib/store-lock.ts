// The passphrase lock of this device's data (docs/web.md, "Locking this device"). Every record the
// app keeps in IndexedDB (replicas, the outbox, secret-poll wallets, the list of assemblies, the
// identity record's public key and backup, drafts) is sealed with AES-256-GCM, and its name replaced
// by an HMAC-SHA-256 of it, so neither what a record holds nor which space it is about can be read.
//
// The two keys are random and kept wrapped (AES-KW) under a key derived from the passphrase with
// PBKDF2-SHA-256: changing the passphrase re-wraps 64 bytes instead of re-encrypting every record,
// and a phone with thousands of events does not redo them all. Only WebCrypto: no primitive of ours.
// Opened keys are non-extractable and live in this page's memory only; a reload locks again.
//
// A CryptoKey in a record is kept **wrapped** when it is handed over extractable (the identity's
// signing key, made extractable by browser-identity.ts for the instant of writing it): its PKCS#8
// form encrypted with AES-256-GCM under the data key (WebCrypto wrapKey), and unwrapped again as a
// non-extractable key when read, so its secret never sits in storage and never reaches script. A
// non-extractable key (one made before the lock, which no script can export) cannot be encrypted:
// it stays a structured clone next to its sealed record (docs/threat-model.md says what that means).
//
// Left in the clear, by necessity: the lock record itself (salt, iteration count, wrapped keys),
// the duress passphrase's scrypt hash (checked before anything is unlocked), and such old keys.
import { decodeBase64url, encodeBase64url } from '@veche/core'
import type { KeyValueStore, RecordStore } from './key-value-store.js'
import { LOCAL_TEXT_RECORD } from './sealed-texts.js'

/** The IndexedDB record that says this device's data is locked (main.tsx reads it by this name). */
export const LOCK_RECORD = 'lock'

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256: about half a second on a mid-range phone. */
export const LOCK_ITERATIONS = 600_000
const FORMAT = 'veche-lock-1'
/** Records that stay plain: read before the lock is open. */
const PLAIN = new Set([LOCK_RECORD, 'duress'])
const SEALED = 'sealed:'

interface LockRecord {
  readonly format: typeof FORMAT
  readonly salt: Uint8Array<ArrayBuffer>
  readonly iterations: number
  /** The AES-256-GCM key of the records, wrapped. */
  readonly dataKey: ArrayBuffer
  /** The HMAC-SHA-256 key of the records' names, wrapped. */
  readonly nameKey: ArrayBuffer
}

interface SealedRecord {
  readonly iv: Uint8Array<ArrayBuffer>
  readonly data: ArrayBuffer
  /** Non-extractable CryptoKeys of the value, which cannot be encrypted; the JSON points at them. */
  readonly keys: readonly CryptoKey[]
  /** Extractable CryptoKeys of the value, wrapped (PKCS#8 or raw, AES-GCM); the JSON points at them. */
  readonly wrapped?: readonly WrappedKey[]
}

interface WrappedKey {
  readonly iv: Uint8Array<ArrayBuffer>
  readonly key: ArrayBuffer
  readonly format: 'pkcs8' | 'raw'
  readonly algorithm: string
  readonly usages: readonly KeyUsage[]
}

export interface LockKeys {
  readonly data: CryptoKey
  readonly names: CryptoKey
}

/** The store through the lock, with what only it can do with the keys it keeps wrapped. */
export interface SealingStore extends KeyValueStore {
  /** Whether the record `key` holds a wrapped key (one this lock can give back). */
  holdsWrappedKey(key: string): Promise<boolean>
  /** The record `key` with its wrapped keys unwrapped extractable: for a backup, at once dropped. */
  getExtractable<T>(key: string): Promise<T | undefined>
}

export type LockRefusal = {
  readonly ok: false
  readonly code: 'lock.wrong-passphrase' | 'lock.not-locked'
}

const text = new TextEncoder()
const GCM = 'AES-GCM'
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const
/** The data key encrypts the records and wraps the keys they hold. */
const DATA_USAGES: KeyUsage[] = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']

async function passphraseKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
) {
  const material = await crypto.subtle.importKey(
    'raw',
    text.encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  )
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  )
}

/** The record's keys under `passphrase`, or null if it is not the passphrase. */
async function openKeys(
  record: LockRecord,
  passphrase: string,
  extractable = false,
): Promise<LockKeys | null> {
  const wrapping = await passphraseKey(passphrase, record.salt, record.iterations)
  try {
    return {
      data: await crypto.subtle.unwrapKey(
        'raw',
        record.dataKey,
        wrapping,
        'AES-KW',
        GCM,
        extractable,
        DATA_USAGES,
      ),
      names: await crypto.subtle.unwrapKey(
        'raw',
        record.nameKey,
        wrapping,
        'AES-KW',
        HMAC,
        extractable,
        ['sign'],
      ),
    }
  } catch {
    // AES-KW's integrity check fails: another passphrase.
    return null
  }
}

/** Wraps extractable `keys` under `passphrase`; the non-extractable copies to use from now on. */
async function wrapKeys(
  keys: LockKeys,
  passphrase: string,
): Promise<{ record: LockRecord; keys: LockKeys }> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const wrapping = await passphraseKey(passphrase, salt, LOCK_ITERATIONS)
  const record: LockRecord = {
    format: FORMAT,
    salt,
    iterations: LOCK_ITERATIONS,
    dataKey: await crypto.subtle.wrapKey('raw', keys.data, wrapping, 'AES-KW'),
    nameKey: await crypto.subtle.wrapKey('raw', keys.names, wrapping, 'AES-KW'),
  }
  const unwrap = (wrapped: ArrayBuffer, algorithm: string | typeof HMAC, usages: KeyUsage[]) =>
    crypto.subtle.unwrapKey('raw', wrapped, wrapping, 'AES-KW', algorithm, false, usages)
  return {
    record,
    keys: {
      data: await unwrap(record.dataKey, GCM, DATA_USAGES),
      names: await unwrap(record.nameKey, HMAC, ['sign']),
    },
  }
}

async function sealedName(keys: LockKeys, name: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.names, text.encode(name))
  return SEALED + encodeBase64url(new Uint8Array(mac))
}

// JSON with three additions: bytes as base64url; extractable CryptoKeys wrapped, by reference into
// the record's `wrapped`; non-extractable ones by reference into its `keys`. A wrapped key's
// encryption is bound to the record's name, so it cannot be moved into another record.
async function seal(keys: LockKeys, name: string, value: unknown): Promise<SealedRecord> {
  const cryptoKeys: CryptoKey[] = []
  const toWrap: CryptoKey[] = []
  const json = JSON.stringify({ name, value }, (_, v: unknown) => {
    if (v instanceof CryptoKey)
      return v.extractable
        ? { $wrappedKey: toWrap.push(v) - 1 }
        : { $cryptoKey: cryptoKeys.push(v) - 1 }
    if (v instanceof Uint8Array) return { $bytes: encodeBase64url(v) }
    return v
  })
  const wrapped: WrappedKey[] = []
  for (const key of toWrap) {
    const format = key.type === 'secret' ? 'raw' : 'pkcs8'
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const additionalData = text.encode(name)
    const sealedKey = await crypto.subtle.wrapKey(format, key, keys.data, {
      name: GCM,
      iv,
      additionalData,
    })
    wrapped.push({ iv, key: sealedKey, format, algorithm: key.algorithm.name, usages: key.usages })
  }
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = await crypto.subtle.encrypt({ name: GCM, iv }, keys.data, text.encode(json))
  return { iv, data, keys: cryptoKeys, ...(wrapped.length > 0 ? { wrapped } : {}) }
}

async function unseal(
  keys: LockKeys,
  record: SealedRecord,
  extractable = false,
): Promise<[string, unknown]> {
  const plain = await crypto.subtle.decrypt({ name: GCM, iv: record.iv }, keys.data, record.data)
  const { name, value } = JSON.parse(new TextDecoder().decode(plain), (_, v: unknown) => {
    if (typeof v !== 'object' || v === null) return v
    if ('$cryptoKey' in v && typeof v.$cryptoKey === 'number') return record.keys[v.$cryptoKey]
    if ('$wrappedKey' in v && typeof v.$wrappedKey === 'number') return v
    if ('$bytes' in v && typeof v.$bytes === 'string') return decodeBase64url(v.$bytes)
    return v
  }) as { name: string; value: unknown }
  if (record.wrapped === undefined || record.wrapped.length === 0) return [name, value]
  const unwrapped: CryptoKey[] = []
  for (const w of record.wrapped) {
    const gcm = { name: GCM, iv: w.iv, additionalData: text.encode(name) }
    unwrapped.push(
      await crypto.subtle.unwrapKey(w.format, w.key, keys.data, gcm, w.algorithm, extractable, [
        ...w.usages,
      ]),
    )
  }
  return [name, replaceWrapped(value, unwrapped)]
}

/** `value` with each `{ $wrappedKey: i }` placeholder replaced by `unwrapped[i]`. */
function replaceWrapped(value: unknown, unwrapped: readonly CryptoKey[]): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value
  if ('$wrappedKey' in value && typeof value.$wrappedKey === 'number')
    return unwrapped[value.$wrappedKey]
  if (Array.isArray(value)) return value.map((v) => replaceWrapped(v, unwrapped))
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, replaceWrapped(v, unwrapped)]),
  )
}

/**
 * Reads and writes through the lock: sealed records under sealed names; plain ones as they are. A
 * sealed record is written only while the lock record exists (in the same transaction): once
 * another tab removed the lock, this one's keys open nothing any more, so the write, and every one
 * after it, is dropped and `gone` runs (the app reloads, plain) instead of leaving a record no one
 * can open (and that removing a later lock could not read).
 */
export function sealedStore(raw: KeyValueStore, keys: LockKeys, gone?: () => void): SealingStore {
  let refused = false
  const never = new Promise<never>(() => undefined)
  const write = async (name: string, record: SealedRecord): Promise<void> => {
    if (refused) return never
    const written =
      raw.setIf === undefined
        ? (await raw.set(name, record), true)
        : await raw.setIf(LOCK_RECORD, true, name, record)
    if (written) return
    refused = true
    gone?.()
    return never
  }
  const read = async <T>(key: string, extractable: boolean): Promise<T | undefined> => {
    if (PLAIN.has(key)) return raw.get<T>(key)
    const record = await raw.get<SealedRecord>(await sealedName(keys, key))
    if (record === undefined) return undefined
    const [name, value] = await unseal(keys, record, extractable)
    // A record moved under another record's name by someone with the disk: refuse it.
    if (name !== key) throw new Error(`the sealed record of ${key} holds another record`)
    return value as T
  }
  return {
    get: <T>(key: string) => read<T>(key, false),
    getExtractable: <T>(key: string) => read<T>(key, true),
    async holdsWrappedKey(key) {
      if (PLAIN.has(key)) return false
      const record = await raw.get<SealedRecord>(await sealedName(keys, key))
      return (record?.wrapped?.length ?? 0) > 0
    },
    async set(key, value) {
      if (PLAIN.has(key)) return raw.set(key, value)
      await write(await sealedName(keys, key), await seal(keys, key, value))
    },
    async delete(key) {
      await raw.delete(PLAIN.has(key) ? key : await sealedName(keys, key))
    },
  }
}

/** Whether `store` is the store through the lock. */
export function isSealingStore(store: KeyValueStore): store is SealingStore {
  return 'holdsWrappedKey' in store
}

/**
 * Seals every plain record of `raw` but the plain-by-necessity ones, adding `more`, in one commit
 * (none if the record `unless` exists then); resolves whether it committed.
 */
async function sealAll(
  raw: RecordStore,
  keys: LockKeys,
  more: readonly (readonly [string, unknown])[],
  extra: readonly (readonly [string, unknown])[] = [],
  unless?: string,
): Promise<boolean> {
  const puts: (readonly [string, unknown])[] = [...extra]
  const deletes: string[] = []
  const given = new Set(more.map(([k]) => k))
  const plain = (await raw.entries()).filter(
    ([k]) => !PLAIN.has(k) && !k.startsWith(SEALED) && !given.has(k),
  )
  for (const [key, value] of [...plain, ...more]) {
    puts.push([await sealedName(keys, key), await seal(keys, key, value)])
    deletes.push(key)
  }
  return puts.length === 0 || (await raw.commit(puts, deletes, unless))
}

/**
 * Locks `raw` under `passphrase`: every record sealed, with `texts` (drafts and invitation links,
 * from localStorage) as the sealed local-text record, and `records` sealed in place of the stored
 * ones of the same names (the identity with its key extractable, to be wrapped), all in one
 * transaction: a crash leaves all of it plain or all of it sealed. Null, with nothing written, if
 * the device is locked already (by a tab that had not heard of it: a second lock would leave the
 * first one's records unreadable). `gone`: see `sealedStore`.
 */
export async function setLock(
  raw: RecordStore,
  passphrase: string,
  texts: Readonly<Record<string, string>>,
  records: readonly (readonly [string, unknown])[] = [],
  gone?: () => void,
): Promise<SealingStore | null> {
  const fresh = {
    data: await crypto.subtle.generateKey({ name: GCM, length: 256 }, true, DATA_USAGES),
    names: await crypto.subtle.generateKey({ ...HMAC, length: 256 }, true, ['sign']),
  }
  const { record, keys } = await wrapKeys(fresh, passphrase)
  const more = [[LOCAL_TEXT_RECORD, texts] as const, ...records]
  const sealed = await sealAll(raw, keys, more, [[LOCK_RECORD, record]], LOCK_RECORD)
  return sealed ? sealedStore(raw, keys, gone) : null
}

/**
 * The store opened with `passphrase`, and the local texts it keeps. Any record still plain (one
 * written by another tab that had not seen the lock) is sealed as it opens. `gone`: see
 * `sealedStore`.
 */
export async function unlockStore(
  raw: RecordStore,
  passphrase: string,
  gone?: () => void,
): Promise<
  | { readonly ok: true; readonly store: SealingStore; readonly texts: Record<string, string> }
  | LockRefusal
> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  if (record === undefined) return { ok: false, code: 'lock.not-locked' }
  const keys = await openKeys(record, passphrase)
  if (keys === null) return { ok: false, code: 'lock.wrong-passphrase' }
  await sealAll(raw, keys, [])
  const store = sealedStore(raw, keys, gone)
  const texts = (await store.get<Record<string, string>>(LOCAL_TEXT_RECORD)) ?? {}
  return { ok: true, store, texts }
}

/** Whether `passphrase` opens this device's lock. */
export async function isLockPassphrase(raw: KeyValueStore, passphrase: string): Promise<boolean> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  return record !== undefined && (await openKeys(record, passphrase)) !== null
}

/** Wraps the same keys under `next`: no record is re-encrypted. */
export async function changeLockPassphrase(
  raw: KeyValueStore,
  current: string,
  next: string,
): Promise<{ readonly ok: true } | LockRefusal> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  if (record === undefined) return { ok: false, code: 'lock.not-locked' }
  // Extractable for this moment only, to be wrapped again; dropped at the end of this call.
  const keys = await openKeys(record, current, true)
  if (keys === null) return { ok: false, code: 'lock.wrong-passphrase' }
  await raw.set(LOCK_RECORD, (await wrapKeys(keys, next)).record)
  return { ok: true }
}

/**
 * Unlocks for good: every record opened and written back plain, the lock record deleted, in one
 * transaction. Resolves with the local texts, for localStorage again.
 */
export async function removeLock(
  raw: RecordStore,
  passphrase: string,
): Promise<{ readonly ok: true; readonly texts: Record<string, string> } | LockRefusal> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  if (record === undefined) return { ok: false, code: 'lock.not-locked' }
  const keys = await openKeys(record, passphrase)
  if (keys === null) return { ok: false, code: 'lock.wrong-passphrase' }
  const puts: [string, unknown][] = []
  const deletes = [LOCK_RECORD]
  let texts: Record<string, string> = {}
  for (const [key, value] of await raw.entries()) {
    if (!key.startsWith(SEALED)) continue
    const [name, opened] = await unseal(keys, value as SealedRecord)
    if (name === LOCAL_TEXT_RECORD) texts = opened as Record<string, string>
    else puts.push([name, opened])
    deletes.push(key)
  }
  await raw.commit(puts, deletes)
  return { ok: true, texts }
}
