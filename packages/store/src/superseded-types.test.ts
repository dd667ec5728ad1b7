// Rules version 3 (docs/events.md, "Rules versions"): in a space whose creation event declares
// `rulesVersion: 3`, every event type a newer version superseded is refused, whoever signs it and
// however it arrives: by a hub (`Ledger.submit`), by `veche verify` (`verifyStore`) over a store
// that let one in, and as a second event at a used seq, where it is no fork evidence. A space
// founded before (no declaration, or `forkRule: 2` alone) takes the old types as it always did.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  applyEvent,
  canonicalJson,
  computeEventId,
  createSpaceState,
  hashSpaceState,
  proposeSpaceCount,
  RULES_VERSION,
  SUPERSEDED_TYPES,
} from '@veche/core'
import type { EventAuthor, EventType, SignedEvent, SpaceId } from '@veche/core'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { newAuthor, RULES, submitAll, T0 } from './test-support/assembly-fixture.js'
import {
  foundCouncil,
  joinCouncil,
  recordElection,
  tick,
} from './test-support/federation-fixture.js'
import type { Body } from './test-support/federation-fixture.js'
import { verifyStore } from './verify-store.js'

let dir: string
const open: EventStore[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-superseded-'))
})
afterEach(async () => {
  for (const store of open.splice(0)) await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function newStore(name: string): Promise<EventStore> {
  const store = await openSqliteStore(join(dir, `${name}.db`))
  open.push(store)
  return store
}

/** What a space's creation event declares: nothing (founded before), fork rule 2, or rules 3. */
type Declaration = 'none' | 'forkRule' | 'rulesVersion'

function declared(declaration: Declaration) {
  if (declaration === 'forkRule') return { forkRule: 2 } as const
  if (declaration === 'rulesVersion') return { rulesVersion: RULES_VERSION } as const
  return {}
}

/** An assembly founded by `founder` under `declaration`, with `members` admitted. */
async function assemblyEvents(
  founder: EventAuthor,
  nonce: string,
  declaration: Declaration,
  members: readonly EventAuthor[] = [],
): Promise<{ space: SpaceId; events: SignedEvent[] }> {
  const space = founder.spaceFor(nonce)
  const body = {
    nonce,
    name: 'Hall',
    description: '',
    languages: ['en'],
    founderName: 'Aigerim',
    rules: RULES,
    ...declared(declaration),
  }
  const events = [await founder.next(space, 'assembly.created', body, T0)]
  for (const [i, m] of members.entries())
    events.push(
      await founder.next(space, 'member.admitted', { member: m.publicKey, name: `M${i}` }, T0 + i),
    )
  return { space, events }
}

const SOME_ID = 'A'.repeat(43)
const SOME_SPACE = newAuthor().spaceFor('some-council')
const SOME_KEY = 'C'.repeat(43)

/** A well-formed body of each superseded type, as someone signing by hand would write it. */
const HAND_BODIES: Readonly<Record<string, Record<string, unknown>>> = {
  'poll.closed': { poll: SOME_ID, ballots: [], result: null },
  'poll.closed.2': { poll: SOME_ID, seen: {}, ballots: [], result: null },
  'conversation.closed': { conversation: SOME_ID },
  'council.join-decided': { council: SOME_SPACE, poll: SOME_ID },
  'council.leave-decided': { council: SOME_SPACE, poll: SOME_ID },
  'mandate.decided': { council: SOME_SPACE, councilPoll: SOME_ID, position: 'for', poll: SOME_ID },
  'referral.answered': {
    council: SOME_SPACE,
    referral: SOME_ID,
    poll: SOME_ID,
    for: 1,
    against: 0,
    abstain: 0,
  },
  'delegate.elected': {
    council: SOME_SPACE,
    delegates: [SOME_KEY],
    alternates: [],
    poll: SOME_ID,
    term: 'one year',
  },
  'delegate.elected.2': {
    council: SOME_SPACE,
    delegates: [SOME_KEY],
    alternates: [],
    poll: SOME_ID,
    term: 'one year',
    termEnds: null,
  },
  'space.counted': { members: 1 },
}

/** Signs `type` by hand at seq 2 of `space`, right after its creation `creation`. */
async function signAfterCreation(
  author: EventAuthor,
  space: SpaceId,
  creation: SignedEvent,
  type: EventType,
): Promise<SignedEvent> {
  author.follow(space, { seq: 1, head: computeEventId(creation) })
  const body = HAND_BODIES[type]
  if (body === undefined) throw new Error(`no hand-made body for ${type}`)
  return author.next(space, type, body as never, T0 + 10)
}

test('rules version 3: each superseded type signed by hand is refused by the hub and by veche verify, naming the type to sign', async () => {
  expect([...SUPERSEDED_TYPES.keys()].sort()).toEqual(Object.keys(HAND_BODIES).sort())
  const founder = newAuthor()
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  const { space, events } = await assemblyEvents(founder, 'rules-three', 'rulesVersion')
  const creation = events[0]!
  await submitAll(hub, [creation])
  // A council founded under it too: a close there is refused alike.
  const convenor = newAuthor()
  const council = convenor.spaceFor('council-three')
  const councilCreation = await convenor.next(
    council,
    'council.created',
    {
      nonce: 'council-three',
      name: 'District',
      description: '',
      languages: ['en'],
      founderName: 'Convenor',
      rules: {
        seats: { kind: 'fixed', perSpace: 1 },
        quorum: { ballots: 0, percent: 0 },
        defaultMethod: 'majority',
      },
      rulesVersion: RULES_VERSION,
    },
    T0,
  )
  await submitAll(hub, [councilCreation])

  const attempts: [EventAuthor, SpaceId, SignedEvent, EventType][] = [
    ...[...SUPERSEDED_TYPES.keys()].map(
      (type) => [founder, space, creation, type] as [EventAuthor, SpaceId, SignedEvent, EventType],
    ),
    [convenor, council, councilCreation, 'poll.closed'],
  ]
  for (const [author, where, created, type] of attempts) {
    const event = await signAfterCreation(author, where, created, type)
    const outcome = (await hub.submit([event])).outcomes[0]
    expect(outcome, type).toMatchObject({ status: 'rejected', code: 'event.superseded-type' })
    expect(outcome?.status === 'rejected' && outcome.message, type).toContain(
      `sign ${SUPERSEDED_TYPES.get(type)!} instead`,
    )

    // Stored straight into a store (a hub that let it in), `veche verify` refuses it alike.
    const tampered = await newStore(`tampered-${type}-${where.slice(0, 6)}`)
    await tampered.append(
      [created, event].map((e) => ({
        id: computeEventId(e),
        space: where,
        author: e.author,
        seq: e.seq,
        type: e.type,
        json: canonicalJson(e),
      })),
    )
    expect((await verifyStore(tampered, nodeVerifier))[0], type).toMatchObject({
      space: where,
      hash: null,
      fault: { id: computeEventId(event), code: 'event.superseded-type' },
    })
  }
})

test('rules version 3: a space founded before it (no declaration, or forkRule: 2 alone) judges the same hand-signed events by the old rules', async () => {
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  for (const declaration of ['none', 'forkRule'] as const) {
    const founder = newAuthor()
    const { space, events } = await assemblyEvents(founder, `before-${declaration}`, declaration)
    await submitAll(hub, events)
    for (const type of SUPERSEDED_TYPES.keys()) {
      const event = await signAfterCreation(founder, space, events[0]!, type)
      const outcome = (await hub.submit([event])).outcomes[0]
      // The old rule refuses what these bodies name (no such poll, council, referral…); a
      // superseded type as such is no reason.
      expect(outcome, `${declaration} ${type}`).not.toMatchObject({
        code: 'event.superseded-type',
      })
    }
  }
})

test('rules version 3: a space founded before it takes a real history of old types, and verifies to the hash the fold gives without the rule', async () => {
  const store = await newStore('old')
  const hub = new Ledger(store, nodeVerifier)
  const founder = newAuthor()
  const voters = [newAuthor(), newAuthor()]
  const { space, events } = await assemblyEvents(founder, 'old-history', 'none', voters)
  await submitAll(hub, events)
  const body: Body = { space, facilitator: founder, voters: [founder, ...voters] }
  const council = await foundCouncil(hub, 'District')
  // A poll about nothing closed by a `poll.closed`, and a `council.join-decided` citing it.
  await joinCouncil(hub, body, council, 1)
  // A `delegate.elected`, then a `delegate.elected.2`, each on a poll closed by a `poll.closed`.
  for (const termEnds of [undefined, null]) {
    const elected = await recordElection(
      hub,
      body,
      council.council,
      [voters[0]!],
      [voters[1]!],
      termEnds,
    )
    expect(elected.ok).toBe(true)
  }
  await submitAll(hub, [await founder.next(space, 'space.counted', { members: 3 }, tick())])

  const types = new Set<string>()
  const replay = createSpaceState(space)
  for await (const stored of store.read(space)) {
    const event = JSON.parse(stored.json) as SignedEvent
    types.add(event.type)
    expect(applyEvent(replay, event, stored.id)).toBeNull()
  }
  for (const old of [
    'poll.closed',
    'council.join-decided',
    'delegate.elected',
    'delegate.elected.2',
    'space.counted',
  ])
    expect(types).toContain(old)
  const verdicts = await verifyStore(store, nodeVerifier)
  expect(verdicts.find((v) => v.space === space)).toMatchObject({
    fault: null,
    hash: hashSpaceState(replay),
  })
})

test('rules version 3: a superseded type at a seq its author used is no fork evidence, in either order', async () => {
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  for (const order of ['valid first', 'superseded first'] as const) {
    const founder = newAuthor()
    const { space, events } = await assemblyEvents(
      founder,
      order === 'valid first' ? 'fork-valid-first' : 'fork-superseded-first',
      'rulesVersion',
    )
    const creation = events[0]!
    await submitAll(hub, [creation])
    const superseded = await signAfterCreation(founder, space, creation, 'poll.closed')
    founder.follow(space, { seq: 1, head: computeEventId(creation) })
    const valid = await founder.next(
      space,
      'proposal.submitted',
      { title: 'Dues', text: 'Dues stay as they are' },
      T0 + 11,
    )
    const sequence = order === 'valid first' ? [valid, superseded] : [superseded, valid, superseded]
    const codes = []
    for (const event of sequence) {
      const outcome = (await hub.submit([event])).outcomes[0]!
      codes.push(outcome.status === 'rejected' ? outcome.code : outcome.status)
    }
    expect(codes, order).toEqual(
      order === 'valid first'
        ? ['accepted', 'event.superseded-type']
        : ['event.superseded-type', 'accepted', 'event.superseded-type'],
    )
    const state = (await hub.state(space))!
    expect(state.forks.size, order).toBe(0)
    expect(state.heads.get(founder.publicKey)?.seq, order).toBe(2)
  }

  // Under fork rule 2 alone the same close at a used seq is still evidence, as before.
  const founder = newAuthor()
  const { space, events } = await assemblyEvents(founder, 'fork-rule-two', 'forkRule')
  await submitAll(hub, [events[0]!])
  await submitAll(hub, [
    await founder.next(space, 'proposal.submitted', { title: 'Dues', text: 'Same' }, T0 + 11),
  ])
  const again = await signAfterCreation(founder, space, events[0]!, 'poll.closed')
  expect((await hub.submit([again])).outcomes[0]).toMatchObject({ code: 'chain.fork' })
  expect((await hub.state(space))!.forks.size).toBe(1)
})

test('rules version 3: a space.counted.2 without its membership view is refused as the older form; with one it counts, and a space founded before takes it without', async () => {
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  for (const declaration of ['rulesVersion', 'forkRule', 'none'] as const) {
    const founder = newAuthor()
    const member = newAuthor()
    const { space, events } = await assemblyEvents(founder, `count-${declaration}`, declaration, [
      member,
    ])
    await submitAll(hub, events)
    const first = { members: 2, after: null, round: 1 }
    const bare = await founder.next(space, 'space.counted.2', first, tick())
    const outcome = (await hub.submit([bare])).outcomes[0]
    if (declaration === 'rulesVersion') {
      expect(outcome, declaration).toMatchObject({
        status: 'rejected',
        code: 'event.superseded-type',
      })
      expect(outcome?.status === 'rejected' && outcome.message).toContain(
        "states its signer's membership view (view)",
      )
      // The same count stating its view is taken (the device signs it at the freed seq).
      founder.follow(space, { seq: 2, head: computeEventId(events[1]!) })
      const at = tick()
      const proposed = proposeSpaceCount((await hub.state(space))!, at)
      expect(proposed.members).toBe(2)
      const counted = await founder.next(space, 'space.counted.2', { ...first, ...proposed }, at)
      expect((await hub.submit([counted])).outcomes[0], declaration).toMatchObject({
        status: 'accepted',
      })
      expect((await hub.state(space))!.forks.size).toBe(0)
    } else {
      expect(outcome, declaration).toMatchObject({ status: 'accepted' })
    }
  }
})
