// A secret poll in the browser's replica: the hub keeps its ballots out of the log, so the replica
// fetches them when it meets the seal, checks them, and folds them right before it, as the hub
// does; until it has them the seal waits (with everything after it), a forged ballot is not
// believed, and a reopened copy counts the poll with no network. The poll is run for real on a
// ledger (store's secret fixture: blind signatures, the teller's key, the count).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId, computePollResult, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '../../../store/src/index.js'
import { afterAll, expect, test } from 'vitest'
import { secretPollOnLedger } from '../../../store/src/test-support/secret-fixture.js'
import type { HeldLookup } from './held-ballots.js'
import { memoryStore } from './key-value-store.js'
import { SpaceReplica } from './space-replica.js'

const dir = mkdtempSync(join(tmpdir(), 'veche-web-secret-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const noForeign = () => Promise.resolve(new Map())

test('replica: a secret poll is counted from the log and the held ballots fetched at its seal', async () => {
  const store = await openSqliteStore(join(dir, 'hub.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const p = await secretPollOnLedger(ledger, { members: 4 })
  const choices = ['yes', 'no', 'yes', 'yes']
  for (const [i, member] of p.members.entries())
    await p.submit([await p.vote(member, { choice: choices[i] })])
  // One member changes their mind: only the last ballot counts.
  await p.submit([await p.vote(p.members[2]!, { choice: 'no' })])
  await p.sealAndCount()
  const hubState = await p.state()
  const held = (await store.ballots(p.space)).map((b) => JSON.parse(b.json) as SignedEvent)
  expect(held).toHaveLength(5)
  const log = p.log.map((event, i) => ({ position: i + 1, event }))

  // Offline: the seal and what follows wait; nothing is refused.
  let answer: unknown[] | null = null
  const lookup: HeldLookup = () => Promise.resolve(answer)
  const replica = new SpaceReplica(p.space, noForeign, lookup)
  await replica.receive(log)
  expect(replica.waiting).toBe(3)
  expect(replica.refused).toBe(0)
  expect(replica.state.polls.get(p.poll)!.secret!.phase).toBe('open')

  // A hub that answers with one ballot altered: it is not folded, and the seal still waits.
  // The ballot altered is one the seal counts (a superseded one would not hold the seal back).
  const seal = p.log.find((e) => e.type === 'secret.poll-sealed')!
  const sealed = new Set((seal.body as { ballots: string[] }).ballots)
  const victim = held.findIndex((b) => sealed.has(computeEventId(b)))
  expect(victim).toBeGreaterThanOrEqual(0)
  const forged = held.map((b, i) =>
    i === victim ? { ...b, body: { ...b.body, ciphertext: held[(i + 1) % held.length]!.body } } : b,
  )
  answer = forged
  expect(await replica.retry()).toBe(0)
  expect(replica.waiting).toBe(3)

  answer = held
  expect(await replica.retry()).toBe(3)
  const poll = replica.state.polls.get(p.poll)!
  expect(poll.secret!.phase).toBe('counted')
  expect(poll.result).toEqual(hubState.polls.get(p.poll)!.result)
  // The plain count of the last votes, as an open poll would count them.
  const last = ['yes', 'no', 'no', 'yes'].map((choice) => ({ choice }))
  const plain = computePollResult(poll, last, { quorum: 0 })
  expect(plain.ok && poll.result).toEqual(plain.ok ? plain.value : null)
  expect(hashSpaceState(replica.state)).toBe(hashSpaceState(hubState))

  // Reopened with no network: the held ballots were kept with the local copy.
  const local = memoryStore()
  await replica.save(local)
  const reopened = await SpaceReplica.load(local, p.space, noForeign, () => Promise.resolve(null))
  expect(reopened.waiting).toBe(0)
  expect(hashSpaceState(reopened.state)).toBe(hashSpaceState(hubState))
  await store.close()
})
