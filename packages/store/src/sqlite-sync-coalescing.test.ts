// The SQLite store commits an `appendCommitted` while an earlier append's sync is under way, and one
// sync, started once that one is done, covers every append committed meanwhile: no append is
// durable before a sync that began after its commit, appends resolve in commit order, every other
// read waits for them, and a failed sync fails every append it was to cover. The log's fdatasync
// is held and released (or failed) by the test, around a real store.
import type * as Fs from 'node:fs'
import type { NoParamCallback } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import type { EventStore } from './event-store.js'
import { openSqliteStore } from './sqlite-event-store.js'
import { sampleAuthor, sampleEvents, sampleSpace } from './test-support/sample-events.js'

interface HeldSync {
  release(): void
  fail(error: Error): void
}

const syncs = vi.hoisted(() => ({ holding: false, held: [] as HeldSync[] }))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>()
  const fdatasync = (fd: number, callback: NoParamCallback): void => {
    if (!syncs.holding) return fs.fdatasync(fd, callback)
    syncs.held.push({
      release: () => fs.fdatasync(fd, callback),
      fail: (error) => callback(error),
    })
  }
  return { ...fs, default: { ...fs, fdatasync }, fdatasync }
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  syncs.holding = false
  for (const sync of syncs.held.splice(0)) sync.release()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function tempStore(): Promise<EventStore> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-coalescing-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  cleanups.push(async () => {
    await store.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  })
  return store
}

/** Lets the event loop turn until `done()` holds (at most 10 s). */
async function until(done: () => boolean): Promise<void> {
  const end = Date.now() + 10_000
  while (!done() && Date.now() < end) await new Promise(setImmediate)
  expect(done()).toBe(true)
}

/** Lets the event loop turn a few times, for whatever would settle wrongly to do so. */
async function turns(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise(setImmediate)
}

const space = sampleSpace('coalescing')
const author = sampleAuthor('coalescing')
const events = sampleEvents(space, author, 1, 3)

/** Appends the `n`th event (commit and sync), noting in `log` when it is durable. */
async function commit(store: EventStore, n: number, log: string[]) {
  const appended = await store.appendCommitted!([events[n]!], new Map([[space, n]]))
  const durable = appended.durable.then(
    () => void log.push(`durable ${n}`),
    (error: unknown) => {
      log.push(`failed ${n}`)
      throw error
    },
  )
  durable.catch(() => undefined) // awaited by the test; this only silences the early warning
  return { positions: appended.positions, durable }
}

test('appends commit while an earlier one is synced, and one later sync covers them all, in order', async () => {
  const store = await tempStore()
  const log: string[] = []
  syncs.holding = true
  const a = await commit(store, 0, log)
  expect(syncs.held).toHaveLength(1)
  // B and C commit while A's sync is held, and wait for a sync that starts after it.
  const b = await commit(store, 1, log)
  const c = await commit(store, 2, log)
  expect([a.positions, b.positions, c.positions]).toEqual([[1], [2], [3]])
  expect(syncs.held).toHaveLength(1)
  expect(await store.unsyncedReader!().count(space)).toBe(3)
  let counted: number | null = null
  void store.count(space).then((n) => (counted = n))
  await turns()
  expect(log).toEqual([])
  syncs.held.shift()!.release()
  // A is durable; B and C (committed before the next sync began) are not until that one is done.
  await until(() => log.length === 1 && syncs.held.length === 1)
  await turns()
  expect(log).toEqual(['durable 0'])
  expect(syncs.held).toHaveLength(1)
  expect(counted).toBeNull()
  syncs.held.shift()!.release()
  await Promise.all([a.durable, b.durable, c.durable])
  expect(log).toEqual(['durable 0', 'durable 1', 'durable 2'])
  // The store's own reads waited for every sync before them.
  await until(() => counted !== null)
  expect(counted).toBe(3)
  expect(syncs.held).toEqual([])
})

test('a failed sync fails every append it was to cover, and those waiting for the next one', async () => {
  const store = await tempStore()
  const log: string[] = []
  syncs.holding = true
  const a = await commit(store, 0, log)
  const b = await commit(store, 1, log)
  const c = await commit(store, 2, log)
  const reading = store.count(space)
  syncs.held.shift()!.release()
  await a.durable
  await until(() => syncs.held.length === 1)
  // The sync covering B and C fails: both fail, and so does every call after it.
  syncs.held.shift()!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
  await expect(b.durable).rejects.toThrow(/could not sync/)
  await expect(c.durable).rejects.toThrow(/could not sync/)
  await expect(reading).rejects.toThrow(/could not sync/)
  expect(log).toEqual(['durable 0', 'failed 1', 'failed 2'])
  await expect(store.count(space)).rejects.toThrow(/could not sync/)
  await expect(store.appendCommitted!([], new Map())).rejects.toThrow(/could not sync/)
  expect(syncs.held).toEqual([])
})

test('a failed sync fails the appends committed while it was under way', async () => {
  const store = await tempStore()
  const log: string[] = []
  syncs.holding = true
  const a = await commit(store, 0, log)
  const b = await commit(store, 1, log)
  syncs.held.shift()!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
  await expect(a.durable).rejects.toThrow(/could not sync/)
  await expect(b.durable).rejects.toThrow(/could not sync/)
  expect(log).toEqual(['failed 0', 'failed 1'])
  // No sync was started for B: the store refuses every call from the failure on.
  expect(syncs.held).toEqual([])
  await expect(store.unsyncedReader!().count(space)).rejects.toThrow(/could not sync/)
})
