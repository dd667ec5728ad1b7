// The passphrase lock over a store in memory, with Node's WebCrypto (the same API as the browser's):
// setting it seals every record (names too) and loses nothing; only the passphrase opens it; a
// change of passphrase re-wraps the keys and leaves every sealed record as it was; removing it gives
// every record back as it was. The browser test (app-lock.browser.test.ts) does the same in chromium.
import { expect, test } from 'vitest'
import type { RecordStore } from './key-value-store.js'
import { memoryRecordStore as memoryStore } from './record-store.js'
import { WriteRefused } from './store-gate.js'
import type { RefusalOptions } from './store-gate.js'
import {
  changeLockPassphrase,
  isLockPassphrase,
  noteNames,
  readNotes,
  removeLock,
  setLock,
  unlockStore,
} from './store-lock.js'
import { holdUnsaved } from './unsaved-writes.js'

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
  const stale = (await setLock(raw, 'correct horse battery', {}, [], {
    hold: () => Promise.resolve(),
    stop: () => gone.push('gone'),
  }))!
  expect((await removeLock(raw, 'correct horse battery')).ok).toBe(true)
  const plain = await raw.entries()
  await expect(
    stale.set('spaces', [{ id: 'x', name: 'A record no one could open' }]),
  ).rejects.toThrow(WriteRefused)
  await expect(stale.set('outbox', [])).rejects.toThrow(WriteRefused)
  expect(gone).toEqual(['gone'])
  expect(await raw.entries()).toEqual(plain)
  // A later lock can still be set and removed: no record under keys no one holds is in the way.
  expect(await setLock(raw, 'a second lock', {})).not.toBeNull()
  const removed = await removeLock(raw, 'a second lock')
  expect(removed.ok).toBe(true)
  expect(await raw.get('spaces')).toEqual(RECORDS.spaces)
})

/** What a tab does with the writes the lock refuses, as the app does: notes, and a count of stops. */
function holding(
  raw: RecordStore,
  stops: string[],
): RefusalOptions & { held: () => Promise<void> } {
  let held = Promise.resolve()
  return {
    hold: (write) => (held = held.then(() => holdUnsaved(raw, write))),
    stop: () => stops.push('stop'),
    held: () => held,
  }
}

test('lock: a tab through a lock removed and set anew writes nothing under the old keys, and what it was refused is kept sealed for the member', async () => {
  const raw = await filled()
  const stops: string[] = []
  const tab = holding(raw, stops)
  const stale = (await setLock(raw, 'correct horse battery', {}, [], tab))!
  // Another tab removes the lock and sets a new one: this tab heard of neither.
  expect((await removeLock(raw, 'correct horse battery')).ok).toBe(true)
  expect(await setLock(raw, 'a new lock', {})).not.toBeNull()
  const before = await raw.entries()
  const joined = [{ id: 'Zq3tLwQbqT0t9Fh1mXo5Qw', name: 'A proposal typed in the stale tab' }]
  await expect(stale.set('spaces', joined)).rejects.toThrow(WriteRefused)
  await expect(stale.delete('outbox')).rejects.toThrow(WriteRefused)
  await expect.poll(async () => (await noteNames(raw)).length).toBe(2)
  await tab.held()
  expect(stops).toEqual(['stop'])
  // Nothing under the old keys, nothing plain: two notes more, sealed to the new lock's drop key.
  const added = (await raw.entries()).filter(([k]) => !before.some(([b]) => b === k))
  expect(added.map(([k]) => k.startsWith('unsaved:'))).toEqual([true, true])
  expect(await readable(raw)).not.toContain('stale tab')
  // The new lock opens everything, the note with it; removing it stops on nothing.
  const opened = await unlockStore(raw, 'a new lock')
  if (!opened.ok) throw new Error(opened.code)
  const notes = await readNotes(raw, opened.store)
  expect(notes.map(([, n]) => [n.record, n.value])).toEqual([
    ['spaces', joined],
    ['outbox', null],
  ])
  expect((await removeLock(raw, 'a new lock')).ok).toBe(true)
  expect(await raw.get('spaces')).toEqual(RECORDS.spaces)
})

test('lock: once the app is locked (Lock now), a tab that did not hear of it writes nothing', async () => {
  const raw = await filled()
  const stops: string[] = []
  const tab = holding(raw, stops)
  const stale = (await setLock(raw, 'correct horse battery', {}, [], tab))!
  const other = await unlockStore(raw, 'correct horse battery')
  if (!other.ok) throw new Error(other.code)
  expect(await stale.current()).toBe(true)
  await other.store.close()
  expect(await stale.current()).toBe(false)
  await expect(stale.set('spaces', [])).rejects.toThrow(WriteRefused)
  await expect.poll(async () => (await noteNames(raw)).length).toBe(1)
  await tab.held()
  expect(stops).toEqual(['stop'])
  // Opened again, the same keys read on, and the member is told of the refused write.
  const again = await unlockStore(raw, 'correct horse battery')
  if (!again.ok) throw new Error(again.code)
  expect(await again.store.get('spaces')).toEqual(RECORDS.spaces)
  expect((await readNotes(raw, again.store)).map(([, n]) => n.record)).toEqual(['spaces'])
})
