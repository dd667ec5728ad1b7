// Two hubs holding different events at one author's seq below their newest events: the hub that
// is behind refuses the other's next event (`chain.wrong-prev`), and until sync looked below the
// break the two kept different `veche verify` states for good with no fork flagged on either.
// Real hubs (HTTP on loopback, SQLite), one real sync pass, run from one side.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { nodeVerifier, verifyStore } from '@veche/store'
import { expect, test } from 'vitest'
import { syncWithPeer } from './sync-client.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'
import { startReplica } from './test-support/replica.js'

/** `count` proposals signed by `device`, each after the one before. */
async function proposals(
  device: EventAuthor,
  space: Parameters<EventAuthor['next']>[0],
  count: number,
  label: string,
): Promise<SignedEvent[]> {
  const events: SignedEvent[] = []
  for (let i = 0; i < count; i++) {
    events.push(
      await device.next(
        space,
        'proposal.submitted',
        { title: `${label} ${i + 1}`, text: `Proposal ${label} ${i + 1}.` },
        T0 + 100 + i,
      ),
    )
  }
  return events
}

test.each([
  // shared seqs, A's own after them, B's own after them, authors forked, who runs the passes
  ['the behind hub pulls (one seq below B)', 0, 1, 2, 1, 'a'],
  ['the ahead hub pushes (one seq below B)', 0, 1, 2, 1, 'b'],
  ['the behind hub pulls, the fork two seqs below both heads', 1, 3, 4, 1, 'a'],
  ['the ahead hub pushes, the fork two seqs below both heads', 1, 3, 4, 1, 'b'],
  ['two authors forked, the behind hub pulls', 0, 1, 3, 2, 'a'],
  ['two authors forked, the ahead hub pushes', 2, 2, 5, 2, 'b'],
  ['equal seqs, the fork two seqs below both heads', 0, 2, 2, 1, 'a'],
] as const)(
  'a fork below both hubs newest events: both flag it and reach one state (%s)',
  async (_, shared, ownA, ownB, authors, runner) => {
    const dir = mkdtempSync(join(tmpdir(), 'veche-fork-below-'))
    const a = await startReplica(dir, 'a')
    const b = await startReplica(dir, 'b')
    try {
      const assembly = await signedAssembly(authors + 1, 'forkbelow-01')
      for (const r of [a, b]) await r.ledger.submit([...assembly.events])
      const forked = assembly.members.slice(0, authors)
      for (const [m, member] of forked.entries()) {
        const common = await proposals(member, assembly.space, shared, `shared ${m}`)
        for (const r of [a, b]) await r.ledger.submit(common)
        // A second device of the same key (a cloned phone), from the same point of the chain.
        const clone = new EventAuthor(member.signer)
        if (shared > 0) {
          const head = (await a.ledger.state(assembly.space))!.heads.get(member.publicKey)!
          clone.follow(assembly.space, { seq: head.seq, head: head.head })
        }
        const onA = await proposals(member, assembly.space, ownA, `A ${m}`)
        const onB = await proposals(clone, assembly.space, ownB, `B ${m}`)
        expect((await a.ledger.submit(onA)).written).toBe(ownA)
        expect((await b.ledger.submit(onB)).written).toBe(ownB)
      }
      // Another member's event on B only: it crosses as usual.
      const other = assembly.members[authors]!
      await b.ledger.submit(await proposals(other, assembly.space, 1, 'other'))

      // One pass, run from one side.
      if (runner === 'a') await syncWithPeer(a.ledger, b.url)
      else await syncWithPeer(b.ledger, a.url)

      const [va, vb] = [
        await verifyStore(a.store, nodeVerifier),
        await verifyStore(b.store, nodeVerifier),
      ]
      expect(va.map((v) => v.fault)).toEqual([null])
      expect(vb.map((v) => v.fault)).toEqual([null])
      expect(vb.map((v) => v.hash)).toEqual(va.map((v) => v.hash))
      for (const r of [a, b]) {
        const state = (await r.ledger.state(assembly.space))!
        for (const member of forked) {
          // Flagged from the lowest seq where the two devices signed different events.
          const record = state.forks.get(member.publicKey)
          expect(record && Math.min(...record.seqs)).toBe(shared + 1)
        }
        expect(state.heads.get(other.publicKey)?.seq).toBe(1)
      }
    } finally {
      await a.close()
      await b.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
  60_000,
)

test('a peer naming chain breaks of an honest author and serving a forged event below them flags nobody, at the cost of one more pull', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-fork-below-'))
  const a = await startReplica(dir, 'a')
  const assembly = await signedAssembly(1, 'forkbelow-02')
  const honest = assembly.members[0]!
  const own = await proposals(honest, assembly.space, 3, 'honest')
  await a.ledger.submit([...assembly.events, ...own])
  // The peer cannot sign as the member: its "other event" at seq 2 is the real one altered.
  const forged = { ...own[1]!, body: { title: 'honest 2', text: 'Something else.' } }
  const stranger = (await signedAssembly(0, 'forkbelow-03')).founder.publicKey
  const asked: Record<string, number>[] = []
  const peer = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url?.startsWith('/api/sync/spaces')) {
        const vector = { [assembly.founder.publicKey]: 2, [honest.publicKey]: 1 }
        const spaces = { [assembly.space]: { visibility: 'public', vector, ballots: [] } }
        res.end(JSON.stringify({ spaces, keys: {}, pushLimit: 1000 }))
      } else if (req.url?.endsWith('/missing')) {
        asked.push((JSON.parse(body) as { vector: Record<string, number> }).vector)
        res.end(JSON.stringify({ events: [own[0], forged], forks: [], held: [], next: null }))
      } else {
        // Every push answered with breaks: the honest author's and a key this hub never saw.
        const breaks = { [honest.publicKey]: 3, [stranger]: 5 }
        res.end(JSON.stringify({ accepted: 0, duplicate: 0, parked: 0, forks: 0, rejected: 0, released: 0, breaks })) // prettier-ignore
      }
    })
  })
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`
    const [report] = await syncWithPeer(a.ledger, url)
    // The forged event refused its page whole; nothing kept as evidence, nobody flagged.
    expect(report!.pulled.refused.join()).toContain('event.bad-signature')
    expect(await a.store.forks(assembly.space)).toEqual([])
    expect((await a.ledger.state(assembly.space))!.forks.size).toBe(0)
    // One pull, then one more below the named break: the honest author stated as held up to 1,
    // the unknown key not named at all.
    expect(asked).toHaveLength(2)
    expect(asked[1]![honest.publicKey]).toBe(1)
    expect(asked[1]![stranger]).toBeUndefined()
    expect((await verifyStore(a.store, nodeVerifier)).map((v) => v.fault)).toEqual([null])
  } finally {
    peer.close()
    await a.close()
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
