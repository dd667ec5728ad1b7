// The rules as a hub applies them: every rejection the foundation issue lists, checked through
// the ledger on each store (SQLite always; PostgreSQL when VECHE_TEST_PG is set).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  canonicalJson,
  computeEventId,
  computePollResult,
  describeSpace,
  encodeBase64url,
  hashSpaceState,
  joinStatement,
  signingBytes,
} from '@veche/core'
import type {
  EventAuthor,
  EventId,
  PublicKey,
  Signature,
  SignedEvent,
  Signer,
  SpaceState,
} from '@veche/core'
import { openPostgresStore, openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { LOOK_UP_FIRST_PAST } from './event-preparation.js'
import { Ledger } from './ledger.js'
import { generateKeyPair, nodeSigner, nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import {
  foundAssembly,
  newAuthor,
  RULES,
  submitAll,
  submitOne,
  T0,
} from './test-support/assembly-fixture.js'

interface Adapter {
  readonly name: string
  open(): Promise<{
    store: EventStore
    reopen: () => Promise<EventStore>
    cleanup: () => Promise<void>
  }>
}

const sqlite: Adapter = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'veche-ledger-'))
    const file = join(dir, 'veche.db')
    return {
      store: await openSqliteStore(file),
      reopen: () => openSqliteStore(file),
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    }
  },
}

const pgUrl = process.env.VECHE_TEST_PG
const postgres: Adapter = {
  name: 'postgres',
  async open() {
    const schema = `ledger_${Date.now()}_${Math.floor(Math.random() * 1e9)}`
    const url = pgUrl!
    return {
      store: await openPostgresStore(url, { schema }),
      reopen: () => openPostgresStore(url, { schema }),
      cleanup: async () => {
        const admin = await openPostgresStore(url, { schema })
        await admin.close()
        const { default: pg } = await import('pg')
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await client.end()
      },
    }
  },
}

const ADAPTERS: readonly Adapter[] = pgUrl === undefined ? [sqlite] : [sqlite, postgres]

for (const adapter of ADAPTERS) {
  describe(`ledger on ${adapter.name}`, () => {
    let store: EventStore
    let ledger: Ledger
    let reopen: () => Promise<EventStore>
    let cleanup: () => Promise<void>
    const extra: EventStore[] = []

    beforeEach(async () => {
      ;({ store, reopen, cleanup } = await adapter.open())
      ledger = new Ledger(store, nodeVerifier)
    })
    afterEach(async () => {
      await store.close()
      for (const s of extra.splice(0)) await s.close()
      await cleanup()
    })

    async function expectRejected(event: unknown, code: string): Promise<void> {
      const before = await store.count()
      const outcome = await submitOne(ledger, event)
      expect(outcome).toMatchObject({ status: 'rejected', code })
      expect(outcome.status === 'rejected' && outcome.message.length).toBeGreaterThan(10)
      expect(await store.count()).toBe(before)
    }

    test('an assembly decides: propose, poll, vote, recast, close; verify gives the same hash', async () => {
      const { space, founder, alice, bob } = await foundAssembly(ledger)
      const [proposal] = await submitAll(ledger, [
        await alice.next(
          space,
          'proposal.submitted',
          { title: 'Open a food bank', text: 'In the old library.' },
          T0 + 10,
        ),
      ])
      const [poll] = await submitAll(ledger, [
        await founder.next(
          space,
          'poll.opened',
          {
            question: 'Open a food bank?',
            proposal: proposal!,
            method: 'majority',
            options: ['yes', 'no'],
            voters: 'members',
            threshold: { num: 1, den: 2 },
            tieBreakSeed: 'seed-0000001',
          },
          T0 + 11,
        ),
      ])
      const ballots = await submitAll(ledger, [
        await alice.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'yes' } }, T0 + 12),
        await bob.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'no' } }, T0 + 13),
        await bob.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'yes' } }, T0 + 14),
        await founder.next(space, 'ballot.cast', { poll: poll!, vote: { choice: null } }, T0 + 15),
      ])
      const seal = [ballots[0]!, ballots[2]!, ballots[3]!].sort()
      const state = (await ledger.state(space))!
      const record = state.polls.get(poll!)!
      const votes = seal.map((id) => record.ballots.get(id)!.vote)
      const result = computePollResult(record, votes, { quorum: 0 })
      expect(result.ok).toBe(true)
      if (!result.ok) return
      await submitAll(ledger, [
        await founder.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: seal, result: result.value },
          T0 + 20,
        ),
      ])
      const closed = (await ledger.state(space))!.polls.get(poll!)!
      expect(closed.status).toBe('closed')
      expect(closed.result).toMatchObject({ outcome: 'adopted', winner: 'yes', abstentions: 1 })
      expect((closed.result as { counts: unknown }).counts).toEqual([
        { option: 'yes', votes: 2 },
        { option: 'no', votes: 0 },
      ])
      const hash = hashSpaceState((await ledger.state(space))!)
      const verdicts = await verifyStore(store, nodeVerifier)
      expect(verdicts).toEqual([{ space, events: 10, hash, fault: null }])
      // A new ledger on a reopened store rebuilds the same state.
      const again = await reopen()
      extra.push(again)
      expect(hashSpaceState((await new Ledger(again, nodeVerifier).state(space))!)).toBe(hash)
    })

    test('one flipped byte in the body or the signature: event.bad-signature, nothing written', async () => {
      const { space, alice } = await foundAssembly(ledger)
      const event = await alice.next(
        space,
        'proposal.submitted',
        { title: 'Bike lanes', text: 'On Main street.' },
        T0,
      )
      await expectRejected(
        { ...event, body: { ...event.body, text: 'On Main streeT.' } },
        'event.bad-signature',
      )
      const sig = event.sig
      const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11)
      await expectRejected({ ...event, sig: flipped }, 'event.bad-signature')
      await expectRejected({ ...event, author: newAuthor().publicKey }, 'event.bad-signature')
      expect((await submitOne(ledger, event)).status).toBe('accepted')
    })

    test('replay of an old event is recognised as a duplicate and not stored twice', async () => {
      const { space, alice } = await foundAssembly(ledger)
      const event = await alice.next(
        space,
        'proposal.submitted',
        { title: 'Bike lanes', text: 'On Main.' },
        T0,
      )
      expect((await submitOne(ledger, event)).status).toBe('accepted')
      const count = await store.count()
      const again = await ledger.submit([event, event])
      expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate'])
      expect(again.written).toBe(0)
      expect(await store.count()).toBe(count)
    })

    test('a re-sent submission is answered duplicate; a small one on a database server is looked up once, a large one first', async () => {
      // The store's look-ups, counted as the ledger makes them (through its unsynced reader too).
      const lookUps: string[] = []
      const counted = <T extends EventStore>(target: T): T =>
        new Proxy(target, {
          get(inner, key) {
            const value: unknown = Reflect.get(inner, key, inner)
            if (typeof value !== 'function') return value
            const method = value as (...args: unknown[]) => unknown
            if (key === 'unsyncedReader') return () => counted(method.call(inner) as EventStore)
            return (...args: unknown[]) => {
              if (key === 'has' || key === 'hasAndEventsAfter') lookUps.push(key)
              return method.apply(inner, args)
            }
          },
        })
      let signatures = 0
      const counting = new Ledger(counted(store), {
        verifyAll: (checks) => {
          signatures += checks.length
          return nodeVerifier.verifyAll(checks)
        },
        verifyCredentials: (checks) => nodeVerifier.verifyCredentials(checks),
      })
      const { space, alice } = await foundAssembly(counting)
      const events: SignedEvent[] = []
      for (let i = 0; i <= LOOK_UP_FIRST_PAST; i++) {
        events.push(
          await alice.next(space, 'proposal.submitted', { title: `P${i}`, text: 'T' }, T0 + i),
        )
      }
      expect((await counting.submit(events)).written).toBe(events.length)
      const count = await store.count()
      lookUps.length = 0
      signatures = 0
      const small = await counting.submit(events.slice(0, 2))
      expect(small.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate'])
      // SQLite's look-ups are no round trip: asked before the signatures and again in turn. On a
      // database server the look-up in turn, read with the space's catch-up, is the only one.
      expect(lookUps).toEqual(
        store.hasAndEventsAfter === undefined ? ['has', 'has'] : ['hasAndEventsAfter'],
      )
      lookUps.length = 0
      signatures = 0
      // A large one (a sync push) is looked up first, so its stored events' signatures are spared.
      const large = await counting.submit(events)
      expect(large.outcomes.every((o) => o.status === 'duplicate')).toBe(true)
      expect(signatures).toBe(0)
      expect(lookUps[0]).toBe('has')
      expect(await store.count()).toBe(count)
    })

    test('seq gap, fork and wrong prev are rejected with their codes', async () => {
      const { space, alice } = await foundAssembly(ledger)
      const first = await alice.next(
        space,
        'proposal.submitted',
        { title: 'One', text: 'First.' },
        T0,
      )
      const skipped = await alice.next(
        space,
        'proposal.submitted',
        { title: 'Two', text: 'Second.' },
        T0 + 1,
      )
      const third = await alice.next(
        space,
        'proposal.submitted',
        { title: 'Three', text: 'Third.' },
        T0 + 2,
      )
      await submitAll(ledger, [first])
      await expectRejected(third, 'chain.seq-gap')
      await submitAll(ledger, [skipped])
      // seq 3 whose prev names the first event instead of the second.
      const wrongPrev = await signAs(alice, { ...third, prev: computeEventId(first) })
      await expectRejected(wrongPrev, 'chain.wrong-prev')
      // A second, different event with seq 2 after the first seq 2 was accepted: a fork. It is
      // kept as evidence and alice is flagged: her seq 2 and later no longer count.
      const fork = await signAs(alice, { ...skipped, body: { title: 'Two', text: 'Different.' } })
      await expectRejected(fork, 'chain.fork')
      expect((await store.forks(space)).map((e) => e.id)).toEqual([computeEventId(fork)])
      await expectRejected(third, 'fork.author-flagged')
      expect((await ledger.state(space))?.heads.get(alice.publicKey)?.seq).toBe(1)
    })

    test('oversized, malformed, wrongly typed and unknown-type events are refused with clear codes', async () => {
      const { space, alice } = await foundAssembly(ledger)
      const big = await alice.next(
        space,
        'proposal.submitted',
        { title: 'Big', text: 'x'.repeat(70_000) },
        T0,
      )
      const outcome = await submitOne(ledger, big)
      expect(outcome).toMatchObject({ status: 'rejected', code: 'event.too-large' })
      expect(outcome.status === 'rejected' && outcome.message).toContain('65536')
      await expectRejected('not an event', 'event.malformed')
      await expectRejected(null, 'event.malformed')
      const ok = await newAuthor().next(space, 'proposal.submitted', { title: 'T', text: 'x' }, T0)
      const wrongType = await submitOne(ledger, { ...ok, seq: '1' })
      expect(wrongType).toMatchObject({ status: 'rejected', code: 'event.malformed' })
      expect(wrongType.status === 'rejected' && wrongType.message).toContain('seq')
      await expectRejected({ ...ok, type: 'ballot.stuffed' }, 'event.unknown-type')
      await expectRejected(
        { ...ok, body: { title: 'T', text: 'x', extra: true } },
        'event.malformed',
      )
    })

    test('membership and rights: unknown space, non-member, double admission, proposing without the right', async () => {
      const { space, founder, alice } = await foundAssembly(ledger, {
        ...RULES,
        proposeRight: 'facilitator',
      })
      const stranger = newAuthor()
      await expectRejected(
        await stranger.next(space, 'proposal.submitted', { title: 'T', text: 'x' }, T0),
        'member.not-member',
      )
      const elsewhere = stranger.spaceFor('another-nonce')
      await expectRejected(
        await stranger.next(elsewhere, 'proposal.submitted', { title: 'T', text: 'x' }, T0),
        'space.unknown',
      )
      await expectRejected(
        await founder.next(
          space,
          'member.admitted',
          { member: alice.publicKey, name: 'Alice' },
          T0,
        ),
        'member.already-member',
      )
      founder.follow(space, headOf(await ledger.state(space), founder.publicKey))
      await expectRejected(
        await alice.next(space, 'proposal.submitted', { title: 'T', text: 'x' }, T0),
        'proposal.not-allowed',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      await expectRejected(
        await alice.next(space, 'member.admitted', { member: stranger.publicKey, name: 'S' }, T0),
        'member.not-facilitator',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      await expectRejected(
        await founder.next(
          space,
          'role.revoked',
          { member: founder.publicKey, role: 'facilitator' },
          T0,
        ),
        'role.last-facilitator',
      )
      // A space is created once, and only under the id its founder's key and nonce give.
      const creation = {
        nonce: 'test-nonce-0001',
        name: 'Spoof',
        description: '',
        languages: ['en'],
        founderName: 'S',
        rules: RULES,
      }
      stranger.follow(space, null)
      await expectRejected(
        await stranger.next(space, 'assembly.created', creation, T0),
        'space.already-created',
      )
      stranger.follow(elsewhere, null)
      await expectRejected(
        await stranger.next(elsewhere, 'assembly.created', creation, T0),
        'space.id-mismatch',
      )
    })

    test('ballots: unknown poll, bad shape, after the close; seals and results are checked', async () => {
      const { space, founder, alice, bob } = await foundAssembly(ledger)
      const [poll] = await submitAll(ledger, [
        await founder.next(
          space,
          'poll.opened',
          {
            question: 'Consent to the plan?',
            proposal: null,
            method: 'consent',
            options: [],
            voters: 'members',
            threshold: { num: 0, den: 1 },
            tieBreakSeed: 'seed-0000002',
          },
          T0,
        ),
      ])
      await expectRejected(
        await alice.next(
          space,
          'ballot.cast',
          { poll: 'A'.repeat(43), vote: { position: 'agree', reason: '' } },
          T0,
        ),
        'ballot.unknown-poll',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      await expectRejected(
        await alice.next(
          space,
          'ballot.cast',
          { poll: poll!, vote: { position: 'block', reason: '' } },
          T0,
        ),
        'ballot.invalid',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      await expectRejected(
        await alice.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'yes' } }, T0),
        'ballot.invalid',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      const [a, b] = await submitAll(ledger, [
        await alice.next(
          space,
          'ballot.cast',
          { poll: poll!, vote: { position: 'agree', reason: '' } },
          T0,
        ),
        await bob.next(
          space,
          'ballot.cast',
          { poll: poll!, vote: { position: 'block', reason: 'Too costly' } },
          T0,
        ),
      ])
      const state = (await ledger.state(space))!
      const record = state.polls.get(poll!)!
      const real = computePollResult(
        record,
        [record.ballots.get(a!)!.vote, record.ballots.get(b!)!.vote],
        { quorum: 0 },
      )
      if (!real.ok) throw new Error(real.message)
      expect(real.value).toMatchObject({ outcome: 'blocked', blockReasons: ['Too costly'] })
      const seal = [a!, b!].sort()
      // A forged result, an unknown ballot, a voter counted twice: all refused.
      await expectRejected(
        await founder.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: seal, result: { ...(real.value as object), outcome: 'adopted' } },
          T0,
        ),
        'poll.result-mismatch',
      )
      founder.follow(space, headOf(await ledger.state(space), founder.publicKey))
      await expectRejected(
        await founder.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: [...seal, poll!], result: real.value },
          T0,
        ),
        'poll.unknown-ballot',
      )
      founder.follow(space, headOf(await ledger.state(space), founder.publicKey))
      await expectRejected(
        await alice.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: seal, result: real.value },
          T0,
        ),
        'poll.not-allowed',
      )
      alice.follow(space, headOf(await ledger.state(space), alice.publicKey))
      await submitAll(ledger, [
        await founder.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: seal, result: real.value },
          T0,
        ),
      ])
      await expectRejected(
        await alice.next(
          space,
          'ballot.cast',
          { poll: poll!, vote: { position: 'agree', reason: '' } },
          T0,
        ),
        'ballot.poll-closed',
      )
      expect(canonicalJson((await ledger.state(space))!.polls.get(poll!)!.result)).toBe(
        canonicalJson(real.value),
      )
    })

    test('invitations: a valid proof joins, a forged proof or a used-up invitation is refused', async () => {
      const { space, founder } = await foundAssembly(ledger)
      const invitation = nodeSigner(generateKeyPair())
      await submitAll(ledger, [
        await founder.next(
          space,
          'member.invited',
          { invitation: invitation.publicKey, uses: 1, note: '' },
          T0,
        ),
      ])
      const proofFor = async (signer: Signer, key: PublicKey) =>
        encodeBase64url(await signer.sign(joinStatement(space, key))) as Signature
      const erlan = newAuthor()
      const forged = await erlan.next(
        space,
        'member.joined',
        {
          invitation: invitation.publicKey,
          proof: await proofFor(nodeSigner(generateKeyPair()), erlan.publicKey),
          name: 'Erlan',
        },
        T0,
      )
      await expectRejected(forged, 'invitation.bad-proof')
      erlan.follow(space, null)
      await submitAll(ledger, [
        await erlan.next(
          space,
          'member.joined',
          {
            invitation: invitation.publicKey,
            proof: await proofFor(invitation, erlan.publicKey),
            name: 'Erlan',
          },
          T0,
        ),
      ])
      const farida = newAuthor()
      await expectRejected(
        await farida.next(
          space,
          'member.joined',
          {
            invitation: invitation.publicKey,
            proof: await proofFor(invitation, farida.publicKey),
            name: 'Farida',
          },
          T0,
        ),
        'invitation.used-up',
      )
      expect((await ledger.state(space))!.members.get(erlan.publicKey)?.status).toBe('active')
    })

    test('a revoked or expired invitation lets no one in, whatever time the joiner claims', async () => {
      const { space, founder, alice } = await foundAssembly(ledger)
      const proofFor = async (signer: Signer, key: PublicKey) =>
        encodeBase64url(await signer.sign(joinStatement(space, key))) as Signature
      const joinWith = async (invitation: Signer, at: number) => {
        const joiner = newAuthor()
        const proof = await proofFor(invitation, joiner.publicKey)
        return joiner.next(
          space,
          'member.joined',
          { invitation: invitation.publicKey, proof, name: 'Joiner' },
          at,
        )
      }
      const leaked = nodeSigner(generateKeyPair())
      const expiring = nodeSigner(generateKeyPair())
      await submitAll(ledger, [
        await founder.next(
          space,
          'member.invited.2',
          { invitation: leaked.publicKey, uses: 100, note: 'for the hall', expires: null },
          T0 + 10,
        ),
        await founder.next(
          space,
          'member.invited.2',
          { invitation: expiring.publicKey, uses: 100, note: 'today only', expires: T0 + 1000 },
          T0 + 11,
        ),
      ])
      await submitAll(ledger, [await joinWith(leaked, T0 + 12)])
      // Only the facilitator or the member who made it may revoke it.
      await expectRejected(
        await alice.next(
          space,
          'invitation.revoked',
          { invitation: leaked.publicKey, reason: '' },
          T0 + 13,
        ),
        'member.not-facilitator',
      )
      alice.follow(space, null)
      await submitAll(ledger, [
        await founder.next(
          space,
          'invitation.revoked',
          { invitation: leaked.publicKey, reason: 'posted in a public chat' },
          T0 + 14,
        ),
      ])
      await expectRejected(await joinWith(leaked, T0 + 12), 'invitation.revoked')
      // Expired: by the joiner's own claim, or once a facilitator's later act shows the time passed,
      // even to a joiner who claims an earlier time.
      await expectRejected(await joinWith(expiring, T0 + 1001), 'invitation.expired')
      await submitAll(ledger, [await joinWith(expiring, T0 + 500)])
      await submitAll(ledger, [
        await founder.next(space, 'proposal.submitted', { title: 'Later', text: 'x' }, T0 + 2000),
      ])
      await expectRejected(await joinWith(expiring, T0 + 600), 'invitation.expired')
      const view = describeSpace((await ledger.state(space))!)
      expect(view.invitations[leaked.publicKey]).toMatchObject({ used: 1 })
      expect(view.invitations[leaked.publicKey]?.revoked).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(view.invitations[expiring.publicKey]).toMatchObject({ used: 1, expires: T0 + 1000 })
    })

    test('two ledgers on one database (two hub processes) see each other’s events before judging', async () => {
      const other = await reopen()
      extra.push(other)
      const second = new Ledger(other, nodeVerifier)
      const { space, founder, alice, bob } = await foundAssembly(ledger)
      const [poll] = await submitAll(second, [
        await founder.next(
          space,
          'poll.opened',
          {
            question: 'Q?',
            proposal: null,
            method: 'majority',
            options: ['a', 'b'],
            voters: 'members',
            threshold: { num: 1, den: 2 },
            tieBreakSeed: 'seed-0000003',
          },
          T0,
        ),
      ])
      const [ballot] = await submitAll(ledger, [
        await alice.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'a' } }, T0),
      ])
      const state = (await second.state(space))!
      const record = state.polls.get(poll!)!
      const result = computePollResult(record, [record.ballots.get(ballot!)!.vote], { quorum: 0 })
      if (!result.ok) throw new Error(result.message)
      await submitAll(second, [
        await founder.next(
          space,
          'poll.closed',
          { poll: poll!, ballots: [ballot!], result: result.value },
          T0,
        ),
      ])
      // The first ledger has the poll open in its cache; it must catch up and refuse the late ballot.
      await expectRejected(
        await bob.next(space, 'ballot.cast', { poll: poll!, vote: { choice: 'b' } }, T0),
        'ballot.poll-closed',
      )
      expect(hashSpaceState((await ledger.state(space))!)).toBe(
        hashSpaceState((await second.state(space))!),
      )
    })

    test('an append checked against a stale position is refused whole; listeners hear each append', async () => {
      const heard: string[] = []
      const stop = ledger.onAppend((events) => heard.push(...events.map((e) => e.id)))
      const { space, alice } = await foundAssembly(ledger)
      expect(heard).toHaveLength(3)
      const last = await store.count(space)
      const event = await alice.next(space, 'proposal.submitted', { title: 'T', text: 'x' }, T0)
      const parsed = JSON.stringify(event)
      const newEvent = {
        id: computeEventId(event),
        space,
        author: event.author,
        seq: event.seq,
        type: event.type,
        json: canonicalJson(JSON.parse(parsed)),
      }
      const positions = [...(await collect(store.read(space)))].map((e) => e.position)
      await expect(
        store.append([newEvent], new Map([[space, positions[0]!]])),
      ).rejects.toMatchObject({
        name: 'StoreConflictError',
        kind: 'stale',
      })
      expect(await store.count(space)).toBe(last)
      const [position] = await store.append([newEvent], new Map([[space, positions.at(-1)!]]))
      expect(position).toBeGreaterThan(positions.at(-1)!)
      stop()
      await submitAll(ledger, [
        await alice.next(space, 'proposal.submitted', { title: 'U', text: 'y' }, T0),
      ])
      expect(heard).toHaveLength(3)
    })

    test('submissions made back to back are applied in the order they were made', async () => {
      const { space, alice } = await foundAssembly(ledger)
      const events = []
      for (let i = 0; i < 40; i++) {
        events.push(
          await alice.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, T0 + i),
        )
      }
      // Each submission depends on the one before (alice's chain), and none is awaited in between.
      const reports = await Promise.all(events.map((event) => ledger.submit([event])))
      expect(reports.map((r) => r.outcomes[0]!.status)).toEqual(events.map(() => 'accepted'))
      expect((await ledger.state(space))!.proposals.size).toBe(40)
    })

    test('an all-or-nothing batch with one bad event writes nothing, and the state is unchanged', async () => {
      const { space, alice, bob } = await foundAssembly(ledger)
      const before = hashSpaceState((await ledger.state(space))!)
      const count = await store.count()
      const good = await alice.next(space, 'proposal.submitted', { title: 'Good', text: 'ok' }, T0)
      const bad = {
        ...(await bob.next(space, 'proposal.submitted', { title: 'Bad', text: 'ok' }, T0)),
        seq: 5,
      }
      const report = await ledger.submit([good, bad], { atomic: true })
      expect(report.written).toBe(0)
      expect(report.outcomes.map((o) => o.status)).toEqual(['accepted', 'rejected'])
      expect(await store.count()).toBe(count)
      expect(hashSpaceState((await ledger.state(space))!)).toBe(before)
      // Without atomic, the good one lands and the bad one is reported.
      const partial = await ledger.submit([good, bad])
      expect(partial.written).toBe(1)
    })
  })
}

function headOf(state: SpaceState | null, key: PublicKey): { seq: number; head: EventId } | null {
  const head = state?.heads.get(key)
  return head === undefined ? null : { seq: head.seq, head: head.head }
}

/** Re-signs a hand-altered event with the author's key (to build forks and wrong prevs). */
async function signAs(author: EventAuthor, event: object): Promise<SignedEvent> {
  const { sig: _sig, ...unsigned } = event as { sig?: unknown }
  const sig = encodeBase64url(
    await author.signer.sign(signingBytes(unsigned as unknown as SignedEvent)),
  )
  return { ...unsigned, sig: sig as Signature } as unknown as SignedEvent
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}
