// A credential request and its issuance signed on hub A while hub B seals the poll: before, B's
// fold refused both for good (`secret.sealed`) wherever they came from, so B kept a different
// state from A and the member's and the issuer's later events in the space waited at B behind a
// gap in their chains. Now B takes them by replication, and refuses them only when they are
// submitted to it directly after its seal. The count's check on issued credentials takes every
// issuance held, so a count reaching a hub before the late issuance waits for it
// (`secret.over-issued`, parked) and the hubs verify to one hash.
import { expect, test } from 'vitest'
import { computeEventId, describeSpace, hashSpaceState, secretSealDraft } from '@veche/core'
import type { SignedEvent, SignedEventOf } from '@veche/core'
import type { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { hubPair, pull } from './test-support/hub-pair.js'
import { countOf, pollWithTwoSealers, revealOf } from './test-support/two-sealers.js'

const { newHub } = hubPair('late-credential')

async function logOf(hub: Ledger, space: string): Promise<SignedEvent[]> {
  const events: SignedEvent[] = []
  for await (const s of hub.store.read(space as never))
    events.push(JSON.parse(s.json) as SignedEvent)
  return events
}

/** Submits `events` to `hub` as its signer would (`POST /api/events`): the outcomes. */
async function direct(hub: Ledger, events: readonly SignedEvent[]) {
  return (await hub.submit(events, { refuseStaleCloses: true })).outcomes
}

test('a credential request and issuance signed on hub A while hub B seals: B refuses them submitted directly (secret.sealed) and takes them by replication; a count before the issuance waits for it', async () => {
  const a = await newHub('a')
  const b = await newHub('b')
  const p = await pollWithTwoSealers(a)
  const [, , m2, m3] = p.members
  const early = await p.vote(m2!, { choice: 'yes' })
  await pull(a, b, p.space)
  // M3 asks on hub A and F1 answers there; M3's ballot reaches B (ballots travel apart from the
  // log), the request and the answer do not before F2 seals on B.
  const before = (await logOf(a, p.space)).length
  const late = await p.vote(m3!, { choice: 'no' })
  const credential = (await logOf(a, p.space)).slice(before)
  expect(credential.map((e) => e.type)).toEqual([
    'secret.credential-requested',
    'secret.credential-issued',
  ])
  for (const hub of [a, b])
    for (const o of await direct(hub, [early, late])) expect(o.status).toBe('accepted')
  // Hub C holds what B holds before the seal, the ballots too.
  const c = await newHub('c')
  await pull(b, c, p.space)
  for (const o of (await c.submit([early, late], { park: true })).outcomes)
    expect(o.status).toBe('accepted')
  const seal = (await p.sign(
    p.f2,
    secretSealDraft((await b.state(p.space))!, p.poll),
  )) as SignedEventOf<'secret.poll-sealed'>
  expect(seal.body.ballots).toHaveLength(2)
  expect((await direct(b, [seal]))[0]).toMatchObject({ status: 'accepted' })

  // Submitted to B directly after its seal: refused, the request as the issuance.
  for (const event of credential) {
    expect((await direct(b, [event]))[0]).toMatchObject({
      status: 'rejected',
      code: 'secret.sealed',
    })
  }
  // By replication: taken (hub C first gets B's log without them).
  await pull(b, c, p.space)
  await pull(a, b, p.space)
  expect(await b.pending()).toEqual([])
  const afterSeal = (await b.state(p.space))!
  expect(afterSeal.polls.get(p.poll)!.secret!.requests.get(m3!.publicKey)?.issued.size).toBe(1)

  // F2 reveals and counts on B: two one-time keys sealed, two credentials issued.
  const reveal = await revealOf(p, afterSeal, p.f2)
  expect((await direct(b, [reveal]))[0]).toMatchObject({ status: 'accepted' })
  const count = await countOf(p, (await b.state(p.space))!, p.f2)
  expect((await direct(b, [count]))[0]).toMatchObject({ status: 'accepted' })

  // Hub C gets the count before M3's request and F1's answer: it waits for them, then stands.
  const outcomes = (await c.submit([reveal, count], { park: true })).outcomes
  expect(outcomes[1]).toMatchObject({ code: 'secret.over-issued', parked: true })
  expect((await c.submit(credential, { park: true })).outcomes.map((o) => o.status)).toEqual([
    'accepted',
    'accepted',
  ])
  expect(await c.pending()).toEqual([])
  await pull(b, a, p.space)

  const hashes: string[] = []
  for (const hub of [a, b, c]) {
    expect(await hub.pending()).toEqual([])
    const state = (await hub.state(p.space))!
    const view = describeSpace(state).polls[p.poll]!
    expect(view.secret!.phase).toBe('counted')
    expect(view.result).toEqual(count.body.result)
    expect(state.heads.get(m3!.publicKey)?.head).toBe(computeEventId(credential[0]!))
    const [verdict] = await verifyStore(hub.store, nodeVerifier)
    expect(verdict!.fault).toBeNull()
    expect(verdict!.hash).toBe(hashSpaceState(state))
    hashes.push(verdict!.hash!)
  }
  expect(new Set(hashes).size).toBe(1)
  await Promise.all([a.store.close(), b.store.close(), c.store.close()])
}, 120_000)
