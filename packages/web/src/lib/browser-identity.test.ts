// The member's key: made once and kept; a backup restores the same key elsewhere, and a backup is
// the command line's identity file, so keys move between the browser and `veche` both ways.
import { generateKeyPair, nodeVerifier } from '@veche/store'
import { decodeBase64url, joinStatement } from '@veche/core'
import type { SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import { exportIdentity, loadOrCreateIdentity, restoreIdentity } from './browser-identity.js'
import { memoryStore } from './key-value-store.js'

test('identity: made once, backed up, restored on another device with the same key', async () => {
  const phone = memoryStore()
  const first = await loadOrCreateIdentity(phone)
  expect((await loadOrCreateIdentity(phone)).publicKey).toBe(first.publicKey)
  const backup = JSON.stringify(await exportIdentity(phone))

  const laptop = memoryStore()
  expect(await restoreIdentity(laptop, backup)).toBe(first.publicKey)
  const restored = await loadOrCreateIdentity(laptop)
  const message = joinStatement('AAAAAAAAAAAAAAAAAAAAAA' as SpaceId, first.publicKey)
  const [valid] = await nodeVerifier.verifyAll([
    {
      publicKey: decodeBase64url(first.publicKey)!,
      message,
      signature: await restored.sign(message),
    },
  ])
  expect(valid).toBe(true)
})

test('identity: a CLI identity file restores; a damaged one is refused and changes nothing', async () => {
  const store = memoryStore()
  const mine = await loadOrCreateIdentity(store)
  const cli = generateKeyPair()
  const damaged = { name: 'x', publicKey: cli.publicKey, secretKey: generateKeyPair().secretKey }
  expect(await restoreIdentity(store, JSON.stringify(damaged))).toBeNull()
  expect(await restoreIdentity(store, 'not json')).toBeNull()
  expect((await loadOrCreateIdentity(store)).publicKey).toBe(mine.publicKey)
  expect(await restoreIdentity(store, JSON.stringify({ name: 'bolat', ...cli }))).toBe(
    cli.publicKey,
  )
  expect((await loadOrCreateIdentity(store)).publicKey).toBe(cli.publicKey)
})
