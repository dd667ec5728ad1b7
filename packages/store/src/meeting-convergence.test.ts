// A live meeting's events reach hubs in any order and every hub ends with the same meeting state
// and the same speakers' queue: a hand raised again after its owner was called waits for the call,
// a call waits for the hand, and every meeting event waits for the meeting (parking).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import { computeEventId, hashSpaceState, speakersQueue } from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { RULES, T0, newAuthor, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-meeting-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

async function newHub(): Promise<Ledger> {
  return new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)
}

async function makeMeeting() {
  const origin = await newHub()
  const [chair, asel, bolat] = [newAuthor(), newAuthor(), newAuthor()]
  const space = chair.spaceFor('meeting-converge-1')
  const events: SignedEvent[] = []
  let t = T0
  const add = async (event: Promise<SignedEvent>) => {
    const e = await event
    await submitAll(origin, [e])
    events.push(e)
    return computeEventId(e)
  }
  await add(
    chair.next(
      space,
      'assembly.created',
      {
        nonce: 'meeting-converge-1',
        name: 'Hall',
        description: '',
        languages: ['en'],
        founderName: 'Chair',
        rules: RULES,
      },
      t++,
    ),
  )
  await add(chair.next(space, 'member.admitted', { member: asel.publicKey, name: 'Asel' }, t++))
  await add(chair.next(space, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' }, t++))
  const meeting = await add(
    chair.next(
      space,
      'meeting.opened',
      { title: 'Spring', agenda: ['Budget', 'Beds'], progressiveStack: true, speakerSeconds: 60 },
      t++,
    ),
  )
  await add(asel.next(space, 'meeting.hand-raised', { meeting, kind: 'speak' }, t++))
  await add(asel.next(space, 'meeting.attended', { meeting }, t++))
  await add(chair.next(space, 'meeting.speaker-called', { meeting, member: asel.publicKey }, t++))
  await add(asel.next(space, 'meeting.hand-raised', { meeting, kind: 'speak' }, t++))
  await add(bolat.next(space, 'meeting.hand-raised', { meeting, kind: 'point-of-order' }, t++))
  await add(chair.next(space, 'meeting.agenda-advanced', { meeting, item: 1 }, t++))
  const state = (await origin.state(space))!
  const expected = {
    hash: hashSpaceState(state),
    queue: speakersQueue(state.meetings.get(meeting)!).map((h) => h.member),
  }
  await origin.store.close()
  return { space, meeting, events, expected, names: [bolat.publicKey, asel.publicKey] }
}

async function receive(events: readonly SignedEvent[], space: SpaceId, meeting: string) {
  const hub = await newHub()
  for (const event of events) await hub.submit([event], { park: true })
  const state = (await hub.state(space))!
  const result = {
    hash: hashSpaceState(state),
    queue: speakersQueue(state.meetings.get(meeting as never)!).map((h) => h.member),
    pending: (await hub.pending()).length,
  }
  await hub.store.close()
  return result
}

test('meeting: any arrival order gives the same state hash and queue, with nothing left waiting', async () => {
  const { space, meeting, events, expected, names } = await makeMeeting()
  expect(expected.queue).toEqual(names)
  const reversed = await receive([...events].reverse(), space, meeting)
  expect(reversed).toEqual({ ...expected, pending: 0 })
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      async (order) => {
        expect(await receive(order, space, meeting)).toEqual({ ...expected, pending: 0 })
      },
    ),
    { numRuns: 8 },
  )
})
