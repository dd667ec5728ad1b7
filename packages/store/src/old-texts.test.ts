// Versioned text rules (docs/events.md, "Texts"): a log signed before the text rules, with texts
// they now refuse, still verifies and folds to the state hash it had, on a hub and in `veche
// verify`; in a space whose creation event declares `texts: 1` the same texts are refused, however
// early the event claims to be.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  applyEvent,
  canonicalJson,
  computeEventId,
  createSpaceState,
  EventAuthor,
  hashSpaceState,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type { EventBodyInput, SignedEvent, SpaceId } from '@veche/core'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { generateKeyPair, nodeSigner, nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'

const T0 = 1_700_000_000_000
let dir: string
const open: EventStore[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-old-texts-'))
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

function created(
  nonce: string,
  name: string,
  texts?: 1 | 2 | 3,
): EventBodyInput<'assembly.created'> {
  return {
    nonce,
    name,
    description: 'moved \u009b31m',
    languages: ['en'],
    founderName: 'Aigerim\tB.',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 50 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
    ...(texts === undefined ? {} : { texts }),
  }
}

/** A space's events with every text the rules refuse today, signed as a Veche from before them. */
async function oldLog(founder: EventAuthor, nonce: string, texts?: 1 | 2 | 3) {
  const space = founder.spaceFor(nonce)
  const member = new EventAuthor(nodeSigner(generateKeyPair()))
  const events: SignedEvent[] = [
    await founder.next(space, 'assembly.created', created(nonce, 'Hall\u001b[2J', texts), T0),
    await founder.next(
      space,
      'member.admitted',
      { member: member.publicKey, name: 'Dana\u202e' },
      T0 + 1,
    ),
    await founder.next(
      space,
      'member.admitted',
      { member: 'B'.repeat(43), name: '\u200b\u200b' },
      T0 + 2,
    ),
  ]
  return { space, events }
}

/** Writes events straight into a store, as a Veche from before the text rules stored them. */
async function storeAsBefore(store: EventStore, space: SpaceId, events: readonly SignedEvent[]) {
  await store.append(
    events.map((event) => ({
      id: computeEventId(event),
      space,
      author: event.author,
      seq: event.seq,
      type: event.type,
      json: canonicalJson(event),
    })),
  )
}

/** The state hash the fold gives without any text rule: what a Veche from before them printed. */
function hashBefore(space: SpaceId, events: readonly SignedEvent[]) {
  const state = createSpaceState(space)
  for (const event of events) expect(applyEvent(state, event, computeEventId(event))).toBeNull()
  return hashSpaceState(state)
}

test('old texts: a log from before the text rules verifies, and a hub takes it, with the state hash it had', async () => {
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const { space, events } = await oldLog(founder, 'old-log-1')
  const before = hashBefore(space, events)

  const old = await newStore('old')
  await storeAsBefore(old, space, events)
  expect(await verifyStore(old, nodeVerifier)).toEqual([
    { space, events: 3, hash: before, fault: null },
  ])

  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  const report = await hub.submit(events)
  expect(report.outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted'])
  expect(hashSpaceState((await hub.state(space))!)).toBe(before)
})

test('old texts: a blank name, refused before the text rules too, is still refused in an old space', async () => {
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const { space, events } = await oldLog(founder, 'old-log-2')
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  await hub.submit(events)
  const blank = await founder.next(
    space,
    'member.admitted',
    { member: 'C'.repeat(43), name: '   ' },
    T0 + 3,
  )
  const report = await hub.submit([blank])
  expect(report.outcomes[0]).toMatchObject({ status: 'rejected', code: 'text.invisible' })
})

test('old texts: in a space that declares texts: 1, the same texts are refused by the hub and by veche verify', async () => {
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  // Its own creation event, with an escape sequence in the name: refused.
  const { events: bad } = await oldLog(founder, 'new-log-1', TEXT_RULES_VERSION)
  expect((await hub.submit([bad[0]!])).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'text.control-character',
  })

  // A clean creation event, then a member admitted with a bidi override, however early it claims
  // to be: refused. A tab in a name and an invisible name: refused.
  const space = founder.spaceFor('new-log-2')
  const ok = await founder.next(
    space,
    'assembly.created',
    {
      ...created('new-log-2', 'Hall', TEXT_RULES_VERSION),
      description: '',
      founderName: 'Aigerim',
    },
    T0,
  )
  expect((await hub.submit([ok])).outcomes[0]).toMatchObject({ status: 'accepted' })
  const member = new EventAuthor(nodeSigner(generateKeyPair()))
  const attempts = [
    ['Dana\u202e', 'text.bidi-control'],
    ['Dana\tB.', 'text.control-character'],
    ['\u200b\u200b', 'text.invisible'],
  ] as const
  for (const [name, code] of attempts) {
    const event = await founder.next(
      space,
      'member.admitted',
      { member: member.publicKey, name },
      0,
    )
    expect((await hub.submit([event])).outcomes[0], name).toMatchObject({
      status: 'rejected',
      code,
    })
    founder.follow(space, { seq: 1, head: computeEventId(ok) })
  }

  // Stored straight into a store (a hub that let it in), `veche verify` refuses it.
  const tampered = await newStore('tampered')
  const override = await founder.next(
    space,
    'member.admitted',
    { member: member.publicKey, name: 'Dana\u202e' },
    T0 + 1,
  )
  await storeAsBefore(tampered, space, [ok, override])
  const [verdict] = await verifyStore(tampered, nodeVerifier)
  expect(verdict).toMatchObject({
    space,
    hash: null,
    fault: { id: computeEventId(override), code: 'text.bidi-control' },
  })
})

test('text rules 3: a right-to-left mark inside a number is refused under texts: 3, and an older space keeps taking it', async () => {
  // "1", RLM, "5", RLM, "0": 150 to the signature and the hash, 105 in a browser (and the year
  // 2027 written so shows 7202).
  const bent = {
    title: 'Dues',
    text: 'Dues rise by 1\u200f5\u200f0 a month from 2\u200f0\u200f2\u200f7',
  }
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const hub = new Ledger(await newStore('hub'), nodeVerifier)
  const spaceUnder = async (nonce: string, texts: 2 | 3) => {
    const space = founder.spaceFor(nonce)
    const body = { ...created(nonce, 'Hall', texts), description: '', founderName: 'Aigerim' }
    const creation = await founder.next(space, 'assembly.created', body, T0)
    expect((await hub.submit([creation])).outcomes[0]).toMatchObject({ status: 'accepted' })
    return { space, creation }
  }

  const older = await spaceUnder('marks-two', 2)
  const taken = await founder.next(older.space, 'proposal.submitted', bent, T0 + 1)
  expect((await hub.submit([taken])).outcomes[0]).toMatchObject({ status: 'accepted' })

  const under3 = await spaceUnder('marks-three', TEXT_RULES_VERSION)
  const refused = await founder.next(under3.space, 'proposal.submitted', bent, T0 + 1)
  expect((await hub.submit([refused])).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'text.bidi-mark-in-number',
  })
  founder.follow(under3.space, { seq: 1, head: computeEventId(under3.creation) })
  // The marks stay allowed where they reorder no digits: after a number, between a number and a
  // word, and LRM (which keeps a phone number in order in right-to-left text) anywhere.
  const allowed = {
    title: 'דמי חבר',
    text: 'דמי החבר יעלו ב־50\u200f% מ־2027\u200f; טלפון 050\u200e-1234567, 3\u200f תשלומים',
  }
  const fine = await founder.next(under3.space, 'proposal.submitted', allowed, T0 + 2)
  expect((await hub.submit([fine])).outcomes[0]).toMatchObject({ status: 'accepted' })

  // `veche verify` refuses it in the texts: 3 space (stored by a hub that let it in) and takes it
  // in the texts: 2 one, to the hash it had.
  const stored = await newStore('stored')
  await storeAsBefore(stored, older.space, [older.creation, taken])
  await storeAsBefore(stored, under3.space, [under3.creation, refused])
  const verdicts = await verifyStore(stored, nodeVerifier)
  expect(verdicts.find((v) => v.space === older.space)).toMatchObject({
    fault: null,
    hash: hashSpaceState((await hub.state(older.space))!),
  })
  expect(verdicts.find((v) => v.space === under3.space)).toMatchObject({
    hash: null,
    fault: { id: computeEventId(refused), code: 'text.bidi-mark-in-number' },
  })
})
