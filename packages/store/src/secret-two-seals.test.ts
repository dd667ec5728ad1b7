// Two facilitators sealing one secret poll at once on two hubs (issue #12, property 4): each seal
// is valid against its own view, and every replica must end with the same poll whatever order the
// events reach it in. Before, the first seal to reach a replica won and the other was refused
// (`poll.closed`), so the hubs kept different results and state hashes for good, and the refused
// sealer's later events waited for a seq that never came. Now both seals stand, the lowest id is
// in effect, and a count names the seal it counts, so a count of the losing seal stands too.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { computeEventId, describeSpace, hashSpaceState, secretSealDraft } from '@veche/core'
import type { EventAuthor, SignedEvent, SignedEventOf } from '@veche/core'
import type { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { replica } from '../../core/src/test-support/two-facilitators.js'
import { hubPair, pull } from './test-support/hub-pair.js'
import { countOf, pollWithTwoSealers, revealOf, sealOnTwoHubs } from './test-support/two-sealers.js'

const { newHub } = hubPair('two-seals')

test('two seals with different views: every delivery order gives the same poll and result, the lowest seal id in effect', async () => {
  const hub = await newHub('fold')
  const p = await pollWithTwoSealers(hub)
  const [f1, f2, , m3, m4, m5] = p.members
  // F1 saw m3 "no", m4 "yes" and m5 "yes"; F2 saw m3 "no", m4 "yes", then m4 changing to "no".
  const [b3, b4, b5] = [
    await p.vote(m3!, { choice: 'no' }),
    await p.vote(m4!, { choice: 'yes' }),
    await p.vote(m5!, { choice: 'yes' }),
  ]
  const b4again = await p.vote(m4!, { choice: 'no' })
  const setup = [...p.log]
  const sealOn = async (who: EventAuthor, ballots: SignedEvent[]) => {
    const { state } = replica(p.space, [...setup, ...ballots])
    const seal = (await p.sign(
      who,
      secretSealDraft(state, p.poll),
    )) as SignedEventOf<'secret.poll-sealed'>
    const after = replica(p.space, [...setup, ...ballots, seal]).state
    const reveal = await revealOf(p, after, who)
    const count = await countOf(
      p,
      replica(p.space, [...setup, ...ballots, seal, reveal]).state,
      who,
    )
    const later = await who.next(
      p.space,
      'proposal.submitted',
      { title: `After ${seal.author}`, text: 'Text.' },
      p.at(),
    )
    return { seal, reveal, count, later }
  }
  const one = await sealOn(f1!, [b3, b4, b5])
  const two = await sealOn(f2!, [b3, b4, b4again])
  expect(one.count.body).toMatchObject({
    result: { winner: 'yes' },
    seal: computeEventId(one.seal),
  })
  expect(two.count.body).toMatchObject({ result: { winner: 'no' }, seal: computeEventId(two.seal) })
  const [winner, loser] =
    computeEventId(one.seal) < computeEventId(two.seal) ? [one, two] : [two, one]
  const ballots = [b3, b4, b5, b4again]
  const chain = (s: typeof one) => [s.seal, s.reveal, s.count, s.later]
  // The ballots and both sealers' events race in any order, and so does everything after the
  // poll's opening: its setup (keys, dealings), F2's facilitator role and the credential requests
  // and issuances. A request or issuance reaching a replica after a seal is taken there as before
  // it (it was refused, `secret.sealed`, and its signer's later events held behind it for good).
  const opening = setup.findIndex((e) => e.type === 'secret.poll-opened') + 1
  const racing = [...setup.slice(opening), ...ballots, ...chain(one), ...chain(two)]
  const orders = [
    // Each hub gets its own seal, shares and count first, then the other's.
    [...setup, ...ballots, ...chain(one), ...chain(two)],
    [...setup, ...ballots, ...chain(two), ...chain(one)],
    // The other hub's seal between a seal and its count; a ballot after both seals.
    [
      ...setup,
      b3,
      b4,
      b5,
      one.seal,
      two.seal,
      b4again,
      one.reveal,
      two.reveal,
      two.count,
      one.count,
      one.later,
      two.later,
    ],
  ]
  const check = (order: readonly SignedEvent[]) => {
    const { state, held } = replica(p.space, order)
    expect(held).toEqual([])
    const view = describeSpace(state).polls[p.poll]!
    expect(view.status).toBe('closed')
    expect(view.secret!.phase).toBe('counted')
    expect(view.result).toEqual(winner.count.body.result)
    expect(view.close).toBe(computeEventId(winner.seal))
    expect(view.superseded).toEqual([
      expect.objectContaining({
        close: computeEventId(loser.seal),
        by: loser.seal.author,
        result: loser.count.body.result,
      }),
    ])
    // Ballots beyond the winning seal's view are late, whatever arrived when.
    const seenOf = new Map(
      ballots
        .filter((b) => winner.seal.body.ballots.includes(computeEventId(b)))
        .map((b) => [b.author, b.seq]),
    )
    const late = ballots
      .filter((b) => b.seq > (seenOf.get(b.author) ?? 0))
      .map(computeEventId)
      .sort()
    expect(view.late ?? []).toEqual(late)
    // Both sealers' later events stand.
    expect(state.proposals.has(computeEventId(one.later))).toBe(true)
    expect(state.proposals.has(computeEventId(two.later))).toBe(true)
    return hashSpaceState(state)
  }
  const hashes = new Set(orders.map(check))
  fc.assert(
    fc.property(
      fc.shuffledSubarray(racing, { minLength: racing.length, maxLength: racing.length }),
      (order) => {
        hashes.add(check([...setup.slice(0, opening), ...order]))
      },
    ),
    { numRuns: 40 },
  )
  expect(hashes.size).toBe(1)
  await hub.store.close()
}, 120_000)

test('two facilitators seal one secret poll at once on two hubs: after syncing both ways both verify to one hash and one result, and take both sealers’ later events', async () => {
  const a = await newHub('a')
  const b = await newHub('b')
  const { p, one, two } = await sealOnTwoHubs(a, b)
  const syncBallots = async (from: Ledger, to: Ledger) => {
    const held = (await from.store.ballots(p.space)).map((h) => JSON.parse(h.json) as SignedEvent)
    for (const o of (await to.submit(held, { park: true })).outcomes)
      expect(o.status).not.toBe('rejected')
  }
  await syncBallots(a, b)
  await syncBallots(b, a)
  await pull(a, b, p.space)
  await pull(b, a, p.space)

  const winner = computeEventId(one.seal) < computeEventId(two.seal) ? one : two
  const verdicts = await Promise.all([a, b].map((hub) => verifyStore(hub.store, nodeVerifier)))
  expect(verdicts.map((v) => v.map((s) => s.fault))).toEqual([[null], [null]])
  expect(verdicts[0]![0]!.hash).not.toBeNull()
  expect(verdicts[1]![0]!.hash).toBe(verdicts[0]![0]!.hash)
  for (const hub of [a, b]) {
    expect(await hub.pending()).toEqual([])
    const state = (await hub.state(p.space))!
    expect(hashSpaceState(state)).toBe(verdicts[0]![0]!.hash)
    const view = describeSpace(state).polls[p.poll]!
    expect(view.secret!.phase).toBe('counted')
    expect(view.result).toEqual(winner.count.body.result)
    expect(view.close).toBe(computeEventId(winner.seal))
    expect(state.proposals.has(computeEventId(one.later))).toBe(true)
    expect(state.proposals.has(computeEventId(two.later))).toBe(true)
  }
  // A third seal submitted directly to a hub that holds one is still refused there.
  const third = await p.sign(p.f1, { type: 'secret.poll-sealed', body: winner.seal.body })
  expect((await a.submit([third], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'poll.closed',
  })
  await Promise.all([a.store.close(), b.store.close()])
}, 120_000)

test('a count by another member that reaches a hub before the seal it names waits for it (secret.unknown-seal, parked), and two counts of one seal both stand', async () => {
  const a = await newHub('early-a')
  const b = await newHub('early-b')
  const { p, one, two } = await sealOnTwoHubs(a, b)
  // A member on hub B counts F2's seal too, signed before hearing of F2's own count.
  const m2 = p.members[2]!
  const body = { ...two.count.body, tellers: [...two.count.body.tellers] }
  const again = await p.sign(m2, { type: 'secret.poll-counted', body })
  const heldOf = async (hub: Ledger) =>
    (await hub.store.ballots(p.space)).map((h) => JSON.parse(h.json) as SignedEvent)
  const logOf = async (hub: Ledger) => {
    const events: SignedEvent[] = []
    for await (const s of hub.store.read(p.space)) events.push(JSON.parse(s.json) as SignedEvent)
    return events
  }
  const fromA = await logOf(a)
  const fromB = (await logOf(b)).filter((e) => !fromA.some((x) => x.sig === e.sig))
  const ballots = [...(await heldOf(a)), ...(await heldOf(b))]
  const hashes: string[] = []
  // Hub C gets the other member's count first, before F2's seal; hub D in hub B's order.
  for (const [name, parts] of [
    ['early-c', [fromA, ballots, [again], fromB]],
    ['early-d', [fromA, ballots, fromB, [again]]],
  ] as const) {
    const hub = await newHub(name)
    const outcomes = []
    for (const part of parts) outcomes.push((await hub.submit(part, { park: true })).outcomes)
    expect(outcomes.flat().filter((o) => o.status === 'rejected' && o.parked !== true)).toEqual([])
    if (name === 'early-c') {
      expect(outcomes[2]![0]).toMatchObject({
        code: 'secret.unknown-seal',
        parked: true,
      })
    }
    expect(await hub.pending()).toEqual([])
    const state = (await hub.state(p.space))!
    const winner = computeEventId(one.seal) < computeEventId(two.seal) ? one : two
    expect(describeSpace(state).polls[p.poll]!.result).toEqual(winner.count.body.result)
    const [verdict] = await verifyStore(hub.store, nodeVerifier)
    expect(verdict!.fault).toBeNull()
    expect(verdict!.hash).toBe(hashSpaceState(state))
    hashes.push(verdict!.hash!)
    await hub.store.close()
  }
  expect(hashes[1]).toBe(hashes[0])
  await Promise.all([a.store.close(), b.store.close()])
}, 120_000)
