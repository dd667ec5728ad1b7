// A sync pass over spaces already equal on both hubs costs no request and no store read per space:
// the listing carries a digest per space (its authors' newest events, held ballots, fork evidence
// and held-back events), and a space whose digest and vector equal this hub's own is passed over.
// Before, each such space cost about eight store reads and a request, on the two hubs together,
// on every pass (1,000 spaces with one peer: over a second of CPU every five seconds). A change in
// one space only (one held ballot, one author's newest event) is still carried in the next pass.
// Real hubs (HTTP on loopback, SQLite); each store counts the calls naming one space.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { expect, test } from 'vitest'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { createHub } from './hub.js'
import { syncWithPeer } from './sync-client.js'
import type { SpaceSyncReport } from './sync-client.js'
import { newAuthor, signedAssembly, T0 } from './test-support/signed-assembly.js'

const SPACES = 200

interface CountedHub {
  readonly ledger: Ledger
  readonly url: string
  /** Calls of the store naming one space (its first argument), since the hub started. */
  perSpaceReads(): number
  close(): Promise<void>
}

/**
 * A hub on its own SQLite file whose store counts the calls that name one space: the real store,
 * every call passed to it unchanged.
 */
async function startCountedHub(dir: string, name: string): Promise<CountedHub> {
  const store = await openSqliteStore(join(dir, `${name}.db`))
  let reads = 0
  const counted: EventStore = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]): unknown => {
        if (typeof args[0] === 'string') reads += 1
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  const ledger = new Ledger(counted, nodeVerifier)
  const hub = await createHub({ ledger, log: false })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    ledger,
    url,
    perSpaceReads: () => reads,
    async close() {
      await hub.close()
      await store.close()
    },
  }
}

/** What a pass moved, per space that moved anything. */
function moved(reports: readonly SpaceSyncReport[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { space, pulled, pushed } of reports) {
    const n = (f: SpaceSyncReport['pulled']): number =>
      f.accepted + f.duplicate + f.parked + f.forks + f.rejected
    if (n(pulled) + n(pushed) > 0) out[space] = `pulled ${n(pulled)}, pushed ${n(pushed)}`
  }
  return out
}

test('sync: a second pass over 200 unchanged spaces reads nothing per space on either hub; one new held ballot or one newer event is carried', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-idle-'))
  const a = await startCountedHub(dir, 'a')
  const b = await startCountedHub(dir, 'b')
  try {
    const assemblies = []
    for (let i = 0; i < SPACES - 1; i++) {
      const assembly = await signedAssembly(1, `idle-${String(i).padStart(4, '0')}`)
      expect((await a.ledger.submit([...assembly.events])).written).toBe(2)
      expect((await b.ledger.submit([...assembly.events])).written).toBe(2)
      assemblies.push(assembly)
    }
    // One space with a secret poll, made on hub a and taken to hub b, with a ballot signed (its
    // credential issued at hub a) but not cast yet.
    const p = await secretPollOnLedger(a.ledger, { members: 4, tellers: 2, tellerQuorum: 2 })
    const ballot: SignedEvent = await p.vote(p.members[1]!, { choice: 'yes' })
    expect(Object.keys(moved(await syncWithPeer(a.ledger, b.url, { spaces: [p.space] })))).toEqual([
      p.space,
    ])
    const first = await syncWithPeer(a.ledger, b.url)
    expect(first).toHaveLength(SPACES)
    expect(moved(first)).toEqual({})

    const before = { a: a.perSpaceReads(), b: b.perSpaceReads() }
    const second = await syncWithPeer(a.ledger, b.url)
    expect(second).toHaveLength(SPACES)
    expect(second.filter((r) => r.skipped !== undefined)).toEqual([])
    expect(moved(second)).toEqual({})
    expect({ a: a.perSpaceReads() - before.a, b: b.perSpaceReads() - before.b }).toEqual({
      a: 0,
      b: 0,
    })

    // Only one space's held ballots change (a ballot cast at hub b), and only one author's newest
    // event in another (a member admitted at hub a): the next pass carries each, and reads only
    // those two spaces.
    const cast = await fetch(`${b.url}/api/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [ballot] }),
    })
    expect(cast.status).toBe(200)
    const changed = assemblies[7]!
    const admitted = await changed.founder.next(
      changed.space,
      'member.admitted',
      { member: newAuthor().publicKey, name: 'late' },
      T0 + 100,
    )
    expect((await a.ledger.submit([admitted])).written).toBe(1)
    const third = await syncWithPeer(a.ledger, b.url)
    expect(moved(third)).toEqual({
      [p.space]: 'pulled 1, pushed 0',
      [changed.space]: 'pulled 0, pushed 1',
    })
    expect((await a.ledger.store.ballots(p.space)).map((h) => h.id)).toContain(
      computeEventId(ballot),
    )
    expect((await b.ledger.store.vector(changed.space))[changed.space]).toEqual(
      (await a.ledger.store.vector(changed.space))[changed.space],
    )
  } finally {
    await a.close()
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
