// The member's key: non-extractable from its making, an older extractable key migrated with the
// same public key, a backup sealed under a passphrase (only in the key's first session, then again
// with that passphrase), restored on another device with the same key, a wrong passphrase refused
// with nothing changed, and the command line's identity files still restoring.
import { generateKeyPair, nodeVerifier } from '@veche/store'
import { decodeBase64url, joinStatement } from '@veche/core'
import type { PublicKey, Signer, SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import { DeviceIdentity, IDENTITY_KEY } from './browser-identity.js'
import type { RecordStore } from './key-value-store.js'
import { memoryStore } from './key-value-store.js'
import { memoryRecordStore } from './record-store.js'
import { storeGate } from './store-gate.js'
import type { StoreGate } from './store-gate.js'
import { removeLock, setLock, unlockStore } from './store-lock.js'

async function signsFor(publicKey: PublicKey, signer: Signer): Promise<boolean> {
  const message = joinStatement('AAAAAAAAAAAAAAAAAAAAAA' as SpaceId, publicKey)
  const [valid] = await nodeVerifier.verifyAll([
    { publicKey: decodeBase64url(publicKey)!, message, signature: await signer.sign(message) },
  ])
  return valid === true
}

test('identity: non-extractable, backed up under a passphrase, restored elsewhere; a wrong passphrase changes nothing', async () => {
  const phone = memoryStore()
  const first = await DeviceIdentity.open(phone)
  const stored = await phone.get<{ privateKey: CryptoKey }>(IDENTITY_KEY)
  expect(stored?.privateKey.extractable).toBe(false)
  await expect(crypto.subtle.exportKey('pkcs8', stored!.privateKey)).rejects.toThrow()
  expect(first.backupState).toBe('now')
  const short = await first.backUp('short')
  expect(short.ok || short.code).toBe('backup.passphrase-short')
  const made = await first.backUp('tenants of block 4')
  if (!made.ok) throw new Error(made.message)
  expect(first.backupState).toBe('sealed')
  expect(JSON.stringify(await phone.get(IDENTITY_KEY))).not.toContain('"secretKey"')

  const laptop = memoryStore()
  const other = await DeviceIdentity.open(laptop)
  const wrong = await other.restore(made.value, 'tenants of block 5')
  expect(wrong.ok || wrong.code).toBe('backup.wrong-passphrase')
  expect((await DeviceIdentity.open(laptop)).publicKey).toBe(other.publicKey)
  const restored = await other.restore(made.value, 'tenants of block 4')
  expect(restored.ok && restored.value).toBe(first.publicKey)
  const reopened = await DeviceIdentity.open(laptop)
  expect(reopened.publicKey).toBe(first.publicKey)
  expect(await signsFor(first.publicKey, reopened.signer)).toBe(true)
  // The restored device can give the same backup again with the same passphrase.
  expect(reopened.backupState).toBe('sealed')
  const again = await reopened.backUp('tenants of block 4')
  expect(again.ok && again.value).toBe(made.value)
})

test('identity: a key never backed up in its first session can no longer be exported', async () => {
  const store = memoryStore()
  const first = await DeviceIdentity.open(store)
  const later = await DeviceIdentity.open(store)
  expect(later.publicKey).toBe(first.publicKey)
  expect(later.backupState).toBe('never')
  const refused = await later.backUp('tenants of block 4')
  expect(refused.ok || refused.code).toBe('backup.unavailable')
})

test('identity: an extractable key of an older version is stored non-extractable, same public key', async () => {
  const store = memoryStore()
  const old = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', old.publicKey))
  const publicKey = Buffer.from(raw).toString('base64url') as PublicKey
  await store.set(IDENTITY_KEY, { publicKey, privateKey: old.privateKey })
  const migrated = await DeviceIdentity.open(store)
  expect(migrated.publicKey).toBe(publicKey)
  const stored = await store.get<{ privateKey: CryptoKey }>(IDENTITY_KEY)
  expect(stored?.privateKey.extractable).toBe(false)
  expect(await signsFor(publicKey, (await DeviceIdentity.open(store)).signer)).toBe(true)
  // Its first session after the migration may still back it up.
  expect(migrated.backupState).toBe('now')
  expect((await migrated.backUp('tenants of block 4')).ok).toBe(true)
})

test('identity: a CLI identity file restores without a passphrase; a damaged one is refused', async () => {
  const store = memoryStore()
  const mine = await DeviceIdentity.open(store)
  const cli = generateKeyPair()
  const damaged = { name: 'x', publicKey: cli.publicKey, secretKey: generateKeyPair().secretKey }
  const refused = await mine.restore(JSON.stringify(damaged), '')
  expect(refused.ok || refused.code).toBe('backup.wrong-key')
  const junk = await mine.restore('not json', '')
  expect(junk.ok || junk.code).toBe('backup.not-a-backup')
  expect((await DeviceIdentity.open(store)).publicKey).toBe(mine.publicKey)
  const restored = await mine.restore(JSON.stringify({ name: 'bolat', ...cli }), '')
  expect(restored.ok && restored.value).toBe(cli.publicKey)
  expect((await DeviceIdentity.open(store)).publicKey).toBe(cli.publicKey)
})

/** Every CryptoKey anywhere in the raw records: what a forensic reading of the profile would find. */
async function storedCryptoKeys(raw: RecordStore): Promise<number> {
  let found = 0
  const walk = (value: unknown): void => {
    if (value instanceof CryptoKey) found++
    else if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value))
      Object.values(value).forEach(walk)
  }
  for (const [, value] of await raw.entries()) walk(value)
  return found
}

/** The app's gate over `raw`, opened through the lock with `passphrase`. */
async function unlocked(raw: RecordStore, passphrase: string): Promise<StoreGate> {
  const opened = await unlockStore(raw, passphrase)
  if (!opened.ok) throw new Error(opened.code)
  const gate = storeGate(raw)
  await gate.replace(() => Promise.resolve(opened.store))
  return gate
}

const LOCK = 'correct horse battery'

test('identity under the lock: stored only wrapped, the same key after unlocking, a backup at any time', async () => {
  const raw = memoryRecordStore()
  const gate = storeGate(raw)
  const made = await DeviceIdentity.open(gate)
  const key = await made.recordForLock()
  expect(key).not.toBeNull()
  await gate.replace(() => setLock(raw, LOCK, {}, [key!]))
  expect(await made.isWrapped()).toBe(true)
  expect(made.backupState).toBe('lock')
  expect(await storedCryptoKeys(raw)).toBe(0)

  // The next session: unlocked, the same key, signing, and a backup though none was made before.
  const later = await DeviceIdentity.open(await unlocked(raw, LOCK))
  expect(later.publicKey).toBe(made.publicKey)
  expect(await signsFor(later.publicKey, later.signer)).toBe(true)
  expect(later.backupState).toBe('lock')
  const backup = await later.backUp('tenants of block 4')
  if (!backup.ok) throw new Error(backup.code)
  expect(later.backupState).toBe('sealed')
  expect(await storedCryptoKeys(raw)).toBe(0)
  const elsewhere = await DeviceIdentity.open(memoryStore())
  expect(await elsewhere.restore(backup.value, 'tenants of block 4')).toEqual({
    ok: true,
    value: made.publicKey,
  })

  // Removing the lock stores it as a non-extractable CryptoKey again.
  expect((await removeLock(raw, LOCK)).ok).toBe(true)
  const plain = await raw.get<{ privateKey: CryptoKey }>(IDENTITY_KEY)
  expect(plain?.privateKey.extractable).toBe(false)
  const unlockedForGood = await DeviceIdentity.open(raw)
  expect(unlockedForGood.publicKey).toBe(made.publicKey)
  expect(await signsFor(unlockedForGood.publicKey, unlockedForGood.signer)).toBe(true)
})

test('identity under the lock: a key made while locked is wrapped; one made before is wrapped only from its backup', async () => {
  const locked = memoryRecordStore()
  const gate = storeGate(locked)
  await gate.replace(() => setLock(locked, LOCK, {}))
  const fresh = await DeviceIdentity.open(gate)
  expect(await fresh.isWrapped()).toBe(true)
  expect(await storedCryptoKeys(locked)).toBe(0)
  // A command line identity restored while locked is wrapped as well.
  const cli = generateKeyPair()
  const file = JSON.stringify({ name: 'cli', publicKey: cli.publicKey, secretKey: cli.secretKey })
  expect(await fresh.restore(file, '')).toEqual({ ok: true, value: cli.publicKey })
  expect(await fresh.isWrapped()).toBe(true)
  expect(await storedCryptoKeys(locked)).toBe(0)
  const restored = await DeviceIdentity.open(await unlocked(locked, LOCK))
  expect(restored.publicKey).toBe(cli.publicKey)
  expect(await signsFor(restored.publicKey, restored.signer)).toBe(true)

  // Made and backed up before the lock, then a new session: its seed is unreadable.
  const raw = memoryRecordStore()
  const first = await DeviceIdentity.open(raw)
  expect((await first.backUp('tenants of block 4')).ok).toBe(true)
  const before = await DeviceIdentity.open(raw)
  expect(before.backupState).toBe('sealed')
  expect(await before.recordForLock()).toBeNull()
  await setLock(raw, LOCK, {})
  const reopened = await DeviceIdentity.open(await unlocked(raw, LOCK))
  expect(await reopened.isWrapped()).toBe(false)
  expect(await storedCryptoKeys(raw)).toBe(1)
  expect(await reopened.wrapFromBackup('tenants of block 5')).toMatchObject({
    ok: false,
    code: 'backup.wrong-passphrase',
  })
  expect(await storedCryptoKeys(raw)).toBe(1)
  expect(await reopened.wrapFromBackup('tenants of block 4')).toEqual({ ok: true, value: true })
  expect(await storedCryptoKeys(raw)).toBe(0)
  const after = await DeviceIdentity.open(await unlocked(raw, LOCK))
  expect(after.publicKey).toBe(first.publicKey)
  expect(await signsFor(after.publicKey, after.signer)).toBe(true)
})

test('identity in a tab opened before the lock: once another tab sets it, nothing is written plain', async () => {
  const raw = memoryRecordStore()
  // Two tabs over one store: the one that makes the key and sets the lock, and one opened before.
  const setter = storeGate(raw)
  const made = await DeviceIdentity.open(setter)
  const refusals: string[] = []
  const stale = storeGate(raw, {
    lockRecord: 'lock',
    hold: () => Promise.resolve(),
    stop: () => refusals.push('x'),
  })
  const staleIdentity = await DeviceIdentity.open(stale)
  expect(staleIdentity.publicKey).toBe(made.publicKey)
  const key = await made.recordForLock()
  await setter.replace(() => setLock(raw, LOCK, {}, [key!]))
  expect(await storedCryptoKeys(raw)).toBe(0)

  // The stale tab restores another key and saves an assembly: neither reaches the store, and it
  // is told once, to reload into the lock screen; what it asks later waits, unwritten.
  const cli = generateKeyPair()
  void staleIdentity.restore(JSON.stringify({ name: 'bolat', ...cli }), '')
  void stale.set('spaces', [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Tenants of Block 4' }])
  await expect.poll(() => refusals).toEqual(['x'])
  expect((await raw.entries()).map(([k]) => k).filter((k) => !k.startsWith('sealed:'))).toEqual([
    'lock',
  ])
  expect(await storedCryptoKeys(raw)).toBe(0)
  const after = await DeviceIdentity.open(await unlocked(raw, LOCK))
  expect(after.publicKey).toBe(made.publicKey)
})
