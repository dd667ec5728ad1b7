// A member with one credential could cast secret ballots without end (core's
// secret-ballot-flood.ts): recasts at ever higher seqs, or any number of different ballots at one
// seq, each kept by every hub in the held ballots' file that is rebuilt after each write. A hub
// now refuses a ballot submitted to it directly past MAX_SECRET_BALLOTS_PER_KEY or at a seq its
// one-time key already used; replication still takes what another hub took. Real SQLite stores.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
  castSecretBallot,
  computeEventId,
  finalizeCredentials,
  MAX_SECRET_BALLOTS_PER_KEY,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import type { SubmitOutcome } from './ledger.js'
import { random, secretPollOnLedger } from './test-support/secret-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-recast-limit-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const shown = (o: SubmitOutcome) => (o.status === 'rejected' ? [o.code, o.message] : o.status)

test('a hub refuses a secret ballot submitted directly at a seq its one-time key used, or past the bound; replication takes it', async () => {
  const hub = new Ledger(await openSqliteStore(join(root, 'hub.db')), nodeVerifier)
  const p = await secretPollOnLedger(hub, { members: 3 })
  const voter = p.members[1]!
  await p.submit([await p.askCredential(voter)])
  await p.tend()
  const finalized = await finalizeCredentials(
    await p.state(),
    p.poll,
    voter.publicKey,
    p.wallets.get(voter.publicKey)!,
  )
  if (!finalized.ok || finalized.value === null) throw new Error('no credential')
  const wallet = finalized.value
  const cast = async (vote: unknown, before: number): Promise<SignedEvent> => {
    const made = await castSecretBallot(
      await p.state(),
      p.poll,
      { ...wallet, cast: Array.from({ length: before }, () => ({ seq: 0, id: '' as never })) },
      vote,
      random,
    )
    return made.ballot
  }
  const direct = async (ballot: SignedEvent) =>
    shown((await hub.submit([ballot], { refuseStaleCloses: true })).outcomes[0]!)

  expect(await direct(await cast({ choice: 'yes' }, 0))).toBe('accepted')
  // Another ballot at seq 1: before, taken, and so any number of them.
  const again = await cast({ choice: 'no' }, 0)
  const used = (seq: number) => [
    'secret.recast-limit',
    `this one-time key already cast a ballot at seq ${seq} in this poll: each of its ballots takes a seq of its own`,
  ]
  expect(await direct(again)).toEqual(used(1))
  // Recasts are taken, also one that an earlier one overtook on its way (seq 3, then 2), but not a
  // second at a seq, nor one past the bound.
  expect(await direct(await cast({ choice: 'no' }, 2))).toBe('accepted')
  expect(await direct(await cast({ choice: 'yes' }, 1))).toBe('accepted')
  expect(await direct(await cast({ choice: 'no' }, 1))).toEqual(used(2))
  expect(await direct(await cast({ choice: 'no' }, 2))).toEqual(used(3))
  expect(await direct(await cast({ choice: 'yes' }, MAX_SECRET_BALLOTS_PER_KEY - 1))).toBe(
    'accepted',
  )
  expect(await direct(await cast({ choice: 'no' }, MAX_SECRET_BALLOTS_PER_KEY))).toEqual([
    'secret.recast-limit',
    `a one-time key numbers its ballots in a poll (its first and its recasts) up to ${MAX_SECRET_BALLOTS_PER_KEY}; this one is at seq ${MAX_SECRET_BALLOTS_PER_KEY + 1}`,
  ])
  // After the seal too (the poll keeps its ballots, the latest of each key is looked for).
  await p.sealAndCount()
  expect(await direct(await cast({ choice: 'yes' }, 1))).toEqual(used(2))
  expect(await direct(await cast({ choice: 'yes' }, 3))).toBe('accepted')
  // Replication applies only the fold's rules: a ballot another hub took is taken here too.
  expect(shown((await hub.submit([again], { park: true })).outcomes[0]!)).toBe('accepted')
  const held = await hub.store.ballots(p.space, p.poll)
  expect(held.map((b) => b.id)).toContain(computeEventId(again))
})
