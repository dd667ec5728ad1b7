// Secret polls through a real ledger on SQLite (docs/secret-ballot.md): the whole protocol with
// real blind signatures and threshold decryption, recasts, a teller who is gone, every method's
// ballots, each bad input refused with its own code, and replicas that receive everything in any
// order ending with the same state and the same count.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import {
  canonicalJson,
  castSecretBallot,
  computeEventId,
  decodePoint,
  computePollResult,
  describeSpace,
  hashSpaceState,
  pseudonymSigner,
  signEvent,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { openPostgresStore, openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { createParallelVerifier } from './parallel-verifier.js'
import { verifyStore } from './verify-store.js'
import { submitOne } from './test-support/assembly-fixture.js'
import { random, secretPollOnLedger } from './test-support/secret-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-secret-'))
const pgUrl = process.env.VECHE_TEST_PG
const schemas: string[] = []
afterAll(async () => {
  rmSync(root, { recursive: true, force: true })
  if (pgUrl === undefined || schemas.length === 0) return
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
})
let hubs = 0
/** The stores the protocol runs on: SQLite always, PostgreSQL when VECHE_TEST_PG is set. */
const KINDS = pgUrl === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const)

async function newLedger(kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<Ledger> {
  if (kind === 'sqlite')
    return new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)
  const schema = `secret_${Date.now()}_${++hubs}`
  schemas.push(schema)
  return new Ledger(await openPostgresStore(pgUrl!, { schema }), nodeVerifier)
}

test.each(KINDS)(
  'secret poll on %s: recasts count once, a gone teller does not block the count, and the result is the plain count of the last votes',
  async (kind) => {
    const ledger = await newLedger(kind)
    const p = await secretPollOnLedger(ledger, { members: 9, tellers: 3, tellerQuorum: 2 })
    expect(describeSpace(await p.state()).polls[p.poll]!.secret!.phase).toBe('open')
    const choices = ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no', 'no', 'yes']
    const last = new Map<string, string>()
    for (const [i, member] of p.members.entries()) {
      await p.submit([await p.vote(member, { choice: choices[i] })])
      last.set(member.publicKey, choices[i]!)
    }
    // Two members change their minds; only their last ballots count.
    for (const i of [1, 4]) {
      await p.submit([await p.vote(p.members[i]!, { choice: 'yes' })])
      last.set(p.members[i]!.publicKey, 'yes')
    }
    const before = describeSpace(await p.state()).polls[p.poll]!
    expect(before.voters).toBe(0)
    expect(before.result).toBeNull()
    // The third teller is gone: two of three shares open the ballots.
    await p.sealAndCount([p.tellers[0]!, p.tellers[2]!])
    const poll = describeSpace(await p.state()).polls[p.poll]!
    const state = await p.state()
    const expected = computePollResult(
      state.polls.get(p.poll)!,
      [...last.values()].map((choice) => ({ choice })),
      { quorum: 0 },
    )
    expect(poll.status).toBe('closed')
    expect(poll.sealed).toBe(9)
    expect(poll.result).toEqual(expected.ok ? expected.value : null)
    expect(poll.secret).toMatchObject({ phase: 'counted', issued: 9, spoiled: [] })
    expect(poll.secret!.requested).toHaveLength(9)
    const verdicts = await verifyStore(ledger.store, nodeVerifier)
    expect(verdicts.map((v) => v.hash)).toEqual([hashSpaceState(state)])
    // With the count's products computed ahead (parallel-verifier.test.ts: the same on workers).
    const threads = createParallelVerifier(1)
    const ahead = await verifyStore(ledger.store, threads).finally(() => threads.close())
    expect(ahead.map((v) => v.hash)).toEqual([hashSpaceState(state)])
    // A fresh ledger over the same store rebuilds the same state from the log and the held ballots.
    const again = new Ledger(ledger.store, nodeVerifier)
    expect(hashSpaceState((await again.state(p.space))!)).toBe(hashSpaceState(state))
    await ledger.store.close()
  },
)

test('secret poll: ranked, approval, score and consent ballots decrypt and count as open ones do', async () => {
  const cases = [
    {
      method: 'scottish-stv',
      options: ['A', 'B', 'C'],
      seats: 2,
      vote: (i: number) => ({ ranking: i % 2 ? ['A', 'B'] : ['C', 'A', 'B'] }),
    },
    {
      method: 'schulze',
      options: ['A', 'B', 'C'],
      seats: 1,
      vote: (i: number) => ({ ranking: i % 3 ? ['B', 'A', 'C'] : ['A', 'C', 'B'] }),
    },
    {
      method: 'approval',
      options: ['A', 'B', 'C'],
      seats: 1,
      vote: (i: number) => ({ approve: i % 2 ? ['A'] : ['A', 'C'] }),
    },
    {
      method: 'score',
      options: ['A', 'B'],
      seats: 1,
      scoreRange: { min: 0, max: 5 },
      vote: (i: number) => ({ scores: { A: i % 6, B: 5 - (i % 6) } }),
    },
    {
      method: 'consent',
      options: [],
      seats: 1,
      vote: (i: number) =>
        i === 2
          ? { position: 'block', reason: 'Not safe for the night shift' }
          : { position: 'agree', reason: '' },
    },
  ] as const
  for (const c of cases) {
    const ledger = await newLedger()
    const p = await secretPollOnLedger(ledger, {
      members: 5,
      method: c.method,
      options: c.options,
      seats: c.seats,
      scoreRange: 'scoreRange' in c ? c.scoreRange : null,
    })
    const votes = p.members.map((_, i) => c.vote(i))
    for (const [i, member] of p.members.entries()) await p.submit([await p.vote(member, votes[i])])
    await p.sealAndCount()
    const state = await p.state()
    const record = state.polls.get(p.poll)!
    const expected = computePollResult(record, votes, { quorum: 0 })
    expect(record.result, c.method).toEqual(expected.ok ? expected.value : null)
  }
})

test('secret poll: each bad input is refused with its own code, and the rest of a batch is kept', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 4 })
  const [, alice, bob] = p.members
  const good = await p.vote(alice!, { choice: 'yes' })
  const aliceWallet = p.wallets.get(alice!.publicKey)!
  // A forged credential: Alice's credentials under another one-time key.
  const thief = { ...aliceWallet, pseudonymSeed: undefined, pseudonym: undefined }
  const seed = random(32)
  const { ed25519 } = await import('@noble/curves/ed25519.js')
  const forgerWallet = {
    ...thief,
    pseudonymSeed: Buffer.from(seed).toString('base64url'),
    pseudonym: Buffer.from(ed25519.getPublicKey(seed)).toString('base64url'),
    cast: [],
  }
  const forged = (
    await castSecretBallot(await p.state(), p.poll, forgerWallet, { choice: 'no' }, random)
  ).ballot
  // Alice's ballot claiming another time.
  const wrongTime = await signEvent(
    {
      space: p.space,
      seq: 2,
      prev: null,
      type: 'secret.ballot',
      body: good.body as never,
      at: good.at + 1,
    },
    pseudonymSigner(p.wallets.get(alice!.publicKey)!),
  )
  const report = await ledger.submit([forged, good, wrongTime])
  expect(report.outcomes.map((o) => (o.status === 'rejected' ? o.code : o.status))).toEqual([
    'secret.bad-credential',
    'accepted',
    'secret.bad-time',
  ])
  // Asking twice; an open ballot or an open close on a secret poll.
  const again = await p.sign(alice!, {
    type: 'secret.credential-requested',
    body: {
      poll: p.poll,
      blinded: (
        p.log.find((e) => e.type === 'secret.credential-requested')!.body as {
          blinded: Record<string, string>
        }
      ).blinded,
    },
  })
  expect(await submitOne(ledger, again)).toMatchObject({ code: 'secret.already-requested' })
  alice!.follow(p.space, { seq: again.seq - 1, head: again.prev! })
  const open = await bob!.next(
    p.space,
    'ballot.cast',
    { poll: p.poll, vote: { choice: 'no' } },
    p.at(),
  )
  expect(await submitOne(ledger, open)).toMatchObject({ code: 'secret.is-secret' })
  bob!.follow(p.space, open.seq === 1 ? null : { seq: open.seq - 1, head: open.prev! })
  // A teller's share before the seal.
  const early = await p.sign(p.tellers[0]!, {
    type: 'secret.teller-revealed',
    body: { poll: p.poll, share: p.wallets.get(p.tellers[0]!.publicKey)!.tellerSecret! },
  })
  expect(await submitOne(ledger, early)).toMatchObject({ code: 'secret.too-early' })
})

test('secret poll: credentials minted outside the log void the count (secret.over-issued)', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 3 })
  for (const member of p.members.slice(0, 2))
    await p.submit([await p.vote(member, { choice: 'no' })])
  // The issuer signs a credential for a one-time key of its own, with no request in the log.
  const { blindCredential, credentialMessage, finalizeCredential } = await import('@veche/core')
  const { nodeBlindSign } = await import('./node-blind-rsa.js')
  const { ed25519 } = await import('@noble/curves/ed25519.js')
  const state = await p.state()
  const secret = state.polls.get(p.poll)!.secret!
  const issuer = p.issuers[0]!
  const key = secret.issuerKeys.get(issuer.publicKey)!
  const stuffed = []
  for (let i = 0; i < 2; i++) {
    const seed = random(32)
    const pseudonym = Buffer.from(ed25519.getPublicKey(seed)).toString('base64url')
    const message = credentialMessage(p.space, p.poll, pseudonym)
    const { blinded, inverse } = await blindCredential(key, message)
    const blindSig = nodeBlindSign(p.wallets.get(issuer.publicKey)!.issuerPrivateKey!, blinded)
    const signature = (await finalizeCredential(key, message, blindSig, inverse))!
    const wallet = {
      pseudonymSeed: Buffer.from(seed).toString('base64url'),
      pseudonym,
      credentials: [{ issuer: issuer.publicKey, key, signature }],
    }
    stuffed.push((await castSecretBallot(state, p.poll, wallet, { choice: 'yes' }, random)).ballot)
  }
  await p.submit(stuffed)
  await expect(p.sealAndCount()).rejects.toThrow(/over-issued|only 2 credentials/)
})

test('secret poll: replicas receiving events and held ballots in any order agree with the hub', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, { members: 5, tellers: 2, tellerQuorum: 2 })
  const ballots: SignedEvent[] = []
  for (const [i, member] of p.members.entries()) {
    const ballot = await p.vote(member, { choice: i % 2 ? 'yes' : 'no' })
    ballots.push(ballot)
    await p.submit([ballot])
  }
  const recast = await p.vote(p.members[0]!, { choice: 'yes' })
  await p.submit([recast])
  ballots.push(recast)
  await p.sealAndCount()
  const hash = hashSpaceState(await p.state())
  const everything = [...p.log, ...ballots]
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(everything, {
        minLength: everything.length,
        maxLength: everything.length,
      }),
      async (order) => {
        const replica = await newLedger()
        for (const event of order) await replica.submit([event], { park: true })
        expect(await replica.pending()).toEqual([])
        expect(hashSpaceState((await replica.state(p.space))!)).toBe(hash)
        expect((await verifyStore(replica.store, nodeVerifier)).map((v) => v.hash)).toEqual([hash])
        await replica.store.close()
      },
    ),
    { numRuns: 8 },
  )
  const ids = new Set(ballots.map(computeEventId))
  expect((await ledger.store.ballots(p.space)).map((b) => b.id).sort()).toEqual([...ids].sort())
})

test('secret poll: a dealer who deals a teller a bad share is left out on public proof, and the poll still counts', async () => {
  const ledger = await newLedger()
  const p = await secretPollOnLedger(ledger, {
    members: 4,
    tellers: 3,
    tellerQuorum: 2,
    cheat: true,
  })
  const poll = describeSpace(await p.state()).polls[p.poll]!
  expect(poll.secret!.phase).toBe('open')
  expect(poll.secret!.disqualified).toEqual([p.tellers[2]!.publicKey])
  for (const member of p.members) await p.submit([await p.vote(member, { choice: 'yes' })])
  // The disqualified dealer is still a teller: its share of the others' dealings counts.
  await p.sealAndCount([p.tellers[2]!, p.tellers[1]!])
  expect((await p.state()).polls.get(p.poll)!.result).toMatchObject({ winner: 'yes' })
})

test.each([
  ['the identity', 'open'],
  ['a non-canonical encoding', 'open'],
  // Its poll's held ballots are checked ahead, as soon as the page holding the seal is parsed.
  ['the identity', 'sealed and counted'],
])(
  'secret poll: verify refuses a stored ballot whose ephemeral is %s, held among valid ones of a poll %s, with the code the hub gives',
  async (what, poll) => {
    const fieldPrime = 2n ** 255n - 19n
    const ephemeral =
      what === 'the identity'
        ? 'A'.repeat(43)
        : Buffer.from(
            Array.from({ length: 32 }, (_, i) =>
              Number(((fieldPrime + 2n) >> BigInt(8 * i)) & 0xffn),
            ),
          ).toString('base64url')
    expect(decodePoint(ephemeral)).toBeNull()
    const ledger = await newLedger()
    const p = await secretPollOnLedger(ledger, { members: 6 })
    for (const member of p.members) await p.submit([await p.vote(member, { choice: 'yes' })])
    // Bob recasts with a ballot that is signed and credentialed but whose ephemeral is no point:
    // a store altered after the hub took its ballots.
    const bob = p.members[2]!
    const recast = await p.vote(bob, { choice: 'no' })
    const ciphertext = (recast.body as { ciphertext: object }).ciphertext
    const bad = await signEvent(
      {
        space: p.space,
        seq: recast.seq,
        prev: null,
        type: 'secret.ballot',
        body: { ...recast.body, ciphertext: { ...ciphertext, ephemeral } } as never,
        at: recast.at,
      },
      pseudonymSigner(p.wallets.get(bob.publicKey)!),
    )
    const id = computeEventId(bad)
    expect((await ledger.submit([bad])).outcomes[0]).toMatchObject({
      status: 'rejected',
      code: 'secret.bad-ciphertext',
    })
    if (poll === 'sealed and counted') await p.sealAndCount()
    await ledger.store.append([], undefined, {
      ballots: [{ id, space: p.space, poll: p.poll, json: canonicalJson(bad) }],
    })
    const threads = createParallelVerifier(1)
    try {
      for (const verifier of [nodeVerifier, threads]) {
        const [verdict] = await verifyStore(ledger.store, verifier)
        expect(verdict!.fault).toMatchObject({ id, code: 'secret.bad-ciphertext' })
        expect(verdict!.hash).toBeNull()
      }
    } finally {
      await threads.close()
      await ledger.store.close()
    }
  },
)

test.each([
  ['a field no secret ballot has', 'event.malformed'],
  ['a credential signature that is not its issuer', 'secret.bad-credential'],
])(
  'secret poll: verify refuses a stored ballot with %s, held among valid ones, with its own code',
  async (what, code) => {
    const ledger = await newLedger()
    const p = await secretPollOnLedger(ledger, { members: 6 })
    for (const member of p.members) await p.submit([await p.vote(member, { choice: 'yes' })])
    // A recast re-signed by its one-time key after the change: only the change is wrong.
    const bob = p.members[2]!
    const recast = await p.vote(bob, { choice: 'no' })
    const body = recast.body as unknown as { credentials: { signature: string }[] }
    const changed =
      code === 'event.malformed'
        ? { ...body, note: 'x' }
        : {
            ...body,
            credentials: body.credentials.map((c) => ({
              ...c,
              signature: `${c.signature.startsWith('A') ? 'B' : 'A'}${c.signature.slice(1)}`,
            })),
          }
    const bad = await signEvent(
      {
        space: p.space,
        seq: recast.seq,
        prev: null,
        type: 'secret.ballot',
        body: changed as never,
        at: recast.at,
      },
      pseudonymSigner(p.wallets.get(bob.publicKey)!),
    )
    const id = computeEventId(bad)
    expect((await ledger.submit([bad])).outcomes[0]).toMatchObject({ status: 'rejected', code })
    await ledger.store.append([], undefined, {
      ballots: [{ id, space: p.space, poll: p.poll, json: canonicalJson(bad) }],
    })
    const threads = createParallelVerifier(1)
    try {
      for (const verifier of [nodeVerifier, threads]) {
        const [verdict] = await verifyStore(ledger.store, verifier)
        expect(verdict!.fault, what).toMatchObject({ id, code })
        expect(verdict!.hash).toBeNull()
      }
    } finally {
      await threads.close()
      await ledger.store.close()
    }
  },
)
