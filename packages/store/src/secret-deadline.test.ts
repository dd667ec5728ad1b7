// Deadlines of secret polls through a real ledger on SQLite (docs/events.md, "Deadlines"): the
// rules of the fold (a deadline before the opening, a credential request claimed after it), the
// hub's own clock at ingest (`refuseLateBallotsAt`: late requests and late ballots refused, nothing
// written), and a late ballot carried by replication, which the seal alone decides on every
// replica, as for any ballot beyond a close's view.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { computeEventId, describeSpace, hashSpaceState, secretSealDraft } from '@veche/core'
import type { SignedEvent, SignedEventOf } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { submitOne } from './test-support/assembly-fixture.js'
import { secretPollOnLedger } from './test-support/secret-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-secret-deadline-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0
const newLedger = async (): Promise<Ledger> =>
  new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)

/** The poll's opening in the log. */
function openingOf(log: readonly SignedEvent[]): SignedEventOf<'secret.poll-opened'> {
  return log.find((e): e is SignedEventOf<'secret.poll-opened'> => e.type === 'secret.poll-opened')!
}

/** The poll's deadline, read from its opening in the log. */
function deadlineOf(log: readonly SignedEvent[]): number {
  return openingOf(log).body.closesAt!
}

test('secret poll deadline: kept in the state, and a deadline at or before the opening is refused (poll.bad-deadline)', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 3, closesIn: 60_000 })
  const closesAt = deadlineOf(p.log)
  expect(describeSpace(await p.state()).polls[p.poll]!.closesAt).toBe(closesAt)
  const opened = openingOf(p.log)
  const at = p.at()
  const early = await p.founder.next(
    p.space,
    'secret.poll-opened',
    { ...opened.body, tieBreakSeed: 'secret-seed-0002', closesAt: at },
    at,
  )
  const outcome = await submitOne(ledger, early)
  expect(outcome).toMatchObject({ status: 'rejected', code: 'poll.bad-deadline' })
})

test('secret poll deadline: a credential request claimed after it is refused on every replica (secret.request-after-deadline); one claimed at it is accepted', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 4, closesIn: 60_000 })
  const closesAt = deadlineOf(p.log)
  const late = await p.askCredential(p.members[1]!, closesAt + 1)
  // Replication applies the fold's rule only: no clock is given, and the request is refused.
  expect(await submitOne(ledger, late)).toMatchObject({
    status: 'rejected',
    code: 'secret.request-after-deadline',
  })
  const atDeadline = await p.askCredential(p.members[2]!, closesAt)
  expect(await submitOne(ledger, atDeadline)).toMatchObject({ status: 'accepted' })
  const secret = (await p.state()).polls.get(p.poll)!.secret!
  expect(secret.requests.has(p.members[1]!.publicKey)).toBe(false)
  expect(secret.requests.has(p.members[2]!.publicKey)).toBe(true)
})

test("secret poll deadline: by the hub's clock a request and a ballot that reach it late are refused and nothing is written", async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 4, closesIn: 60_000 })
  const closesAt = deadlineOf(p.log)
  const ballot = await p.vote(p.members[1]!, 'yes')
  const request = await p.askCredential(p.members[2]!) // claims a time well before the deadline
  const hash = hashSpaceState(await p.state())
  const late = await ledger.submit([request, ballot], { refuseLateBallotsAt: closesAt + 1 })
  expect(late.outcomes).toMatchObject([
    { status: 'rejected', code: 'secret.request-after-deadline' },
    { status: 'rejected', code: 'poll.deadline-passed' },
  ])
  expect(late.written).toBe(0)
  expect(await ledger.store.ballots(p.space, p.poll)).toEqual([])
  expect(hashSpaceState(await p.state())).toBe(hash)
  // At the deadline itself both are still in time.
  const onTime = await ledger.submit([request, ballot], { refuseLateBallotsAt: closesAt })
  expect(onTime.outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted'])
  expect((await ledger.store.ballots(p.space, p.poll)).map((b) => b.id)).toEqual([
    computeEventId(ballot),
  ])
})

test('secret poll deadline: a ballot carried to a replica after the seal is late there and on the sealing hub alike; one the seal names counts on both', async () => {
  const hub = await newLedger()
  const p = await secretPollOnLedger(hub, { members: 5, closesIn: 60_000 })
  const closesAt = deadlineOf(p.log)
  const counted = await p.vote(p.members[1]!, 'yes')
  const carried = await p.vote(p.members[2]!, 'no')
  await p.submit([counted])
  // The opener seals at the deadline with what this hub holds: `carried` reached another hub in
  // time and comes here by sync only after the seal.
  const seal = await p.sign(p.founder, secretSealDraft(await p.state(), p.poll))
  expect(seal.at).toBeLessThan(closesAt)
  await p.submit([seal])
  expect(await submitOne(hub, carried)).toMatchObject({ status: 'accepted' })
  const here = (await p.state()).polls.get(p.poll)!
  expect(here.sealed).toEqual([computeEventId(counted)])
  expect(here.late.map((b) => b.id)).toEqual([computeEventId(carried)])
  // A replica that got the ballot before the seal, in another order, decides the same.
  const replica = await newLedger()
  const events = [...p.log.slice(0, -1)]
  await replica.submit(events)
  expect(await submitOne(replica, carried)).toMatchObject({ status: 'accepted' })
  expect(await submitOne(replica, counted)).toMatchObject({ status: 'accepted' })
  expect(await submitOne(replica, seal)).toMatchObject({ status: 'accepted' })
  const there = (await replica.state(p.space))!
  expect(there.polls.get(p.poll)!.late.map((b) => b.id)).toEqual([computeEventId(carried)])
  expect(hashSpaceState(there)).toBe(hashSpaceState(await p.state()))
})
