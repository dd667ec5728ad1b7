// Every decision method in a poll, through the ledger on a real SQLite store: ballots are checked
// against the method, the close must state the result the fold recomputes, a changed result is
// refused, and `veche verify` replays the same state.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { computeCloseResult, hashSpaceState, proposeSeal, resultWinners } from '@veche/core'
import type { EventAuthor, EventBodyInput, EventId, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import type { SubmitOutcome } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { foundAssembly, submitAll, submitOne } from './test-support/assembly-fixture.js'
import { tick } from './test-support/federation-fixture.js'

let dir: string
let store: EventStore
let ledger: Ledger
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-methods-'))
  store = await openSqliteStore(join(dir, 'veche.db'))
  ledger = new Ledger(store, nodeVerifier)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const A = ['A', 'B', 'C']
const CASES: {
  method: string
  seats: number
  scoreRange: { min: number; max: number } | null
  votes: unknown[]
  winners: string[]
}[] = [
  {
    method: 'irv',
    seats: 1,
    scoreRange: null,
    // A partial ranking is allowed; A holds a majority of first preferences.
    votes: [{ ranking: ['A', 'B', 'C'] }, { ranking: ['C', 'A'] }, { ranking: ['A'] }],
    winners: ['A'],
  },
  {
    method: 'approval',
    seats: 1,
    scoreRange: null,
    votes: [{ approve: ['A', 'B'] }, { approve: ['B'] }, { approve: ['B', 'C'] }],
    winners: ['B'],
  },
  {
    method: 'score',
    seats: 1,
    scoreRange: { min: 0, max: 5 },
    votes: [
      { scores: { A: 5, B: 4, C: 0 } },
      { scores: { A: 0, B: 4, C: 5 } },
      { scores: { A: 1, B: 4, C: 2 } },
    ],
    winners: ['B'],
  },
  {
    method: 'borda',
    seats: 1,
    scoreRange: null,
    votes: [
      { ranking: ['B', 'A', 'C'] },
      { ranking: ['B', 'C', 'A'] },
      { ranking: ['A', 'B', 'C'] },
    ],
    winners: ['B'],
  },
  {
    method: 'scottish-stv',
    seats: 2,
    scoreRange: null,
    votes: [
      { ranking: ['A', 'B', 'C'] },
      { ranking: ['A', 'B', 'C'] },
      { ranking: ['C', 'B', 'A'] },
    ],
    winners: ['A', 'C'],
  },
  {
    method: 'meek-stv',
    seats: 2,
    scoreRange: null,
    votes: [
      { ranking: ['A', 'B', 'C'] },
      { ranking: ['A', 'B', 'C'] },
      { ranking: ['C', 'B', 'A'] },
    ],
    winners: ['A', 'C'],
  },
  {
    method: 'schulze',
    seats: 1,
    scoreRange: null,
    votes: [
      { ranking: ['B', 'A', 'C'] },
      { ranking: ['C', 'B', 'A'] },
      { ranking: ['A', 'B', 'C'] },
    ],
    // B beats A 2-1 and C 2-1: the Condorcet winner.
    winners: ['B'],
  },
]

async function open(
  space: SpaceId,
  facilitator: EventAuthor,
  c: (typeof CASES)[number],
): Promise<EventId> {
  const [poll] = await submitAll(ledger, [
    await facilitator.next(
      space,
      'poll.opened.2',
      {
        question: `By ${c.method}`,
        proposal: null,
        method: c.method as 'irv',
        options: A,
        voters: 'members',
        threshold: { num: 0, den: 1 },
        seats: c.seats,
        scoreRange: c.scoreRange,
        tieBreakSeed: 'methods-seed-1',
      },
      tick(),
    ),
  ])
  return poll!
}

/** Submits an event that must be refused; the author's chain goes back to what the space holds. */
async function refused<T extends 'ballot.cast' | 'poll.closed'>(
  space: SpaceId,
  author: EventAuthor,
  type: T,
  body: EventBodyInput<T>,
): Promise<SubmitOutcome> {
  const outcome = await submitOne(ledger, await author.next(space, type, body, tick()))
  author.follow(space, (await ledger.state(space))!.heads.get(author.publicKey) ?? null)
  return outcome
}

test('every method: ballots checked, the close states the recomputed result, a changed result is refused, verify agrees', async () => {
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  const voters = [founder, alice, bob]
  for (const c of CASES) {
    const poll = await open(space, founder, c)
    // A ballot of another method's shape, or naming no option, is refused with its code.
    const wrong = c.method === 'approval' ? { ranking: ['A'] } : { approve: ['A'] }
    expect(await refused(space, bob, 'ballot.cast', { poll, vote: wrong })).toMatchObject({
      status: 'rejected',
      code: 'ballot.invalid',
    })
    for (const [i, voter] of voters.entries()) {
      await submitAll(ledger, [
        await voter.next(space, 'ballot.cast', { poll, vote: c.votes[i] }, tick()),
      ])
    }
    const state = (await ledger.state(space))!
    const record = state.polls.get(poll)!
    const ballots = proposeSeal(record) as EventId[]
    const result = computeCloseResult(
      state,
      record,
      ballots.map((b) => record.ballots.get(b)!),
    )
    if (!result.ok) throw new Error(result.message)
    expect([...resultWinners(result.value)].sort(), c.method).toEqual(c.winners)
    // A close whose stated result differs from the recount is refused.
    const changed = { ...(result.value as object), winners: ['C'], winner: 'C' }
    expect(
      await refused(space, founder, 'poll.closed', { poll, ballots, result: changed }),
      c.method,
    ).toMatchObject({ status: 'rejected', code: 'poll.result-mismatch' })
    await submitAll(ledger, [
      await founder.next(space, 'poll.closed', { poll, ballots, result: result.value }, tick()),
    ])
    expect((await ledger.state(space))!.polls.get(poll)!.status).toBe('closed')
  }
  const [verdict] = await verifyStore(store, nodeVerifier)
  expect(verdict!.fault).toBeNull()
  expect(verdict!.hash).toBe(hashSpaceState((await ledger.state(space))!))
})
