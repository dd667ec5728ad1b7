// A close that states its membership view (`poll.closed.3`): the quorum, and a recall's majority,
// count the members within the closer's view, so a member leaving on another hub while a
// facilitator closes changes no replica's count, whichever of the two a replica folds first. With
// `poll.closed.2` the count was the replica's at the fold, and the two hubs split for good.
import { beforeAll, expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import { EventAuthor } from './event-author.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { computeCloseResult, proposeClose } from './poll-rules.js'
import { computeEventId } from './signing.js'
import { proposeSpaceCount } from './space-state.js'
import { hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'
import { replica, twoFacilitatorHall } from './test-support/two-facilitators.js'

let f1: EventAuthor
let f2: EventAuthor
let voters: EventAuthor[]
let council: SpaceId

beforeAll(async () => {
  f1 = new EventAuthor(await generateWebCryptoSigner())
  f2 = new EventAuthor(await generateWebCryptoSigner())
  voters = await Promise.all(
    [1, 2, 3].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  council = new EventAuthor(await generateWebCryptoSigner()).spaceFor('council')
})

const MOTION = {
  question: 'Adopt the budget?',
  subject: null,
  method: 'majority' as const,
  options: ['yes', 'no'],
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'close-membership-view',
}

/**
 * An assembly with a 50 % quorum and five members (F1, F2, V0, V1, V2), a poll F1 opened and three
 * ballots (F1, V0, V1): the quorum needs 3 of 5, 2 of 4 once a member has left.
 */
async function hall(nonce: string) {
  const space = f1.spaceFor(nonce)
  let t = 1
  const rules = {
    proposeRight: 'member',
    inviteRight: 'facilitator',
    quorum: { ballots: 0, percent: 50 },
    defaultMethod: 'majority',
    visibility: 'public',
  } as const
  const events: SignedEvent[] = [
    await f1.next(
      space,
      'assembly.created',
      { nonce, name: 'Hall', description: '', languages: ['en'], founderName: 'F1', rules },
      t++,
    ),
  ]
  for (const [i, member] of [f2, ...voters].entries())
    events.push(
      await f1.next(space, 'member.admitted', { member: member.publicKey, name: `M${i}` }, t++),
    )
  events.push(
    await f1.next(space, 'role.granted', { member: f2.publicKey, role: 'facilitator' }, t++),
  )
  const open = await f1.next(space, 'poll.opened.3', MOTION, t++)
  const poll = computeEventId(open)
  events.push(open)
  for (const [author, choice] of [
    [f1, 'yes'],
    [voters[0]!, 'yes'],
    [voters[1]!, 'no'],
  ] as const)
    events.push(await author.next(space, 'ballot.cast', { poll, vote: { choice } }, t++))
  return { space, poll, events, clock: t }
}

/** F1's close of `poll` as a closer holding `events` signs it, of `type`. */
async function closeOf(
  space: SpaceId,
  poll: EventId,
  events: readonly SignedEvent[],
  type: 'poll.closed.2' | 'poll.closed.3',
  at: number,
): Promise<SignedEvent> {
  const { state } = replica(space, events)
  const close = proposeClose(state, state.polls.get(poll)!, at)
  if (!close.ok) throw new Error(close.message)
  if (type === 'poll.closed.3') return f1.next(space, type, close.value, at)
  const { members: _members, ...body } = close.value
  return f1.next(space, type, body, at)
}

/** The refusals of `events` folded in order with parking, by code, and the state's hash. */
function folded(space: SpaceId, events: readonly SignedEvent[]) {
  const { state, held } = replica(space, events)
  return { hash: hashSpaceState(state), state, held }
}

test('a close and a leave signed on two hubs at once end at one state, in either order', async () => {
  const { space, poll, events, clock } = await hall('view-leave')
  const close = await closeOf(space, poll, events, 'poll.closed.3', clock)
  const left = await voters[2]!.next(space, 'member.left', {}, clock)
  const later = await f1.next(space, 'proposal.submitted', { title: 'Next', text: 'x' }, clock + 1)
  const closeFirst = folded(space, [...events, close, left, later])
  const leaveFirst = folded(space, [...events, left, close, later])
  expect(closeFirst.held).toEqual([])
  expect(leaveFirst.held).toEqual([])
  expect(leaveFirst.hash).toBe(closeFirst.hash)
  // Counted among the five members the closer held, on both replicas.
  expect(leaveFirst.state.polls.get(poll)!.result).toMatchObject({ quorum: { required: 3 } })
  expect(leaveFirst.state.activeMembers).toBe(4)
  expect(leaveFirst.state.proposals.size).toBe(1)
})

test('the same race with a poll.closed.2 still splits the hubs: old logs replay as before', async () => {
  const { space, poll, events, clock } = await hall('view-leave-old')
  const close = await closeOf(space, poll, events, 'poll.closed.2', clock)
  const left = await voters[2]!.next(space, 'member.left', {}, clock)
  const { state } = replica(space, events)
  applyEvent(state, left, computeEventId(left))
  expect(applyEvent(state, close, computeEventId(close))?.code).toBe('poll.result-mismatch')
})

test('a close naming a membership change not held here waits for it, then is taken', async () => {
  const { space, poll, events, clock } = await hall('view-ahead')
  // F2 admits a sixth member; F1 holds it when closing (6 members: the quorum needs 3).
  const newcomer = new EventAuthor(await generateWebCryptoSigner())
  const admitted = await f2.next(
    space,
    'member.admitted',
    { member: newcomer.publicKey, name: 'New' },
    clock,
  )
  const close = await closeOf(space, poll, [...events, admitted], 'poll.closed.3', clock + 1)
  const { state } = replica(space, events)
  expect(applyEvent(state, close, computeEventId(close))?.code).toBe('poll.close-ahead')
  const inOrder = folded(space, [...events, admitted, close])
  const closeFirst = folded(space, [...events, close, admitted])
  expect(inOrder.held).toEqual([])
  expect(closeFirst.held).toEqual([])
  expect(closeFirst.hash).toBe(inOrder.hash)
  expect(closeFirst.state.polls.get(poll)!.status).toBe('closed')
})

test('a close whose result counts the members wrongly is refused in every order', async () => {
  const { space, poll, events, clock } = await hall('view-wrong-count')
  const left = await voters[2]!.next(space, 'member.left', {}, clock)
  // The membership view before the leave, the count after it (4 members: the quorum needs 2).
  const before = replica(space, events).state
  const honest = proposeClose(before, before.polls.get(poll)!, clock + 1)
  if (!honest.ok) throw new Error(honest.message)
  const after = replica(space, [...events, left]).state
  const record = after.polls.get(poll)!
  const wrong = computeCloseResult(
    after,
    record,
    honest.value.ballots.map((b) => record.ballots.get(b)!),
    clock + 1,
  )
  if (!wrong.ok) throw new Error(wrong.message)
  expect(wrong.value).not.toEqual(honest.value.result)
  const close = await f1.next(
    space,
    'poll.closed.3',
    { ...honest.value, result: wrong.value },
    clock + 1,
  )
  for (const order of [
    [...events, left, close],
    [...events, close, left],
  ]) {
    const { state } = replica(space, order.slice(0, -1))
    const last = order.at(-1)!
    const refused = applyEvent(state, last, computeEventId(last))
    if (last === close) expect(refused?.code).toBe('poll.result-mismatch')
    else expect(state.polls.get(poll)!.status).toBe('open')
  }
})

test('a recall closed on one hub while a member leaves on another: one state in either order', async () => {
  const { f1: c1, space, setup, clock } = await twoFacilitatorHall('view-recall', voters)
  let t = clock
  const [v0, v1, v2] = voters as [EventAuthor, EventAuthor, EventAuthor]
  const keys = voters.map((v) => v.publicKey) as [PublicKey, PublicKey, PublicKey]
  const decided = async (body: typeof MOTION, choice: string) => {
    const open = await c1.next(space, 'poll.opened.3', body, t++)
    const poll = computeEventId(open)
    setup.push(open, await c1.next(space, 'ballot.cast', { poll, vote: { choice } }, t++))
    const { state } = replica(space, setup)
    const close = proposeClose(state, state.polls.get(poll)!, t)
    if (!close.ok) throw new Error(close.message)
    setup.push(await c1.next(space, 'poll.closed.3', close.value, t++))
    return poll
  }
  const join = await decided(MOTION, 'yes')
  setup.push(await c1.next(space, 'council.join-decided', { council, poll: join }, t++))
  const elected = await decided({ ...MOTION, options: [keys[0], keys[1]] }, keys[0])
  setup.push(
    await c1.next(
      space,
      'delegate.elected.2',
      {
        council,
        delegates: [keys[0]],
        alternates: [keys[1]],
        poll: elected,
        term: '',
        termEnds: null,
      },
      t++,
    ),
  )
  const started = await c1.next(
    space,
    'recall.started',
    { council, delegate: keys[0], reason: 'mandate' },
    t++,
  )
  const poll = computeEventId(started)
  setup.push(started)
  // Three `recall` votes of five members: recalled (3 needed of 5, and of 4).
  for (const author of [c1, v0, v1])
    setup.push(await author.next(space, 'ballot.cast', { poll, vote: { choice: 'recall' } }, t++))
  const { state } = replica(space, setup)
  const body = proposeClose(state, state.polls.get(poll)!, t)
  if (!body.ok) throw new Error(body.message)
  const close = await c1.next(space, 'poll.closed.3', body.value, t++)
  const left = await v2.next(space, 'member.left', {}, t++)
  const closeFirst = folded(space, [...setup, close, left])
  const leaveFirst = folded(space, [...setup, left, close])
  expect(closeFirst.held).toEqual([])
  expect(leaveFirst.held).toEqual([])
  expect(leaveFirst.hash).toBe(closeFirst.hash)
  expect(leaveFirst.state.polls.get(poll)!.result).toMatchObject({
    members: 5,
    outcome: 'recalled',
  })
})

test('a space count signed on one hub while a member leaves on another: taken in either order', async () => {
  const { space, events, clock } = await hall('view-count')
  const { state } = replica(space, events)
  const body = proposeSpaceCount(state, clock)
  expect(body.members).toBe(5)
  const counted = await f1.next(space, 'space.counted', body, clock)
  const left = await voters[2]!.next(space, 'member.left', {}, clock)
  const countFirst = folded(space, [...events, counted, left])
  const leaveFirst = folded(space, [...events, left, counted])
  expect(countFirst.held).toEqual([])
  expect(leaveFirst.held).toEqual([])
  expect(leaveFirst.hash).toBe(countFirst.hash)
  // Without its view a count is checked against the members at the fold, as before.
  const old = await f1.next(space, 'space.counted', { members: 5 }, clock + 1)
  const after = replica(space, [...events, left, counted]).state
  expect(applyEvent(after, old, computeEventId(old))?.code).toBe('count.mismatch')
})
