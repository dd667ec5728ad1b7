// A member's event that hub A refused when posted directly (its poll had not reached A) but that
// hub B holds through replication, and the different event the member's device signed at the same
// seq after the refusal, which A accepted: two events at one seq, a fork. Do the two hubs end with
// the same `veche verify` state? Real hubs (HTTP on loopback, SQLite), real sync passes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { nodeVerifier, verifyStore } from '@veche/store'
import { expect, test } from 'vitest'
import { syncWithPeer } from './sync-client.js'
import { openPoll, signedAssembly, T0 } from './test-support/signed-assembly.js'
import { startReplica } from './test-support/replica.js'
import type { Replica } from './test-support/replica.js'

async function post(url: string, event: SignedEvent): Promise<{ status: number; code: unknown }> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  })
  const body = (await res.json()) as { code?: unknown }
  return { status: res.status, code: body.code }
}

/** Passes from `from` to `to` (pull, then push) until one moves nothing. */
async function syncUntilQuiet(from: Replica, to: Replica): Promise<void> {
  for (let round = 0, moved = 1; moved > 0 && round < 10; round++) {
    moved = 0
    for (const r of await syncWithPeer(from.ledger, to.url)) {
      moved +=
        r.pulled.accepted +
        r.pulled.released +
        r.pulled.forks +
        r.pushed.accepted +
        r.pushed.released +
        r.pushed.forks
    }
  }
}

test.each([
  ['never reaches either hub', false],
  ['reaches hub B afterwards', true],
])(
  'an event refused directly, held by a peer, and its seq signed again by the author: one state, the fork flagged on both hubs (the poll %s)',
  async (_, arrives) => {
    const dir = mkdtempSync(join(tmpdir(), 'veche-resigned-'))
    const a = await startReplica(dir, 'a')
    const b = await startReplica(dir, 'b')
    try {
      const assembly = await signedAssembly(2, 'resigned-0001')
      for (const r of [a, b]) await r.ledger.submit([...assembly.events])
      // A poll opened on a third device that neither hub has yet; the member votes on it (seq 1).
      const { event: opened, poll } = await openPoll(assembly)
      const member = assembly.members[0]!
      const e = await member.next(
        assembly.space,
        'ballot.cast',
        { poll, vote: { choice: 'yes' } },
        T0 + 100,
      )
      expect(await post(a.url, e)).toEqual({ status: 422, code: 'ballot.unknown-poll' })
      // B got it through replication (the device's push): held, waiting for the poll.
      const held = await b.ledger.submit([e], { park: true })
      expect(held.outcomes[0]).toMatchObject({ code: 'ballot.unknown-poll', parked: true })
      // The device took the refusal as final and signed something else at the same seq.
      member.follow(assembly.space, null)
      const e2 = await member.next(
        assembly.space,
        'proposal.submitted',
        { title: 'Kitchen', text: 'Open a free kitchen.' },
        T0 + 101,
      )
      expect(e2.seq).toBe(e.seq)
      expect(await post(a.url, e2)).toEqual({ status: 200, code: undefined })
      // The poll reaches B: the held ballot is taken there, so A and B hold one seq each, with
      // equal version vectors.
      if (arrives) expect((await b.ledger.submit([opened], { park: true })).released).toBe(1)

      await syncUntilQuiet(a, b)
      await syncUntilQuiet(b, a)

      const [va, vb] = [
        await verifyStore(a.store, nodeVerifier),
        await verifyStore(b.store, nodeVerifier),
      ]
      expect(va.map((v) => v.fault)).toEqual([null])
      expect(vb.map((v) => v.hash)).toEqual(va.map((v) => v.hash))
      // Both hubs know the fork: two signed events at one seq, whatever the device meant.
      for (const r of [a, b]) {
        const state = await r.ledger.state(assembly.space)
        expect(state?.forks.get(member.publicKey)).toBeDefined()
        expect(await r.ledger.pending()).toEqual([])
        const ids = new Set([
          ...(await r.store.forks(assembly.space)).map((f) => f.id),
          ...(await r.store.has([computeEventId(e), computeEventId(e2)])),
        ])
        expect(ids).toEqual(new Set([computeEventId(e), computeEventId(e2)]))
      }
    } finally {
      await a.close()
      await b.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
  60_000,
)
