// A council's `space.counted` (its count of seats, reported to a higher council) counts the seats
// within its signer's view, as a council's `poll.closed.3` does: a recall noticed on another hub
// while the convenor counts changes no replica's check, whichever of the two a replica folds first.
// Counted as the replica held the seats at the fold, the count was refused (`count.mismatch`) on a
// hub that had the recall first, and accepted on the other: the hubs split for good.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { computeEventId, hashSpaceState, proposeSpaceCount } from '@veche/core'
import type { EventAuthor, SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, submitAll, submitOne } from './test-support/assembly-fixture.js'
import {
  closeNow,
  decide,
  foundCouncil,
  joinCouncil,
  notice,
  tick,
} from './test-support/federation-fixture.js'

let dir: string
let store: EventStore
let ledger: Ledger
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-council-count-'))
  store = await openSqliteStore(join(dir, 'veche.db'))
  ledger = new Ledger(store, nodeVerifier)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * A council C of two assemblies A and B, one seat each (each one's Alice, no alternate), that has
 * joined a higher council H; A has recalled its Alice (closed in A, not yet noticed in C). C holds
 * two seats until the recall is noticed, then one.
 */
async function councilWithRecallDue() {
  const higher = await foundCouncil(ledger, 'City')
  const council = await foundCouncil(ledger, 'District')
  const spaces = []
  for (let i = 0; i < 2; i++) {
    const { space, founder, alice, bob } = await foundAssembly(ledger)
    const body = { space, facilitator: founder, voters: [founder, alice, bob], alice, bob }
    await joinCouncil(ledger, body, council)
    // Majority for the one seat, no alternate: a recall leaves the seat empty.
    const poll = await decide(
      ledger,
      space,
      founder,
      { method: 'majority', options: [alice.publicKey, bob.publicKey] },
      body.voters.map((v) => [v, { choice: alice.publicKey }] as const),
    )
    const [elected] = await submitAll(ledger, [
      await founder.next(
        space,
        'delegate.elected',
        {
          council: council.council,
          delegates: [alice.publicKey],
          alternates: [],
          poll,
          term: 'one year',
        },
        tick(),
      ),
    ])
    await notice(ledger, founder, council.council, elected!)
    spaces.push(body)
  }
  const [a, b] = spaces as [(typeof spaces)[0], (typeof spaces)[0]]
  await joinCouncil(
    ledger,
    { space: council.council, facilitator: council.convenor, voters: [a.alice, b.alice] },
    higher,
  )
  const [recall] = await submitAll(ledger, [
    await a.facilitator.next(
      a.space,
      'recall.started',
      { council: council.council, delegate: a.alice.publicKey, reason: 'no longer trusted' },
      tick(),
    ),
  ])
  for (const voter of [a.facilitator, a.bob])
    await submitAll(ledger, [
      await voter.next(
        a.space,
        'ballot.cast',
        { poll: recall!, vote: { choice: 'recall' } },
        tick(),
      ),
    ])
  const [recallClose] = await submitAll(ledger, [
    await closeNow(ledger, a.space, a.facilitator, recall!),
  ])
  return { higher, council, a, recallClose: recallClose! }
}

async function logOf(): Promise<SignedEvent[]> {
  const log: SignedEvent[] = []
  for await (const stored of store.readAll()) log.push(JSON.parse(stored.json) as SignedEvent)
  return log
}

/** What `convenor` signs as C's count on a hub holding `ledger`'s events now. */
async function countOf(council: SpaceId, convenor: EventAuthor): Promise<SignedEvent> {
  const at = tick()
  const body = proposeSpaceCount((await ledger.state(council))!, at)
  return convenor.next(council, 'space.counted', body, at)
}

/** `events` taken in order by a fresh replica in park mode: its refusals, held events and states. */
async function replicaOf(events: readonly SignedEvent[], spaces: readonly SpaceId[]) {
  const replicaDir = mkdtempSync(join(tmpdir(), 'veche-council-count-replica-'))
  const replica = await openSqliteStore(join(replicaDir, 'veche.db'))
  try {
    const other = new Ledger(replica, nodeVerifier)
    const report = await other.submit(events, { park: true })
    const states = await Promise.all(spaces.map(async (s) => (await other.state(s))!))
    return {
      rejected: report.outcomes.filter((o) => o.status === 'rejected' && o.parked !== true),
      pending: await other.pending(),
      hashes: states.map(hashSpaceState),
      states,
    }
  } finally {
    await replica.close()
    rmSync(replicaDir, { recursive: true, force: true })
  }
}

test("a council's count on hub 1 and a recall noticed on hub 2: one state hash in both orders, the count taken on both", async () => {
  const s = await councilWithRecallDue()
  const { council, convenor } = s.council
  const log = await logOf()
  // Hub 1 counts C's seats without the recall: two. Hub 2 notices the recall meanwhile.
  const counted = await countOf(council, convenor)
  expect(counted.body).toMatchObject({ members: 2 })
  const noticed = await s.a.bob.next(
    council,
    'council.notice',
    { reference: s.recallClose },
    tick(),
  )
  // The higher council takes note of the count, wherever it meets it.
  const reported = await s.higher.convenor.next(
    s.higher.council,
    'council.notice',
    { reference: computeEventId(counted) },
    tick(),
  )
  const spaces = [council, s.higher.council]
  const countFirst = await replicaOf([...log, counted, noticed, reported], spaces)
  const noticeFirst = await replicaOf([...log, noticed, counted, reported], spaces)
  for (const replica of [countFirst, noticeFirst]) {
    expect(replica.rejected).toEqual([])
    expect(replica.pending).toEqual([])
    expect(replica.states[1]!.council!.spaces.get(council)!.count).toMatchObject({ members: 2 })
  }
  expect(noticeFirst.hashes).toEqual(countFirst.hashes)
  // The recall did end the seat: C has one voter now, on both.
  expect(noticeFirst.states[0]!.council!.delegates.get(s.a.alice.publicKey)!.status).toBe(
    'recalled',
  )
})

test("a council's count naming a seat change not held here waits for it, then is taken", async () => {
  const s = await councilWithRecallDue()
  const { council, convenor } = s.council
  const log = await logOf()
  const noticedId = await notice(ledger, s.a.bob, council, s.recallClose)
  const noticed = (await logOf()).find((e) => computeEventId(e) === noticedId)!
  // Signed holding the notice: one seat, and the view names the notice's author.
  const counted = await countOf(council, convenor)
  expect(counted.body).toMatchObject({ members: 1, view: { [s.a.bob.publicKey]: 1 } })
  const waiting = await replicaOf([...log, counted], [council])
  expect(waiting.rejected).toEqual([])
  expect(waiting.pending.map((p) => p.code)).toEqual(['poll.close-ahead'])
  const countFirst = await replicaOf([...log, counted, noticed], [council])
  const inOrder = await replicaOf([...log, noticed, counted], [council])
  for (const replica of [countFirst, inOrder]) {
    expect(replica.rejected).toEqual([])
    expect(replica.pending).toEqual([])
  }
  expect(countFirst.hashes).toEqual(inOrder.hashes)
})

test("a council's count without a view is still checked against the seats at the fold (old logs replay as before)", async () => {
  const s = await councilWithRecallDue()
  const { council, convenor } = s.council
  await notice(ledger, s.a.bob, council, s.recallClose)
  const old = await convenor.next(council, 'space.counted', { members: 2 }, tick())
  expect(await submitOne(ledger, old)).toMatchObject({
    status: 'rejected',
    code: 'count.mismatch',
  })
  convenor.follow(council, (await ledger.state(council))!.heads.get(convenor.publicKey)!)
  const counted = await convenor.next(council, 'space.counted', { members: 1 }, tick())
  expect((await submitOne(ledger, counted)).status).toBe('accepted')
})
