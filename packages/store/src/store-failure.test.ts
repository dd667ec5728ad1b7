// A store read that fails part-way (a database connection lost in a failover) must leave the
// ledger's cached states as the store holds them: a submission that failed while being checked is
// checked again from scratch when retried, and a space whose catching up failed is replayed, never
// folded twice. The failure is injected into a real SQLite store: its next read yields one event
// and then throws as a lost connection does.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashSpaceState } from '@veche/core'
import type { SpaceId } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { openSqliteStore } from './sqlite-event-store.js'
import { foundAssembly, newAuthor, submitOne, T0 } from './test-support/assembly-fixture.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function tempStore(): Promise<EventStore> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-store-failure-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  cleanups.push(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return store
}

/**
 * `store`, whose next read of the armed space yields one event and then fails (through its
 * unsynced reader too, which is what the ledger checks with).
 */
function failingOnce(store: EventStore): { store: EventStore; arm(space: SpaceId): void } {
  let armed: SpaceId | null = null
  const failing = (inner: EventStore): EventStore => {
    const read = (space: SpaceId, options?: { after?: number }) => {
      if (space !== armed) return inner.read(space, options)
      armed = null
      return (async function* () {
        for await (const stored of inner.read(space, options)) {
          yield stored
          throw new Error('Connection terminated unexpectedly')
        }
      })()
    }
    const reader = inner.unsyncedReader?.()
    return new Proxy(inner, {
      get(target, property) {
        if (property === 'read') return read
        if (property === 'unsyncedReader' && reader !== undefined && reader !== inner)
          return () => failing(reader)
        const value = Reflect.get(target, property, target) as unknown
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value
      },
    })
  }
  return { store: failing(store), arm: (space) => (armed = space) }
}

test('a space whose catching up fails part-way is replayed, not folded twice', async () => {
  const store = await tempStore()
  const faulty = failingOnce(store)
  const hub = new Ledger(faulty.store, nodeVerifier)
  const other = new Ledger(store, nodeVerifier)
  const { space, founder } = await foundAssembly(hub)
  // Another process appends two events; this ledger's cached state is now behind.
  for (const name of ['carol', 'dave']) {
    const event = await founder.next(
      space,
      'member.admitted',
      { member: newAuthor().publicKey, name },
      T0 + 10,
    )
    expect((await submitOne(other, event)).status).toBe('accepted')
  }
  faulty.arm(space)
  await expect(hub.state(space)).rejects.toThrow(/Connection terminated/)
  const state = await hub.state(space)
  expect(state && hashSpaceState(state)).toBe(hashSpaceState((await other.state(space))!))
})

test('a submission that fails while being checked leaves nothing of itself in the states', async () => {
  const store = await tempStore()
  const faulty = failingOnce(store)
  const hub = new Ledger(faulty.store, nodeVerifier)
  // S is cached by this ledger; T was founded by another process, so checking its event reads it.
  const s = await foundAssembly(hub)
  const t = await foundAssembly(new Ledger(store, nodeVerifier))
  const admitCarol = await s.founder.next(
    s.space,
    'member.admitted',
    { member: newAuthor().publicKey, name: 'carol' },
    T0 + 10,
  )
  const admitDave = await t.founder.next(
    t.space,
    'member.admitted',
    { member: newAuthor().publicKey, name: 'dave' },
    T0 + 10,
  )
  // Carol's admission is checked against S's state first; reading T then fails.
  faulty.arm(t.space)
  await expect(hub.submit([admitCarol, admitDave])).rejects.toThrow(/Connection terminated/)
  expect(await store.count()).toBe(6)
  // Sent again, both are accepted, and the states are what the store holds.
  const again = await hub.submit([admitCarol, admitDave])
  expect(again.outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted'])
  const fresh = new Ledger(store, nodeVerifier)
  for (const space of [s.space, t.space]) {
    expect(hashSpaceState((await hub.state(space))!)).toBe(
      hashSpaceState((await fresh.state(space))!),
    )
  }
})
