// A key "__proto__" in a close's view or in a vote (core's proto-key.ts). A hub took such an event
// from a bundle or a peer's answer (JSON text, read by JSON.parse, where the key is an ordinary
// own key) and folded it without the key; folded again from its stored text at the next start,
// the close waited for a voter named "__proto__" and the space would not load at all
// (CorruptStoreError), while `veche verify` found nothing wrong. Real SQLite files, a real restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { computeEventId, hashSpaceState, proposeClose } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { T0, foundAssembly, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-proto-key-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** What `veche bundle import` and a sync pull hand the ledger: the event's JSON text, parsed. */
const asCarried = (event: unknown): unknown => JSON.parse(JSON.stringify(event))

test('a close whose view holds the key "__proto__" is refused where bundles and syncs bring it, and the space still loads after a restart', async () => {
  const file = join(root, 'close.db')
  const ledger = new Ledger(await openSqliteStore(file), nodeVerifier)
  const { space, founder, alice } = await foundAssembly(ledger)
  const opened = await founder.next(
    space,
    'poll.opened',
    {
      question: 'Open a free kitchen?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'proto-key-seed-1',
    },
    T0 + 3,
  )
  const poll = computeEventId(opened)
  await submitAll(ledger, [
    opened,
    await alice.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, T0 + 4),
  ])
  const state = (await ledger.state(space))!
  const honest = proposeClose(state, state.polls.get(poll)!, T0 + 5)
  if (!honest.ok) throw new Error(honest.message)
  // The honest close with one more key in its view, signed as it stands.
  const body: unknown = JSON.parse(
    JSON.stringify(honest.value).replace('"seen":{', '"seen":{"__proto__":7,'),
  )
  const close = await founder.next(space, 'poll.closed.3', body as typeof honest.value, T0 + 5)
  const report = await ledger.submit([asCarried(close)], { park: true })
  const outcome = report.outcomes[0]!
  expect(outcome.status === 'rejected' ? [outcome.code, outcome.message] : outcome.status).toEqual([
    'event.malformed',
    'poll.closed.3 body.seen.__proto__: must not have the key "__proto__"',
  ])
  const before = hashSpaceState(state)
  await ledger.store.close()

  const restarted = new Ledger(await openSqliteStore(file), nodeVerifier)
  const replayed = await restarted.state(space)
  expect(replayed === null ? null : hashSpaceState(replayed)).toBe(before)
  expect(replayed?.polls.get(poll)?.status).toBe('open')
  expect((await verifyStore(restarted.store, nodeVerifier)).map((s) => s.fault)).toEqual([null])
  await restarted.store.close()
})

test('a score ballot hiding a value under the key "__proto__" is refused where bundles and syncs bring it', async () => {
  const ledger = new Ledger(await openSqliteStore(join(root, 'score.db')), nodeVerifier)
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  const opened = await founder.next(
    space,
    'poll.opened.2',
    {
      question: 'Which kitchen?',
      proposal: null,
      method: 'score',
      options: ['A', 'B'],
      voters: 'members',
      threshold: { num: 0, den: 1 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'proto-key-seed-2',
    },
    T0 + 3,
  )
  const poll = computeEventId(opened)
  await submitAll(ledger, [opened])
  // The fold skipped the key (counting only A's 3) while every hub that passed the ballot on over
  // HTTP had its whole batch refused by the receiving hub's JSON parser.
  const hidden: unknown = JSON.parse('{"scores":{"__proto__":{"payload":"not a score"},"A":3}}')
  const ballot = await alice.next(space, 'ballot.cast', { poll, vote: hidden }, T0 + 4)
  const plain = await bob.next(space, 'ballot.cast', { poll, vote: { scores: { A: 3 } } }, T0 + 4)
  const report = await ledger.submit([asCarried(ballot), asCarried(plain)], { park: true })
  expect(
    report.outcomes.map((o) => (o.status === 'rejected' ? [o.code, o.message] : o.status)),
  ).toEqual([
    [
      'event.malformed',
      'ballot.cast body.vote.scores.__proto__: must not have the key "__proto__"',
    ],
    'accepted',
  ])
  await ledger.store.close()
})
