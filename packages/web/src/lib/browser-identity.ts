// The member's key pair, kept in IndexedDB as a non-extractable WebCrypto Ed25519 CryptoKey: the
// browser signs with it, but no script on this origin (an injected one, or a modified build) can
// read its secret. The secret exists in readable form only at two moments: in this page's memory
// from the key's making (or the migration of an older, extractable key) until the member's first
// backup or the page's closing; and inside a backup the member asks for, sealed under their
// passphrase (@veche/core key-backup). That sealed copy is also kept beside the key, so a later
// "Back up my key" can give the file again after checking the passphrase: no plaintext secret sits
// in storage. A command line identity file ({ name, publicKey, secretKey }) still restores, so keys
// made with `veche` move into the browser.
//
// Under the passphrase lock (store-lock.ts) the key is kept **wrapped** instead: it is handed to the
// lock extractable for the instant of writing, which stores it encrypted under the lock's data key
// and gives it back non-extractable when read, so nothing of it is in storage in the clear, and the
// unlocked app can seal a new backup from it at any time. Only a key whose seed this page can read
// can be wrapped: one made or restored while locked, one made in this session, or one opened from
// its kept backup. An older key stays a stored non-extractable CryptoKey until then; without a
// lock, it is one again (removing the lock unwraps it as such).
import { decodeBase64url, encodeBase64url, PUBLIC_KEY_PATTERN } from '@veche/core'
import type { KeyBackup, KeyBackupRefusal, PublicKey, Signer } from '@veche/core'
import type { KeyValueStore } from './key-value-store.js'
import type { StoreGate } from './store-gate.js'

const ED25519 = { name: 'Ed25519' } as const
const PKCS8_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])
/** The IndexedDB key of the identity record. */
export const IDENTITY_KEY = 'identity'

interface StoredIdentity {
  readonly publicKey: PublicKey
  readonly privateKey: CryptoKey
  /** The key's seed sealed under the member's backup passphrase, once they made a backup. */
  readonly backup?: KeyBackup
}

/** Why a backup or a restore did not happen. */
export type IdentityRefusal =
  | KeyBackupRefusal
  | {
      readonly ok: false
      readonly code: 'backup.unavailable' | 'backup.wrong-key'
      message: string
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

/** Imports a 32-byte Ed25519 seed (base64url) as a signer; null if it is not a key. */
export async function signerFromSeed(
  seed: string,
): Promise<(Signer & { privateKey: CryptoKey }) | null> {
  const bytes = decodeBase64url(seed)
  return bytes === null || bytes.length !== 32 ? null : signerFromSeedBytes(bytes)
}

/** The PKCS#8 Ed25519 private key of a 32-byte seed; null if the browser refuses it. */
async function privateKeyFromSeed(bytes: Uint8Array, extractable: boolean): Promise<CryptoKey> {
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32)
  pkcs8.set(PKCS8_PREFIX)
  pkcs8.set(bytes, PKCS8_PREFIX.length)
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8.buffer, ED25519, extractable, ['sign'])
  } finally {
    pkcs8.fill(0)
  }
}

async function signerFromSeedBytes(
  bytes: Uint8Array,
): Promise<(Signer & { privateKey: CryptoKey }) | null> {
  try {
    // Imported extractable once, only to read the public half (JWK `x`), then dropped.
    const probe = await privateKeyFromSeed(bytes, true)
    const jwk = await crypto.subtle.exportKey('jwk', probe)
    const privateKey = await privateKeyFromSeed(bytes, false)
    if (jwk.x === undefined) return null
    return { ...signerOf({ publicKey: jwk.x as PublicKey, privateKey }), privateKey }
  } catch {
    return null
  }
}

/** What the store through the passphrase lock adds (store-lock.ts), known here by its shape. */
interface SealingStore extends KeyValueStore {
  holdsWrappedKey(key: string): Promise<boolean>
  getExtractable<T>(key: string): Promise<T | undefined>
}

function isSealing(store: KeyValueStore): store is SealingStore {
  return 'holdsWrappedKey' in store
}

/** Runs `work` alone on the store as it is now (plain or through the lock), if `store` is a gate. */
function useStore<T>(store: KeyValueStore, work: (inner: KeyValueStore) => Promise<T>): Promise<T> {
  return 'use' in store ? (store as StoreGate).use(work) : work(store)
}

/** Whether the lock keeps the identity's key wrapped, the one state in which it can be read again. */
function holdsWrappedKey(inner: KeyValueStore): Promise<boolean> {
  return isSealing(inner) ? inner.holdsWrappedKey(IDENTITY_KEY) : Promise.resolve(false)
}

/** The key of this device: signs, backs itself up under a passphrase, is replaced by a restore. */
export class DeviceIdentity {
  private constructor(
    private readonly store: KeyValueStore,
    private stored: StoredIdentity,
    /** The readable seed, only between the key's making or migration and its first backup. */
    private seed: Uint8Array | null,
  ) {}

  /** The identity kept in `store`: made on first use, an extractable one made non-extractable. */
  static async open(store: KeyValueStore): Promise<DeviceIdentity> {
    const stored = await store.get<StoredIdentity>(IDENTITY_KEY)
    if (stored === undefined) {
      const seed = crypto.getRandomValues(new Uint8Array(32))
      const made = await signerFromSeedBytes(seed)
      if (made === null) throw new Error('this browser cannot make an Ed25519 key')
      const fresh = { publicKey: made.publicKey, privateKey: made.privateKey }
      const identity = new DeviceIdentity(store, fresh, seed)
      await identity.save(fresh, seed)
      return identity
    }
    if (!stored.privateKey.extractable) {
      const identity = new DeviceIdentity(store, stored, null)
      identity.wrapped = await useStore(store, holdsWrappedKey)
      return identity
    }
    // A key stored extractable by an older version: read its seed once, store it non-extractable.
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', stored.privateKey))
    const seed = pkcs8.slice(PKCS8_PREFIX.length)
    pkcs8.fill(0)
    const moved = await signerFromSeedBytes(seed)
    if (moved?.publicKey !== stored.publicKey) throw new Error('the stored key is damaged')
    const identity = new DeviceIdentity(store, stored, seed)
    await identity.save({ ...stored, privateKey: moved.privateKey }, seed)
    return identity
  }

  /** Whether the passphrase lock keeps this key wrapped (readable again only through the lock). */
  private wrapped = false

  /**
   * Stores `next`. Through the lock, with the seed at hand (`seed`, or read back from the key the
   * lock already wraps), the private key goes in extractable for the instant of writing, so the lock
   * wraps it; otherwise as the non-extractable key it is. `next.privateKey` stays the one in use.
   */
  private async save(next: StoredIdentity, seed: Uint8Array | null): Promise<void> {
    this.wrapped = await useStore(this.store, async (inner) => {
      let key: CryptoKey | undefined
      if (isSealing(inner)) {
        if (seed !== null) key = await privateKeyFromSeed(seed, true)
        else if (await inner.holdsWrappedKey(IDENTITY_KEY))
          key = (await inner.getExtractable<StoredIdentity>(IDENTITY_KEY))?.privateKey
      }
      await inner.set(IDENTITY_KEY, key === undefined ? next : { ...next, privateKey: key })
      return key !== undefined
    })
    this.stored = next
  }

  /** The seed of the key the lock keeps wrapped, read for a moment; null if it is not wrapped. */
  private readWrappedSeed(): Promise<Uint8Array | null> {
    return useStore(this.store, async (inner) => {
      if (!isSealing(inner) || !(await inner.holdsWrappedKey(IDENTITY_KEY))) return null
      const opened = await inner.getExtractable<StoredIdentity>(IDENTITY_KEY)
      if (opened === undefined) return null
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', opened.privateKey))
      const seed = pkcs8.slice(PKCS8_PREFIX.length)
      pkcs8.fill(0)
      return seed
    })
  }

  get publicKey(): PublicKey {
    return this.stored.publicKey
  }

  get signer(): Signer {
    return signerOf(this.stored)
  }

  /**
   * 'sealed': a backup was made (its passphrase gives it again); 'lock': the lock keeps the key
   * wrapped, so a backup can be made at any time (after the lock's passphrase); 'now': only in this
   * session; 'never': the key cannot be read any more.
   */
  get backupState(): 'sealed' | 'now' | 'lock' | 'never' {
    if (this.stored.backup !== undefined) return 'sealed'
    if (this.wrapped) return 'lock'
    return this.seed === null ? 'never' : 'now'
  }

  /** Whether the passphrase lock keeps this key wrapped, asked of the store as it is now. */
  async isWrapped(): Promise<boolean> {
    this.wrapped = await useStore(this.store, holdsWrappedKey)
    return this.wrapped
  }

  /**
   * The identity record as `setLock` should seal it: with the key extractable for that instant, so
   * that the lock wraps it; null if this page cannot read the key (it then stays as it is).
   */
  async recordForLock(): Promise<readonly [string, unknown] | null> {
    if (this.seed === null) return null
    return [IDENTITY_KEY, { ...this.stored, privateKey: await privateKeyFromSeed(this.seed, true) }]
  }

  /**
   * Wraps under the lock a key made before it, once `passphrase` opens its kept backup (the one
   * way left to read the seed of a non-extractable key); nothing changes if it does not.
   */
  async wrapFromBackup(
    passphrase: string,
  ): Promise<{ readonly ok: true; readonly value: boolean } | IdentityRefusal> {
    const kept = this.stored.backup
    if (kept === undefined)
      return {
        ok: false,
        code: 'backup.unavailable',
        message: 'this key has no kept backup to open',
      }
    const { openKeyBackup } = await import('./sealed-key.js')
    const opened = await openKeyBackup(kept, passphrase)
    if (!opened.ok) return opened
    await this.save(this.stored, opened.value.secretKey)
    opened.value.secretKey.fill(0)
    return { ok: true, value: this.wrapped }
  }

  /**
   * The backup file's text: sealed now under `passphrase` (kept beside the key, and the seed
   * forgotten), or the sealed copy made before, once `passphrase` opens it. A key the lock keeps
   * wrapped is read back for the moment of sealing (the caller asks for the lock's passphrase).
   */
  async backUp(
    passphrase: string,
  ): Promise<{ readonly ok: true; readonly value: string } | IdentityRefusal> {
    const { KEY_BACKUP_RANDOM_BYTES, openKeyBackup, sealKeyBackup } =
      await import('./sealed-key.js')
    const kept = this.stored.backup
    if (kept !== undefined) {
      const opened = await openKeyBackup(kept, passphrase)
      if (!opened.ok) return opened
      opened.value.secretKey.fill(0)
      return { ok: true, value: backupText(kept) }
    }
    const inMemory = this.seed
    const seed = inMemory ?? (await this.readWrappedSeed())
    if (seed === null)
      return {
        ok: false,
        code: 'backup.unavailable',
        message: 'this key was not backed up when it was made, and can no longer be read',
      }
    const sealed = await sealKeyBackup({
      name: 'browser',
      publicKey: this.stored.publicKey,
      secretKey: seed,
      passphrase,
      random: crypto.getRandomValues(new Uint8Array(KEY_BACKUP_RANDOM_BYTES)),
    })
    if (sealed.ok) await this.save({ ...this.stored, backup: sealed.value }, seed)
    // A seed read back from the lock is dropped at once; one in memory, after the first backup.
    if (sealed.ok || inMemory === null) seed.fill(0)
    if (sealed.ok) this.seed = null
    return sealed.ok ? { ok: true, value: backupText(sealed.value) } : sealed
  }

  /**
   * Replaces the key with the one in a backup file (sealed: opened with `passphrase`; or a command
   * line identity file); nothing changes if it is refused.
   */
  async restore(
    text: string,
    passphrase: string,
  ): Promise<{ readonly ok: true; readonly value: PublicKey } | IdentityRefusal> {
    const { openKeyBackup, parseKeyBackup } = await import('./sealed-key.js')
    const plain = plainIdentity(text)
    let seed: Uint8Array
    let publicKey: string
    let backup: KeyBackup | undefined
    if (plain !== null) {
      ;({ seed, publicKey } = plain)
    } else {
      const parsed = parseKeyBackup(text)
      if (!parsed.ok) return parsed
      const opened = await openKeyBackup(parsed.value, passphrase)
      if (!opened.ok) return opened
      ;({ secretKey: seed, publicKey } = opened.value)
      backup = parsed.value
    }
    const signer = await signerFromSeedBytes(seed)
    if (signer === null || signer.publicKey !== publicKey) {
      seed.fill(0)
      return {
        ok: false,
        code: 'backup.wrong-key',
        message: 'the secret in this backup does not belong to its public key',
      }
    }
    const next: StoredIdentity = {
      publicKey: signer.publicKey,
      privateKey: signer.privateKey,
      ...(backup === undefined ? {} : { backup }),
    }
    this.seed = null
    await this.save(next, seed)
    seed.fill(0)
    return { ok: true, value: signer.publicKey }
  }
}

function backupText(backup: KeyBackup): string {
  return `${JSON.stringify(backup, null, 2)}\n`
}

function plainIdentity(text: string): { seed: Uint8Array; publicKey: string } | null {
  let file: { publicKey?: unknown; secretKey?: unknown }
  try {
    file = JSON.parse(text) as typeof file
  } catch {
    return null
  }
  if (typeof file !== 'object' || file === null) return null
  if (typeof file.secretKey !== 'string' || typeof file.publicKey !== 'string') return null
  if (!PUBLIC_KEY_PATTERN.test(file.publicKey)) return null
  const seed = decodeBase64url(file.secretKey)
  return seed?.length === 32 ? { seed, publicKey: file.publicKey } : null
}

/** A fresh random token of `bytes` bytes, base64url (nonces, tie-break seeds). */
export function randomToken(bytes = 16): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(bytes)))
}
