// Held secret ballots between two real hubs on SQLite over real HTTP: ballots cast at either hub
// reach the other in a sync pass (only the polls whose digests differ, sorted by id), a seal made
// at one hub is accepted at the other without waiting, and both end at the hash `veche verify`
// prints; a following hub (veche serve --peer) takes a ballot within moments, without a pass of
// its own being due.
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { nodeVerifier, verifyStore } from '@veche/store'
import { afterEach, expect, test } from 'vitest'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { startPeerSync } from './peer-sync.js'
import { syncWithPeer } from './sync-client.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'
import type { TestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

async function castAt(hub: TestHub, ballots: readonly SignedEvent[]): Promise<void> {
  const res = await fetch(`${hub.url}/api/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: ballots }),
  })
  expect(res.status).toBe(200)
}

async function held(hub: TestHub, space: string): Promise<Record<string, number>> {
  const body = (await (await fetch(`${hub.url}/api/spaces/${space}`)).json()) as {
    heldBallots: Record<string, number>
  }
  return body.heldBallots
}

test('ballots cast at two hubs meet in a sync pass; a seal at one is accepted at the other; both verify to one hash', async () => {
  const hall = await startTestHub()
  const annex = await startTestHub()
  const p = await secretPollOnLedger(hall.ledger, { members: 8, tellers: 2, tellerQuorum: 2 })
  const ballots: SignedEvent[] = []
  for (const [i, member] of p.members.entries())
    ballots.push(await p.vote(member, { choice: i % 3 === 0 ? 'no' : 'yes' }))
  const recast = await p.vote(p.members[0]!, { choice: 'yes' })
  // The annex takes the log (the requests and issuances), then half the ballots arrive at each.
  await syncWithPeer(annex.ledger, hall.url)
  await castAt(hall, ballots.slice(0, 4))
  await castAt(annex, [...ballots.slice(4), recast])
  expect(await held(hall, p.space)).toEqual({ [p.poll]: 4 })
  expect(await held(annex, p.space)).toEqual({ [p.poll]: 5 })

  const [report] = await syncWithPeer(annex.ledger, hall.url)
  expect(report!.pulled.accepted).toBe(4)
  expect(report!.pushed.accepted).toBe(5)
  const all = [...ballots, recast].map(computeEventId).sort()
  for (const hub of [hall, annex]) {
    expect((await hub.ledger.store.ballots(p.space)).map((b) => b.id)).toEqual(all)
    expect(await held(hub, p.space)).toEqual({ [p.poll]: 9 })
  }
  // Nothing differs now: a second pass moves no ballot.
  const [again] = await syncWithPeer(annex.ledger, hall.url)
  expect(again!.pulled.accepted + again!.pulled.duplicate).toBe(0)
  expect(again!.pushed.accepted + again!.pushed.duplicate).toBe(0)

  // The seal, shares and count are made at the hall; the annex takes them without parking.
  await p.sealAndCount()
  const [after] = await syncWithPeer(annex.ledger, hall.url)
  expect(after!.pulled.parked).toBe(0)
  expect(await annex.ledger.pending(p.space)).toEqual([])
  const hashes = []
  for (const hub of [hall, annex]) {
    const state = (await (await fetch(`${hub.url}/api/spaces/${p.space}`)).json()) as {
      hash: string
      polls: Record<string, { status: string; sealed: number }>
    }
    expect(state.polls[p.poll]).toMatchObject({ status: 'closed', sealed: 8 })
    const verdicts = await verifyStore(hub.ledger.store, nodeVerifier)
    expect(verdicts.map((v) => v.hash)).toEqual([state.hash])
    hashes.push(state.hash)
  }
  expect(hashes[1]).toBe(hashes[0])
})

test('a hub following another takes a ballot cast there within moments', async () => {
  const hall = await startTestHub()
  const annex = await startTestHub()
  const p = await secretPollOnLedger(hall.ledger, { members: 3 })
  const ballot = await p.vote(p.members[1]!, { choice: 'no' })
  await syncWithPeer(annex.ledger, hall.url)
  const peers = startPeerSync({ ledger: annex.ledger, peers: [hall.url], intervalMs: 60_000 })
  try {
    // Let the first full pass finish, then cast at the hall.
    const until = Date.now() + 20_000
    await new Promise((resolve) => setTimeout(resolve, 500))
    await castAt(hall, [ballot])
    while ((await annex.ledger.store.countBallots(p.space)) === 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await annex.ledger.store.ballots(p.space)).map((b) => b.id)).toEqual([
      computeEventId(ballot),
    ])
  } finally {
    await peers.stop()
  }
})
