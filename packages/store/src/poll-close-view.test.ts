// Whoever closes a poll cannot leave ballots out or seal an older one (issue #15, item 1). A close
// states the closer's view (`poll.closed.2` `seen`); within it every voter's latest ballot must be
// sealed, on every replica, whatever order events arrive in; ballots beyond it are kept as late
// and never counted, the same on every replica. Real SQLite stores; fast-check drives the orders.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import { computeCloseResult, describeSpace, hashSpaceState, proposeClose } from '@veche/core'
import type { EventAuthor, EventId, SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { RULES, T0, newAuthor, submitAll, submitOne } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-close-view-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

async function newHub(): Promise<Ledger> {
  return new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)
}

/** An assembly of a founder and three voters on one hub, with a majority poll open. */
async function pollWithVoters() {
  const hub = await newHub()
  const founder = newAuthor()
  const voters = [newAuthor(), newAuthor(), newAuthor()] as const
  const nonce = 'close-view-0001'
  const space = founder.spaceFor(nonce)
  const events: SignedEvent[] = []
  let t = T0
  const add = async (event: SignedEvent) => {
    const [id] = await submitAll(hub, [event])
    events.push(event)
    return id!
  }
  await add(
    await founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Depot',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: RULES,
      },
      t++,
    ),
  )
  for (const [i, voter] of voters.entries())
    await add(
      await founder.next(space, 'member.admitted', { member: voter.publicKey, name: `V${i}` }, t++),
    )
  const poll = await add(
    await founder.next(
      space,
      'poll.opened',
      {
        question: 'Strike on Monday?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'seed-close-view',
      },
      t++,
    ),
  )
  const vote = async (voter: EventAuthor, choice: string) =>
    add(await voter.next(space, 'ballot.cast', { poll, vote: { choice } }, t++))
  return { hub, founder, voters, space, poll, events, vote, at: () => t++ }
}

type Fixture = Awaited<ReturnType<typeof pollWithVoters>>

/** A close sealing exactly `ballots`, with the matching recount: what a dishonest closer signs. */
async function closeSealing(
  f: Fixture,
  ballots: readonly EventId[],
  seen: Record<string, number> | null,
): Promise<SignedEvent> {
  const state = (await f.hub.state(f.space))!
  const record = state.polls.get(f.poll)!
  const sealed = ballots.map((b) => record.ballots.get(b)!)
  const at = f.at()
  const result = computeCloseResult(state, record, sealed, at)
  if (!result.ok) throw new Error(result.message)
  const body = { poll: f.poll, ballots: [...ballots].sort(), result: result.value }
  return seen === null
    ? f.founder.next(f.space, 'poll.closed', body, at)
    : f.founder.next(f.space, 'poll.closed.2', { ...body, seen }, at)
}

/** What an honest closer holding this hub's state writes: its view and its seal. */
async function honestClose(
  f: Fixture,
): Promise<{ seen: Record<string, number>; ballots: EventId[] }> {
  const state = (await f.hub.state(f.space))!
  const close = proposeClose(state, state.polls.get(f.poll)!)
  if (!close.ok) throw new Error(close.message)
  return close.value
}

async function honestView(f: Fixture): Promise<Record<string, number>> {
  return (await honestClose(f)).seen
}

test('a close that leaves out ballots the closer could see is refused, with or without a stated view', async () => {
  const f = await pollWithVoters()
  await f.vote(f.voters[0], 'yes')
  await f.vote(f.voters[1], 'yes')
  const no = await f.vote(f.voters[2], 'no')
  for (const seen of [null, await honestView(f)]) {
    const close = await closeSealing(f, [no], seen)
    // Rejected also when not submitted directly: the rule is the fold's, not only the hub's.
    expect((await f.hub.submit([close], { park: true })).outcomes[0]).toMatchObject({
      status: 'rejected',
      code: 'poll.ballot-omitted',
    })
    f.founder.follow(f.space, { seq: close.seq - 1, head: close.prev! })
  }
  expect((await f.hub.state(f.space))!.polls.get(f.poll)!.status).toBe('open')
})

test("a close sealing a voter's superseded ballot is refused", async () => {
  const f = await pollWithVoters()
  const first = await f.vote(f.voters[0], 'yes')
  await f.vote(f.voters[0], 'no')
  const other = await f.vote(f.voters[1], 'yes')
  for (const seen of [null, await honestView(f)]) {
    const close = await closeSealing(f, [first, other], seen)
    expect(await submitOne(f.hub, close)).toMatchObject({
      status: 'rejected',
      code: 'poll.stale-ballot',
    })
    f.founder.follow(f.space, { seq: close.seq - 1, head: close.prev! })
  }
})

test("a close sealing one voter's ballot twice in place of another's is refused", async () => {
  const f = await pollWithVoters()
  const yes = await f.vote(f.voters[0], 'yes')
  await f.vote(f.voters[1], 'no')
  // As many sealed ids as voters, each a voter's latest ballot: only the repeat gives it away.
  const close = await closeSealing(f, [yes, yes], null)
  expect(await submitOne(f.hub, close)).toMatchObject({
    status: 'rejected',
    code: 'poll.duplicate-voter',
  })
  expect((await f.hub.state(f.space))!.polls.get(f.poll)!.status).toBe('open')
})

test('a sealed ballot beyond the stated view is refused; a view ahead of the replica waits for the events it names', async () => {
  const f = await pollWithVoters()
  const yes = await f.vote(f.voters[0], 'yes')
  const view = await honestView(f)
  const beyond = await closeSealing(f, [yes], {})
  expect(await submitOne(f.hub, beyond)).toMatchObject({
    status: 'rejected',
    code: 'poll.seal-beyond-view',
  })
  f.founder.follow(f.space, { seq: beyond.seq - 1, head: beyond.prev! })
  // A close whose view names a ballot this hub has not received: parked, then applied on arrival.
  const early = await newHub()
  await submitAll(early, f.events.slice(0, -1))
  const close = await closeSealing(f, [yes], view)
  expect((await early.submit([close], { park: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.close-ahead',
    parked: true,
  })
  expect((await early.submit([f.events.at(-1)!], { park: true })).released).toBe(1)
  expect((await early.state(f.space))!.polls.get(f.poll)!.status).toBe('closed')
  await early.store.close()
})

test('ballots beyond the view are kept as late and never counted, on a hub that refuses such a close from its signer', async () => {
  const f = await pollWithVoters()
  const yes = await f.vote(f.voters[0], 'yes')
  const view = await honestView(f)
  const afterView = await f.vote(f.voters[1], 'no')
  const close = await closeSealing(f, [yes], view)
  // Submitted directly, the hub holding the later ballot refuses it: close again.
  expect((await f.hub.submit([close], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.close-stale',
  })
  // Carried in by replication, it is applied: the later ballot is kept, late, not counted.
  expect((await f.hub.submit([close], { park: true })).outcomes[0]).toMatchObject({
    status: 'accepted',
  })
  const late = await f.vote(f.voters[2], 'no')
  const poll = describeSpace((await f.hub.state(f.space))!).polls[f.poll]!
  expect(poll.status).toBe('closed')
  expect(poll.sealed).toBe(1)
  expect(poll.late).toEqual([afterView, late].sort())
  expect(poll.result).toMatchObject({ outcome: 'adopted', winner: 'yes' })
})

test('replicas receiving a close, the ballots within its view and late ballots in any order agree', async () => {
  const f = await pollWithVoters()
  const [a, b, c] = f.voters
  await f.vote(a, 'yes')
  await f.vote(b, 'no')
  await f.vote(a, 'no')
  const honest = await honestClose(f)
  // Cast after the closer looked: b changes their mind, c votes for the first time.
  const beyond = [await f.vote(b, 'yes'), await f.vote(c, 'yes')]
  const close = await closeSealing(f, honest.ballots, honest.seen)
  await submitAll(f.hub, [close])
  const history = [...f.events, close]
  const final = describeSpace((await f.hub.state(f.space))!).polls[f.poll]!
  expect(final.late).toEqual([...beyond].sort())
  const hash = hashSpaceState((await f.hub.state(f.space))!)
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }),
      async (order) => {
        const hub = await newHub()
        for (const event of order) await hub.submit([event], { park: true })
        expect(hashSpaceState((await hub.state(f.space))!)).toBe(hash)
        expect(await hub.pending()).toEqual([])
        expect((await verifyStore(hub.store, nodeVerifier)).map((v) => v.hash)).toEqual([hash])
        await hub.store.close()
      },
    ),
    { numRuns: 15 },
  )
})

test('a poll.closed.3 whose membership view names a leave a hub lacks waits there, parked, and is taken once it arrives', async () => {
  const f = await pollWithVoters()
  await f.vote(f.voters[0], 'yes')
  // A voter without a ballot leaves on the first hub; the close holds it.
  const left = await f.voters[1].next(f.space, 'member.left', {}, f.at())
  await submitAll(f.hub, [left])
  const state = (await f.hub.state(f.space))!
  const body = proposeClose(state, state.polls.get(f.poll)!, f.at())
  if (!body.ok) throw new Error(body.message)
  expect(body.value.members[f.voters[1].publicKey]).toBe(1)
  const close = await f.founder.next(f.space, 'poll.closed.3', body.value, f.at())
  // The other hub holds everything but the leave and the close.
  const other = await newHub()
  await submitAll(other, f.events)
  const parked = await other.submit([close], { park: true })
  expect(parked.outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.close-ahead',
    parked: true,
  })
  // The leave wakes it: it waits for the leave itself, not for any event of the space.
  const taken = await other.submit([left], { park: true })
  expect(taken.outcomes[0]).toMatchObject({ status: 'accepted' })
  expect(taken.released).toBe(1)
  const after = (await other.state(f.space))!
  expect(after.polls.get(f.poll)!.status).toBe('closed')
  await submitAll(f.hub, [close])
  expect(hashSpaceState(after)).toBe(hashSpaceState((await f.hub.state(f.space))!))
})
