// Forks of a member space's chain of elections deeper than one round (docs/federation.md, "Order of
// a space's elections and counts"): two facilitators elect after the same election on two hubs,
// and the loser's signer chains more elections after their own before seeing the fork. Every hub
// that receives these events and their council notices, in any order, must end at one state: the
// chain the lowest id chooses at every round holds, the losing branch never seats or ends anyone,
// and a recall of the losing side's delegate is settled, not held for good.
// Real SQLite stores, one per simulated hub; fast-check drives the delivery orders.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import { computeEventId, describeSpace, hashSpaceState, seatedDelegates } from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, newAuthor, submitAll } from './test-support/assembly-fixture.js'
import {
  closeNow,
  decide,
  foundCouncil,
  joinCouncil,
  tick,
} from './test-support/federation-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-election-fork-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

async function newHub(): Promise<Ledger> {
  const store = await openSqliteStore(join(root, `hub-${++hubs}.db`))
  return new Ledger(store, nodeVerifier)
}

async function eventsOf(ledger: Ledger): Promise<SignedEvent[]> {
  const events: SignedEvent[] = []
  for await (const stored of ledger.store.readAll())
    events.push(JSON.parse(stored.json) as SignedEvent)
  return events
}

interface Hall {
  readonly origin: Ledger
  readonly space: SpaceId
  readonly council: SpaceId
  readonly founder: EventAuthor
  readonly alice: EventAuthor
  readonly bob: EventAuthor
  /** Members who vote in recalls and sign nothing else after the base. */
  readonly voters: readonly EventAuthor[]
}

/** Riverside (founder and alice facilitators; bob, carol, dave members) in a council of one seat each. */
async function hallInCouncil(): Promise<Hall> {
  const origin = await newHub()
  const hall = await foundAssembly(origin)
  const voters = [newAuthor(), newAuthor()]
  await submitAll(origin, [
    await hall.founder.next(
      hall.space,
      'role.granted',
      { member: hall.alice.publicKey, role: 'facilitator' },
      tick(),
    ),
  ])
  for (const [i, voter] of voters.entries()) {
    await submitAll(origin, [
      await hall.founder.next(
        hall.space,
        'member.admitted',
        { member: voter.publicKey, name: `Voter ${i}` },
        tick(),
      ),
    ])
  }
  const council = await foundCouncil(origin, 'City')
  const body = { space: hall.space, facilitator: hall.founder, voters: [hall.founder] }
  await joinCouncil(origin, body, council)
  return { origin, ...hall, council: council.council, voters }
}

/** A poll of the space decided at once for `delegate` (on the origin hub). */
async function pollFor(hall: Hall, delegate: EventAuthor): Promise<EventId> {
  const options = [delegate.publicKey as string, newAuthor().publicKey as string]
  return decide(hall.origin, hall.space, hall.founder, { method: 'majority', options }, [
    [hall.founder, { choice: delegate.publicKey }],
  ])
}

/** `signer`'s `delegate.elected.3` of `delegate` by `poll`, after `after` at `round` (not submitted). */
async function elected(
  hall: Hall,
  signer: EventAuthor,
  delegate: EventAuthor,
  poll: EventId,
  after: EventId | null,
  round: number,
): Promise<SignedEvent> {
  return signer.next(
    hall.space,
    'delegate.elected.3',
    {
      council: hall.council,
      delegates: [delegate.publicKey],
      alternates: [],
      poll,
      term: 'one year',
      termEnds: null,
      after,
      round,
    },
    tick(),
  )
}

/** A notice of `reference` in the council, by a key of its own (so notices come in any order). */
async function noticeOf(hall: Hall, reference: SignedEvent): Promise<SignedEvent> {
  return newAuthor().next(
    hall.council,
    'council.notice',
    { reference: computeEventId(reference) },
    tick(),
  )
}

/** Any interleaving of `sequences`, each kept in its own order (what replication may deliver). */
function interleaving(sequences: readonly (readonly SignedEvent[])[]) {
  const total = sequences.reduce((n, s) => n + s.length, 0)
  return fc
    .array(fc.nat(sequences.length - 1), { minLength: total, maxLength: total })
    .map((picks) => {
      const taken = sequences.map(() => 0)
      return picks.map((pick) => {
        let i = pick
        while (taken[i]! >= sequences[i]!.length) i = (i + 1) % sequences.length
        return sequences[i]![taken[i]!++]!
      })
    })
}

/** What a hub holds after `events`, fed one at a time in park mode. */
async function receive(hall: Hall, base: readonly SignedEvent[], events: readonly SignedEvent[]) {
  const hub = await newHub()
  await hub.submit(base, { park: true })
  for (const event of events) await hub.submit([event], { park: true })
  const member = (await hub.state(hall.space))!
  const council = (await hub.state(hall.council))!
  const result = {
    hashes: [hashSpaceState(member), hashSpaceState(council)],
    views: [describeSpace(member), describeSpace(council)],
    pending: (await hub.pending()).map((p) => p.id),
    voters: seatedDelegates(council.council!, 0),
    records: council.council!.delegates,
    noticed: council.council!.noticed,
    offChain: describeSpace(council).council!.spaces[hall.space]!.offChain ?? [],
    election: member.federation.ties.get(hall.council)!.election,
  }
  await hub.store.close()
  return result
}

/**
 * The two elections of round 2 after `first`, by founder (of alice) and alice (of the founder), by
 * polls decided before: which wins (the lower id), which loses, their signers and delegates.
 */
async function fork(hall: Hall, first: EventId, polls: { alice: EventId; founder: EventId }) {
  const byFounder = await elected(hall, hall.founder, hall.alice, polls.alice, first, 2)
  const byAlice = await elected(hall, hall.alice, hall.founder, polls.founder, first, 2)
  const founderWins = computeEventId(byFounder) < computeEventId(byAlice)
  const sides = [
    { election: byFounder, signer: hall.founder, seat: hall.alice },
    { election: byAlice, signer: hall.alice, seat: hall.founder },
  ] as const
  const [win, lose] = founderWins ? sides : [sides[1], sides[0]]
  return {
    winner: win.election,
    winnerSigner: win.signer,
    winnerSeat: win.seat,
    loser: lose.election,
    loserSigner: lose.signer,
    loserSeat: lose.seat,
  }
}

test('a fork two rounds deep: every delivery order of the elections and their notices gives one state, the chain of lowest ids', async () => {
  const hall = await hallInCouncil()
  const firstPoll = await pollFor(hall, hall.bob)
  const [first] = await submitAll(hall.origin, [
    await elected(hall, hall.founder, hall.bob, firstPoll, null, 1),
  ])
  await submitAll(hall.origin, [
    await newAuthor().next(hall.council, 'council.notice', { reference: first! }, tick()),
  ])
  // Every poll is decided before any election after the first is signed.
  const polls = {
    alice: await pollFor(hall, hall.alice),
    founder: await pollFor(hall, hall.founder),
  }
  const forBob = await pollFor(hall, hall.bob)
  const forAlice = await pollFor(hall, hall.alice)
  const again = {
    alice: await pollFor(hall, hall.alice),
    founder: await pollFor(hall, hall.founder),
  }
  const f = await fork(hall, first!, polls)
  const forWinner = f.winnerSeat === hall.alice ? again.alice : again.founder
  const base = await eventsOf(hall.origin)
  // The loser's signer chains two more after their own (rounds 3 and 4), the winner's one (3).
  const third = await elected(hall, f.loserSigner, hall.bob, forBob, computeEventId(f.loser), 3)
  const fourth = await elected(hall, f.loserSigner, hall.alice, forAlice, computeEventId(third), 4)
  const next = await elected(
    hall,
    f.winnerSigner,
    f.winnerSeat,
    forWinner,
    computeEventId(f.winner),
    3,
  )
  const elections = [f.winner, f.loser, third, fourth, next]
  const notices: SignedEvent[] = []
  for (const e of elections) notices.push(await noticeOf(hall, e))
  const tail = [...elections, ...notices]
  const reference = await receive(hall, base, tail)
  expect(reference.pending).toEqual([])
  expect(reference.election).toBe(computeEventId(next))
  expect(reference.voters).toEqual([f.winnerSeat.publicKey])
  // The losing branch is recorded as such, seats no one and ends no one's seat.
  expect(reference.offChain).toEqual([f.loser, third, fourth].map(computeEventId).sort())
  expect(reference.records.has(f.loserSeat.publicKey)).toBe(false)
  expect(reference.records.get(hall.bob.publicKey)).toMatchObject({
    election: first,
    status: 'ended',
  })
  await fc.assert(
    fc.asyncProperty(fc.shuffledSubarray(tail, { minLength: tail.length }), async (order) => {
      const got = await receive(hall, base, order)
      expect(got.pending).toEqual([])
      expect(got.views).toEqual(reference.views)
      expect(got.hashes).toEqual(reference.hashes)
    }),
    { numRuns: 20 },
  )
  await hall.origin.store.close()
}, 120_000)

test('a recall of the losing side’s delegate: settled alike on every hub, in any order, and nothing held', async () => {
  const hall = await hallInCouncil()
  const firstPoll = await pollFor(hall, hall.bob)
  const [first] = await submitAll(hall.origin, [
    await elected(hall, hall.founder, hall.bob, firstPoll, null, 1),
  ])
  await submitAll(hall.origin, [
    await newAuthor().next(hall.council, 'council.notice', { reference: first! }, tick()),
  ])
  const polls = {
    alice: await pollFor(hall, hall.alice),
    founder: await pollFor(hall, hall.founder),
  }
  const f = await fork(hall, first!, polls)
  const base = await eventsOf(hall.origin)
  // A hub that holds only the loser: there its delegate is seated, and the space recalls them.
  const lone = await newHub()
  await lone.submit([...base, f.loser])
  const [bob, carol, dave] = [hall.bob, ...hall.voters]
  const recallEvents: SignedEvent[] = []
  const add = async (event: SignedEvent) => {
    const report = await lone.submit([event])
    expect(report.outcomes[0]).toMatchObject({ status: 'accepted' })
    recallEvents.push(event)
    return computeEventId(event)
  }
  const recall = await add(
    await bob.next(
      hall.space,
      'recall.started',
      { council: hall.council, delegate: f.loserSeat.publicKey, reason: 'no longer trusted' },
      tick(),
    ),
  )
  for (const voter of [bob, carol!, dave!])
    await add(
      await voter.next(
        hall.space,
        'ballot.cast',
        { poll: recall, vote: { choice: 'recall' } },
        tick(),
      ),
    )
  const close = await closeNow(lone, hall.space, bob, recall)
  await add(close)
  await lone.store.close()
  // What each hub holds, in its order: the winner's with its notice; the loser's, its notice, the
  // recall and the recall's notice. A third hub gets both, interleaved in any way.
  const hubs = [
    [f.winner, await noticeOf(hall, f.winner)],
    [f.loser, await noticeOf(hall, f.loser), ...recallEvents, await noticeOf(hall, close)],
  ]
  const reference = await receive(hall, base, hubs.flat())
  expect(reference.pending).toEqual([])
  expect(reference.voters).toEqual([f.winnerSeat.publicKey])
  // The recall is taken (a hub that held the loser in effect took it) and ends nothing.
  expect(reference.noticed.has(computeEventId(close))).toBe(true)
  expect(reference.records.has(f.loserSeat.publicKey)).toBe(false)
  expect(reference.offChain).toEqual([computeEventId(f.loser)])
  await fc.assert(
    fc.asyncProperty(interleaving(hubs), async (order) => {
      const got = await receive(hall, base, order)
      expect(got.pending).toEqual([])
      expect(got.views).toEqual(reference.views)
      expect(got.hashes).toEqual(reference.hashes)
    }),
    { numRuns: 20 },
  )
  await hall.origin.store.close()
}, 120_000)

test('a recall raced by the next election: taken alike on every hub, the recalled seat recorded as recalled', async () => {
  const hall = await hallInCouncil()
  const firstPoll = await pollFor(hall, hall.bob)
  const [first] = await submitAll(hall.origin, [
    await elected(hall, hall.founder, hall.bob, firstPoll, null, 1),
  ])
  await submitAll(hall.origin, [
    await newAuthor().next(hall.council, 'council.notice', { reference: first! }, tick()),
  ])
  const forAlice = await pollFor(hall, hall.alice)
  const base = await eventsOf(hall.origin)
  // One hub recalls bob while another elects alice after the same election.
  const next = await elected(hall, hall.alice, hall.alice, forAlice, first!, 2)
  const [carol, dave] = hall.voters
  const recallEvents: SignedEvent[] = []
  const add = async (event: SignedEvent) => {
    const report = await hall.origin.submit([event])
    expect(report.outcomes[0]).toMatchObject({ status: 'accepted' })
    recallEvents.push(event)
    return computeEventId(event)
  }
  const recall = await add(
    await carol!.next(
      hall.space,
      'recall.started',
      { council: hall.council, delegate: hall.bob.publicKey, reason: 'no longer trusted' },
      tick(),
    ),
  )
  for (const voter of [carol!, dave!, hall.founder])
    await add(
      await voter.next(
        hall.space,
        'ballot.cast',
        { poll: recall, vote: { choice: 'recall' } },
        tick(),
      ),
    )
  const close = await closeNow(hall.origin, hall.space, carol!, recall)
  await add(close)
  const hubs = [
    [...recallEvents, await noticeOf(hall, close)],
    [next, await noticeOf(hall, next)],
  ]
  const reference = await receive(hall, base, hubs.flat())
  expect(reference.pending).toEqual([])
  expect(reference.election).toBe(computeEventId(next))
  const tie = (reference.views[0]!.federation!.councils as Record<string, { delegates: object }>)[
    hall.council
  ]!
  expect(reference.records.get(hall.bob.publicKey)).toMatchObject({ status: 'recalled' })
  expect(reference.voters).toEqual([hall.alice.publicKey])
  expect(tie.delegates).toEqual({
    [hall.bob.publicKey]: 'recalled',
    [hall.alice.publicKey]: 'seated',
  })
  await fc.assert(
    fc.asyncProperty(interleaving(hubs), async (order) => {
      const got = await receive(hall, base, order)
      expect(got.pending).toEqual([])
      expect(got.views).toEqual(reference.views)
      expect(got.hashes).toEqual(reference.hashes)
    }),
    { numRuns: 10 },
  )
  await hall.origin.store.close()
}, 120_000)
