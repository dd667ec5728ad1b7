// The member's key: non-extractable from its making, an older extractable key migrated with the
// same public key, a backup sealed under a passphrase (only in the key's first session, then again
// with that passphrase), restored on another device with the same key, a wrong passphrase refused
// with nothing changed, and the command line's identity files still restoring.
import { generateKeyPair, nodeVerifier } from '@veche/store'
import { decodeBase64url, joinStatement } from '@veche/core'
import type { PublicKey, Signer, SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import { DeviceIdentity, IDENTITY_KEY } from './browser-identity.js'
import { memoryStore } from './key-value-store.js'

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
