// The order of a member space's elections and counts in a council (issue #15, "every count right";
// docs/federation.md, "Order of a space's elections and counts"): an election or count dated in
// the year 2100, relayed by a hub that does not check claimed times, held under the old types
// until 2100; the new types (`delegate.elected.3`, `space.counted.2`) are ordered by their place in
// the member space's own chain, a fork of two facilitators settles on one winner whatever order
// its notices come in, and a facilitator cannot skip the latest election.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import {
  hashSpaceState,
  nextCount,
  nextElection,
  proposeSpaceCount,
  seatedDelegates,
} from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, newAuthor, submitAll, submitOne } from './test-support/assembly-fixture.js'
import type { AssemblyFixture } from './test-support/assembly-fixture.js'
import {
  decide,
  foundCouncil,
  joinCouncil,
  notice,
  tick,
} from './test-support/federation-fixture.js'

const YEAR_2100 = Date.UTC(2100, 0, 1)

let dir: string
let stores: EventStore[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-election-order-'))
  stores = []
})
afterEach(async () => {
  for (const store of stores) await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function openLedger(): Promise<{ ledger: Ledger; store: EventStore }> {
  const store = await openSqliteStore(join(dir, `replica-${stores.length}.db`))
  stores.push(store)
  return { ledger: new Ledger(store, nodeVerifier), store }
}

interface Hall extends AssemblyFixture {
  readonly council: SpaceId
}

/** Riverside (founder, alice, bob; alice a facilitator too) joined to a council of one seat each. */
async function hallInCouncil(
  ledger: Ledger,
  seats?: { kind: 'proportional'; method: 'dhondt'; total: number },
): Promise<Hall> {
  const hall = await foundAssembly(ledger)
  await submitAll(ledger, [
    await hall.founder.next(
      hall.space,
      'role.granted',
      { member: hall.alice.publicKey, role: 'facilitator' },
      tick(),
    ),
  ])
  const council = await foundCouncil(ledger, 'City', seats)
  const body = { space: hall.space, facilitator: hall.founder, voters: [hall.founder] }
  await joinCouncil(ledger, body, council)
  return { ...hall, council: council.council }
}

/**
 * `signer` records the election of `delegate` (the poll decided at once) as `type`, claiming time
 * `at`; for `delegate.elected.3`, `chain` gives `after` and `round` (default: the signer's latest).
 */
async function election(
  ledger: Ledger,
  hall: Hall,
  signer: EventAuthor,
  delegate: EventAuthor,
  type: 'delegate.elected.2' | 'delegate.elected.3',
  at: number,
  chain?: { after: EventId | null; round: number },
): Promise<SignedEvent> {
  const options = [delegate.publicKey as string, newAuthor().publicKey as string]
  const poll = await decide(ledger, hall.space, hall.founder, { method: 'majority', options }, [
    [hall.founder, { choice: delegate.publicKey }],
  ])
  const base = {
    council: hall.council,
    delegates: [delegate.publicKey],
    alternates: [],
    poll,
    term: 'one year',
    termEnds: null,
  }
  if (type === 'delegate.elected.2') return signer.next(hall.space, type, base, at)
  const place = chain ?? nextElection((await ledger.state(hall.space))!, hall.council)
  return signer.next(hall.space, type, { ...base, ...place }, at)
}

async function seated(ledger: Ledger, council: SpaceId) {
  return seatedDelegates((await ledger.state(council))!.council!, 0)
}

test('old types: an election dated 2100 has a later one refused in the council (kept for old logs)', async () => {
  const { ledger } = await openLedger()
  const hall = await hallInCouncil(ledger)
  const [future] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.alice, 'delegate.elected.2', YEAR_2100),
  ])
  await notice(ledger, newAuthor(), hall.council, future!)
  const [later] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.bob, 'delegate.elected.2', tick()),
  ])
  const refused = await submitOne(
    ledger,
    await newAuthor().next(hall.council, 'council.notice', { reference: later! }, tick()),
  )
  expect(refused).toMatchObject({ status: 'rejected', code: 'delegate.election-superseded' })
  expect(await seated(ledger, hall.council)).toEqual([hall.alice.publicKey])
})

test('delegate.elected.3: elections chained after one dated 2100 seat their delegates, whatever times they claim', async () => {
  const { ledger } = await openLedger()
  const hall = await hallInCouncil(ledger)
  const [future] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.alice, 'delegate.elected.2', YEAR_2100),
  ])
  await notice(ledger, newAuthor(), hall.council, future!)
  // Chained after the one dated 2100: round 1, claiming now.
  const [next] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.bob, 'delegate.elected.3', tick()),
  ])
  await notice(ledger, newAuthor(), hall.council, next!)
  expect(await seated(ledger, hall.council)).toEqual([hall.bob.publicKey])
  // One dated 2100 of the new type holds only until the next one, which may claim any time.
  const [far] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.alice, 'delegate.elected.3', YEAR_2100),
  ])
  await notice(ledger, newAuthor(), hall.council, far!)
  const [early] = await submitAll(ledger, [
    await election(ledger, hall, hall.alice, hall.bob, 'delegate.elected.3', 1_000),
  ])
  await notice(ledger, newAuthor(), hall.council, early!)
  expect(await seated(ledger, hall.council)).toEqual([hall.bob.publicKey])
  // An old-type election after a new one no longer takes effect in the council.
  const [old] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.alice, 'delegate.elected.2', YEAR_2100 + 1),
  ])
  const refused = await submitOne(
    ledger,
    await newAuthor().next(hall.council, 'council.notice', { reference: old! }, tick()),
  )
  expect(refused).toMatchObject({ status: 'rejected', code: 'delegate.election-superseded' })
  expect(await seated(ledger, hall.council)).toEqual([hall.bob.publicKey])
})

test('delegate.elected.3: a skip over the latest election is refused, by the fold for the signer’s own and by a hub for anyone’s', async () => {
  const { ledger } = await openLedger()
  const hall = await hallInCouncil(ledger)
  const [first] = await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.alice, 'delegate.elected.3', tick()),
  ])
  await submitAll(ledger, [
    await election(ledger, hall, hall.founder, hall.bob, 'delegate.elected.3', tick()),
  ])
  // The founder made round 2 and names round 1 again: skips their own.
  const skip = await election(
    ledger,
    hall,
    hall.founder,
    hall.alice,
    'delegate.elected.3',
    tick(),
    {
      after: first!,
      round: 2,
    },
  )
  expect(await submitOne(ledger, skip)).toMatchObject({
    status: 'rejected',
    code: 'delegate.election-not-latest',
  })
  hall.founder.follow(
    hall.space,
    (await ledger.state(hall.space))!.heads.get(hall.founder.publicKey) ?? null,
  )
  // Alice could not have known round 2 on another hub: replication takes it (a fork); a hub it is
  // submitted to directly, holding round 2, refuses it.
  const fork = await election(ledger, hall, hall.alice, hall.alice, 'delegate.elected.3', tick(), {
    after: first!,
    round: 2,
  })
  const direct = await ledger.submit([fork], { refuseStaleCloses: true })
  expect(direct.outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'delegate.election-not-latest',
  })
  expect(await submitOne(ledger, fork)).toMatchObject({ status: 'accepted' })
  // A wrong round is invalid; an `after` not held waits.
  const wrongRound = await election(
    ledger,
    hall,
    hall.founder,
    hall.alice,
    'delegate.elected.3',
    tick(),
    {
      after: first!,
      round: 5,
    },
  )
  expect(await submitOne(ledger, wrongRound)).toMatchObject({
    status: 'rejected',
    code: 'delegate.bad-election',
  })
  hall.founder.follow(
    hall.space,
    (await ledger.state(hall.space))!.heads.get(hall.founder.publicKey) ?? null,
  )
  const unknown = await election(
    ledger,
    hall,
    hall.founder,
    hall.alice,
    'delegate.elected.3',
    tick(),
    {
      after: 'A'.repeat(43) as EventId,
      round: 3,
    },
  )
  expect(await submitOne(ledger, unknown)).toMatchObject({
    status: 'rejected',
    code: 'delegate.election-unknown',
  })
})

test('two facilitators elect after the same election on two hubs: every delivery order gives one state', async () => {
  const one = await openLedger()
  const hall = await hallInCouncil(one.ledger)
  const [first] = await submitAll(one.ledger, [
    await election(one.ledger, hall, hall.founder, hall.bob, 'delegate.elected.3', tick()),
  ])
  await notice(one.ledger, newAuthor(), hall.council, first!)
  // Both name the first election; the founder's claims 2100.
  const chain = { after: first!, round: 2 }
  const y = await election(
    one.ledger,
    hall,
    hall.alice,
    hall.founder,
    'delegate.elected.3',
    tick(),
    chain,
  )
  const x = await election(
    one.ledger,
    hall,
    hall.founder,
    hall.alice,
    'delegate.elected.3',
    YEAR_2100,
    chain,
  )
  // The second replica holds what the first held before the fork.
  const two = await openLedger()
  const before: SignedEvent[] = []
  for await (const stored of one.store.readAll())
    before.push(JSON.parse(stored.json) as SignedEvent)
  await submitAll(two.ledger, before)
  const [xId, yId] = await submitAll(one.ledger, [x, y])
  await submitAll(two.ledger, [y, x])
  const noticeX = await newAuthor().next(
    hall.council,
    'council.notice',
    { reference: xId! },
    tick(),
  )
  const noticeY = await newAuthor().next(
    hall.council,
    'council.notice',
    { reference: yId! },
    tick(),
  )
  await one.ledger.submit([noticeX, noticeY])
  await two.ledger.submit([noticeY, noticeX])
  const winner = xId! < yId! ? hall.alice : hall.founder
  for (const { ledger } of [one, two]) {
    expect(await seated(ledger, hall.council)).toEqual([winner.publicKey])
    const tie = (await ledger.state(hall.space))!.federation.ties.get(hall.council)!
    expect(tie.election).toBe(xId! < yId! ? xId : yId)
  }
  for (const space of [hall.space, hall.council]) {
    expect(hashSpaceState((await two.ledger.state(space))!)).toBe(
      hashSpaceState((await one.ledger.state(space))!),
    )
  }
})

test('space.counted.2: counts chained after one dated 2100 set a proportional council’s share', async () => {
  const { ledger } = await openLedger()
  const hall = await hallInCouncil(ledger, { kind: 'proportional', method: 'dhondt', total: 5 })
  const count = async (type: 'space.counted' | 'space.counted.2', at: number) => {
    const state = (await ledger.state(hall.space))!
    const body = proposeSpaceCount(state)
    const event =
      type === 'space.counted'
        ? await hall.founder.next(hall.space, type, body, at)
        : await hall.founder.next(hall.space, type, { ...body, ...nextCount(state) }, at)
    const [id] = await submitAll(ledger, [event])
    await notice(ledger, newAuthor(), hall.council, id!)
  }
  const members = async () =>
    (await ledger.state(hall.council))!.council!.spaces.get(hall.space)!.count!.members
  const admit = async () =>
    submitAll(ledger, [
      await hall.founder.next(
        hall.space,
        'member.admitted',
        { member: newAuthor().publicKey, name: 'Newcomer' },
        tick(),
      ),
    ])
  await count('space.counted', YEAR_2100)
  await admit()
  await count('space.counted', tick())
  expect(await members()).toBe(3)
  await count('space.counted.2', tick())
  expect(await members()).toBe(4)
  await admit()
  await count('space.counted.2', 1_000)
  expect(await members()).toBe(5)
  // The signer's own earlier count is not skipped.
  const state = (await ledger.state(hall.space))!
  const skip = await hall.founder.next(
    hall.space,
    'space.counted.2',
    { ...proposeSpaceCount(state), after: null, round: 1 },
    tick(),
  )
  expect(await submitOne(ledger, skip)).toMatchObject({
    status: 'rejected',
    code: 'count.not-latest',
  })
})
