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
// Left in the clear, by necessity: the lock record itself (salt, iteration count, wrapped keys,
// generation, the drop key's public half), the duress passphrase's scrypt hash (checked before
// anything is unlocked), such old keys, and notes of refused writes sealed to the drop key.
//
// Several tabs: each lock set has a random **generation**, and each time the app is locked (_Lock
// now_, the idle lock) the record's `closed` count goes up. A tab reading through the lock writes
// only while the record still has the generation and count it opened (checked in the write's own
// IndexedDB transaction): a tab that missed the lock being removed, set anew or locked writes
// nothing, not under keys no one holds any more nor after the member locked. What it was refused
// is kept for the member as a note sealed to the drop key (unsaved-notes.ts), and the tab reloads.
import { decodeBase64url, encodeBase64url } from '@veche/core'
import type { Guard, KeyValueStore, RecordStore } from './key-value-store.js'
import { LOCAL_TEXT_RECORD } from './sealed-texts.js'
import type { RefusalOptions } from './store-gate.js'
import { refusals } from './store-gate.js'
import type { UnsavedNote } from './unsaved-notes.js'
import {
  importDropKey,
  isPlainNote,
  isSealedNote,
  makeDropKey,
  openNote,
  plainNote,
  sealNote,
  UNSAVED_PREFIX,
} from './unsaved-notes.js'

/** The IndexedDB record that says this device's data is locked (main.tsx reads it by this name). */
export const LOCK_RECORD = 'lock'

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256: about half a second on a mid-range phone. */
export const LOCK_ITERATIONS = 600_000
const FORMAT = 'veche-lock-1'
/** Records that stay plain: read before the lock is open. */
const PLAIN = new Set([LOCK_RECORD, 'duress'])
const SEALED = 'sealed:'
/** The sealed record of the drop key's private half (PKCS#8 bytes; unsaved-notes.ts). */
const DROP_RECORD = 'lock.drop'

interface LockRecord {
  readonly format: typeof FORMAT
  readonly salt: Uint8Array<ArrayBuffer>
  readonly iterations: number
  /** The AES-256-GCM key of the records, wrapped. */
  readonly dataKey: ArrayBuffer
  /** The HMAC-SHA-256 key of the records' names, wrapped. */
  readonly nameKey: ArrayBuffer
  /** Random, new with each lock set; kept when the passphrase changes. Absent: the salt's. */
  readonly generation?: string
  /** How many times the app was locked under this generation (absent: 0). */
  readonly closed?: number
  /** The drop key's public half (raw P-256), for notes of refused writes. */
  readonly drop?: Uint8Array<ArrayBuffer>
}

/** Which lock a tab opened, and how many times it had been locked then. */
export interface LockStamp {
  readonly generation: string
  readonly closed: number
}

function isLockRecord(value: unknown): value is LockRecord {
  return typeof value === 'object' && value !== null && 'format' in value && 'salt' in value
}

/** The generation and count of `record` (a lock from before generations: its salt names it). */
export function lockStamp(record: LockRecord): LockStamp {
  return {
    generation: record.generation ?? encodeBase64url(record.salt),
    closed: record.closed ?? 0,
  }
}

/** The drop key of the lock record `value`, with its generation; null if none. */
export function lockDrop(
  value: unknown,
): { readonly generation: string; readonly key: Uint8Array<ArrayBuffer> } | null {
  if (!isLockRecord(value) || value.drop === undefined) return null
  return { generation: lockStamp(value).generation, key: value.drop }
}

/** True of a lock record with `stamp`'s generation and count. */
function stamped(stamp: LockStamp): Guard {
  return (current) => {
    if (!isLockRecord(current)) return false
    const now = lockStamp(current)
    return now.generation === stamp.generation && now.closed === stamp.closed
  }
}

/** True of the lock record `record` as it was read (its passphrase's salt unchanged). */
function unchanged(record: LockRecord): Guard {
  const salt = encodeBase64url(record.salt)
  const { generation, closed } = lockStamp(record)
  return (current) =>
    stamped({ generation, closed })(current) &&
    isLockRecord(current) &&
    encodeBase64url(current.salt) === salt
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
  /** Whether the device's lock is still the one this store opened, not locked since. */
  current(): Promise<boolean>
  /** Locks the app (every tab): the lock record's count goes up, so no tab writes through it. */
  close(): Promise<void>
  /** Whether the record `key` holds a wrapped key (one this lock can give back). */
  holdsWrappedKey(key: string): Promise<boolean>
  /** The record `key` with its wrapped keys unwrapped extractable: for a backup, at once dropped. */
  getExtractable<T>(key: string): Promise<T | undefined>
}

export type LockRefusal = {
  readonly ok: false
  readonly code: 'lock.wrong-passphrase' | 'lock.not-locked' | 'lock.changed-elsewhere'
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
  kept: Pick<LockRecord, 'generation' | 'closed' | 'drop'>,
): Promise<{ record: LockRecord; keys: LockKeys }> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const wrapping = await passphraseKey(passphrase, salt, LOCK_ITERATIONS)
  const record: LockRecord = {
    format: FORMAT,
    salt,
    iterations: LOCK_ITERATIONS,
    dataKey: await crypto.subtle.wrapKey('raw', keys.data, wrapping, 'AES-KW'),
    nameKey: await crypto.subtle.wrapKey('raw', keys.names, wrapping, 'AES-KW'),
    ...kept,
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
 * Reads and writes through the lock: sealed records under sealed names; plain ones as they are.
 * Every write is made only while the lock record still has `stamp` (in the same transaction): once
 * another tab removed the lock, set a new one or locked the app, this tab's keys are not the
 * device's any more, or the member meant every tab to stop. That write, and every one after it, is
 * refused and held for the member (`options`; unsaved-notes.ts) instead of leaving a record no one
 * can open (and that removing a later lock could not read), and the tab reloads.
 */
export function sealedStore(
  raw: KeyValueStore,
  keys: LockKeys,
  stamp: LockStamp,
  options?: RefusalOptions,
): SealingStore {
  const refused = options === undefined ? null : refusals(options)
  const guard = stamped(stamp)
  const write = async (key: string, name: string, value: unknown, remove: boolean) => {
    if (refused?.stopped === true) return refused.refuse(key, remove ? undefined : value)
    const record = remove || PLAIN.has(key) ? value : await seal(keys, key, value)
    const written =
      raw.setIf === undefined || raw.deleteIf === undefined
        ? (await (remove ? raw.delete(name) : raw.set(name, record)), true)
        : remove
          ? await raw.deleteIf(LOCK_RECORD, guard, name)
          : await raw.setIf(LOCK_RECORD, guard, name, record)
    if (!written) return refused?.refuse(key, remove ? undefined : value)
    refused?.written(key)
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
  const nameOf = async (key: string) => (PLAIN.has(key) ? key : await sealedName(keys, key))
  return {
    get: <T>(key: string) => read<T>(key, false),
    getExtractable: <T>(key: string) => read<T>(key, true),
    async holdsWrappedKey(key) {
      if (PLAIN.has(key)) return false
      const record = await raw.get<SealedRecord>(await sealedName(keys, key))
      return (record?.wrapped?.length ?? 0) > 0
    },
    async set(key, value) {
      await write(key, await nameOf(key), value, false)
    },
    async delete(key) {
      await write(key, await nameOf(key), undefined, true)
    },
    current: async () => guard(await raw.get(LOCK_RECORD)),
    async close() {
      const record = await raw.get<LockRecord>(LOCK_RECORD)
      if (record === undefined || raw.setIf === undefined || !guard(record)) return
      const closed = { ...record, closed: lockStamp(record).closed + 1 }
      await raw.setIf(LOCK_RECORD, unchanged(record), LOCK_RECORD, closed)
    },
  }
}

/** Whether `store` is the store through the lock. */
export function isSealingStore(store: KeyValueStore): store is SealingStore {
  return 'holdsWrappedKey' in store
}

/**
 * Seals every plain record of `raw` but the plain-by-necessity ones, adding `more`, and every
 * plain note of a refused write to `drop`, in one commit (none unless `guard` holds then);
 * resolves whether it committed.
 */
async function sealAll(
  raw: RecordStore,
  keys: LockKeys,
  more: readonly (readonly [string, unknown])[],
  extra: readonly (readonly [string, unknown])[] = [],
  guard?: { readonly key: string; readonly holds: Guard },
  drop?: { readonly generation: string; readonly key: Uint8Array<ArrayBuffer> } | null,
): Promise<boolean> {
  const puts: (readonly [string, unknown])[] = [...extra]
  const deletes: string[] = []
  const given = new Set(more.map(([k]) => k))
  const plain: (readonly [string, unknown])[] = []
  for (const [key, value] of await raw.entries()) {
    if (key.startsWith(UNSAVED_PREFIX)) {
      // A note kept plain while no lock was on: sealed to the drop key, under the same name.
      if (isPlainNote(value) && drop != null)
        puts.push([key, await sealNote(drop.key, drop.generation, value.note)])
    } else if (!PLAIN.has(key) && !key.startsWith(SEALED) && !given.has(key))
      plain.push([key, value])
  }
  for (const [key, value] of [...plain, ...more]) {
    puts.push([await sealedName(keys, key), await seal(keys, key, value)])
    deletes.push(key)
  }
  return puts.length === 0 || (await raw.commit(puts, deletes, guard))
}

const noLock = { key: LOCK_RECORD, holds: (current: unknown) => current === undefined }

/**
 * Locks `raw` under `passphrase`: every record sealed, with `texts` (drafts and invitation links,
 * from localStorage) as the sealed local-text record, and `records` sealed in place of the stored
 * ones of the same names (the identity with its key extractable, to be wrapped), all in one
 * transaction: a crash leaves all of it plain or all of it sealed. Null, with nothing written, if
 * the device is locked already (by a tab that had not heard of it: a second lock would leave the
 * first one's records unreadable). `options`: see `sealedStore`.
 */
export async function setLock(
  raw: RecordStore,
  passphrase: string,
  texts: Readonly<Record<string, string>>,
  records: readonly (readonly [string, unknown])[] = [],
  options?: RefusalOptions,
): Promise<SealingStore | null> {
  const fresh = {
    data: await crypto.subtle.generateKey({ name: GCM, length: 256 }, true, DATA_USAGES),
    names: await crypto.subtle.generateKey({ ...HMAC, length: 256 }, true, ['sign']),
  }
  const drop = await makeDropKey()
  const stamp = {
    generation: encodeBase64url(crypto.getRandomValues(new Uint8Array(16))),
    closed: 0,
  }
  const { record, keys } = await wrapKeys(fresh, passphrase, { ...stamp, drop: drop.publicKey })
  const more = [
    [LOCAL_TEXT_RECORD, texts] as const,
    [DROP_RECORD, drop.privateKey] as const,
    ...records,
  ]
  const dropTo = { generation: stamp.generation, key: drop.publicKey }
  const sealed = await sealAll(raw, keys, more, [[LOCK_RECORD, record]], noLock, dropTo)
  return sealed ? sealedStore(raw, keys, stamp, options) : null
}

/**
 * The store opened with `passphrase`, and the local texts it keeps. Any record still plain (one
 * written by another tab that had not seen the lock) is sealed as it opens. A lock set before
 * generations and drop keys gets them now. `options`: see `sealedStore`.
 */
export async function unlockStore(
  raw: RecordStore,
  passphrase: string,
  options?: RefusalOptions,
): Promise<
  | { readonly ok: true; readonly store: SealingStore; readonly texts: Record<string, string> }
  | LockRefusal
> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  if (record === undefined) return { ok: false, code: 'lock.not-locked' }
  const keys = await openKeys(record, passphrase)
  if (keys === null) return { ok: false, code: 'lock.wrong-passphrase' }
  const stamp = lockStamp(record)
  let drop = lockDrop(record)
  if (drop === null || record.generation === undefined) {
    const made = await makeDropKey()
    const upgraded: LockRecord = { ...record, generation: stamp.generation, drop: made.publicKey }
    const puts = [
      [LOCK_RECORD, upgraded] as const,
      [
        await sealedName(keys, DROP_RECORD),
        await seal(keys, DROP_RECORD, made.privateKey),
      ] as const,
    ]
    if (await raw.commit(puts, [], { key: LOCK_RECORD, holds: unchanged(record) }))
      drop = { generation: stamp.generation, key: made.publicKey }
  }
  await sealAll(raw, keys, [], [], undefined, drop)
  const store = sealedStore(raw, keys, stamp, options)
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
  const kept = { ...lockStamp(record), ...(record.drop === undefined ? {} : { drop: record.drop }) }
  const rewrapped = (await wrapKeys(keys, next, kept)).record
  // Written only over the record as read: a lock removed, set anew or changed meanwhile stands.
  const written =
    raw.setIf === undefined
      ? (await raw.set(LOCK_RECORD, rewrapped), true)
      : await raw.setIf(LOCK_RECORD, unchanged(record), LOCK_RECORD, rewrapped)
  return written ? { ok: true } : { ok: false, code: 'lock.changed-elsewhere' }
}

/**
 * Unlocks for good: every record opened and written back plain, the notes of refused writes
 * opened and kept plain, the lock record deleted, in one transaction (none if the lock changed
 * meanwhile). Resolves with the local texts, for localStorage again.
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
  let dropKey: CryptoKey | null = null
  const notes: [string, unknown][] = []
  for (const [key, value] of await raw.entries()) {
    if (key.startsWith(UNSAVED_PREFIX)) notes.push([key, value])
    if (!key.startsWith(SEALED)) continue
    const [name, opened] = await unseal(keys, value as SealedRecord)
    if (name === LOCAL_TEXT_RECORD) texts = opened as Record<string, string>
    else if (name === DROP_RECORD) dropKey = await importDropKey(opened as Uint8Array<ArrayBuffer>)
    else puts.push([name, opened])
    deletes.push(key)
  }
  const { generation } = lockStamp(record)
  for (const [key, value] of notes) {
    // A note sealed to a drop key gone with its lock cannot be opened by anyone: it goes.
    if (!isSealedNote(value)) continue
    if (dropKey === null || value.generation !== generation) deletes.push(key)
    else puts.push([key, plainNote(await openNote(dropKey, value))])
  }
  const done = await raw.commit(puts, deletes, { key: LOCK_RECORD, holds: unchanged(record) })
  return done ? { ok: true, texts } : { ok: false, code: 'lock.changed-elsewhere' }
}

/**
 * The notes of refused writes that can be read through `store` (the lock open, or plain), by
 * record name, oldest first.
 */
export async function readNotes(
  raw: RecordStore,
  store: KeyValueStore,
): Promise<(readonly [string, UnsavedNote])[]> {
  const record = await raw.get<LockRecord>(LOCK_RECORD)
  const pkcs8 = await store.get<Uint8Array<ArrayBuffer>>(DROP_RECORD)
  const dropKey = pkcs8 === undefined ? null : await importDropKey(pkcs8)
  const generation = record === undefined ? null : lockStamp(record).generation
  const found: (readonly [string, UnsavedNote])[] = []
  for (const name of await noteNames(raw)) {
    const value = await raw.get(name)
    if (isPlainNote(value)) found.push([name, value.note])
    else if (isSealedNote(value) && dropKey !== null && value.generation === generation)
      found.push([name, await openNote(dropKey, value)])
  }
  return found.sort(([, a], [, b]) => a.at - b.at)
}

/** The names of the records holding notes of refused writes. */
export async function noteNames(raw: RecordStore): Promise<string[]> {
  if (raw.names !== undefined) return raw.names(UNSAVED_PREFIX)
  return (await raw.entries()).map(([k]) => k).filter((k) => k.startsWith(UNSAVED_PREFIX))
}
