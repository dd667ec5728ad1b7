// A sync pass asks nothing of a space's state: on a hub with more spaces than its ledger caches
// states of (256), a pass that did replayed every space from the store, on both hubs, on every
// pass, though nothing had changed (the client read each state for its authors' newest events and
// its visibility, the serving hub for its authors' newest events). Real hubs (HTTP on loopback,
// SQLite); each ledger counts its own replays.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { syncWithPeer } from './sync-client.js'
import type { SpaceSyncReport } from './sync-client.js'
import { signedAssembly } from './test-support/signed-assembly.js'
import { startReplica } from './test-support/replica.js'

/** More than the ledger caches (MAX_CACHED_SPACES in space-cache.ts). */
const SPACES = 300

/** What a pass moved, over every space. */
function moved(reports: readonly SpaceSyncReport[]): number {
  let n = 0
  for (const { pulled, pushed } of reports)
    for (const flow of [pulled, pushed])
      n += flow.accepted + flow.duplicate + flow.parked + flow.forks + flow.rejected
  return n
}

test('sync: two passes over 300 unchanged spaces replay no space on either hub', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-replays-'))
  const a = await startReplica(dir, 'a')
  const b = await startReplica(dir, 'b')
  try {
    for (let i = 0; i < SPACES; i++) {
      const assembly = await signedAssembly(1, `replays-${String(i).padStart(4, '0')}`)
      expect((await a.ledger.submit([...assembly.events])).written).toBe(2)
      expect((await b.ledger.submit([...assembly.events])).written).toBe(2)
    }

    const replays = { a: a.ledger.replays, b: b.ledger.replays }
    const first = await syncWithPeer(a.ledger, b.url)
    const afterFirst = { a: a.ledger.replays, b: b.ledger.replays }
    const second = await syncWithPeer(a.ledger, b.url)

    for (const reports of [first, second]) {
      expect(reports).toHaveLength(SPACES)
      expect(reports.filter((r) => r.skipped !== undefined)).toEqual([])
      expect(moved(reports)).toBe(0)
    }
    expect({
      first: { a: afterFirst.a - replays.a, b: afterFirst.b - replays.b },
      second: { a: a.ledger.replays - afterFirst.a, b: b.ledger.replays - afterFirst.b },
    }).toEqual({ first: { a: 0, b: 0 }, second: { a: 0, b: 0 } })
  } finally {
    await a.close()
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
