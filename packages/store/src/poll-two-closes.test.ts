// Two facilitators closing the same poll at once on two hubs (issue #15). Each hub takes its own
// close first (submitted directly, as `POST /api/events` does); then the hubs sync both ways.
// Before, each refused the other's close (`poll.closed`), so they kept different results and
// state hashes for good, and the refused closer's later events waited for a seq that never came.
// Now both closes stand on both hubs, the lowest id takes effect, and `verify` agrees.
import { expect, test } from 'vitest'
import {
  applyEvent,
  computeEventId,
  createSpaceState,
  describeSpace,
  proposeClose,
} from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SignedEventOf, SpaceId } from '@veche/core'
import type { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { depotWithTwoFacilitators, newAuthor, submitAll } from './test-support/assembly-fixture.js'
import { hubPair, pull } from './test-support/hub-pair.js'

const { newHub } = hubPair('two-closes')

/** The close an honest facilitator holding `hub`'s state signs, submitted to it directly. */
async function closeOn(
  hub: Ledger,
  closer: EventAuthor,
  space: SpaceId,
  poll: EventId,
  at: number,
) {
  const state = (await hub.state(space))!
  const close = proposeClose(state, state.polls.get(poll)!, at)
  if (!close.ok) throw new Error(close.message)
  const event = await closer.next(space, 'poll.closed.3', close.value, at)
  expect((await hub.submit([event], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'accepted',
  })
  return event as SignedEventOf<'poll.closed.3'>
}

test('two facilitators close one poll at once on two hubs: after syncing both ways both hubs verify to one hash and take both closers’ later events', async () => {
  const a = await newHub('a')
  const b = await newHub('b')
  const [f1, f2, v1, v2, v3] = [newAuthor(), newAuthor(), newAuthor(), newAuthor(), newAuthor()]
  const nonce = 'two-closes-0001'
  const hall = await depotWithTwoFacilitators(nonce, f1, f2, [v1, v2, v3])
  const { space, setup } = hall
  let t = hall.clock
  const opened = await f1.next(
    space,
    'poll.opened',
    {
      question: 'Strike on Monday?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'seed-two-closes',
    },
    t++,
  )
  setup.push(opened)
  const poll = computeEventId(opened)
  const ballot = (voter: EventAuthor, choice: string) =>
    voter.next(space, 'ballot.cast', { poll, vote: { choice } }, t++)
  setup.push(await ballot(v1, 'yes'), await ballot(v2, 'no'))
  await submitAll(a, setup)
  await submitAll(b, setup)
  // Hub A hears v3's "yes"; hub B hears v1 change to "no". Each facilitator closes on their hub.
  const v3Yes = await ballot(v3, 'yes')
  const v1No = await ballot(v1, 'no')
  await submitAll(a, [v3Yes])
  await submitAll(b, [v1No])
  const close1 = await closeOn(a, f1, space, poll, t++)
  const close2 = await closeOn(b, f2, space, poll, t++)
  expect(close1.body.result).toMatchObject({ winner: 'yes' })
  expect(close2.body.result).toMatchObject({ winner: 'no' })
  // Each closer goes on acting on their own hub: what follows a losing close must not be stuck.
  const next = (f: EventAuthor, title: string) =>
    f.next(space, 'proposal.submitted', { title, text: 'Text.' }, t++)
  const later1 = await next(f1, 'After the close (F1)')
  const later2 = await next(f2, 'After the close (F2)')
  await submitAll(a, [later1])
  await submitAll(b, [later2])

  await pull(a, b, space)
  await pull(b, a, space)

  const [winner, loser] =
    computeEventId(close1) < computeEventId(close2) ? [close1, close2] : [close2, close1]
  const verdicts = await Promise.all([a, b].map((hub) => verifyStore(hub.store, nodeVerifier)))
  expect(verdicts.map((v) => v.map((s) => s.fault))).toEqual([[null], [null]])
  expect(verdicts[0]![0]!.hash).not.toBeNull()
  expect(verdicts[1]![0]!.hash).toBe(verdicts[0]![0]!.hash)
  expect(verdicts[0]![0]!.events).toBe(setup.length + 6)
  for (const hub of [a, b]) {
    expect(await hub.pending()).toEqual([])
    const state = (await hub.state(space))!
    const view = describeSpace(state).polls[poll]!
    expect(view.result).toEqual(winner.body.result)
    expect(view.close).toBe(computeEventId(winner))
    expect(view.superseded).toEqual([
      expect.objectContaining({ close: computeEventId(loser), by: loser.author }),
    ])
    expect(state.proposals.has(computeEventId(later1))).toBe(true)
    expect(state.proposals.has(computeEventId(later2))).toBe(true)
  }
  // A third close submitted directly to a hub that holds one is still refused there.
  const third = await f1.next(space, 'poll.closed.3', winner.body, t++)
  expect((await a.submit([third], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.closed',
  })
  await Promise.all([a.store.close(), b.store.close()])
})

/**
 * A poll F1 closes having seen only its own `yes` (adopted) and F2 having seen two `no` ballots
 * too (not adopted), drawn afresh until F2's close has the lower id: F1's close is superseded.
 */
async function adoptingCloseSuperseded() {
  for (;;) {
    const [f1, f2, v1, v2] = [newAuthor(), newAuthor(), newAuthor(), newAuthor()]
    const nonce = 'two-closes-act1'
    const hall = await depotWithTwoFacilitators(nonce, f1, f2, [v1, v2])
    const { space, setup } = hall
    let t = hall.clock
    const opened = await f1.next(
      space,
      'poll.opened',
      {
        question: 'Join the city council?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'seed-two-closes-act',
      },
      t++,
    )
    const poll = computeEventId(opened)
    setup.push(opened, await f1.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, t++))
    const votes = [
      await v1.next(space, 'ballot.cast', { poll, vote: { choice: 'no' } }, t++),
      await v2.next(space, 'ballot.cast', { poll, vote: { choice: 'no' } }, t++),
    ]
    const closeAs = async (closer: EventAuthor, held: readonly SignedEvent[]) => {
      const state = createSpaceState(space)
      for (const event of held) expect(applyEvent(state, event, computeEventId(event))).toBeNull()
      const close = proposeClose(state, state.polls.get(poll)!, t)
      if (!close.ok) throw new Error(close.message)
      return closer.next(space, 'poll.closed.3', close.value, t++)
    }
    const close1 = await closeAs(f1, setup)
    const close2 = await closeAs(f2, [...setup, ...votes])
    if (computeEventId(close2) > computeEventId(close1)) continue
    const council = newAuthor().spaceFor('city-council')
    const join = await f1.next(space, 'council.join-decided', { council, poll }, t++)
    return { space, council, events: [...setup, ...votes, close2, close1], join }
  }
}

test('a hub holding both closes refuses a join submitted directly that only the superseded close adopted, and takes it by replication', async () => {
  const hub = await newHub('acts')
  const s = await adoptingCloseSuperseded()
  await submitAll(hub, s.events)
  expect((await hub.submit([s.join], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.close-superseded',
  })
  expect(describeSpace((await hub.state(s.space))!).federation).toBeUndefined()
  expect((await hub.submit([s.join])).outcomes[0]).toMatchObject({ status: 'accepted' })
  expect(describeSpace((await hub.state(s.space))!).federation!.councils[s.council]!.joined).toBe(
    computeEventId(s.join),
  )
  await hub.store.close()
})
