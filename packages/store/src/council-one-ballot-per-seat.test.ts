// A council close counts at most one ballot per seat (adversarial review 2026-12-07): a delegate
// votes, her assembly recalls her and the notice seats her alternate, who votes too. A
// `poll.closed.3` counts only the ballots of keys seated at the close; the recalled delegate's
// ballot stays sealed, listed under `unseated`. A first-type `poll.closed` counts as it always did,
// so logs signed with it replay as before.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { describeSpace, hashSpaceState, proposeClose } from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, submitAll, submitOne } from './test-support/assembly-fixture.js'
import {
  closeNow,
  electDelegates,
  foundCouncil,
  joinCouncil,
  notice,
  tick,
} from './test-support/federation-fixture.js'
import type { Body } from './test-support/federation-fixture.js'

let dir: string
let store: EventStore
let ledger: Ledger
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-one-seat-'))
  store = await openSqliteStore(join(dir, 'veche.db'))
  ledger = new Ledger(store, nodeVerifier)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

type Assembly = Body & { alice: EventAuthor; bob: EventAuthor }

async function assembly(): Promise<Assembly> {
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  return { space, facilitator: founder, voters: [founder, alice, bob], alice, bob }
}

/**
 * Two assemblies A and B, one seat each (Alice delegate, Bob alternate); a council poll where A's
 * Alice votes yes, then A recalls her (closed in A, not yet noticed in the council).
 */
async function recalledAndVoting() {
  const council = await foundCouncil(ledger, 'Council')
  const a = await assembly()
  const b = await assembly()
  for (const body of [a, b]) {
    await joinCouncil(ledger, body, council)
    await electDelegates(ledger, body, council.council, [body.alice], [body.bob], body.facilitator)
  }
  const [poll] = await submitAll(ledger, [
    await council.convenor.next(
      council.council,
      'poll.opened.2',
      {
        question: 'Build the bridge?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'one-seat-each',
      },
      tick(),
    ),
  ])
  const vote = (voter: EventAuthor, choice: string) =>
    voter.next(council.council, 'ballot.cast', { poll: poll!, vote: { choice } }, tick())
  const [recalledBallot] = await submitAll(ledger, [await vote(a.alice, 'yes')])
  // A recalls Alice: 2 of 3 members vote recall, the facilitator closes, any key notices it.
  const [recall] = await submitAll(ledger, [
    await a.facilitator.next(
      a.space,
      'recall.started',
      { council: council.council, delegate: a.alice.publicKey, reason: 'no longer trusted' },
      tick(),
    ),
  ])
  for (const voter of [a.facilitator, a.bob]) {
    await submitAll(ledger, [
      await voter.next(
        a.space,
        'ballot.cast',
        { poll: recall!, vote: { choice: 'recall' } },
        tick(),
      ),
    ])
  }
  const [recallClose] = await submitAll(ledger, [
    await closeNow(ledger, a.space, a.facilitator, recall!),
  ])
  return { a, b, vote, recallClose: recallClose!, council, poll: poll!, recalledBallot }
}

/** As `recalledAndVoting`, and the recall noticed, A's Bob votes yes and B's Alice no. */
async function recalledDelegateVoted() {
  const s = await recalledAndVoting()
  await notice(ledger, s.a.bob, s.council.council, s.recallClose)
  await submitAll(ledger, [await s.vote(s.a.bob, 'yes'), await s.vote(s.b.alice, 'no')])
  return {
    council: s.council.council,
    convenor: s.council.convenor,
    poll: s.poll,
    recalledBallot: s.recalledBallot,
  }
}

function counts(result: unknown): Record<string, number> {
  const rows = (result as { counts: { option: string; votes: number }[] }).counts
  return Object.fromEntries(rows.map((r) => [r.option, r.votes]))
}

function resultOf(event: SignedEvent): unknown {
  return (event.body as { result: unknown }).result
}

async function pollView(council: SpaceId, poll: EventId) {
  return describeSpace((await ledger.state(council))!).polls[poll]!
}

test('a poll.closed.3 in a council counts one ballot per seat: the recalled delegate’s ballot is sealed, not counted', async () => {
  const s = await recalledDelegateVoted()
  const state = (await ledger.state(s.council))!
  const close = proposeClose(state, state.polls.get(s.poll)!, tick())
  if (!close.ok) throw new Error(close.message)
  expect(close.value.ballots).toContain(s.recalledBallot)
  const result = close.value.result as { unseated?: string[] }
  expect(counts(result)).toEqual({ yes: 1, no: 1 })
  expect(result.unseated).toEqual([s.recalledBallot])
  const outcome = await submitOne(
    ledger,
    await s.convenor.next(s.council, 'poll.closed.3', close.value, tick()),
  )
  expect(outcome.status).toBe('accepted')
  const view = await pollView(s.council, s.poll)
  expect(view.result).toEqual(close.value.result)
})

test('a poll.closed.3 in a council that counts the recalled delegate’s ballot is refused', async () => {
  const s = await recalledDelegateVoted()
  const state = (await ledger.state(s.council))!
  const at = tick()
  const close = proposeClose(state, state.polls.get(s.poll)!, at)
  if (!close.ok) throw new Error(close.message)
  // What a closer counting every sealed ballot states: yes 2, no 1 (the old rule's result).
  const old = await closeNow(ledger, s.council, s.convenor, s.poll)
  s.convenor.follow(s.council, (await ledger.state(s.council))!.heads.get(s.convenor.publicKey)!)
  expect(counts(resultOf(old))).toEqual({ yes: 2, no: 1 })
  const outcome = await submitOne(
    ledger,
    await s.convenor.next(
      s.council,
      'poll.closed.3',
      { ...close.value, result: resultOf(old) },
      at,
    ),
  )
  expect(outcome).toMatchObject({ status: 'rejected', code: 'poll.result-mismatch' })
})

test('a first-type poll.closed in a council still counts every sealed ballot (old logs replay as before)', async () => {
  const s = await recalledDelegateVoted()
  const old = await closeNow(ledger, s.council, s.convenor, s.poll)
  expect(counts(resultOf(old))).toEqual({ yes: 2, no: 1 })
  expect((await submitOne(ledger, old)).status).toBe('accepted')
  expect(counts((await pollView(s.council, s.poll)).result)).toEqual({ yes: 2, no: 1 })
})

test('a close on one hub and a recall noticed on another: both orders give one state hash, the close counts its own view', async () => {
  const s = await recalledAndVoting()
  const { council, convenor } = s.council
  await submitAll(ledger, [await s.vote(s.b.alice, 'no')])
  const log: SignedEvent[] = []
  for await (const stored of store.readAll()) log.push(JSON.parse(stored.json) as SignedEvent)
  // Hub 1 closes without the notice; hub 2 notices the recall (seating A's Bob) meanwhile.
  const state = (await ledger.state(council))!
  const at = tick()
  const close = proposeClose(state, state.polls.get(s.poll)!, at)
  if (!close.ok) throw new Error(close.message)
  expect(counts(close.value.result)).toEqual({ yes: 1, no: 1 })
  const closed = await convenor.next(council, 'poll.closed.3', close.value, at)
  const noticed = await s.a.bob.next(
    council,
    'council.notice',
    { reference: s.recallClose },
    tick(),
  )
  const hashes = new Set<string>()
  for (const tail of [
    [closed, noticed],
    [noticed, closed],
  ]) {
    const replicaDir = mkdtempSync(join(tmpdir(), 'veche-one-seat-replica-'))
    const replica = await openSqliteStore(join(replicaDir, 'veche.db'))
    try {
      const other = new Ledger(replica, nodeVerifier)
      const report = await other.submit([...log, ...tail], { park: true })
      expect(report.outcomes.filter((o) => o.status === 'rejected')).toEqual([])
      expect(await other.pending()).toEqual([])
      const after = (await other.state(council))!
      expect(describeSpace(after).polls[s.poll]!.result).toEqual(close.value.result)
      hashes.add(hashSpaceState(after))
    } finally {
      await replica.close()
      rmSync(replicaDir, { recursive: true, force: true })
    }
  }
  expect(hashes.size).toBe(1)
})
