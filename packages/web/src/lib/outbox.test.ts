// The outbox against a hub that is down, then up, then refusing: nothing signed is lost across a
// reopen (a reload), events leave in the order they were signed, refusals keep their code.
import {
  applyEvent,
  computeEventId,
  computePollResult,
  createSpaceState,
  EventAuthor,
  generateWebCryptoSigner,
} from '@veche/core'
import type { EventBodyInput, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { syncWithPeer } from '@veche/server'
import { nodeVerifier, verifyStore } from '@veche/store'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { createHubClient } from './hub-client.js'
import type { HubClient, SubmitOutcome } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { foldVerdict } from './local-verdict.js'
import { Outbox } from './outbox.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'
import type { RunningHub } from './test-support/sqlite-hub.js'

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
    countEvents: () => Promise.resolve(null),
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

test('outbox: an event refused for good that this device cannot confirm keeps its seq with the hub code until given up; the others go', async () => {
  const store = memoryStore()
  const hub = switchableHub()
  hub.up = true
  hub.refuse.add(3)
  const events = await signedComments(3)
  const outbox = await Outbox.open(store, hub)
  for (const event of events) await outbox.add(event)
  await outbox.flush()
  expect(outbox.entries).toHaveLength(1)
  expect(outbox.entries[0]).toMatchObject({
    status: 'pending',
    code: 'poll.closed',
    unconfirmed: true,
  })
  // The chain continues after the refused event, which keeps its place (seq 3).
  expect(outbox.headOf(events[0]!.space, events[0]!.author)?.seq).toBe(3)
  await outbox.dismiss(outbox.entries[0]!.id)
  expect(outbox.entries).toEqual([])
})

test('outbox with a real hub: a ballot that does not fit its poll is refused, and the local fold agrees; what followed is re-signed in its place and kept', async () => {
  const hub = await startSqliteHub()
  try {
    const client = createHubClient(hub.url)
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const member = new EventAuthor(signer)
    const space = facilitator.spaceFor('nonce-offline')
    const options = { method: 'majority', options: ['yes', 'no'], threshold: { num: 1, den: 2 } }
    const opened = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-offline'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Bolat' },
        2,
      ),
      await facilitator.next(
        space,
        'poll.opened',
        {
          question: 'Q',
          proposal: null,
          voters: 'members',
          tieBreakSeed: 'seed-seed',
          ...options,
        } as never,
        3,
      ),
    ]
    expect((await client.submit(opened))?.every((o) => o.status === 'accepted')).toBe(true)
    const poll = computeEventId(opened[2]!)

    // Bolat's phone, offline, signs a ballot for an option the poll does not have (seq 1) and
    // then a proposal (seq 2).
    const store = memoryStore()
    const outbox = await Outbox.open(store, createHubClient('http://127.0.0.1:1'), signer)
    await outbox.add(
      await member.next(space, 'ballot.cast', { poll, vote: { choice: 'maybe' } }, 4),
    )
    await outbox.add(
      await member.next(space, 'proposal.submitted', { title: 'Heat', text: 'Now' }, 5),
    )

    // Back online: the ballot is refused (no hub takes it, whatever it holds), and the phone's
    // own copy of the space refuses it too; the proposal, refused at first for the gap the ballot
    // left, is signed again as Bolat's first event and accepted.
    const local = await foldedState(client, space)
    const back = await Outbox.open(store, client, signer, (event) =>
      Promise.resolve(foldVerdict(local, event)),
    )
    expect(await back.flush()).toBe(true)
    expect(back.entries.map((e) => [e.event.type, e.status, e.code])).toEqual([
      ['ballot.cast', 'rejected', 'ballot.invalid'],
    ])
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.author === signer.publicKey).map((e) => [e.type, e.seq])).toEqual(
      [['proposal.submitted', 1]],
    )
  } finally {
    await hub.stop()
  }
})

test('outbox with a real hub: an event past the member quota keeps its seq, pending with the hub code, and is taken once the window has room', async () => {
  let now = 0
  const hub = await startSqliteHub({
    volumeLimit: { events: 2, windowMs: 3_600_000, now: () => now },
  })
  try {
    const client = createHubClient(hub.url)
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const member = new EventAuthor(signer)
    const space = facilitator.spaceFor('nonce-volume')
    const created = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-volume'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Aigul' },
        2,
      ),
    ]
    expect((await client.submit(created))?.every((o) => o.status === 'accepted')).toBe(true)
    const local = await foldedState(client, space)
    const outbox = await Outbox.open(memoryStore(), client, signer, (event) =>
      Promise.resolve(foldVerdict(local, event)),
    )
    for (let i = 0; i < 3; i++)
      await outbox.add(
        await member.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, 3 + i),
      )
    await outbox.flush()
    // The third is past Aigul's quota: a hub's policy the phone's fold does not share, so it
    // stays pending at its seq with the hub's code and reason, and nothing is signed in its place.
    expect(outbox.entries.map((e) => [e.event.seq, e.status, e.code, e.unconfirmed])).toEqual([
      [3, 'pending', 'member.volume-limit', true],
    ])
    expect(outbox.entries[0]!.message).toContain('at most 2 events of one member in one space')
    now += 2 * 3_600_000
    await outbox.flush()
    expect(outbox.entries).toEqual([])
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.author === signer.publicKey).map((e) => e.seq)).toEqual([1, 2, 3])
  } finally {
    await hub.stop()
  }
})

test('outbox with a real hub: an event from a phone whose clock is two days ahead keeps its seq, pending with the hub code and its reason', async () => {
  const hub = await startSqliteHub()
  try {
    const client = createHubClient(hub.url)
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const member = new EventAuthor(signer)
    const space = facilitator.spaceFor('nonce-future')
    const created = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-future'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Aigul' },
        2,
      ),
    ]
    expect((await client.submit(created))?.every((o) => o.status === 'accepted')).toBe(true)
    const local = await foldedState(client, space)
    const outbox = await Outbox.open(memoryStore(), client, signer, (event) =>
      Promise.resolve(foldVerdict(local, event)),
    )
    const ahead = Date.now() + 2 * 24 * 3_600_000
    await outbox.add(
      await member.next(space, 'proposal.submitted', { title: 'P', text: 'x' }, ahead),
    )
    await outbox.flush()
    // A hub's policy the phone's fold does not share: it stays pending at its seq with the hub's
    // code and reason (the clock), to be sent again and taken once its time is near.
    expect(outbox.entries.map((e) => [e.event.seq, e.status, e.code, e.unconfirmed])).toEqual([
      [1, 'pending', 'event.claimed-future', true],
    ])
    expect(outbox.entries[0]!.message).toContain("check the device's clock")
    expect(await client.readEvents(space, 0)).toHaveLength(2)
  } finally {
    await hub.stop()
  }
})

/** The state of `space` folded from what the hub at `client` holds: the phone's own copy. */
async function foldedState(client: HubClient, space: SpaceId): Promise<SpaceState> {
  const state = createSpaceState(space)
  for (const { event } of (await client.readEvents(space, 0)) ?? []) {
    const signed = event as SignedEvent
    expect(applyEvent(state, signed, computeEventId(signed))).toBeNull()
  }
  return state
}

function assemblyBody(nonce: string) {
  return {
    nonce,
    name: 'Hall',
    description: '',
    languages: ['en'],
    founderName: 'Aigerim',
    rules: {
      proposeRight: 'member' as const,
      inviteRight: 'facilitator' as const,
      quorum: { percent: 0, ballots: 0 },
      defaultMethod: 'majority' as const,
      visibility: 'public' as const,
    },
  }
}

test('outbox: where a chain stands survives a reload, so a stale local copy cannot make a fork', async () => {
  const store = memoryStore()
  const hub = switchableHub()
  hub.up = true
  const events = await signedComments(2)
  const first = await Outbox.open(store, hub)
  for (const event of events) await first.add(event)
  expect(await first.flush()).toBe(true)
  const { space, author } = events[1]!
  const head = { seq: 2, head: computeEventId(events[1]!) }
  expect(first.headOf(space, author)).toEqual(head)
  // After a reload nothing is pending, yet the outbox still knows seq 2 is taken.
  const again = await Outbox.open(store, hub)
  expect(again.entries).toEqual([])
  expect(again.headOf(space, author)).toEqual(head)
})

test('outbox: events added while a batch is out and while it is saved are all sent', async () => {
  // A store whose writes take a while, as IndexedDB's do: the batch's answer is saved while
  // the next events are being added, and none of them may be dropped by that save.
  const slow = memoryStore()
  const store = {
    ...slow,
    set: async (key: string, value: unknown) => {
      await new Promise((r) => setTimeout(r, 5))
      await slow.set(key, value)
    },
  }
  const hub = switchableHub()
  hub.up = true
  const events = await signedComments(12)
  const outbox = await Outbox.open(store, hub)
  // Added one after another without waiting, as an issuer answering many requests does.
  await Promise.all(events.map((event) => outbox.add(event)))
  while (!(await outbox.flush())) await new Promise((r) => setTimeout(r, 5))
  expect(new Set(hub.received.map(computeEventId))).toEqual(new Set(events.map(computeEventId)))
  expect(outbox.entries).toEqual([])
  const reopened = await Outbox.open(store, hub)
  expect(reopened.entries).toEqual([])
})

test('outbox: what is shown as waiting is already saved, so a reload a moment later keeps it', async () => {
  // A store whose writes finish only when the test lets them (IndexedDB under load is slow).
  const kept = memoryStore()
  let release = (): void => undefined
  const slow = {
    ...kept,
    set: (key: string, value: unknown) =>
      new Promise<void>((resolve) => {
        release = () => void kept.set(key, value).then(resolve)
      }),
  }
  const outbox = await Outbox.open(slow, switchableHub())
  const heard: number[] = []
  outbox.subscribe(() => heard.push(outbox.saved.length))
  const [event] = await signedComments(1)
  const adding = outbox.add(event!)
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(outbox.saved).toEqual([])
  expect(heard).toEqual([])
  // The outbox saves what it confirmed first and then the entries: two writes.
  release()
  await new Promise((resolve) => setTimeout(resolve, 10))
  release()
  await adding
  expect(heard).toEqual([1])
  const reopened = await Outbox.open(kept, switchableHub())
  expect(reopened.saved.map((e) => e.id)).toEqual(outbox.saved.map((e) => e.id))
})

test('outbox with a real hub: two facilitators close the same poll at its deadline; the second close, which another hub may still take, keeps its seq and what followed waits behind it, no fork', async () => {
  const hub = await startSqliteHub()
  try {
    const client = createHubClient(hub.url)
    const founder = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const second = new EventAuthor(signer)
    const space = founder.spaceFor('nonce-deadline')
    const closesAt = 10
    const setup = [
      await founder.next(space, 'assembly.created', assemblyBody('nonce-deadline'), 1),
      await founder.next(space, 'member.admitted', { member: signer.publicKey, name: 'Dana' }, 2),
      await founder.next(
        space,
        'role.granted',
        { member: signer.publicKey, role: 'facilitator' },
        3,
      ),
      await founder.next(
        space,
        'poll.opened.3',
        {
          question: 'Q',
          subject: null,
          method: 'majority',
          options: ['yes', 'no'],
          voters: 'members',
          threshold: { num: 1, den: 2 },
          seats: 1,
          scoreRange: null,
          tieBreakSeed: 'seed-seed',
          closesAt,
        },
        4,
      ),
    ]
    expect((await client.submit(setup))?.every((o) => o.status === 'accepted')).toBe(true)
    const poll = computeEventId(setup[3]!)
    const result = computePollResult(
      {
        method: 'majority',
        options: ['yes', 'no'],
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'seed-seed',
        seats: 1,
        scoreRange: null,
      } as never,
      [],
      { quorum: 0 },
    )
    if (!result.ok) throw new Error(result.message)
    const body = { poll, seen: {}, ballots: [], result: result.value }
    // Both sign a close after the deadline; the founder's reaches the hub first.
    const first = await founder.next(space, 'poll.closed.2', body, closesAt + 1)
    const store = memoryStore()
    const outbox = await Outbox.open(store, client, signer)
    // Kept without sending (`add` would send at once), so the founder's close is first.
    await outbox.append(await second.next(space, 'poll.closed.2', body, closesAt + 2))
    await outbox.append(
      await second.next(space, 'proposal.submitted', { title: 'Next', text: 'x' }, 13),
    )
    expect((await client.submit([first]))?.[0]).toMatchObject({ status: 'accepted' })
    // The phone's own copy holds the first close: a second close is still one every replica
    // takes (two closes both stand), so the hub's refusal is its own and frees nothing.
    const local = await foldedState(client, space)
    const again = await Outbox.open(store, client, signer, (event) =>
      Promise.resolve(foldVerdict(local, event)),
    )
    expect(await again.flush()).toBe(false)
    expect(again.entries.map((e) => [e.event.type, e.event.seq, e.code, e.unconfirmed])).toEqual([
      ['poll.closed.2', 1, 'poll.closed', true],
      ['proposal.submitted', 2, 'chain.seq-gap', undefined],
    ])
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.type === 'poll.closed.2')).toHaveLength(1)
    expect(stored.filter((e) => e.author === signer.publicKey)).toEqual([])
  } finally {
    await hub.stop()
  }
})

test('outbox with a real hub: the app and a hub tending as the same key close a poll at its deadline from different ballots; the app drops its close quietly and re-signs nothing into the taken seq, so no fork', async () => {
  const hub = await startSqliteHub()
  try {
    const client = createHubClient(hub.url)
    const signer = await generateWebCryptoSigner()
    // One key on two devices: the hub's tender and this app.
    const tender = new EventAuthor(signer)
    const app = new EventAuthor(signer)
    const voter = new EventAuthor(await generateWebCryptoSigner())
    const space = tender.spaceFor('nonce-one-key')
    const closesAt = Date.now() + 60_000
    const poll: EventBodyInput<'poll.opened.3'> = {
      question: 'Q',
      subject: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'seed-seed',
      closesAt,
    }
    const setup = [
      await tender.next(space, 'assembly.created', assemblyBody('nonce-one-key'), 1),
      await tender.next(space, 'member.admitted', { member: voter.publicKey, name: 'V' }, 2),
      await tender.next(space, 'poll.opened.3', poll, 3),
    ]
    const pollId = computeEventId(setup[2]!)
    const ballot = await voter.next(
      space,
      'ballot.cast',
      { poll: pollId, vote: { choice: 'yes' } },
      4,
    )
    expect((await client.submit([...setup, ballot]))?.every((o) => o.status === 'accepted')).toBe(
      true,
    )
    const count = (ballots: number) => {
      const result = computePollResult(poll, ballots === 0 ? [] : [{ choice: 'yes' }], {
        quorum: 0,
      })
      if (!result.ok) throw new Error(result.message)
      return result.value
    }
    // The tender held the ballot; the app signed before the hub's stream brought it.
    const closed = await tender.next(
      space,
      'poll.closed.2',
      {
        poll: pollId,
        seen: { [voter.publicKey]: 1 },
        ballots: [computeEventId(ballot)],
        result: count(1),
      },
      closesAt,
    )
    app.follow(space, { seq: 3, head: computeEventId(setup[2]!) })
    const outbox = await Outbox.open(memoryStore(), client, signer)
    await outbox.append(
      await app.next(
        space,
        'poll.closed.2',
        { poll: pollId, seen: {}, ballots: [], result: count(0) },
        closesAt,
      ),
    )
    await outbox.append(
      await app.next(space, 'proposal.submitted', { title: 'Next', text: 'x' }, 9),
    )
    expect((await client.submit([closed]))?.[0]).toMatchObject({ status: 'accepted' })
    await outbox.flush()
    // The close is gone without a word; the proposal, which followed it, is not signed again at
    // the seq the tender's close holds (that would be a fork): it keeps its own.
    expect(outbox.entries.map((e) => [e.event.type, e.status, e.code])).toEqual([
      ['proposal.submitted', 'pending', 'chain.wrong-prev'],
    ])
    // The key is not flagged: its next event after the tender's close is accepted.
    tender.follow(space, { seq: 4, head: computeEventId(closed) })
    const next = await tender.next(space, 'proposal.submitted', { title: 'Again', text: 'x' }, 10)
    expect((await client.submit([next]))?.[0]).toMatchObject({ status: 'accepted' })
  } finally {
    await hub.stop()
  }
})

/** Passes between two hubs, both ways, until one moves nothing. */
async function syncUntilQuiet(a: RunningHub, b: RunningHub): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    for (let round = 0, moved = 1; moved > 0 && round < 10; round++) {
      moved = 0
      for (const r of await syncWithPeer(from.ledger, to.url)) {
        const { pulled, pushed } = r
        moved += pulled.accepted + pulled.released + pulled.forks
        moved += pushed.accepted + pushed.released + pushed.forks
      }
    }
  }
}

test('outbox with real hubs: a ballot taken by one hub whose answer was lost, then refused by another that lacks its poll, keeps its seq; what followed waits behind it, no fork', async () => {
  const [a, b] = [await startSqliteHub(), await startSqliteHub()]
  try {
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const member = new EventAuthor(signer)
    const space = facilitator.spaceFor('nonce-two-hubs')
    const setup = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-two-hubs'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Ainur' },
        2,
      ),
    ]
    for (const hub of [a, b])
      expect(
        (await createHubClient(hub.url).submit(setup))?.every((o) => o.status === 'accepted'),
      ).toBe(true)
    // A poll opened at hub B only; hub A has not had it from B yet.
    const opened = await facilitator.next(
      space,
      'poll.opened',
      {
        question: 'Q',
        proposal: null,
        voters: 'members',
        tieBreakSeed: 'seed-seed',
        method: 'majority',
        options: ['yes', 'no'],
        threshold: { num: 1, den: 2 },
      } as never,
      3,
    )
    expect((await createHubClient(b.url).submit([opened]))?.[0]?.status).toBe('accepted')
    const poll = computeEventId(opened)

    // The phone's hub name leads to hub B, then (B's laptop gone, another took the name) to hub A.
    const route = { to: createHubClient(b.url), loseAnswer: true }
    const client: HubClient = {
      ...route.to,
      async submit(events) {
        const outcomes = await route.to.submit(events)
        // B took the events; the connection broke before its answer came.
        return route.loseAnswer ? null : outcomes
      },
    }
    const outbox = await Outbox.open(memoryStore(), client, signer)
    const ballot = await member.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, 4)
    const proposal = await member.next(space, 'proposal.submitted', { title: 'Heat', text: 'x' }, 5)
    await outbox.append(ballot)
    await outbox.append(proposal)
    expect(await outbox.flush()).toBe(false)

    route.to = createHubClient(a.url)
    route.loseAnswer = false
    // A refuses the ballot (no such poll here yet) and the proposal (the gap the ballot leaves):
    // both wait, with the hub's reason, and nothing is signed in the ballot's seq.
    expect(await outbox.flush()).toBe(false)
    expect(outbox.entries.map((e) => [e.id, e.status, e.code])).toEqual([
      [computeEventId(ballot), 'pending', 'ballot.unknown-poll'],
      [computeEventId(proposal), 'pending', 'chain.seq-gap'],
    ])

    // The hubs meet: A gets the poll and the member's two events from B; the retry finds them.
    await syncUntilQuiet(a, b)
    expect(await outbox.flush()).toBe(true)
    expect(outbox.entries).toEqual([])
    const verdicts = [
      await verifyStore(a.store, nodeVerifier),
      await verifyStore(b.store, nodeVerifier),
    ]
    expect(verdicts[1]!.map((v) => v.hash)).toEqual(verdicts[0]!.map((v) => v.hash))
    for (const hub of [a, b]) {
      expect((await hub.ledger.state(space))?.forks.get(signer.publicKey)).toBeUndefined()
      expect(await hub.store.forks(space)).toEqual([])
      const mine = (await createHubClient(hub.url).readEvents(space, 0))!
        .map((e) => e.event as SignedEvent)
        .filter((e) => e.author === signer.publicKey)
      expect(mine.map(computeEventId)).toEqual([computeEventId(ballot), computeEventId(proposal)])
    }
  } finally {
    await a.stop()
    await b.stop()
  }
}, 60_000)

test('outbox with a real hub: a ballot whose poll never comes waits; given up, what followed is signed again in its place and taken', async () => {
  const hub = await startSqliteHub()
  try {
    const client = createHubClient(hub.url)
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const member = new EventAuthor(signer)
    const space = facilitator.spaceFor('nonce-give-up')
    const setup = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-give-up'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Erlan' },
        2,
      ),
    ]
    expect((await client.submit(setup))?.every((o) => o.status === 'accepted')).toBe(true)
    const outbox = await Outbox.open(memoryStore(), client, signer)
    // A ballot on a poll this hub never gets (opened on a device that never syncs), then a proposal.
    const unseen = await facilitator.next(
      space,
      'poll.opened',
      {
        question: 'Q',
        proposal: null,
        voters: 'members',
        tieBreakSeed: 'seed-seed',
        method: 'majority',
        options: ['yes', 'no'],
        threshold: { num: 1, den: 2 },
      } as never,
      3,
    )
    const poll = computeEventId(unseen)
    const ballot = await member.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, 3)
    await outbox.append(ballot)
    await outbox.append(
      await member.next(space, 'proposal.submitted', { title: 'T', text: 'x' }, 4),
    )
    // Sent on every flush, refused each time for now: both wait, the ballot with its reason.
    for (let i = 0; i < 2; i++) expect(await outbox.flush()).toBe(false)
    expect(outbox.entries.map((e) => [e.event.type, e.status, e.code])).toEqual([
      ['ballot.cast', 'pending', 'ballot.unknown-poll'],
      ['proposal.submitted', 'pending', 'chain.seq-gap'],
    ])
    // The member gives the ballot up: the proposal takes its seq.
    await outbox.dismiss(computeEventId(ballot))
    expect(outbox.entries.map((e) => [e.event.type, e.event.seq, e.event.prev])).toEqual([
      ['proposal.submitted', 1, null],
    ])
    expect(await outbox.flush()).toBe(true)
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.author === signer.publicKey).map((e) => [e.type, e.seq])).toEqual(
      [['proposal.submitted', 1]],
    )
  } finally {
    await hub.stop()
  }
})

test('outbox: an event at a seq where the hub took another of its chain is never sent', async () => {
  const store = memoryStore()
  const hub = switchableHub()
  hub.up = true
  const [event] = await signedComments(1)
  const { space, author } = event!
  // Another tab's send: the hub took another event of this key at seq 1.
  await store.set('outbox.confirmed', { [`${space} ${author}`]: { seq: 1, head: 'other' } })
  await store.set('outbox', [{ id: computeEventId(event!), event, status: 'pending' }])
  const outbox = await Outbox.open(store, hub)
  expect(await outbox.flush()).toBe(true)
  expect(hub.received).toEqual([])
  expect(outbox.entries.map((e) => [e.status, e.code])).toEqual([['rejected', 'chain.fork']])
})

test('outbox with a real hub: a queue past the hub body limit goes in smaller requests, none of it refused', async () => {
  const hub = await startSqliteHub({ bodyLimit: 4_000 })
  try {
    const client = createHubClient(hub.url)
    const founder = new EventAuthor(await generateWebCryptoSigner())
    const space = founder.spaceFor('nonce-body-limit')
    const created = await founder.next(
      space,
      'assembly.created',
      assemblyBody('nonce-body-limit'),
      1,
    )
    expect((await client.submit([created]))?.[0]?.status).toBe('accepted')
    // Six proposals of about 1 KB each: the six together pass 4,000 bytes, two do not.
    const outbox = await Outbox.open(memoryStore(), client)
    const text = 'x'.repeat(600)
    for (let i = 0; i < 6; i++)
      await outbox.append(
        await founder.next(space, 'proposal.submitted', { title: `p${i}`, text }, 2 + i),
      )
    expect(await outbox.flush()).toBe(true)
    expect(outbox.entries).toEqual([])
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.type === 'proposal.submitted')).toHaveLength(6)
  } finally {
    await hub.stop()
  }
})

test('outbox with a real hub: a queue past the hub member budget goes in smaller requests, none of it refused', async () => {
  // 120 JSON members a request at most: one proposal holds about 20, so six together pass it.
  const hub = await startSqliteHub({ memberLimit: 120 })
  try {
    const client = createHubClient(hub.url)
    const founder = new EventAuthor(await generateWebCryptoSigner())
    const space = founder.spaceFor('nonce-member-limit')
    const created = await founder.next(
      space,
      'assembly.created',
      assemblyBody('nonce-member-limit'),
      1,
    )
    expect((await client.submit([created]))?.[0]?.status).toBe('accepted')
    const outbox = await Outbox.open(memoryStore(), client)
    for (let i = 0; i < 6; i++)
      await outbox.append(
        await founder.next(space, 'proposal.submitted', { title: `p${i}`, text: 'x' }, 2 + i),
      )
    expect(await outbox.flush()).toBe(true)
    expect(outbox.entries).toEqual([])
    const stored = (await client.readEvents(space, 0))!.map((e) => e.event as SignedEvent)
    expect(stored.filter((e) => e.type === 'proposal.submitted')).toHaveLength(6)
  } finally {
    await hub.stop()
  }
})

test('outbox with real hubs: a hub that answers "refused" for a ballot it keeps gets no second event at that seq; forwarded to an honest hub, the member is not flagged', async () => {
  const [hostile, honest] = [await startSqliteHub(), await startSqliteHub()]
  try {
    const real = createHubClient(hostile.url)
    const facilitator = new EventAuthor(await generateWebCryptoSigner())
    const signer = await generateWebCryptoSigner()
    const space = facilitator.spaceFor('nonce-liar')
    const setup = [
      await facilitator.next(space, 'assembly.created', assemblyBody('nonce-liar'), 1),
      await facilitator.next(
        space,
        'member.admitted',
        { member: signer.publicKey, name: 'Dias' },
        2,
      ),
      await facilitator.next(
        space,
        'poll.opened',
        {
          question: 'Q',
          proposal: null,
          voters: 'members',
          tieBreakSeed: 'seed-seed',
          method: 'majority',
          options: ['yes', 'no'],
          threshold: { num: 1, den: 2 },
        } as never,
        3,
      ),
    ]
    expect((await real.submit(setup))?.every((o) => o.status === 'accepted')).toBe(true)
    const poll = computeEventId(setup[2]!)
    // The hostile hub stores every ballot it is sent and answers that the poll is closed.
    const signed: SignedEvent[] = []
    const lying: HubClient = {
      ...real,
      async submit(events) {
        signed.push(...events)
        const outcomes = await real.submit(events)
        return (
          outcomes?.map((o, i) =>
            events[i]!.type === 'ballot.cast'
              ? { status: 'rejected', code: 'ballot.poll-closed', message: 'this poll is closed' }
              : o,
          ) ?? null
        )
      },
    }
    const local = await foldedState(real, space)
    const outbox = await Outbox.open(memoryStore(), lying, signer, (event) =>
      Promise.resolve(foldVerdict(local, event)),
    )
    const actions = new AssemblyActions(signer, outbox)
    await actions.act(local, space, 'ballot.cast', { poll, vote: { choice: 'yes' } })
    await outbox.flush()
    // The phone's own copy holds the poll open: the refusal is only the hub's word.
    expect(outbox.entries.map((e) => [e.event.type, e.status, e.code, e.unconfirmed])).toEqual([
      ['ballot.cast', 'pending', 'ballot.poll-closed', true],
    ])
    await actions.act(local, space, 'proposal.submitted', { title: 'Heat', text: 'x' })
    await outbox.flush()
    // Every event the phone signed has a seq of its own.
    const mine = signed.filter((e) => e.author === signer.publicKey)
    expect(new Set(mine.map((e) => e.seq)).size).toBe(new Set(mine.map(computeEventId)).size)

    // What the hostile hub kept, and every event the phone sent it, reach an honest hub.
    await syncUntilQuiet(hostile, honest)
    await honest.ledger.submit(signed, { park: true })
    for (const hub of [hostile, honest]) {
      expect((await hub.ledger.state(space))?.forks.get(signer.publicKey)).toBeUndefined()
      expect(await hub.store.forks(space)).toEqual([])
    }
  } finally {
    await hostile.stop()
    await honest.stop()
  }
}, 60_000)
