// The ledger checks a submission while the one before it is synced (EventStore.appendCommitted,
// unsyncedReader), and must still tell nothing before it is durable: each report, state and
// listener waits for the syncs of every append it was checked against, and a failed sync takes
// down whatever was checked against it. The log's fdatasync is held and released (or failed) by
// the test, around a real SQLite store.
import type * as Fs from 'node:fs'
import type { NoParamCallback } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import type { SubmitReport } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { openSqliteStore } from './sqlite-event-store.js'
import { foundAssembly, newAuthor, T0 } from './test-support/assembly-fixture.js'

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
  const dir = mkdtempSync(join(tmpdir(), 'veche-pipelining-'))
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

/** A founded assembly and two admissions by its founder, the second chained on the first. */
async function twoChained(ledger: Ledger) {
  const { space, founder } = await foundAssembly(ledger)
  const admit = (name: string, at: number) =>
    founder.next(space, 'member.admitted', { member: newAuthor().publicKey, name }, at)
  const first = await admit('carol', T0 + 10)
  const second = await admit('dave', T0 + 11)
  return { space, first, second }
}

/** Submits `inputs`, noting when its append starts and whether it has settled. */
function tracked(ledger: Ledger, inputs: unknown[], log: string[], name: string) {
  const state = { settled: false }
  const report: Promise<SubmitReport> = ledger.submit(inputs, {
    onAppending: () => log.push(`${name} appending`),
  })
  report.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return { report, state }
}

test('the next submission is checked while one is synced, and each is reported only once its own sync is done', async () => {
  const store = await tempStore()
  const ledger = new Ledger(store, nodeVerifier)
  const { space, first, second } = await twoChained(ledger)
  const before = (await ledger.state(space))!.events
  const log: string[] = []
  ledger.onAppend((events) => log.push(`told ${events.length}`))
  syncs.holding = true
  const a = tracked(ledger, [first], log, 'A')
  const b = tracked(ledger, [second], log, 'B')
  // A is committed and its sync held; B (chained on A) is checked meanwhile and waits to append.
  await until(() => syncs.held.length === 1 && log.includes('B appending'))
  expect(log).toEqual(['A appending', 'B appending'])
  expect(a.state.settled).toBe(false)
  expect(b.state.settled).toBe(false)
  syncs.held.shift()!.release()
  // A is durable: reported and told; B is committed and its own sync held.
  await until(() => a.state.settled && syncs.held.length === 1)
  expect((await a.report).outcomes[0]!.status).toBe('accepted')
  expect(log).toEqual(['A appending', 'B appending', 'told 1'])
  expect(b.state.settled).toBe(false)
  syncs.held.shift()!.release()
  expect((await b.report).outcomes[0]!.status).toBe('accepted')
  expect(log).toEqual(['A appending', 'B appending', 'told 1', 'told 1'])
  syncs.holding = false
  expect((await ledger.state(space))?.events).toBe(before + 2)
})

test('a failed sync fails the submission synced and the one checked against it; nothing of them is told', async () => {
  const store = await tempStore()
  const ledger = new Ledger(store, nodeVerifier)
  const { space, first, second } = await twoChained(ledger)
  const log: string[] = []
  ledger.onAppend((events) => log.push(`told ${events.length}`))
  syncs.holding = true
  const a = tracked(ledger, [first], log, 'A')
  const b = tracked(ledger, [second], log, 'B')
  const reading = ledger.state(space)
  await until(() => syncs.held.length === 1 && log.includes('B appending'))
  syncs.held.shift()!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
  await expect(a.report).rejects.toThrow(/could not sync/)
  await expect(b.report).rejects.toThrow(/could not sync/)
  // A state read asked meanwhile would have held A's admission: it fails rather than show it.
  await expect(reading).rejects.toThrow(/could not sync/)
  expect(log).toEqual(['A appending', 'B appending'])
  expect(syncs.held).toEqual([])
})
