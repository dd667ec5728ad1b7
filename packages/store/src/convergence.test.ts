// Hubs that receive the same events in different orders converge: through parking (events that
// arrive before what they depend on wait in the pending table) and through forks (an author who
// signed two events with one seq is flagged on every hub, whichever branch it saw first).
// Real SQLite stores, one per simulated hub; fast-check drives the arrival orders.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import {
  computeEventId,
  describeSpace,
  EventAuthor,
  hashSpaceState,
  proposeSeal,
  computePollResult,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { RULES, T0, newAuthor, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-converge-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

/** A fresh hub: a ledger on its own SQLite file. */
async function newHub(): Promise<Ledger> {
  const store = await openSqliteStore(join(root, `hub-${++hubs}.db`))
  return new Ledger(store, nodeVerifier)
}

/** Feeds `events` one at a time in park mode; returns the state hash and what is left pending. */
async function receive(events: readonly SignedEvent[], space: SpaceId) {
  const hub = await newHub()
  for (const event of events) await hub.submit([event], { park: true })
  const state = await hub.state(space)
  const result = {
    hash: state === null ? null : hashSpaceState(state),
    flagged: Object.fromEntries(
      Object.entries((state === null ? undefined : describeSpace(state).forks) ?? {}).map(
        ([key, fork]) => [key, fork.flaggedFrom],
      ),
    ),
    pending: (await hub.pending()).length,
    verified: (await verifyStore(hub.store, nodeVerifier)).map((v) => v.hash),
  }
  await hub.store.close()
  return result
}

/** An assembly's history made on one hub: admissions, proposals, comments, a poll decided. */
async function makeHistory() {
  const origin = await newHub()
  const [founder, alice, bob, dana] = [newAuthor(), newAuthor(), newAuthor(), newAuthor()]
  const nonce = 'converge-0001'
  const space = founder.spaceFor(nonce)
  const events: SignedEvent[] = []
  let t = T0
  const add = async (event: Promise<SignedEvent>) => {
    const e = await event
    await submitAll(origin, [e])
    events.push(e)
    return computeEventId(e)
  }
  await add(
    founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Tram depot',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: RULES,
      },
      t++,
    ),
  )
  for (const [who, name] of [
    [alice, 'Alice'],
    [bob, 'Bob'],
    [dana, 'Dana'],
  ] as const) {
    await add(founder.next(space, 'member.admitted', { member: who.publicKey, name }, t++))
  }
  const p1 = await add(
    alice.next(space, 'proposal.submitted', { title: 'Night shifts', text: 'Fewer.' }, t++),
  )
  const p2 = await add(
    bob.next(space, 'proposal.submitted', { title: 'Canteen', text: 'Open it.' }, t++),
  )
  const c1 = await add(
    dana.next(space, 'comment.posted', { proposal: p1, parent: null, text: 'Yes.' }, t++),
  )
  await add(bob.next(space, 'comment.posted', { proposal: p1, parent: c1, text: 'Agreed.' }, t++))
  await add(
    bob.next(
      space,
      'proposal.amended',
      { proposal: p2, title: 'Canteen', text: 'Open it now.', note: '' },
      t++,
    ),
  )
  const poll = await add(
    founder.next(
      space,
      'poll.opened',
      {
        question: 'Fewer night shifts?',
        proposal: p1,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'seed-converge',
      },
      t++,
    ),
  )
  for (const [who, choice] of [
    [alice, 'yes'],
    [bob, 'no'],
    [dana, 'yes'],
    [bob, 'yes'],
  ] as const) {
    await add(who.next(space, 'ballot.cast', { poll, vote: { choice } }, t++))
  }
  const state = (await origin.state(space))!
  const record = state.polls.get(poll)!
  const seal = proposeSeal(record)
  const result = computePollResult(
    record,
    seal.map((id) => record.ballots.get(id as EventId)!.vote),
    { quorum: 0 },
  )
  if (!result.ok) throw new Error(result.message)
  await add(founder.next(space, 'poll.closed', { poll, ballots: seal, result: result.value }, t++))
  await add(dana.next(space, 'comment.posted', { proposal: p2, parent: null, text: 'Good.' }, t++))
  const hash = hashSpaceState((await origin.state(space))!)
  await origin.store.close()
  return { space, events, hash, founder, alice, bob, dana, t }
}

test('parking: any arrival order ends with the same state hash as the order the history was made in', async () => {
  const history = await makeHistory()
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(history.events, {
        minLength: history.events.length,
        maxLength: history.events.length,
      }),
      async (order) => {
        const hub = await receive(order, history.space)
        expect(hub.hash).toBe(history.hash)
        expect(hub.pending).toBe(0)
        expect(hub.verified).toEqual([history.hash])
      },
    ),
    { numRuns: 15 },
  )
})

test('parking: without park, an event that arrives early is rejected as before and nothing waits', async () => {
  const history = await makeHistory()
  const hub = await newHub()
  const report = await hub.submit([history.events[4]!])
  expect(report.outcomes[0]).toMatchObject({ status: 'rejected', code: 'space.unknown' })
  expect(report.outcomes[0]).not.toHaveProperty('parked')
  expect(await hub.pending()).toEqual([])
  const parked = await hub.submit([history.events[4]!], { park: true })
  expect(parked.outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'space.unknown',
    parked: true,
  })
  expect(parked.written).toBe(0)
  const rest = await hub.submit(history.events.slice(0, 4))
  expect(rest.released).toBe(1)
  expect(await hub.pending()).toEqual([])
  await hub.store.close()
})

/** Re-signs `event` with changes: a second event with the same author, space and seq. */
async function equivocate(
  author: EventAuthor,
  event: SignedEvent,
  body: object,
): Promise<SignedEvent> {
  const other = new EventAuthor(author.signer)
  other.follow(event.space, event.seq === 1 ? null : { seq: event.seq - 1, head: event.prev! })
  return other.next(event.space, event.type, body as never, event.at + 1)
}

test('forks: hubs that see the two branches in any order agree on the state; a resolution lets the author go on', async () => {
  const history = await makeHistory()
  const { space, alice, bob, founder } = history
  // Branch S (alice goes on normally) and branch N (alice signs another event with the same seq).
  const s1 = await alice.next(
    space,
    'proposal.submitted',
    { title: 'Library', text: 'Open late.' },
    history.t,
  )
  const n1 = await equivocate(alice, s1, { title: 'Library', text: 'Close it.' })
  const s2 = await alice.next(
    space,
    'comment.posted',
    { proposal: computeEventId(s1), parent: null, text: 'Mine.' },
    history.t + 1,
  )
  const onS = await bob.next(
    space,
    'comment.posted',
    { proposal: computeEventId(s1), parent: null, text: 'Good.' },
    history.t + 2,
  )
  const forked = [s1, s2, onS, n1]
  const reference = await receive([...history.events, ...forked], space)
  expect(reference.flagged).toEqual({ [alice.publicKey]: 1 + 2 })
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(forked, { minLength: forked.length, maxLength: forked.length }),
      fc.nat(history.events.length),
      async (order, cut) => {
        // Some of the history, then the fork's events in a random order, then the rest.
        const arrivals = [...history.events.slice(0, cut), ...order, ...history.events.slice(cut)]
        const hub = await receive(arrivals, space)
        expect(hub.hash).toBe(reference.hash)
        expect(hub.verified).toEqual([reference.hash])
      },
    ),
    { numRuns: 12 },
  )
  // A facilitator resolves the fork: alice resumes at seq 20 after the resolution, on every hub.
  const resolution = await founder.next(
    space,
    'fork.resolved',
    { member: alice.publicKey, next: 20, note: 'Asked her.' },
    history.t + 3,
  )
  const resumed = new EventAuthor(alice.signer)
  resumed.follow(space, { seq: 19, head: computeEventId(resolution) })
  const after = await resumed.next(
    space,
    'proposal.submitted',
    { title: 'Library', text: 'Agreed version.' },
    history.t + 4,
  )
  const one = await receive([...history.events, s1, s2, onS, n1, resolution, after], space)
  const two = await receive([...history.events, after, resolution, n1, onS, s2, s1], space)
  expect(one.hash).toBe(two.hash)
  expect(one.hash).not.toBe(reference.hash)
  expect(one.verified).toEqual([one.hash])
})
