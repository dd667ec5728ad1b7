// Federation through the ledger on a real SQLite store: neighbourhood assemblies join district
// councils, which join a city council; delegates are elected, mandated and recalled; a motion is
// referred down and added up; `veche verify` and park-mode replays in other orders agree.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { hashSpaceState } from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { buildThreeLevels } from './test-support/federation-scenario.js'

let dir: string
let store: EventStore
let ledger: Ledger
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-federation-'))
  store = await openSqliteStore(join(dir, 'veche.db'))
  ledger = new Ledger(store, nodeVerifier)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The ledger's state hash of every stored space. */
async function stateHashes(): Promise<Map<SpaceId, string>> {
  const hashes = new Map<SpaceId, string>()
  for (const space of await store.spaces()) {
    hashes.set(space, hashSpaceState((await ledger.state(space))!))
  }
  return hashes
}

test('three levels: assemblies elect, mandate and recall delegates; districts and a city decide; verify agrees', async () => {
  await buildThreeLevels(ledger, store)
  // verify replays every space from nothing and gives the ledger's hashes.
  const hashes = await stateHashes()
  const verdicts = await verifyStore(store, nodeVerifier)
  expect(verdicts.map((v) => v.space).sort()).toEqual([...hashes.keys()].sort())
  for (const v of verdicts) {
    expect(v.fault).toBeNull()
    expect(v.hash).toBe(hashes.get(v.space))
  }
}, 60_000)

test('replaying the log in any valid order through park mode gives the same state, nothing pending', async () => {
  await buildThreeLevels(ledger, store)
  const hashes = await stateHashes()
  const logs = new Map<SpaceId, SignedEvent[]>()
  for await (const stored of store.readAll()) {
    const event = JSON.parse(stored.json) as SignedEvent
    logs.set(event.space, [...(logs.get(event.space) ?? []), event])
  }
  // A valid order keeps each space's events in order and interleaves the spaces at random; it is
  // submitted in batches of random sizes, as sync pages and bundles would carry it.
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.nat(), { minLength: 400, maxLength: 400 }),
      fc.integer({ min: 1, max: 40 }),
      async (picks, batch) => {
        const replicaDir = mkdtempSync(join(tmpdir(), 'veche-federation-replica-'))
        const replica = await openSqliteStore(join(replicaDir, 'veche.db'))
        try {
          const other = new Ledger(replica, nodeVerifier)
          const queues = [...logs.values()].map((l) => [...l])
          const order: SignedEvent[] = []
          let p = 0
          while (queues.some((q) => q.length > 0)) {
            const live = queues.filter((q) => q.length > 0)
            order.push(live[(picks[p++ % picks.length] ?? 0) % live.length]!.shift()!)
          }
          for (let i = 0; i < order.length; i += batch) {
            const report = await other.submit(order.slice(i, i + batch), { park: true })
            // Nothing of a valid log is ever refused outright: it is accepted or parked.
            for (const o of report.outcomes) {
              if (o.status === 'rejected') expect(o.parked).toBe(true)
            }
          }
          expect(await other.pending()).toEqual([])
          for (const [space, hash] of hashes) {
            expect(hashSpaceState((await other.state(space))!)).toBe(hash)
          }
        } finally {
          await replica.close()
          rmSync(replicaDir, { recursive: true, force: true })
        }
      },
    ),
    { numRuns: 12, endOnFailure: true },
  )
}, 120_000)

test('a hub that receives every council before the spaces it references, or after them, ends in the same state with nothing pending', async () => {
  await buildThreeLevels(ledger, store)
  const hashes = await stateHashes()
  const logs = new Map<SpaceId, SignedEvent[]>()
  for await (const stored of store.readAll()) {
    const event = JSON.parse(stored.json) as SignedEvent
    logs.set(event.space, [...(logs.get(event.space) ?? []), event])
  }
  const isCouncil = (log: SignedEvent[]) => log[0]!.type === 'council.created'
  const councils = [...logs.values()].filter(isCouncil)
  const assemblies = [...logs.values()].filter((l) => !isCouncil(l))
  for (const order of [
    [...councils, ...assemblies],
    [...assemblies, ...councils],
  ]) {
    const replicaDir = mkdtempSync(join(tmpdir(), 'veche-federation-replica-'))
    const replica = await openSqliteStore(join(replicaDir, 'veche.db'))
    try {
      const other = new Ledger(replica, nodeVerifier)
      for (const log of order) {
        const report = await other.submit(log, { park: true })
        for (const o of report.outcomes) if (o.status === 'rejected') expect(o.parked).toBe(true)
      }
      expect(await other.pending()).toEqual([])
      for (const [space, hash] of hashes) {
        expect(hashSpaceState((await other.state(space))!)).toBe(hash)
      }
    } finally {
      await replica.close()
      rmSync(replicaDir, { recursive: true, force: true })
    }
  }
}, 60_000)
