// On PostgreSQL the ledger checks a submission while the append before it is in flight
// (EventStore.checksWhileAppending, in-flight-append.ts), and sends its own append only once that
// one has committed. Here the append in flight is made to fail for real: the test holds the
// store's append lock from another session, so the first append waits inside the server, lets the
// second submission be checked meanwhile, and then ends the first append's session
// (pg_terminate_backend) or commits, before it, another process's event in the same space (so the
// first is stale). The first submission's events are then refused (or checked again and stored),
// the second is checked again without them (its event that followed the first's is refused), no
// outcome disagrees with the store, later submissions are right, and the ledger's state equals a
// replay of the store from nothing (`veche verify`). Runs when VECHE_TEST_PG holds a URL.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { canonicalJson, computeEventId, hashSpaceState } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { Ledger } from './ledger.js'
import type { SubmitOutcome, SubmitReport } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { openPostgresStore } from './postgres-event-store.js'
import type { EventStore } from './event-store.js'
import { verifyStore } from './verify-store.js'
import { foundAssembly, newAuthor, submitAll, T0 } from './test-support/assembly-fixture.js'
import type { AssemblyFixture } from './test-support/assembly-fixture.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''

/** The store's append lock (postgres-event-store.ts): "Vech", and FNV-1a of the schema name. */
function appendLock(schema: string): [number, number] {
  let hash = 0x811c9dc5
  for (const char of schema) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return [0x56656368, hash | 0]
}

type Settled = { report: SubmitReport } | { error: unknown }

function settle(report: Promise<SubmitReport>): Promise<Settled> {
  return report.then(
    (r) => ({ report: r }),
    (error: unknown) => ({ error }),
  )
}

function outcomesOf(settled: Settled): readonly SubmitOutcome[] {
  if (!('report' in settled)) throw new Error(`expected a report, got ${String(settled.error)}`)
  return settled.report.outcomes
}

describe.runIf(PG_URL !== '')('ledger on PostgreSQL, an append in flight that fails', () => {
  let schema: string
  let admin: pg.Client
  let store: EventStore
  let ledger: Ledger
  let fixture: AssemblyFixture
  let poll: EventId
  let clock: number

  beforeEach(async () => {
    schema = `veche_test_${randomBytes(6).toString('hex')}`
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    store = await openPostgresStore(PG_URL, { schema })
    ledger = new Ledger(store, nodeVerifier)
    fixture = await foundAssembly(ledger)
    const [opened] = await submitAll(ledger, [
      await fixture.founder.next(
        fixture.space,
        'poll.opened',
        {
          question: 'Open a food bank?',
          proposal: null,
          method: 'majority',
          options: ['yes', 'no'],
          voters: 'members',
          threshold: { num: 1, den: 2 },
          tieBreakSeed: 'seed-0000001',
        },
        T0 + 10,
      ),
    ])
    poll = opened!
    clock = T0 + 20
  })
  afterEach(async () => {
    await admin.query('ROLLBACK').catch(() => undefined)
    await store.close().catch(() => undefined)
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  function ballot(voter: AssemblyFixture['alice'], choice: string): Promise<SignedEvent> {
    return voter.next(fixture.space, 'ballot.cast', { poll, vote: { choice } }, clock++)
  }

  /** Holds the append lock in the admin session (until its ROLLBACK or COMMIT). */
  async function holdAppendLock(): Promise<void> {
    await admin.query('BEGIN')
    await admin.query('SELECT pg_advisory_xact_lock($1, $2)', appendLock(schema))
  }

  /** The server process of the append waiting for the lock. */
  async function waitingAppend(): Promise<number> {
    const [first, second] = appendLock(schema)
    for (let i = 0; i < 500; i++) {
      const waiting = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
           AND classid = $1::bigint::oid AND objid = ($2::bigint & 4294967295)::oid`,
        [first, second],
      )
      const pid = waiting.rows[0]?.pid
      if (pid !== undefined) return pid
      await sleep(20)
    }
    throw new Error('no append waits for the lock')
  }

  /**
   * Submits `events` and resolves once their checks are done (the last one checked and the turn
   * of the event loop after it), with the submission's own outcome to wait for.
   */
  async function submitChecked(
    events: readonly SignedEvent[],
  ): Promise<{ outcome: Promise<Settled> }> {
    let started = 0
    const outcome = settle(
      ledger.submit(events, { onProgress: (n) => (started = Math.max(started, n + 1)) }),
    )
    for (let i = 0; i < 10_000 && started < events.length; i++) await sleep(1)
    // Checked during the first append (still waiting for the lock): before, it waited its turn.
    expect(started).toBe(events.length)
    await new Promise(setImmediate)
    return { outcome }
  }

  /** Every outcome agrees with the store, and the ledger's state is a replay of the store's. */
  async function expectConsistent(outcomes: readonly SubmitOutcome[]): Promise<void> {
    const ids = outcomes.flatMap((o) =>
      o.status === 'rejected' || o.id === undefined ? [] : [o.id],
    )
    expect([...(await store.has(ids))].sort()).toEqual([...new Set(ids)].sort())
    const refused = outcomes.flatMap((o) =>
      o.status === 'rejected' && o.id !== undefined ? [o.id] : [],
    )
    expect([...(await store.has(refused))]).toEqual([])
    const verdicts = await verifyStore(store, nodeVerifier)
    // A ledger that starts afresh on the store agrees too.
    const fresh = new Ledger(store, nodeVerifier)
    for (const verdict of verdicts) {
      expect(verdict.fault).toBeNull()
      expect(hashSpaceState((await ledger.state(verdict.space))!)).toBe(verdict.hash)
      expect(hashSpaceState((await fresh.state(verdict.space))!)).toBe(verdict.hash)
    }
  }

  test('its session ended: its events are refused, the next submission is checked again without them', async () => {
    const { alice, bob } = fixture
    const aliceYes = await ballot(alice, 'yes')
    const aliceNo = await ballot(alice, 'no') // her next seq: stands only on aliceYes
    const bobYes = await ballot(bob, 'yes')
    await holdAppendLock()
    const first = settle(ledger.submit([aliceYes]))
    const pid = await waitingAppend()
    const { outcome: second } = await submitChecked([aliceNo, bobYes])
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    const failed = await first
    expect('error' in failed && String(failed.error)).toMatch(/could not append/)
    // The second append waits for the lock in turn; released, it commits.
    await waitingAppend()
    await admin.query('ROLLBACK')
    const [aliceNoOutcome, bobOutcome] = outcomesOf(await second)
    expect(aliceNoOutcome).toMatchObject({ status: 'rejected', code: 'chain.seq-gap' })
    expect(bobOutcome).toEqual({ status: 'accepted', id: computeEventId(bobYes) })
    await expectConsistent([...outcomesOf(await second)])
    // Sent again, alice's two ballots are taken in order, and bob's is a duplicate.
    const again = outcomesOf(await settle(ledger.submit([aliceYes, aliceNo, bobYes])))
    expect(again.map((o) => o.status)).toEqual(['accepted', 'accepted', 'duplicate'])
    await expectConsistent(again)
    expect(await store.count(fixture.space)).toBe(7)
  })

  test('its session ended: a duplicate of its event in a submission to another space is checked again', async () => {
    const { alice } = fixture
    const aliceYes = await ballot(alice, 'yes')
    const other = await foundAssembly(ledger)
    const admitted = await other.founder.next(
      other.space,
      'member.admitted',
      { member: newAuthor().publicKey, name: 'Carol' },
      clock++,
    )
    await holdAppendLock()
    const first = settle(ledger.submit([aliceYes]))
    const pid = await waitingAppend()
    // Checked against the first in flight, alice's ballot is a duplicate; the other space's
    // event stands on nothing of the first, and its append states nothing of the first's space.
    const { outcome: second } = await submitChecked([aliceYes, admitted])
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    expect(await first).toHaveProperty('error')
    await admin.query('ROLLBACK')
    const outcomes = outcomesOf(await second)
    expect(outcomes).toEqual([
      { status: 'accepted', id: computeEventId(aliceYes) },
      { status: 'accepted', id: computeEventId(admitted) },
    ])
    await expectConsistent(outcomes)
  })

  test('another process appends first: it is checked again and stored, and what was checked against it is checked again', async () => {
    const { founder, alice, bob } = fixture
    const aliceYes = await ballot(alice, 'yes')
    const aliceNo = await ballot(alice, 'no')
    const bobYes = await ballot(bob, 'yes')
    await holdAppendLock()
    const first = settle(ledger.submit([aliceYes]))
    await waitingAppend()
    const { outcome: second } = await submitChecked([aliceNo, bobYes])
    // Another hub on the database admits carol while the first append waits: it is now stale.
    const admitted = await founder.next(
      fixture.space,
      'member.admitted',
      { member: newAuthor().publicKey, name: 'Carol' },
      clock++,
    )
    await admin.query(
      `INSERT INTO ${schema}.events (id, space, author, seq, type, json) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        computeEventId(admitted),
        admitted.space,
        admitted.author,
        admitted.seq,
        admitted.type,
        canonicalJson(admitted),
      ],
    )
    await admin.query('COMMIT')
    const outcomes = [...outcomesOf(await first), ...outcomesOf(await second)]
    expect(outcomes[0]).toEqual({ status: 'accepted', id: computeEventId(aliceYes) })
    expect(outcomes[2]).toEqual({ status: 'accepted', id: computeEventId(bobYes) })
    // Alice's second ballot was checked again before her first was (its retry came after): it may
    // be refused, but whatever it was told is what the store holds.
    await expectConsistent(outcomes)
    const later = outcomesOf(await settle(ledger.submit([aliceNo, await ballot(bob, 'no')])))
    expect(later.map((o) => o.status)).toEqual([
      outcomes[1]!.status === 'accepted' ? 'duplicate' : 'accepted',
      'accepted',
    ])
    await expectConsistent(later)
  })

  test('committed: the submission checked meanwhile is appended after it, on its positions', async () => {
    const { alice, bob } = fixture
    const aliceYes = await ballot(alice, 'yes')
    const aliceNo = await ballot(alice, 'no')
    const bobYes = await ballot(bob, 'yes')
    const told: EventId[][] = []
    ledger.onAppend((events) => told.push(events.map((e) => e.id)))
    await holdAppendLock()
    const first = settle(ledger.submit([aliceYes]))
    await waitingAppend()
    // Checked against the first in flight: her next seq stands on it, and it is no duplicate.
    const { outcome: second } = await submitChecked([aliceNo, bobYes, aliceYes])
    await admin.query('ROLLBACK')
    const outcomes = [...outcomesOf(await first), ...outcomesOf(await second)]
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted', 'duplicate'])
    expect(told).toEqual([
      [computeEventId(aliceYes)],
      [computeEventId(aliceNo), computeEventId(bobYes)],
    ])
    await expectConsistent(outcomes)
  })
})
