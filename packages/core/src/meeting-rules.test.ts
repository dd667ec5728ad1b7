import { beforeAll, expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import type { EventBodyInput, EventType } from './event-bodies.js'
import { applyEvent } from './apply-event.js'
import type { EventId, SpaceId } from './ids.js'
import { speakersQueue, speakerTimeLeft } from './meeting-queue.js'
import type { Rejection } from './result.js'
import { computeEventId } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { describeSpace, hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

/** One space, folded as events are signed; `at` is each event's claimed time. */
class Space {
  readonly state: SpaceState
  constructor(readonly id: SpaceId) {
    this.state = createSpaceState(id)
  }
  async try<T extends EventType>(
    author: EventAuthor,
    type: T,
    body: EventBodyInput<T>,
    at = 1000,
  ): Promise<{ id: EventId; rejection: Rejection | null }> {
    author.follow(this.id, this.state.heads.get(author.publicKey) ?? null)
    const event = await author.next(this.id, type, body, at)
    const id = computeEventId(event)
    return { id, rejection: applyEvent(this.state, event, id) }
  }
  async act<T extends EventType>(author: EventAuthor, type: T, body: EventBodyInput<T>, at = 1000) {
    const { id, rejection } = await this.try(author, type, body, at)
    if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
    return id
  }
}

let chair: EventAuthor
let asel: EventAuthor
let bolat: EventAuthor
let dana: EventAuthor

beforeAll(async () => {
  chair = new EventAuthor(await generateWebCryptoSigner())
  asel = new EventAuthor(await generateWebCryptoSigner())
  bolat = new EventAuthor(await generateWebCryptoSigner())
  dana = new EventAuthor(await generateWebCryptoSigner())
})

async function hall(nonce: string): Promise<Space> {
  const space = new Space(chair.spaceFor(nonce))
  await space.act(chair, 'assembly.created', {
    nonce,
    name: 'Hall',
    description: '',
    languages: ['en'],
    founderName: 'Chair',
    rules: RULES,
  })
  for (const [member, name] of [
    [asel, 'Asel'],
    [bolat, 'Bolat'],
    [dana, 'Dana'],
  ] as const)
    await space.act(chair, 'member.admitted', { member: member.publicKey, name })
  return space
}

async function meet(space: Space, progressiveStack: boolean): Promise<EventId> {
  return space.act(chair, 'meeting.opened', {
    title: 'General meeting',
    agenda: ['Budget', 'Garden'],
    progressiveStack,
    speakerSeconds: 120,
  })
}

const names = (space: Space, meeting: EventId): string[] =>
  speakersQueue(space.state.meetings.get(meeting)!).map(
    (h) => space.state.members.get(h.member)!.name,
  )

test('meeting: a space without meetings keeps its view and hash without a meetings key', async () => {
  const space = await hall('meeting-none-1')
  expect(describeSpace(space.state)).not.toHaveProperty('meetings')
  await meet(space, false)
  expect(describeSpace(space.state)).toHaveProperty('meetings')
})

test('meeting queue: a point of order goes before every hand raised earlier', async () => {
  const space = await hall('meeting-order-1')
  const meeting = await meet(space, false)
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' }, 2000)
  await space.act(bolat, 'meeting.hand-raised', { meeting, kind: 'speak' }, 3000)
  await space.act(dana, 'meeting.hand-raised', { meeting, kind: 'point-of-order' }, 4000)
  expect(names(space, meeting)).toEqual(['Dana', 'Asel', 'Bolat'])
})

test('meeting queue: with a progressive stack, members who have not spoken go first', async () => {
  const space = await hall('meeting-progressive-1')
  const meeting = await meet(space, true)
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' }, 2000)
  await space.act(chair, 'meeting.speaker-called', { meeting, member: asel.publicKey }, 2500)
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' }, 3000)
  await space.act(bolat, 'meeting.hand-raised', { meeting, kind: 'speak' }, 4000)
  expect(names(space, meeting)).toEqual(['Bolat', 'Asel'])
})

test('meeting queue: without a progressive stack, raise order alone decides', async () => {
  const space = await hall('meeting-plain-1')
  const meeting = await meet(space, false)
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' }, 2000)
  await space.act(chair, 'meeting.speaker-called', { meeting, member: asel.publicKey }, 2500)
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' }, 3000)
  await space.act(bolat, 'meeting.hand-raised', { meeting, kind: 'speak' }, 4000)
  expect(names(space, meeting)).toEqual(['Asel', 'Bolat'])
})

test('meeting queue: the order is the same whichever hand a replica folded first', async () => {
  const space = await hall('meeting-converge-1')
  const meeting = await meet(space, false)
  const raisedLate = await bolat.next(
    space.id,
    'meeting.hand-raised',
    { meeting, kind: 'speak' },
    5000,
  )
  const raisedEarly = await asel.next(
    space.id,
    'meeting.hand-raised',
    { meeting, kind: 'speak' },
    4000,
  )
  for (const [first, second] of [
    [raisedLate, raisedEarly],
    [raisedEarly, raisedLate],
  ] as const) {
    const copy = await hall('meeting-converge-1')
    const m = await meet(copy, false)
    expect(m).toBe(meeting)
    expect(applyEvent(copy.state, first, computeEventId(first))).toBeNull()
    expect(applyEvent(copy.state, second, computeEventId(second))).toBeNull()
    expect(names(copy, meeting)).toEqual(['Asel', 'Bolat'])
  }
})

test('meeting: calling a speaker takes the hand down and starts their time at the call', async () => {
  const space = await hall('meeting-call-1')
  const meeting = await meet(space, true)
  await space.act(bolat, 'meeting.hand-raised', { meeting, kind: 'speak' }, 2000)
  await space.act(chair, 'meeting.speaker-called', { meeting, member: bolat.publicKey }, 10_000)
  const record = space.state.meetings.get(meeting)!
  expect(record.hands.size).toBe(0)
  expect(record.speaker?.member).toBe(bolat.publicKey)
  expect(speakerTimeLeft(record, 40_000)).toBe(90_000)
  const again = await space.try(chair, 'meeting.speaker-called', {
    meeting,
    member: bolat.publicKey,
  })
  expect(again.rejection?.code).toBe('meeting.no-hand')
})

test('meeting: only facilitators open, call, advance and close; members raise and attend', async () => {
  const space = await hall('meeting-rights-1')
  const byMember = await space.try(asel, 'meeting.opened', {
    title: 'Mine',
    agenda: [],
    progressiveStack: false,
    speakerSeconds: 0,
  })
  expect(byMember.rejection?.code).toBe('meeting.not-allowed')
  const meeting = await meet(space, false)
  const second = await space.try(chair, 'meeting.opened', {
    title: 'Another',
    agenda: [],
    progressiveStack: false,
    speakerSeconds: 0,
  })
  expect(second.rejection?.code).toBe('meeting.already-open')
  await space.act(asel, 'meeting.hand-raised', { meeting, kind: 'speak' })
  expect(
    (await space.try(asel, 'meeting.hand-raised', { meeting, kind: 'point-of-order' })).rejection
      ?.code,
  ).toBe('meeting.hand-already-raised')
  expect(
    (await space.try(bolat, 'meeting.hand-lowered', { meeting, member: asel.publicKey })).rejection
      ?.code,
  ).toBe('meeting.not-allowed')
  await space.act(asel, 'meeting.hand-lowered', { meeting, member: asel.publicKey })
  expect(
    (await space.try(asel, 'meeting.agenda-advanced', { meeting, item: 1 })).rejection?.code,
  ).toBe('meeting.not-allowed')
  expect(
    (await space.try(chair, 'meeting.agenda-advanced', { meeting, item: 2 })).rejection?.code,
  ).toBe('meeting.bad-agenda-item')
  await space.act(chair, 'meeting.agenda-advanced', { meeting, item: 1 })
  await space.act(asel, 'meeting.attended', { meeting })
  expect((await space.try(asel, 'meeting.attended', { meeting })).rejection?.code).toBe(
    'meeting.already-attended',
  )
  expect(space.state.meetings.get(meeting)!.present.size).toBe(1)
  await space.act(chair, 'meeting.closed', { meeting })
  expect((await space.try(bolat, 'meeting.attended', { meeting })).rejection?.code).toBe(
    'meeting.closed',
  )
  const before = hashSpaceState(space.state)
  expect(
    (await space.try(bolat, 'meeting.hand-raised', { meeting, kind: 'speak' })).rejection?.code,
  ).toBe('meeting.closed')
  expect(hashSpaceState(space.state)).toBe(before)
})
