// Held-back events under a flood, through the ledger on real SQLite: what is held is bounded (per
// author and per seq at the real limits, per space, for strangers and in all at lowered ones; each
// at the limit and one past), a write retries only the held events it may unblock (junk is never
// checked again), strangers are held but marked, held events expire, a facilitator's hub can
// purge a space's, and a restarted ledger still wakes what it holds.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type {
  EventAuthor,
  SignatureCheck,
  SignatureVerifier,
  SignedEvent,
  SpaceId,
} from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger, MAX_PENDING_PER_AUTHOR, MAX_PENDING_PER_SEQ, PENDING_TTL_MS } from './ledger.js'
import type { LedgerOptions, SubmitOutcome } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, newAuthor, submitAll, T0 } from './test-support/assembly-fixture.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A ledger on a fresh SQLite file; `checked` counts the signatures it verified. */
async function hub(options: LedgerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'veche-pending-'))
  const file = join(dir, 'veche.db')
  const stores: EventStore[] = []
  const counter = { checked: 0 }
  const verifier: SignatureVerifier = {
    verifyAll(checks: readonly SignatureCheck[]) {
      counter.checked += checks.length
      return nodeVerifier.verifyAll(checks)
    },
    verifyCredentials: (checks) => nodeVerifier.verifyCredentials(checks),
  }
  const open = async (): Promise<Ledger> => {
    const store = await openSqliteStore(file)
    stores.push(store)
    return new Ledger(store, verifier, options)
  }
  cleanups.push(async () => {
    for (const store of stores) await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { ledger: await open(), counter, reopen: open }
}

/** `count` events of `author`, of which the first `skip` are signed but never sent (a gap). */
async function chain(
  author: EventAuthor,
  space: SpaceId,
  count: number,
  skip = 1,
): Promise<SignedEvent[]> {
  const events: SignedEvent[] = []
  for (let i = 0; i < count + skip; i++) {
    events.push(
      await author.next(
        space,
        'proposal.submitted',
        { title: `Proposal ${i}`, text: 'We propose it.' },
        T0 + 100 + i,
      ),
    )
  }
  return events.slice(skip)
}

/** A ballot by a fresh key that is no member (a stranger) on `poll`. */
async function strangerBallot(space: SpaceId, poll: string, i: number): Promise<SignedEvent> {
  return newAuthor().next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, T0 + i)
}

async function openPoll(author: EventAuthor, space: SpaceId): Promise<SignedEvent> {
  return author.next(
    space,
    'poll.opened',
    {
      question: 'Hire a lawyer?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'pending-limit-seed',
    },
    T0 + 50,
  )
}

const parked = (o: SubmitOutcome) => o.status === 'rejected' && o.parked === true

test('held: a write checks only the held events it may unblock, never the junk', async () => {
  const { ledger, counter } = await hub()
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  const poll = await openPoll(founder, space)
  await submitAll(ledger, [poll])
  const pollId = computeEventId(poll)
  // Junk from 300 keys that are no members, and 300 events of a member after a gap.
  const strangers = await Promise.all(
    Array.from({ length: 300 }, (_, i) => strangerBallot(space, pollId, i)),
  )
  const gapped = await chain(alice, space, 300)
  const report = await ledger.submit([...strangers, ...gapped], { park: true })
  expect(report.outcomes.every(parked)).toBe(true)
  const held = await ledger.pending(space)
  expect(held.filter((p) => p.stranger)).toHaveLength(300)
  expect(held.filter((p) => !p.stranger)).toHaveLength(300)

  // A ballot of a member: one signature checked, nothing held tried again.
  counter.checked = 0
  const ballot = await bob.next(space, 'ballot.cast', { poll: pollId, vote: { choice: 'no' } }, T0)
  expect((await ledger.submit([ballot])).outcomes[0]).toMatchObject({ status: 'accepted' })
  expect(counter.checked).toBe(1)
  expect(await ledger.store.countPending()).toBe(600)
})

test('held: what an accepted event unblocks is released at once, chain and references alike', async () => {
  const { ledger } = await hub()
  const { space, founder, alice } = await foundAssembly(ledger)
  const poll = await openPoll(founder, space)
  const pollId = computeEventId(poll)
  const [first, ...rest] = [
    await alice.next(space, 'ballot.cast', { poll: pollId, vote: { choice: 'yes' } }, T0),
    ...(await chain(alice, space, 3, 0)),
  ]
  // Alice's ballot waits for the poll; her later proposals wait for her ballot (a gap).
  const waiting = await ledger.submit([...rest, first], { park: true })
  expect(waiting.outcomes.every(parked)).toBe(true)
  expect((await ledger.pending(space)).map((p) => p.code)).toEqual([
    'chain.seq-gap',
    'chain.seq-gap',
    'chain.seq-gap',
    'ballot.unknown-poll',
  ])
  const report = await ledger.submit([poll])
  expect(report.released).toBe(4)
  expect(await ledger.pending()).toEqual([])
})

test(`held: at most ${MAX_PENDING_PER_AUTHOR} events of one author in a space, and ${MAX_PENDING_PER_SEQ} with one seq`, async () => {
  const { ledger } = await hub()
  const { space, alice, bob } = await foundAssembly(ledger)
  const events = await chain(alice, space, MAX_PENDING_PER_AUTHOR + 1)
  const atLimit = await ledger.submit(events.slice(0, MAX_PENDING_PER_AUTHOR), { park: true })
  expect(atLimit.outcomes.every(parked)).toBe(true)
  const past = await ledger.submit([events.at(-1)!], { park: true })
  expect(past.outcomes[0]).toMatchObject({ status: 'rejected', code: 'chain.seq-gap' })
  expect(parked(past.outcomes[0]!)).toBe(false)
  expect((past.outcomes[0] as { message: string }).message).toContain(
    `not held here: this hub holds ${MAX_PENDING_PER_AUTHOR} events of this author in this space back already`,
  )
  // Bob signs three different events with one seq after a gap: two are held, not the third.
  const gap = await bob.next(space, 'proposal.submitted', { title: 'Gap', text: 'x' }, T0)
  const forks: SignedEvent[] = []
  for (const title of ['One', 'Two', 'Three']) {
    bob.follow(space, { seq: gap.seq, head: computeEventId(gap) })
    forks.push(await bob.next(space, 'proposal.submitted', { title, text: 'x' }, T0))
  }
  expect(new Set(forks.map((f) => f.seq)).size).toBe(1)
  const forked = await ledger.submit(forks, { park: true })
  expect(forked.outcomes.map(parked)).toEqual([true, true, false])
  expect((forked.outcomes[2] as { message: string }).message).toContain(
    `this hub holds ${MAX_PENDING_PER_SEQ} events of this author with seq ${forks[0]!.seq} back already`,
  )
})

test('held: events of authors without standing are held as strangers, at most the strangers limit', async () => {
  const { ledger } = await hub({ pendingLimits: { strangers: 5 } })
  const { space, founder } = await foundAssembly(ledger)
  const poll = await openPoll(founder, space)
  await submitAll(ledger, [poll])
  const ballots = await Promise.all(
    Array.from({ length: 6 }, (_, i) => strangerBallot(space, computeEventId(poll), i)),
  )
  const report = await ledger.submit(ballots, { park: true })
  expect(report.outcomes.slice(0, 5).every(parked)).toBe(true)
  expect(report.outcomes[5]).toMatchObject({ status: 'rejected', code: 'member.not-member' })
  expect((report.outcomes[5] as { message: string }).message).toContain(
    'its author has no standing in this space',
  )
  expect((await ledger.pending(space)).every((p) => p.stranger)).toBe(true)
})

test('held: at most the per-space and the store limits', async () => {
  const { ledger } = await hub({ pendingLimits: { perSpace: 4, total: 6 } })
  const one = await foundAssembly(ledger)
  const inOne = await chain(one.alice, one.space, 5)
  const report = await ledger.submit(inOne, { park: true })
  expect(report.outcomes.map(parked)).toEqual([true, true, true, true, false])
  expect((report.outcomes[4] as { message: string }).message).toContain(
    'this hub holds 4 events of this space back already',
  )
  const two = await foundAssembly(ledger)
  const inTwo = await chain(two.alice, two.space, 3)
  const more = await ledger.submit(inTwo, { park: true })
  expect(more.outcomes.map(parked)).toEqual([true, true, false])
  expect((more.outcomes[2] as { message: string }).message).toContain(
    'this hub holds 6 events back already, its most',
  )
})

test('held: events expire after the time-to-live; a space can be purged', async () => {
  let now = T0
  const { ledger } = await hub({ now: () => now })
  const { space, alice, bob } = await foundAssembly(ledger)
  await ledger.submit(await chain(alice, space, 3), { park: true })
  now += PENDING_TTL_MS - 1
  expect(await ledger.expirePending()).toBe(0)
  await ledger.submit(await chain(bob, space, 2), { park: true })
  now += 2
  // The next held submission (or the hub's own check) drops what is older than the limit.
  expect(await ledger.expirePending()).toBe(3)
  expect((await ledger.pending(space)).map((p) => p.author)).toEqual([bob.publicKey, bob.publicKey])
  expect(await ledger.purgePending(space, alice.publicKey)).toBe(0)
  expect(await ledger.purgePending(space)).toBe(2)
  expect(await ledger.pending()).toEqual([])
})

test('held: a restarted hub still releases what it held', async () => {
  const { ledger, reopen } = await hub()
  const { space, founder, alice } = await foundAssembly(ledger)
  const poll = await openPoll(founder, space)
  const ballot = await alice.next(
    space,
    'ballot.cast',
    { poll: computeEventId(poll), vote: { choice: 'yes' } },
    T0,
  )
  expect((await ledger.submit([ballot], { park: true })).outcomes.every(parked)).toBe(true)
  const restarted = await reopen()
  expect((await restarted.submit([poll])).released).toBe(1)
  expect(await restarted.pending()).toEqual([])
})
