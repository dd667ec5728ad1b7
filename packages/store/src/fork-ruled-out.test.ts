// Fork rule 2 (core's fork-exemption.ts): a member's device signs an event every rule refuses as
// `invalid` (a ballot for an option its poll lacks), sees it refused, and signs something else at
// that seq. A hub that kept the invalid event and hands it over after the replacement must not
// get the member flagged: on every replica, in every arrival order, the invalid event is refused
// and kept nowhere, and the replacement counts. Two valid events at one seq are still a fork.
// Real SQLite stores, one per simulated hub; fast-check drives the arrival orders.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import {
  canonicalJson,
  computeEventId,
  describeSpace,
  EventAuthor,
  FORK_RULE_VERSION,
  hashSpaceState,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { RULES, T0, newAuthor, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-fork-ruled-out-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

async function newHub(): Promise<Ledger> {
  const store = await openSqliteStore(join(root, `hub-${++hubs}.db`))
  return new Ledger(store, nodeVerifier)
}

/** Feeds `events` one at a time in park mode, as replication does; returns what the hub holds. */
async function receive(events: readonly SignedEvent[], space: SpaceId) {
  const hub = await newHub()
  const codes: string[] = []
  for (const event of events) {
    const report = await hub.submit([event], { park: true })
    for (const outcome of report.outcomes)
      if (outcome.status === 'rejected') codes.push(outcome.code)
  }
  const state = await hub.state(space)
  const result = {
    hash: state === null ? null : hashSpaceState(state),
    forks: (state === null ? undefined : describeSpace(state).forks) ?? {},
    proposals: state === null ? 0 : state.proposals.size,
    evidence: (await hub.store.forks(space)).length,
    pending: (await hub.pending()).length,
    verified: (await verifyStore(hub.store, nodeVerifier)).map((v) => v.hash),
    codes,
  }
  await hub.store.close()
  return result
}

/**
 * An assembly (under fork rule 2 unless `forkRule` is false) with a poll; alice's ballot for an
 * option the poll lacks (`invalid`, refused by the hub she sent it to), and what her device
 * signed at the same seq once it saw the refusal (`replacement`, a proposal).
 */
async function makeHistory(forkRule: boolean) {
  const origin = await newHub()
  const [founder, alice] = [newAuthor(), newAuthor()]
  const nonce = 'ruled-out-0001'
  const space = founder.spaceFor(nonce)
  const creation = await founder.next(
    space,
    'assembly.created',
    {
      nonce,
      name: 'Depot',
      description: '',
      languages: ['en'],
      founderName: 'F',
      rules: RULES,
      texts: TEXT_RULES_VERSION,
      ...(forkRule ? { forkRule: FORK_RULE_VERSION } : {}),
    },
    T0,
  )
  const admitted = await founder.next(
    space,
    'member.admitted',
    { member: alice.publicKey, name: 'Alice' },
    T0 + 1,
  )
  const poll = await founder.next(
    space,
    'poll.opened.2',
    {
      question: 'Open the canteen?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'seed-ruled-out',
      seats: 1,
      scoreRange: null,
    },
    T0 + 2,
  )
  const history = [creation, admitted, poll]
  await submitAll(origin, history)
  const invalid = await alice.next(
    space,
    'ballot.cast',
    { poll: computeEventId(poll), vote: { choice: 'maybe' } },
    T0 + 3,
  )
  const refused = await origin.submit([invalid])
  expect(refused.outcomes[0]).toMatchObject({ status: 'rejected', code: 'ballot.invalid' })
  // Her device frees the seq (an `invalid` refusal its own fold confirms) and signs there again.
  alice.follow(space, null)
  const replacement = await alice.next(
    space,
    'proposal.submitted',
    { title: 'Canteen hours', text: 'Open at seven.' },
    T0 + 4,
  )
  expect(replacement.seq).toBe(invalid.seq)
  await submitAll(origin, [replacement])
  const hash = hashSpaceState((await origin.state(space))!)
  await origin.store.close()
  return { space, history, invalid, replacement, hash, alice, founder, poll }
}

test('fork rule 2: an invalid ballot shown after what was signed at its seq is refused, not evidence; both orders give the same hash', async () => {
  const { space, history, invalid, replacement, hash } = await makeHistory(true)
  const late = await receive([...history, replacement, invalid], space)
  const early = await receive([...history, invalid, replacement], space)
  for (const hub of [late, early]) {
    expect(hub.forks).toEqual({})
    expect(hub.evidence).toBe(0)
    expect(hub.proposals).toBe(1)
    expect(hub.pending).toBe(0)
    expect(hub.hash).toBe(hash)
    expect(hub.verified).toEqual([hash])
  }
  expect(late.codes).toEqual(['ballot.invalid'])
  expect(early.codes).toEqual(['ballot.invalid'])
})

test('fork rule 2: an invalid ballot at a used seq whose poll has not arrived is held, then refused when the poll comes', async () => {
  const { space, history, invalid, replacement, hash } = await makeHistory(true)
  const [creation, admitted, poll] = history as [SignedEvent, SignedEvent, SignedEvent]
  const hub = await receive([creation, admitted, replacement, invalid, poll], space)
  // Held (the outcome names the poll it waits for); dropped, not kept, once the poll comes.
  expect(hub.codes).toEqual(['ballot.unknown-poll'])
  expect(hub.forks).toEqual({})
  expect(hub.evidence).toBe(0)
  expect(hub.pending).toBe(0)
  expect(hub.hash).toBe(hash)
})

test('fork rule 2: every arrival order of the history, the invalid ballot and its replacement gives one hash, no fork (property)', async () => {
  const { space, history, invalid, replacement, hash } = await makeHistory(true)
  const all = [...history, invalid, replacement]
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
      async (order) => {
        const hub = await receive(order, space)
        expect(hub.hash).toBe(hash)
        expect(hub.forks).toEqual({})
        expect(hub.evidence).toBe(0)
        expect(hub.pending).toBe(0)
        expect(hub.verified).toEqual([hash])
      },
    ),
    { numRuns: 12 },
  )
})

test('fork rule 2: two valid events at one seq are still a fork, flagged alike in either order', async () => {
  const { space, history, replacement, alice, poll } = await makeHistory(true)
  const other = new EventAuthor(alice.signer)
  const valid = await other.next(
    space,
    'ballot.cast',
    { poll: computeEventId(poll), vote: { choice: 'yes' } },
    T0 + 3,
  )
  expect(valid.seq).toBe(replacement.seq)
  const one = await receive([...history, replacement, valid], space)
  const two = await receive([...history, valid, replacement], space)
  expect(one.forks).toEqual({
    [alice.publicKey]: { flaggedFrom: 1, resumeAt: 0, resolution: null },
  })
  expect(one.evidence).toBe(1)
  expect(one.proposals).toBe(0)
  expect(two.hash).toBe(one.hash)
  expect(two.verified).toEqual([one.hash])
})

test('fork rule 1 (a space founded before it): the invalid ballot shown late is still evidence, so old logs replay as they did', async () => {
  const { space, history, invalid, replacement, alice } = await makeHistory(false)
  const hub = await receive([...history, replacement, invalid], space)
  expect(hub.codes).toEqual(['chain.fork'])
  expect(hub.evidence).toBe(1)
  expect(Object.keys(hub.forks)).toEqual([alice.publicKey])
})

test("fork rule 2: veche verify finds an invalid ballot kept as fork evidence behind the ledger's back", async () => {
  const { space, history, invalid, replacement, hash } = await makeHistory(true)
  const hub = await newHub()
  await submitAll(hub, [...history, replacement])
  const forged = {
    id: computeEventId(invalid),
    space,
    author: invalid.author,
    seq: invalid.seq,
    type: invalid.type,
    json: canonicalJson(invalid),
  }
  expect((await verifyStore(hub.store, nodeVerifier)).map((v) => v.hash)).toEqual([hash])
  await hub.store.append([], undefined, { forks: [forged] })
  const [verdict] = await verifyStore(hub.store, nodeVerifier)
  expect(verdict).toMatchObject({ hash: null, fault: { id: forged.id, code: 'ballot.invalid' } })
  await hub.store.close()
})

test('fork rule 2: a poll whose options its method refuses, shown after what its facilitator signed at its seq, is refused, not evidence', async () => {
  const { space, history, founder, poll } = await makeHistory(true)
  const head = { seq: poll.seq, head: computeEventId(poll) }
  const opening = {
    question: 'Which day?',
    proposal: null,
    method: 'majority',
    voters: 'members',
    threshold: { num: 1, den: 2 },
    tieBreakSeed: 'seed-days',
    seats: 1,
    scoreRange: null,
  } as const
  const bad = await founder.next(
    space,
    'poll.opened.2',
    { ...opening, options: ['Monday', 'Monday'] },
    T0 + 5,
  )
  founder.follow(space, head)
  const good = await founder.next(
    space,
    'poll.opened.2',
    { ...opening, options: ['Monday', 'Tuesday'] },
    T0 + 6,
  )
  expect(good.seq).toBe(bad.seq)
  const late = await receive([...history, good, bad], space)
  const early = await receive([...history, bad, good], space)
  expect(late.codes).toEqual(['poll.bad-options'])
  expect(early.codes).toEqual(['poll.bad-options'])
  for (const hub of [late, early]) {
    expect(hub.forks).toEqual({})
    expect(hub.evidence).toBe(0)
  }
  expect(late.hash).toBe(early.hash)
})
