// Group commit, pipelined: the next group is taken and its signatures checked while the previous
// group is being synced, and every request is still answered only once its own group is durable,
// in order. The log's fdatasync is held and released by the test, around a real SQLite store.
import type * as Fs from 'node:fs'
import type { NoParamCallback } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignatureVerifier } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore, SubmitOutcome } from '@veche/store'
import { afterEach, expect, test, vi } from 'vitest'
import { foundAssembly, newAuthor, T0 } from '../../store/src/test-support/assembly-fixture.js'
import { SubmissionBatcher } from './submission-batcher.js'

const syncs = vi.hoisted(() => ({ holding: false, held: [] as (() => void)[] }))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>()
  const fdatasync = (fd: number, callback: NoParamCallback): void => {
    if (!syncs.holding) return fs.fdatasync(fd, callback)
    syncs.held.push(() => fs.fdatasync(fd, callback))
  }
  return { ...fs, default: { ...fs, fdatasync }, fdatasync }
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  syncs.holding = false
  for (const release of syncs.held.splice(0)) release()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function tempStore(): Promise<EventStore> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-batcher-pipelining-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  cleanups.push(async () => {
    await store.close()
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

test("the next group's signatures are checked while the previous group is synced; each is answered once durable, in order", async () => {
  const store = await tempStore()
  let checked = 0
  const verifier: SignatureVerifier = {
    verifyAll: (checks) => {
      checked += checks.length
      return nodeVerifier.verifyAll(checks)
    },
    verifyCredentials: (checks) => nodeVerifier.verifyCredentials(checks),
  }
  const ledger = new Ledger(store, verifier)
  const { space, founder } = await foundAssembly(ledger)
  const admit = (name: string, at: number) =>
    founder.next(space, 'member.admitted', { member: newAuthor().publicKey, name }, at)
  const first = await admit('carol', T0 + 10)
  const second = await admit('dave', T0 + 11)
  const batcher = new SubmissionBatcher(ledger)
  const answered: string[] = []
  const answer = (name: string, outcomes: Promise<readonly SubmitOutcome[]>) =>
    outcomes.then((o) => {
      answered.push(`${name} ${o[0]!.status}`)
      return o
    })
  syncs.holding = true
  const a = answer('A', batcher.submit([first]))
  await until(() => syncs.held.length === 1)
  const before = checked
  // A's group is written and its sync held: B's group is taken and its signature checked now.
  const b = answer('B', batcher.submit([second]))
  await until(() => checked > before)
  expect(answered).toEqual([])
  syncs.held.shift()!()
  await a
  expect(answered).toEqual(['A accepted'])
  // B was checked against A while A was synced; its own sync is held now.
  await until(() => syncs.held.length === 1)
  expect(answered).toEqual(['A accepted'])
  syncs.holding = false
  syncs.held.shift()!()
  await b
  expect(answered).toEqual(['A accepted', 'B accepted'])
})
