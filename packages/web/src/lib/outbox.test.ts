// The outbox against a hub that is down, then up, then refusing: nothing signed is lost across a
// reopen (a reload), events leave in the order they were signed, refusals keep their code.
import { EventAuthor, generateWebCryptoSigner } from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import type { HubClient, SubmitOutcome } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'

/** A hub reachable or not; when up it accepts everything except what `refuse` names. */
function switchableHub(): HubClient & {
  up: boolean
  received: SignedEvent[]
  refuse: Set<number>
} {
  const hub = {
    up: false,
    received: [] as SignedEvent[],
    refuse: new Set<number>(),
    submit(events: readonly SignedEvent[]): Promise<SubmitOutcome[] | null> {
      if (!hub.up) return Promise.resolve(null)
      return Promise.resolve(
        events.map((event): SubmitOutcome => {
          if (hub.refuse.has(event.seq))
            return { status: 'rejected', code: 'poll.closed', message: 'this poll is closed' }
          hub.received.push(event)
          return { status: 'accepted', id: 'x' }
        }),
      )
    },
    readEvents: () => Promise.resolve(null),
    follow: () => () => undefined,
  }
  return hub
}

async function signedComments(n: number): Promise<SignedEvent[]> {
  const author = new EventAuthor(await generateWebCryptoSigner())
  const space = 'AAAAAAAAAAAAAAAAAAAAAA' as SpaceId
  const events: SignedEvent[] = []
  for (let i = 0; i < n; i++)
    events.push(await author.next(space, 'proposal.submitted', { title: `t${i}`, text: 'x' }, i))
  return events
}

test('outbox: events signed offline survive a reload and are sent in order when the hub is back', async () => {
  const store = memoryStore()
  const hub = switchableHub()
  const events = await signedComments(3)
  const first = await Outbox.open(store, hub)
  for (const event of events) await first.add(event)
  expect(await first.flush()).toBe(false)
  expect(first.entries.map((e) => e.status)).toEqual(['pending', 'pending', 'pending'])

  const reopened = await Outbox.open(store, hub)
  expect(reopened.entries).toHaveLength(3)
  expect(reopened.headOf(events[0]!.space, events[0]!.author)?.seq).toBe(3)
  hub.up = true
  expect(await reopened.flush()).toBe(true)
  expect(hub.received.map((e) => e.seq)).toEqual([1, 2, 3])
  expect(reopened.entries).toEqual([])
  // Accepted but not yet streamed back: the next event must still follow seq 3.
  expect(reopened.headOf(events[0]!.space, events[0]!.author)?.seq).toBe(3)
  expect((await Outbox.open(store, hub)).entries).toEqual([])
})

test('outbox: a refused event stays with the hub code until dismissed; the others go', async () => {
  const store = memoryStore()
  const hub = switchableHub()
  hub.up = true
  hub.refuse.add(2)
  const events = await signedComments(3)
  const outbox = await Outbox.open(store, hub)
  for (const event of events) await outbox.add(event)
  await outbox.flush()
  expect(outbox.entries).toHaveLength(1)
  expect(outbox.entries[0]).toMatchObject({ status: 'rejected', code: 'poll.closed' })
  // The chain continues after the last accepted event (seq 3; seq 2 was refused).
  expect(outbox.headOf(events[0]!.space, events[0]!.author)?.seq).toBe(3)
  await outbox.dismiss(outbox.entries[0]!.id)
  expect(outbox.entries).toEqual([])
})
