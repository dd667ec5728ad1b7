// A sync pass reads each space's fork evidence once (pass-evidence.ts): it read the forks table
// three times a space, before its pull, after it and for its push, whatever the space held (a
// space equal on both hubs is not read at all: sync-idle.test.ts). Real hubs (HTTP on loopback,
// SQLite); the pass runs from a hub whose store counts its own `forks` calls, the SQLite store's
// method called through.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { expect, test } from 'vitest'
import { syncWithPeer } from './sync-client.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'
import { startReplica } from './test-support/replica.js'

/** `store`, whose `forks` calls are counted per space. */
function countingForks(store: EventStore): { store: EventStore; reads: Map<SpaceId, number> } {
  const reads = new Map<SpaceId, number>()
  const counted = new Proxy(store, {
    get(target, key) {
      if (key === 'forks') {
        return (space: SpaceId) => {
          reads.set(space, (reads.get(space) ?? 0) + 1)
          return target.forks(space)
        }
      }
      const value: unknown = Reflect.get(target, key)
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
  return { store: counted, reads }
}

test('a sync pass reads the fork evidence of each space once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-fork-reads-'))
  const b = await startReplica(dir, 'b')
  const sqlite = await openSqliteStore(join(dir, 'a.db'))
  const { store, reads } = countingForks(sqlite)
  const ledger = new Ledger(store, nodeVerifier)
  try {
    const assemblies = await Promise.all(
      ['reads-01', 'reads-02', 'reads-03', 'reads-04'].map((nonce) => signedAssembly(2, nonce)),
    )
    for (const assembly of assemblies) {
      expect((await ledger.submit([...assembly.events])).written).toBe(3)
      await b.ledger.submit([...assembly.events])
    }
    // Something to pull in one space and to push in another; the rest are equal.
    const [first, second] = assemblies
    const proposal = (n: number) => ({ title: `Proposal ${n}`, text: `Proposal ${n}.` })
    const pulled = await first!.members[0]!.next(
      first!.space,
      'proposal.submitted',
      proposal(1),
      T0 + 100,
    )
    await b.ledger.submit([pulled])
    const pushed = await second!.members[0]!.next(
      second!.space,
      'proposal.submitted',
      proposal(2),
      T0 + 100,
    )
    await ledger.submit([pushed])
    reads.clear()

    const reports = await syncWithPeer(ledger, b.url)

    expect(reports.map((r) => [r.pulled.accepted, r.pushed.accepted])).toEqual(
      assemblies
        .map((a) => [a.space, a === first ? 1 : 0, a === second ? 1 : 0] as const)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([, pull, push]) => [pull, push]),
    )
    // The two equal spaces are passed over whole (their digests are the same on both hubs).
    expect(Object.fromEntries(reads)).toEqual({ [first!.space]: 1, [second!.space]: 1 })
  } finally {
    await b.close()
    await sqlite.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
