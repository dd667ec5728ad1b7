// A peer hub that lies in its answers to a pull: a cursor that never advances, a page repeated
// with an advancing cursor, a page that says more remain while holding nothing, events of a space
// not asked for, altered events page after page. The pulling hub (real SQLite, a real pass over
// loopback HTTP) refuses what is wrong, keeps what was right, and ends the pull. The peer gives up
// lying after 200 answers, so a puller without the checks ends too, and the test says how long.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignedEvent } from '@veche/core'
import { nodeVerifier, verifyStore } from '@veche/store'
import { expect, test } from 'vitest'
import { MAX_REFUSED_PAGES } from './pulled-page-checks.js'
import { syncWithPeer } from './sync-client.js'
import { startReplica } from './test-support/replica.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'
import type { SignedAssembly } from './test-support/signed-assembly.js'

const PAGE = 1_000
const GIVE_UP = 200

/** The assembly's events and the founder's proposals after them: `count` events in all. */
async function fullLog(assembly: SignedAssembly, count: number): Promise<SignedEvent[]> {
  const events = [...assembly.events]
  while (events.length < count) {
    const n = events.length
    events.push(
      await assembly.founder.next(
        assembly.space,
        'proposal.submitted',
        { title: `Proposal ${n}`, text: `Text ${n}.` },
        T0 + n,
      ),
    )
  }
  return events
}

type Answer = (after: number, limit: number) => { events: unknown[]; next: number | null }

/**
 * Pulls `space` from a peer answering `/missing` with `answer` (and listing one secret poll whose
 * held ballots are `ballots`, if given); how many pages it was asked.
 */
async function pullFromLiar(assembly: SignedAssembly, answer: Answer, ballots?: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'veche-hostile-pages-'))
  const a = await startReplica(dir, 'a')
  let asked = 0
  const peer = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url?.startsWith('/api/sync/spaces')) {
        const boxes = ballots === undefined ? [] : [{ poll: 'p'.repeat(43), count: 1, digest: 'd' }]
        const spaces = { [assembly.space]: { visibility: 'public', vector: {}, ballots: boxes } }
        res.end(JSON.stringify({ spaces, keys: {}, pushLimit: 1000 }))
      } else if (req.url?.endsWith('/missing')) {
        asked += 1
        const { after, limit } = JSON.parse(body) as { after: number; limit: number }
        const page = asked > GIVE_UP ? { events: [], next: null } : answer(after, limit)
        res.end(JSON.stringify({ ...page, forks: [], held: [] }))
      } else if (req.url?.endsWith('/ballots')) {
        res.end(JSON.stringify({ ballots, next: null }))
      } else {
        res.end(JSON.stringify({ accepted: 0, duplicate: 0, parked: 0, forks: 0, rejected: 0, released: 0 })) // prettier-ignore
      }
    })
  })
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`
    const [report] = await syncWithPeer(a.ledger, url, { spaces: [assembly.space] })
    const spaces = await a.store.spaces()
    const counts = await Promise.all(spaces.map((s) => a.store.count(s)))
    const faults = (await verifyStore(a.store, nodeVerifier)).map((v) => v.fault)
    return { asked, refused: report!.pulled.refused, spaces, counts, faults }
  } finally {
    peer.close()
    await a.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

test('a peer whose cursor never advances: the pull keeps its first page and ends', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-01')
  const log = await fullLog(assembly, PAGE)
  const pulled = await pullFromLiar(assembly, (after) =>
    after === 0 ? { events: log, next: 7 } : { events: [], next: 7 },
  )
  expect(pulled.asked).toBe(2)
  expect(pulled.refused.join()).toMatch(/page 2 from .*cursor 7 does not advance past 7/)
  expect(pulled.counts).toEqual([PAGE])
  expect(pulled.faults).toEqual([null])
}, 60_000)

test('a peer repeating its page with an advancing cursor: the events are taken once and the pull ends', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-02')
  const log = await fullLog(assembly, PAGE)
  const pulled = await pullFromLiar(assembly, (after) => ({ events: log, next: after + 1 }))
  expect(pulled.asked).toBe(2)
  expect(pulled.refused.join()).toMatch(
    /page 2 from .*event 1 is seq 1 of .*repeated or out of order/,
  )
  expect(pulled.counts).toEqual([PAGE])
  expect(pulled.faults).toEqual([null])
}, 60_000)

test('a peer saying more remain on pages holding nothing: the pull ends at the first', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-03')
  const pulled = await pullFromLiar(assembly, (after) => ({ events: [], next: after + 1 }))
  expect(pulled.asked).toBe(1)
  expect(pulled.refused.join()).toMatch(/says more events remain but holds none/)
  expect(pulled.spaces).toEqual([])
}, 60_000)

test('a peer slipping events of another space into a page: that page is refused whole, the rest taken', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-04')
  const other = await signedAssembly(1, 'hostile-pages-05')
  const log = await fullLog(assembly, PAGE + 1)
  const pulled = await pullFromLiar(assembly, (after) =>
    after === 0
      ? { events: log.slice(0, PAGE), next: 1 }
      : { events: [log[PAGE], ...other.events], next: null },
  )
  expect(pulled.refused.join()).toMatch(
    new RegExp(`page 2 from .*event 2 does not belong to space ${assembly.space}`),
  )
  // Nothing of the other space, nor of the refused page.
  expect(pulled.spaces).toEqual([assembly.space])
  expect(pulled.counts).toEqual([PAGE])
  expect(pulled.faults).toEqual([null])
}, 60_000)

test('a peer sending altered events page after page: the pull ends after a few refused pages', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-06')
  const log = await fullLog(assembly, 3)
  // Each a proposal of the founder's at a new seq, its signature cut to a few characters.
  const real = { ...log[2]!, sig: 'forged' }
  const pulled = await pullFromLiar(assembly, (after) => ({
    events: Array.from({ length: PAGE }, (_, i) => ({ ...real, seq: 10 + after * PAGE + i })),
    next: after + 1,
  }))
  expect(pulled.refused.length).toBeGreaterThanOrEqual(MAX_REFUSED_PAGES)
  expect(pulled.refused[0]).toMatch(/event\.malformed/)
  // Refusals are known as groups of pages are submitted, two groups in flight (of 8 at most).
  expect(pulled.asked).toBeLessThanOrEqual(MAX_REFUSED_PAGES + 2 * 8 + 1)
  expect(pulled.spaces).toEqual([])
}, 60_000)

test('a peer passing events of another space off as held ballots: none of them is taken', async () => {
  const assembly = await signedAssembly(1, 'hostile-pages-07')
  const other = await signedAssembly(1, 'hostile-pages-08')
  const pulled = await pullFromLiar(
    assembly,
    () => ({ events: [...assembly.events], next: null }),
    [...other.events],
  )
  expect(pulled.refused.join()).toMatch(
    new RegExp(`held ballots page 1 from .*event 1 does not belong to space ${assembly.space}`),
  )
  expect(pulled.spaces).toEqual([assembly.space])
  expect(pulled.faults).toEqual([null])
}, 60_000)
