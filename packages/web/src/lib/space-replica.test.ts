// The browser's replica of a space: it folds what the hub sends only after checking signatures,
// skips what it already holds, and reopens from its local copy to the same state with no network.
// An event that references another space's event waits (with everything after it) until the
// referenced event is fetched and its id and signature check.
import {
  applyEvent,
  checkForeignEvents,
  computeCloseResult,
  computeEventId,
  createSpaceState,
  EventAuthor,
  generateWebCryptoSigner,
  hashSpaceState,
  proposeSeal,
  webCryptoVerifier,
} from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { expect, test } from 'vitest'
import { memoryStore } from './key-value-store.js'
import type { KeyValueStore } from './key-value-store.js'
import type { ForeignLookup } from './foreign-events.js'
import { SpaceReplica } from './space-replica.js'
import { foundHall, hallCreatedBody } from './test-support/hall-assembly.js'

async function assemblyLog(): Promise<SignedEvent[]> {
  const { author, space, created } = await foundHall('nonce-0001')
  const proposal = await author.next(space, 'proposal.submitted', { title: 'Heat', text: 'Now' }, 2)
  return [created, proposal]
}

test('replica: a forged event from the hub is refused; the signed ones fold', async () => {
  const [created, proposal] = await assemblyLog()
  const forged = { ...proposal!, body: { title: 'Forged', text: 'Now' } } as SignedEvent
  const replica = new SpaceReplica(created!.space)
  expect(
    await replica.receive([
      { position: 1, event: created },
      { position: 2, event: forged },
    ]),
  ).toBe(1)
  expect(replica.refused).toBe(1)
  expect(replica.state.proposals.size).toBe(0)
  expect(await replica.receive([{ position: 3, event: proposal }])).toBe(1)
  expect([...replica.state.proposals.values()].map((p) => p.title)).toEqual(['Heat'])
})

test('replica: events at or before the cursor are skipped; a reopened copy has the same state', async () => {
  const events = await assemblyLog()
  const store = memoryStore()
  const replica = new SpaceReplica(events[0]!.space)
  expect(await replica.receive(events.map((event, i) => ({ position: i + 1, event })))).toBe(2)
  expect(await replica.receive([{ position: 2, event: events[1] }])).toBe(0)
  await replica.save(store)
  const reopened = await SpaceReplica.load(store, events[0]!.space)
  expect(reopened.cursor).toBe(2)
  expect(reopened.state.assembly?.name).toBe('Hall')
  expect(hashSpaceState(reopened.state)).toBe(hashSpaceState(replica.state))
})

/** A store that keeps each value as JSON text, as a sealed (passphrase-locked) store does. */
function jsonStore(): KeyValueStore {
  const inner = memoryStore()
  return {
    get: async <T>(key: string) => {
      const text = await inner.get<string>(key)
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    set: (key, value) => inner.set(key, JSON.stringify(value)),
    delete: (key) => inner.delete(key),
  }
}

test('replica: a copy reopened from its snapshot folds on to the state of a full fold, apart from the copy it was saved from', async () => {
  const [created, proposal] = await assemblyLog()
  const author = new EventAuthor(await generateWebCryptoSigner())
  for (const store of [memoryStore(), jsonStore()]) {
    const replica = new SpaceReplica(created!.space)
    await replica.receive([{ position: 1, event: created }])
    await replica.save(store)
    const reopened = await SpaceReplica.load(store, created!.space)
    expect(reopened.log.map((e) => e.id)).toEqual([computeEventId(created!)])
    expect(await reopened.receive([{ position: 2, event: proposal }])).toBe(1)
    // A later save and reopen starts from the newer snapshot.
    await reopened.save(store)
    const again = await SpaceReplica.load(store, created!.space)
    const stranger = await author.next(
      created!.space,
      'proposal.submitted',
      { title: 'Not a member', text: 'x' },
      3,
    )
    expect(await again.receive([{ position: 3, event: stranger }])).toBe(0)
    const whole = new SpaceReplica(created!.space)
    await whole.receive([
      { position: 1, event: created },
      { position: 2, event: proposal },
    ])
    expect(hashSpaceState(again.state)).toBe(hashSpaceState(whole.state))
    expect(again.times.get(computeEventId(proposal!))).toBe(2)
    expect(again.cursor).toBe(3)
    // The copy first saved never saw the proposal.
    expect(replica.state.proposals.size).toBe(0)
  }
})

/** A neighbourhood that decided to join a council, and the council's founding and admission. */
async function joinLog(): Promise<{ member: SignedEvent[]; council: SignedEvent[] }> {
  const founder = new EventAuthor(await generateWebCryptoSigner())
  const convenor = new EventAuthor(await generateWebCryptoSigner())
  const space = founder.spaceFor('nonce-0002')
  const councilSpace = convenor.spaceFor('nonce-0003')
  const state = createSpaceState(space)
  const member: SignedEvent[] = []
  const add = async (type: Parameters<EventAuthor['next']>[1], body: unknown, at: number) => {
    const event = await founder.next(space, type, body as never, at)
    expect(applyEvent(state, event, computeEventId(event))).toBeNull()
    member.push(event)
    return computeEventId(event)
  }
  await add('assembly.created', hallCreatedBody('nonce-0002', 'Riverside'), 1)
  const poll = await add(
    'poll.opened',
    {
      question: 'Join the city council?',
      proposal: null,
      method: 'majority',
      options: ['Join', 'Stay out'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'seed-0001',
    },
    2,
  )
  await add('ballot.cast', { poll, vote: { choice: 'Join' } }, 3)
  const record = state.polls.get(poll)!
  const ballots = proposeSeal(record) as EventId[]
  const result = computeCloseResult(
    state,
    record,
    ballots.map((b) => record.ballots.get(b)!),
  )
  await add('poll.closed', { poll, ballots, result: result.ok ? result.value : null }, 4)
  const decision = await add('council.join-decided', { council: councilSpace, poll }, 5)
  const council = [
    await convenor.next(
      councilSpace,
      'council.created',
      {
        nonce: 'nonce-0003',
        name: 'City council',
        description: '',
        languages: ['en'],
        founderName: 'Convenor',
        rules: {
          seats: { kind: 'fixed', perSpace: 1 },
          quorum: { percent: 0, ballots: 0 },
          defaultMethod: 'majority',
        },
      },
      6,
    ),
  ]
  council.push(
    await convenor.next(councilSpace, 'council.space-admitted', { space, decision }, 7),
    await convenor.next(councilSpace, 'proposal.submitted', { title: 'Parks', text: 'More' }, 8),
  )
  return { member, council }
}

test('replica: an admission waits for the decision it references, with what follows it, and folds once a checked copy is fetched', async () => {
  const { member, council } = await joinLog()
  const decision = member.at(-1)!
  const space = council[0]!.space
  let hubHolds: Map<EventId, unknown> | null = null
  const lookup: ForeignLookup = (ids) =>
    Promise.resolve(
      hubHolds === null ? null : new Map([...hubHolds].filter(([id]) => ids.includes(id))),
    )
  const replica = new SpaceReplica(space, lookup)
  const items = council.map((event, i) => ({ position: i + 1, event }))
  // The hub cannot be reached: the admission and the proposal behind it wait, not refused.
  expect(await replica.receive(items)).toBe(1)
  expect(replica.waiting).toBe(2)
  expect(replica.refused).toBe(0)
  // A hub that answers with a forged decision is not believed.
  const forged = { ...decision, body: { ...decision.body, poll: computeEventId(member[2]!) } }
  hubHolds = new Map([[computeEventId(decision), forged]])
  expect(await replica.retry()).toBe(0)
  expect(replica.waiting).toBe(2)
  // The waiting events survive a reload with no network.
  const store = memoryStore()
  await replica.save(store)
  const offline = await SpaceReplica.load(store, space, () => Promise.resolve(null))
  expect(offline.waiting).toBe(2)
  expect(offline.cursor).toBe(3)
  // The real decision folds the admission, then the proposal, in log order.
  hubHolds = new Map([[computeEventId(decision), decision]])
  offline.lookup = lookup
  expect(await offline.retry()).toBe(2)
  expect(offline.waiting).toBe(0)
  expect([...offline.state.council!.spaces.keys()]).toEqual([member[0]!.space])
  expect(offline.state.proposals.size).toBe(1)
  await offline.save(store)
  const reopened = await SpaceReplica.load(store, space, () => Promise.resolve(null))
  expect(hashSpaceState(reopened.state)).toBe(hashSpaceState(offline.state))
  expect(reopened.state.council!.spaces.size).toBe(1)
})

test('replica: another space’s event with texts from before the text rules, accepted when fetched, is kept across a reload', async () => {
  // An assembly founded before the text rules: its admission names a member with a bidi override,
  // which the rules refuse today only in spaces founded under them (docs/events.md, "Texts").
  const { author, space: old } = await foundHall('nonce-0009')
  const admitted = await author.next(
    old,
    'member.admitted',
    { member: new EventAuthor(await generateWebCryptoSigner()).publicKey, name: 'Dana\u202e' },
    2,
  )
  const id = computeEventId(admitted)
  // What a replica checks a fetched event with takes it.
  expect([...(await checkForeignEvents([[id, admitted]], webCryptoVerifier)).keys()]).toEqual([id])
  const { council } = await joinLog()
  const space = council[0]!.space
  const store = memoryStore()
  await store.set(`space:${space}`, { cursor: 0, events: [], foreign: [admitted] })
  const replica = await SpaceReplica.load(store, space, () => Promise.resolve(null))
  await replica.save(store)
  const saved = await store.get<{ foreign: SignedEvent[] }>(`space:${space}`)
  expect(saved!.foreign.map((event) => computeEventId(event))).toEqual([id])
})
