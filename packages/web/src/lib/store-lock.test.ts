// The passphrase lock over a store in memory, with Node's WebCrypto (the same API as the browser's):
// setting it seals every record (names too) and loses nothing; only the passphrase opens it; a
// change of passphrase re-wraps the keys and leaves every sealed record as it was; removing it gives
// every record back as it was. The browser test (app-lock.browser.test.ts) does the same in chromium.
import { expect, test } from 'vitest'
import type { RecordStore } from './key-value-store.js'
import { memoryRecordStore as memoryStore } from './record-store.js'
import {
  changeLockPassphrase,
  isLockPassphrase,
  removeLock,
  setLock,
  unlockStore,
} from './store-lock.js'

const RECORDS = {
  spaces: [{ id: 'Zq3tLwQbqT0t9Fh1mXo5Qw', name: 'Tenants of Block 4' }],
  outbox: [{ id: 'e1', status: 'pending', event: { body: { name: 'Aigerim Sadykova' } } }],
  'secret.wallet:Zq3tLwQbqT0t9Fh1mXo5Qw:p1': { waiting: { choice: 'Repaint the stairwell' } },
  bytes: new Uint8Array([1, 2, 3, 250]),
}

async function filled(): Promise<RecordStore> {
  const raw = memoryStore()
  for (const [key, value] of Object.entries(RECORDS)) await raw.set(key, value)
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
  await raw.set('identity', { publicKey: 'pk-of-aigerim', privateKey: pair.privateKey })
  await raw.set('duress', { salt: 's', hash: 'h' })
  return raw
}

/** Everything a reader of the raw records sees, CryptoKeys and ciphertext left out. */
async function readable(raw: RecordStore): Promise<string> {
  const entries = await raw.entries()
  return JSON.stringify(entries, (_, v: unknown) =>
    v instanceof ArrayBuffer || v instanceof Uint8Array ? '<bytes>' : v,
  )
}

test('lock: every record sealed under a hashed name, nothing lost, texts included', async () => {
  const raw = await filled()
  const sealed = (await setLock(raw, 'correct horse battery', { 'veche.draft.q': 'A draft' }))!
  const seen = await readable(raw)
  for (const plain of ['Tenants of Block 4', 'Aigerim', 'Repaint', 'Zq3tLwQbqT0t9Fh1mXo5Qw'])
    expect(seen).not.toContain(plain)
  expect(seen).not.toContain('pk-of-aigerim')
  expect(seen).not.toContain('A draft')
  const names = (await raw.entries()).map(([k]) => k)
  expect(names.filter((n) => !n.startsWith('sealed:')).sort()).toEqual(['duress', 'lock'])
  for (const [key, value] of Object.entries(RECORDS)) expect(await sealed.get(key)).toEqual(value)
  const identity = await sealed.get<{ publicKey: string; privateKey: CryptoKey }>('identity')
  expect(identity?.publicKey).toBe('pk-of-aigerim')
  expect(identity?.privateKey).toBeInstanceOf(CryptoKey)
  expect(await sealed.get('duress')).toEqual({ salt: 's', hash: 'h' })

  const reopened = await unlockStore(raw, 'correct horse battery')
  if (!reopened.ok) throw new Error(reopened.code)
  expect(reopened.texts).toEqual({ 'veche.draft.q': 'A draft' })
  expect(await reopened.store.get('spaces')).toEqual(RECORDS.spaces)
  await reopened.store.set('outbox', [])
  expect(await reopened.store.get('outbox')).toEqual([])
  expect(await unlockStore(raw, 'correct horse batterY')).toEqual({
    ok: false,
    code: 'lock.wrong-passphrase',
  })
})

test('lock: a record moved under another name is refused, not read as that one', async () => {
  const raw = memoryStore()
  const sealed = (await setLock(raw, 'correct horse battery', {}))!
  const nameOf = async (key: string, value: string): Promise<string> => {
    const before = new Set((await raw.entries()).map(([k]) => k))
    await sealed.set(key, value)
    return (await raw.entries()).map(([k]) => k).find((k) => !before.has(k))!
  }
  const spaces = await nameOf('spaces', 'the list of assemblies')
  const outbox = await nameOf('outbox', 'the queued events')
  const [a, b] = [await raw.get(spaces), await raw.get(outbox)]
  await raw.commit(
    [
      [spaces, b],
      [outbox, a],
    ],
    [],
  )
  await expect(sealed.get('spaces')).rejects.toThrow(/holds another record/)
})

test('lock: a new passphrase re-wraps the keys; the records stay as they were', async () => {
  const raw = await filled()
  await setLock(raw, 'correct horse battery', {})
  const before = (await raw.entries()).filter(([k]) => k.startsWith('sealed:'))
  expect(await changeLockPassphrase(raw, 'wrong one', 'staple')).toEqual({
    ok: false,
    code: 'lock.wrong-passphrase',
  })
  expect(await changeLockPassphrase(raw, 'correct horse battery', 'staple gun 42')).toEqual({
    ok: true,
  })
  expect((await raw.entries()).filter(([k]) => k.startsWith('sealed:'))).toEqual(before)
  expect(await isLockPassphrase(raw, 'correct horse battery')).toBe(false)
  expect(await isLockPassphrase(raw, 'staple gun 42')).toBe(true)
  const opened = await unlockStore(raw, 'staple gun 42')
  expect(opened.ok && (await opened.store.get('spaces'))).toEqual(RECORDS.spaces)
})

test('lock: removing it gives every record back plain, and the texts to localStorage', async () => {
  const raw = await filled()
  const original = new Map(await raw.entries())
  await setLock(raw, 'correct horse battery', { 'veche.invitation.x': 'https://hub/#/join/abc' })
  expect(await removeLock(raw, 'not it')).toEqual({ ok: false, code: 'lock.wrong-passphrase' })
  const removed = await removeLock(raw, 'correct horse battery')
  expect(removed).toEqual({ ok: true, texts: { 'veche.invitation.x': 'https://hub/#/join/abc' } })
  const after = new Map(await raw.entries())
  expect([...after.keys()].sort()).toEqual([...original.keys()].sort())
  for (const [key, value] of original) {
    if (key === 'identity') continue
    expect(after.get(key), key).toEqual(value)
  }
  const identity = after.get('identity') as { publicKey: string; privateKey: CryptoKey }
  expect(identity.publicKey).toBe('pk-of-aigerim')
  expect(identity.privateKey).toBe((original.get('identity') as typeof identity).privateKey)
})

test('lock: a record written plain by a tab that had not seen the lock is sealed on unlock', async () => {
  const raw = await filled()
  await setLock(raw, 'correct horse battery', {})
  await raw.set('space:other', { events: ['Tenants of Block 4'] })
  const opened = await unlockStore(raw, 'correct horse battery')
  expect(await readable(raw)).not.toContain('Tenants of Block 4')
  expect(opened.ok && (await opened.store.get('space:other'))).toEqual({
    events: ['Tenants of Block 4'],
  })
})

test('lock: a second lock, from a tab that had not heard of the first, writes nothing', async () => {
  const raw = await filled()
  expect(await setLock(raw, 'correct horse battery', {})).not.toBeNull()
  const before = await raw.entries()
  expect(await setLock(raw, 'another tab, another passphrase', { 'veche.draft.q': 'x' })).toBeNull()
  expect(await raw.entries()).toEqual(before)
  const opened = await unlockStore(raw, 'correct horse battery')
  if (!opened.ok) throw new Error(opened.code)
  expect(await opened.store.get('spaces')).toEqual(RECORDS.spaces)
})

test('lock: a tab still open through a lock that another tab removed writes nothing sealed', async () => {
  const raw = await filled()
  const gone: string[] = []
  const stale = (await setLock(raw, 'correct horse battery', {}, [], () => gone.push('gone')))!
  expect((await removeLock(raw, 'correct horse battery')).ok).toBe(true)
  const plain = await raw.entries()
  void stale.set('spaces', [{ id: 'x', name: 'A record no one could open' }])
  void stale.set('outbox', [])
  await expect.poll(() => gone).toEqual(['gone'])
  expect(await raw.entries()).toEqual(plain)
  // A later lock can still be set and removed: no record under keys no one holds is in the way.
  expect(await setLock(raw, 'a second lock', {})).not.toBeNull()
  const removed = await removeLock(raw, 'a second lock')
  expect(removed.ok).toBe(true)
  expect(await raw.get('spaces')).toEqual(RECORDS.spaces)
})
