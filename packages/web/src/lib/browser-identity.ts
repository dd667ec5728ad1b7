// The member's key pair, kept in IndexedDB as a non-extractable WebCrypto Ed25519 CryptoKey: the
// browser signs with it, but no script on this origin (an injected one, or a modified build) can
// read its secret. The secret exists in readable form only at two moments: in this page's memory
// from the key's making (or the migration of an older, extractable key) until the member's first
// backup or the page's closing; and inside a backup the member asks for, sealed under their
// passphrase (@veche/core key-backup). That sealed copy is also kept beside the key, so a later
// "Back up my key" can give the file again after checking the passphrase: no plaintext secret sits
// in storage. A key never backed up in its first session can never be exported; the app says so.
// A command line identity file ({ name, publicKey, secretKey }) still restores, so keys made with
// `veche` move into the browser.
import { decodeBase64url, encodeBase64url, PUBLIC_KEY_PATTERN } from '@veche/core'
import type { KeyBackup, KeyBackupRefusal, PublicKey, Signer } from '@veche/core'
import type { KeyValueStore } from './key-value-store.js'

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

async function signerFromSeedBytes(
  bytes: Uint8Array,
): Promise<(Signer & { privateKey: CryptoKey }) | null> {
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32)
  pkcs8.set(PKCS8_PREFIX)
  pkcs8.set(bytes, PKCS8_PREFIX.length)
  try {
    // Imported extractable once, only to read the public half (JWK `x`), then dropped.
    const probe = await crypto.subtle.importKey('pkcs8', pkcs8.buffer, ED25519, true, ['sign'])
    const jwk = await crypto.subtle.exportKey('jwk', probe)
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8.buffer, ED25519, false, [
      'sign',
    ])
    pkcs8.fill(0)
    if (jwk.x === undefined) return null
    return { ...signerOf({ publicKey: jwk.x as PublicKey, privateKey }), privateKey }
  } catch {
    return null
  }
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
      await store.set(IDENTITY_KEY, fresh)
      return new DeviceIdentity(store, fresh, seed)
    }
    if (!stored.privateKey.extractable) return new DeviceIdentity(store, stored, null)
    // A key stored extractable by an older version: read its seed once, store it non-extractable.
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', stored.privateKey))
    const seed = pkcs8.slice(PKCS8_PREFIX.length)
    pkcs8.fill(0)
    const moved = await signerFromSeedBytes(seed)
    if (moved?.publicKey !== stored.publicKey) throw new Error('the stored key is damaged')
    const migrated = { ...stored, privateKey: moved.privateKey }
    await store.set(IDENTITY_KEY, migrated)
    return new DeviceIdentity(store, migrated, seed)
  }

  get publicKey(): PublicKey {
    return this.stored.publicKey
  }

  get signer(): Signer {
    return signerOf(this.stored)
  }

  /** 'sealed': a backup was made (its passphrase gives it again); 'now': only in this session. */
  get backupState(): 'sealed' | 'now' | 'never' {
    if (this.stored.backup !== undefined) return 'sealed'
    return this.seed === null ? 'never' : 'now'
  }

  /**
   * The backup file's text: sealed now under `passphrase` (kept beside the key, and the seed
   * forgotten), or the sealed copy made before, once `passphrase` opens it.
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
    if (this.seed === null)
      return {
        ok: false,
        code: 'backup.unavailable',
        message: 'this key was not backed up when it was made, and can no longer be read',
      }
    const sealed = await sealKeyBackup({
      name: 'browser',
      publicKey: this.stored.publicKey,
      secretKey: this.seed,
      passphrase,
      random: crypto.getRandomValues(new Uint8Array(KEY_BACKUP_RANDOM_BYTES)),
    })
    if (!sealed.ok) return sealed
    const next = { ...this.stored, backup: sealed.value }
    await this.store.set(IDENTITY_KEY, next)
    this.stored = next
    this.seed.fill(0)
    this.seed = null
    return { ok: true, value: backupText(sealed.value) }
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
    seed.fill(0)
    if (signer === null || signer.publicKey !== publicKey)
      return {
        ok: false,
        code: 'backup.wrong-key',
        message: 'the secret in this backup does not belong to its public key',
      }
    const next: StoredIdentity = {
      publicKey: signer.publicKey,
      privateKey: signer.privateKey,
      ...(backup === undefined ? {} : { backup }),
    }
    await this.store.set(IDENTITY_KEY, next)
    this.stored = next
    this.seed = null
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
