// The three-level federation scenario, built through a ledger: six neighbourhood assemblies join
// two district councils, which join a city council; delegates are elected, mandated and recalled
// (the recall closed by a plain member as soon as it passes); a council poll checks mandates; a
// motion is referred down and added up; the South delegates' terms end, and a rotation limit
// refuses re-electing one of them. It asserts what a user would notice on the way, and leaves the
// whole log in the ledger's store for replays.
import { expect } from 'vitest'
import {
  computeCloseResult,
  computeReferralResult,
  describeSpace,
  seatedDelegates,
} from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SpaceId } from '@veche/core'
import type { EventStore } from '../event-store.js'
import type { Ledger } from '../ledger.js'
import { foundAssembly, newAuthor, submitAll, submitOne } from './assembly-fixture.js'
import {
  advance,
  castAndClose,
  closeNow,
  decide,
  electDelegates,
  foundCouncil,
  joinCouncil,
  notice,
  now,
  recordElection,
  tick,
} from './federation-fixture.js'
import type { Body } from './federation-fixture.js'

async function assembly(ledger: Ledger): Promise<Body & { alice: EventAuthor; bob: EventAuthor }> {
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  return { space, facilitator: founder, voters: [founder, alice, bob], alice, bob }
}

/** The id of the last stored event of `type` in `space`. */
export async function lastEventOfType(
  store: EventStore,
  space: SpaceId,
  type: string,
): Promise<EventId> {
  let last: EventId | null = null
  for await (const stored of store.read(space)) {
    if ((JSON.parse(stored.json) as SignedEvent).type === type) last = stored.id
  }
  return last!
}

/** Builds the three-level scenario through `ledger` (whose store is `store`), checking as it goes. */
export async function buildThreeLevels(ledger: Ledger, store: EventStore): Promise<void> {
  const city = await foundCouncil(ledger, 'City council')
  const districts = [await foundCouncil(ledger, 'North'), await foundCouncil(ledger, 'South')]
  const assemblies: Awaited<ReturnType<typeof assembly>>[][] = [[], []]
  for (const [d, district] of districts.entries()) {
    for (let i = 0; i < 3; i++) {
      const a = await assembly(ledger)
      await joinCouncil(ledger, a, district)
      // South's delegates serve a term that ends (delegate.elected.2); North's until replaced.
      const termEnds = d === 1 ? now() + 100_000 : undefined
      await electDelegates(ledger, a, district.council, [a.alice], [a.bob], a.bob, termEnds)
      assemblies[d]!.push(a)
    }
  }
  const north = districts[0]!
  const northState = (await ledger.state(north.council))!
  const alices = assemblies[0]!.map((a) => a.alice.publicKey as string).sort()
  expect(seatedDelegates(northState.council!)).toEqual(alices)

  // A district joins the city: its delegates are its voters, its convenor its facilitator.
  const northBody: Body = {
    space: north.council,
    facilitator: north.convenor,
    voters: assemblies[0]!.map((a) => a.alice),
  }
  // As a log signed before polls named their subject: an untyped poll, a `council.join-decided`.
  await joinCouncil(ledger, northBody, city, 1)
  await electDelegates(
    ledger,
    northBody,
    city.council,
    [assemblies[0]![0]!.alice],
    [assemblies[0]![1]!.alice],
    north.convenor,
  )
  expect(seatedDelegates((await ledger.state(city.council))!.council!)).toEqual([
    assemblies[0]![0]!.alice.publicKey,
  ])

  // A mandate: assembly 1 instructs its delegate to vote for; she votes against: counted, flagged.
  const [a0, a1] = assemblies[0]! as [
    Awaited<ReturnType<typeof assembly>>,
    Awaited<ReturnType<typeof assembly>>,
  ]
  const [councilPoll] = await submitAll(ledger, [
    await north.convenor.next(
      north.council,
      'poll.opened.2',
      {
        question: 'Open the night bus line?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'night-bus-1',
      },
      tick(),
    ),
  ])
  const mandatePoll = await decide(
    ledger,
    a1.space,
    a1.facilitator,
    {
      method: 'majority',
      options: ['for', 'against'],
      subject: {
        kind: 'mandate',
        council: north.council,
        councilPoll: councilPoll!,
        position: 'for',
      },
    },
    a1.voters.map((v) => [v, { choice: 'for' }] as const),
  )
  const [mandate] = await submitAll(ledger, [
    await a1.facilitator.next(
      a1.space,
      'mandate.decided.2',
      { council: north.council, councilPoll: councilPoll!, position: 'for', poll: mandatePoll },
      tick(),
    ),
  ])
  await notice(ledger, a1.bob, north.council, mandate!)

  // A recall in assembly 0, which admits Carol first (4 members: 3 recall votes needed). Carol,
  // neither its opener nor a facilitator, may close it only once it passes; then the alternate
  // takes the seat at once.
  const carol = newAuthor()
  await submitAll(ledger, [
    await a0.facilitator.next(
      a0.space,
      'member.admitted',
      { member: carol.publicKey, name: 'Carol' },
      tick(),
    ),
  ])
  const [recall] = await submitAll(ledger, [
    await a0.bob.next(
      a0.space,
      'recall.started',
      { council: north.council, delegate: a0.alice.publicKey, reason: 'broke the mandate' },
      tick(),
    ),
  ])
  // The facilitator first votes keep, then recasts recall.
  const ballots: EventId[] = []
  for (const [voter, choice] of [
    [a0.bob, 'recall'],
    [a0.facilitator, 'keep'],
    [a0.facilitator, 'recall'],
  ] as const) {
    const vote = { poll: recall!, vote: { choice } }
    ballots.push(
      ...(await submitAll(ledger, [await voter.next(a0.space, 'ballot.cast', vote, tick())])),
    )
  }
  const early = await submitOne(ledger, await closeNow(ledger, a0.space, carol, recall!))
  expect(early).toMatchObject({ status: 'rejected', code: 'recall.rule-not-met' })
  carol.follow(a0.space, null)
  const [carolBallot] = await submitAll(ledger, [
    await carol.next(
      a0.space,
      'ballot.cast',
      { poll: recall!, vote: { choice: 'recall' } },
      tick(),
    ),
  ])
  // A member's close must seal each voter's latest ballot, not the facilitator's first one.
  const state = (await ledger.state(a0.space))!
  const record = state.polls.get(recall!)!
  const stale = [ballots[0]!, ballots[1]!, carolBallot!].sort()
  const at = tick()
  const staleResult = computeCloseResult(
    state,
    record,
    stale.map((b) => record.ballots.get(b)!),
    at,
  )
  if (!staleResult.ok) throw new Error(staleResult.message)
  const staleClose = await carol.next(
    a0.space,
    'poll.closed',
    { poll: recall!, ballots: stale, result: staleResult.value },
    at,
  )
  expect(await submitOne(ledger, staleClose)).toMatchObject({
    status: 'rejected',
    code: 'poll.stale-ballot',
  })
  carol.follow(a0.space, (await ledger.state(a0.space))!.heads.get(carol.publicKey)!)
  await castAndClose(ledger, a0.space, carol, recall!, [])
  const closeId = await lastEventOfType(store, a0.space, 'poll.closed')
  expect(
    describeSpace((await ledger.state(a0.space))!).federation!.councils[north.council],
  ).toMatchObject({ delegates: { [a0.alice.publicKey]: 'recalled', [a0.bob.publicKey]: 'seated' } })
  await notice(ledger, a0.bob, north.council, closeId)
  const afterRecall = (await ledger.state(north.council))!.council!
  expect(seatedDelegates(afterRecall)).toContain(a0.bob.publicKey)
  expect(seatedDelegates(afterRecall)).not.toContain(a0.alice.publicKey)
  // The recalled key's later ballot is refused with its code.
  const late = await submitOne(
    ledger,
    await a0.alice.next(
      north.council,
      'ballot.cast',
      { poll: councilPoll!, vote: { choice: 'yes' } },
      tick(),
    ),
  )
  expect(late).toMatchObject({ status: 'rejected', code: 'delegate.seat-ended' })

  await castAndClose(ledger, north.council, north.convenor, councilPoll!, [
    [a0.bob, { choice: 'yes' }],
    [a1.alice, { choice: 'no' }],
    [assemblies[0]![2]!.alice, { choice: 'yes' }],
  ])
  const closed = (await ledger.state(north.council))!.polls.get(councilPoll!)!
  expect((closed.result as { mandates: unknown }).mandates).toEqual([
    expect.objectContaining({
      delegate: a1.alice.publicKey,
      mandate: 'for',
      cast: 'against',
      kept: false,
    }),
  ])
  // The council's decision in the member space's feed, with its own delegate's broken mandate.
  const councilClose = await lastEventOfType(store, north.council, 'poll.closed')
  await submitAll(ledger, [
    await a1.bob.next(a1.space, 'council.reported', { reference: councilClose }, tick()),
  ])
  const reported = (await ledger.state(a1.space))!.federation.reported.get(councilClose)!
  expect((reported.result as { mandates: { kept: boolean }[] }).mandates).toEqual([
    expect.objectContaining({ kept: false }),
  ])

  // A referral down to the South assemblies, added up by both rules.
  const south = districts[1]!
  const [motion] = await submitAll(ledger, [
    await south.convenor.next(
      south.council,
      'proposal.submitted',
      { title: 'Rent cap', text: 'Cap rents.' },
      tick(),
    ),
  ])
  const [referral] = await submitAll(ledger, [
    await south.convenor.next(
      south.council,
      'referral.opened',
      { motion: motion!, rule: 'both' },
      tick(),
    ),
  ])
  const answers = [
    ['yes', 'yes', 'no'],
    ['no', 'no', 'yes'],
    ['yes', 'yes', 'yes'],
  ]
  for (const [i, a] of assemblies[1]!.entries()) {
    const poll = await decide(
      ledger,
      a.space,
      a.facilitator,
      {
        method: 'majority',
        options: ['yes', 'no'],
        subject: { kind: 'referral', council: south.council, referral: referral! },
      },
      a.voters.map((v, j) => [v, { choice: answers[i]![j]! }] as const),
    )
    const yes = answers[i]!.filter((x) => x === 'yes').length
    const [answer] = await submitAll(ledger, [
      await a.facilitator.next(
        a.space,
        'referral.answered.2',
        {
          council: south.council,
          referral: referral!,
          poll,
          for: yes,
          against: 3 - yes,
          abstain: 0,
        },
        tick(),
      ),
    ])
    await notice(ledger, a.bob, south.council, answer!)
  }
  const southState = (await ledger.state(south.council))!
  const result = computeReferralResult(
    southState.council!,
    southState.council!.referrals.get(referral!)!,
  )
  await submitAll(ledger, [
    await south.convenor.next(
      south.council,
      'referral.closed',
      { referral: referral!, result },
      tick(),
    ),
  ])
  expect(result).toMatchObject({
    outcome: 'ratified',
    totals: { for: 6, against: 3, abstain: 0 },
    spaces: { members: 3, for: 2, against: 1 },
  })
  expect(result.parts.reduce((s, p) => s + p.for, 0)).toBe(result.totals.for)

  // South's terms end. The council learns it from its own log: the first event it accepts claimed
  // at or after the end (here a poll) leaves it without voters, and a delegate's later council
  // ballot is refused with delegate.term-ended.
  const [s0, s1] = assemblies[1]! as [
    Awaited<ReturnType<typeof assembly>>,
    Awaited<ReturnType<typeof assembly>>,
  ]
  await submitAll(ledger, [
    await s0.facilitator.next(s0.space, 'rotation.rule-set', { maxConsecutiveTerms: 1 }, tick()),
  ])
  // Only the convenors' claimed times move the council's time: a notice, which any key may post,
  // claimed long after every term's end, ends none of them.
  const s2 = assemblies[1]![2]!
  const [counted] = await submitAll(ledger, [
    await s2.facilitator.next(s2.space, 'space.counted', { members: 3 }, tick()),
  ])
  const stranger = newAuthor()
  await submitAll(ledger, [
    await stranger.next(
      south.council,
      'council.notice',
      { reference: counted! },
      now() + 10_000_000,
    ),
  ])
  expect(seatedDelegates((await ledger.state(south.council))!.council!)).toHaveLength(3)
  advance(100_000)
  expect(seatedDelegates((await ledger.state(south.council))!.council!)).toHaveLength(3)
  const [southPoll] = await submitAll(ledger, [
    await south.convenor.next(
      south.council,
      'poll.opened.2',
      {
        question: 'Extend the tram?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'tram-0001',
      },
      tick(),
    ),
  ])
  const expired = (await ledger.state(south.council))!
  expect(seatedDelegates(expired.council!)).toEqual([])
  expect(describeSpace(expired).council!.delegates[s0.alice.publicKey]).toMatchObject({
    status: 'term-ended',
  })
  const lateTerm = await submitOne(
    ledger,
    await s0.alice.next(
      south.council,
      'ballot.cast',
      { poll: southPoll!, vote: { choice: 'yes' } },
      tick(),
    ),
  )
  expect(lateTerm).toMatchObject({ status: 'rejected', code: 'delegate.term-ended' })
  s0.alice.follow(
    south.council,
    (await ledger.state(south.council))!.heads.get(s0.alice.publicKey) ?? null,
  )
  // Nothing to recall once a term has ended.
  const lateRecall = await submitOne(
    ledger,
    await s1.bob.next(
      s1.space,
      'recall.started',
      { council: south.council, delegate: s1.alice.publicKey, reason: '' },
      tick(),
    ),
  )
  expect(lateRecall).toMatchObject({ status: 'rejected', code: 'delegate.term-ended' })
  s1.bob.follow(s1.space, (await ledger.state(s1.space))!.heads.get(s1.bob.publicKey) ?? null)
  // Assembly s0 allows one consecutive term: Alice may not serve again; Bob is elected.
  const again = await recordElection(
    ledger,
    s0,
    south.council,
    [s0.alice],
    [s0.facilitator],
    now() + 100_000,
  )
  expect(again).toMatchObject({ ok: false, outcome: { code: 'delegate.rotation-limit' } })
  expect(again.ok ? '' : (again.outcome as { message: string }).message).toContain(
    s0.alice.publicKey,
  )
  await electDelegates(ledger, s0, south.council, [s0.bob], [s0.alice], s0.bob, now() + 100_000)
  expect(seatedDelegates((await ledger.state(south.council))!.council!)).toEqual([s0.bob.publicKey])
  await submitAll(ledger, [
    await s0.bob.next(
      south.council,
      'ballot.cast',
      { poll: southPoll!, vote: { choice: 'yes' } },
      tick(),
    ),
  ])

  // Elections are taken in their own order: s1 elects Bob (nobody notices), then Alice again
  // (noticed); a late notice of Bob's older election is refused and Alice keeps the seat.
  const older = await recordElection(
    ledger,
    s1,
    south.council,
    [s1.bob],
    [s1.alice],
    now() + 100_000,
  )
  if (!older.ok) throw new Error('the older election should be recorded')
  await electDelegates(ledger, s1, south.council, [s1.alice], [s1.bob], s1.bob, now() + 100_000)
  const lateNotice = await submitOne(
    ledger,
    await newAuthor().next(south.council, 'council.notice', { reference: older.id }, tick()),
  )
  expect(lateNotice).toMatchObject({
    status: 'rejected',
    code: 'delegate.election-superseded',
  })
  expect(seatedDelegates((await ledger.state(south.council))!.council!)).toEqual(
    [s0.bob.publicKey, s1.alice.publicKey].sort(),
  )
}
