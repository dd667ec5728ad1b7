// The federation scenario end to end, through a real hub and real `veche` processes:
// 50 neighbourhood assemblies join 5 district councils, which join 1 city council.
//
// The hub is `veche serve` on its own SQLite data folder. Two districts (North, East), the city and
// two assemblies are run by `veche` commands on a data folder of their own, which meets the hub by
// `veche sync`. The bulk (48 assemblies, their members and ballots, three districts) is signed here
// with `EventAuthor` and posted to `POST /api/events` in batches; a mirror ledger in this process
// pulls what the commands made, so the test can count closes as any client would.
//
// On the way: delegates are elected by majority for one seat and by STV for several (two districts
// share seats in proportion to member counts); terms end and a rotation limit holds; a mandate is
// checked; a recall closed by a plain member ends a seat at once, and the recalled key's later
// council ballot is refused by the API with its code; a motion goes down from the city to the
// districts, and another from a district to its assemblies, and each adds up with every part shown;
// then a fresh data folder syncs from the hub and verifies to the hub's state hashes.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
  allocateSeats,
  computeEventId,
  EventAuthor,
  referralCounts,
  resultWinners,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { createIdentity, loadIdentity } from './identities.js'
import { cliOn, startHub } from './test-support/cli-processes.js'
import { HubClient, newAuthor, tick } from './test-support/hub-client.js'

const root = mkdtempSync(join(tmpdir(), 'veche-city-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

/** A neighbourhood assembly signed here: its founder (a facilitator) is `members[0]`. */
interface Hood {
  readonly i: number
  readonly space: SpaceId
  readonly members: readonly EventAuthor[]
  /** Its elected delegates and alternate, once elected. */
  delegates: EventAuthor[]
  alternate: EventAuthor | null
}

/** A council signed here, or run by the command (its convenor's key loaded from its file). */
interface District {
  readonly name: string
  space: SpaceId
  readonly convenor: EventAuthor
  readonly hoods: Hood[]
}

interface SpaceView {
  readonly hash: string
  readonly council?: {
    readonly voters: readonly string[]
    readonly spaces: Record<string, { seats: number; delegates: string[] }>
    readonly delegates: Record<string, { status: string; termEnds?: number }>
  }
  readonly federation?: { councils: Record<string, { delegates: Record<string, string> }> }
}

interface ReferralResultJson {
  outcome: string
  totals: { for: number; against: number; abstain: number }
  parts: { space: string; answered: boolean; for: number; against: number; abstain: number }[]
}

test('50 assemblies, 5 districts, 1 city through the hub and the command: elections, terms, rotation, a mandate, a recall refused by the API, referrals that add up, and a replica that verifies', async () => {
  const hub = await startHub(join(root, 'hub'))
  const cliData = join(root, 'cli')
  const { ok, json } = cliOn(root, cliData)
  mkdirSync(join(root, 'mirror'))
  const mirrorStore = await openSqliteStore(join(root, 'mirror', 'veche.db'))
  const mirror = new Ledger(mirrorStore, nodeVerifier)
  const client = new HubClient(hub.url, mirror)
  try {
    const view = (space: SpaceId) => client.view<SpaceView>(space)
    /** The command's data folder meets the hub: pull everything, push what it made. */
    const cliSync = () => ok('city', 'sync', hub.url)
    const keyOf = (a: EventAuthor) => a.publicKey as string

    /** Pushes what the command made in `spaces` to the hub. */
    const cliPush = (spaces: readonly string[]) =>
      ok('city', 'sync', hub.url, ...spaces.flatMap((s) => ['--space', s]))

    // ---- r1, the command: the city, North and East; assembly A joins North and elects one
    // delegate by majority, assembly B joins East and elects two by STV for a term that ends;
    // North opens its poll on joining the city.
    // Their keys are made in the data folder as `veche id new` makes them (no process needed).
    const people = ['city', 'north', 'east', 'fa', 'ma', 'fb', 'mb1', 'mb2']
    const keys = Object.fromEntries(
      people.map((n) => [n, createIdentity(cliData, n).publicKey as string]),
    )
    const [city, northId, eastId] = (await Promise.all([
      ok('city', 'council', 'create', '--name', 'City council', '--seats-per-space', '1'),
      ok('north', 'council', 'create', '--name', 'North district', '--seats-per-space', '1'),
      ok('east', 'council', 'create', '--name', 'East district', '--seats-per-space', '2'),
    ])) as [SpaceId, SpaceId, SpaceId]
    const convenorOf = (name: string) => new EventAuthor(loadIdentity(cliData, name).signer)
    const cityConvenor = convenorOf('city')
    const districts: District[] = [
      { name: 'north', space: northId, convenor: convenorOf('north'), hoods: [] },
      { name: 'east', space: eastId, convenor: convenorOf('east'), hoods: [] },
      { name: 'south', space: '' as SpaceId, convenor: newAuthor(), hoods: [] },
      { name: 'west', space: '' as SpaceId, convenor: newAuthor(), hoods: [] },
      { name: 'centre', space: '' as SpaceId, convenor: newAuthor(), hoods: [] },
    ]
    const [north, east, south, west, centre] = districts as [
      District,
      District,
      District,
      District,
      District,
    ]
    const cliHood = async (
      founder: string,
      members: string[],
      district: District,
      election: { open: string[]; votes: [string, ...string[]][]; elect: string[] },
    ) => {
      const space = (await ok(
        founder,
        'assembly',
        'create',
        '--name',
        `Hood ${founder}`,
      )) as SpaceId
      for (const m of members) {
        await ok(founder, 'admit', '--space', space, '--key', keys[m]!, '--name', m)
      }
      const poll = await ok(
        founder,
        'council',
        'poll',
        '--space',
        space,
        '--council',
        district.space,
        '--on',
        'join',
        '--question',
        'Join?',
        '--options',
        'join,stay out',
      )
      await ok(founder, 'vote', '--poll', poll, '--choice', 'join')
      await ok(founder, 'poll', 'close', '--poll', poll)
      const decision = await ok(
        founder,
        'council',
        'join',
        '--space',
        space,
        '--council',
        district.space,
        '--poll',
        poll,
      )
      await ok(
        district.name,
        'council',
        'admit',
        '--council',
        district.space,
        '--decision',
        decision,
      )
      const vote = await ok(
        founder,
        'poll',
        'open',
        '--space',
        space,
        '--question',
        'Who represents us?',
        ...election.open,
      )
      for (const [voter, ...flags] of election.votes)
        await ok(voter, 'vote', '--poll', vote, ...flags)
      await ok(founder, 'poll', 'close', '--poll', vote)
      const elected = await json<{ event: string; delegates: string[] }>(
        founder,
        'delegate',
        'elect',
        '--space',
        space,
        '--council',
        district.space,
        '--poll',
        vote,
        ...election.elect,
      )
      await ok(founder, 'notice', '--council', district.space, '--ref', elected.event)
      return { space, delegates: elected.delegates }
    }
    const stv = `${keys.mb1},${keys.mb2},${keys.fb}`
    const [hoodA, hoodB] = await Promise.all([
      cliHood('fa', ['ma'], north, {
        open: ['--options', `${keys.ma},${keys.fa}`],
        votes: [['fa', '--choice', keys.ma!]],
        elect: ['--alternates', keys.fa!, '--term', 'until spring'],
      }),
      cliHood('fb', ['mb1', 'mb2'], east, {
        open: ['--method', 'scottish-stv', '--seats', '2', '--options', stv],
        votes: [
          ['fb', '--ranking', stv],
          ['mb1', '--ranking', stv],
        ],
        elect: ['--alternates', keys.fb!, '--term', 'one year', '--term-ends', '2031-01-01'],
      }),
    ])
    // North's convenor admitted A above; one author acts in one space at a time.
    const northJoinPoll = await ok(
      'north',
      'council',
      'poll',
      '--space',
      north.space,
      '--council',
      city,
      '--on',
      'join',
      '--question',
      'Join the city?',
      '--options',
      'join,stay out',
    )
    expect(hoodA.delegates).toEqual([keys.ma])
    expect([...hoodB.delegates].sort()).toEqual([keys.mb1, keys.mb2].sort())
    await cliPush([city, north.space, east.space, hoodA.space, hoodB.space])

    // ---- t1, signed here: three districts (two share seats in proportion to member counts), 48
    // assemblies that join, count, elect (majority for one seat, STV for several) and are noticed.
    await client.pull([city, north.space, east.space, hoodA.space, hoodB.space])
    for (const d of [north, east]) await client.resume(d.convenor, d.space)
    await client.resume(cityConvenor, city)
    const councilRules = [
      { kind: 'proportional', method: 'dhondt', total: 14 },
      { kind: 'proportional', method: 'sainte-lague', total: 14 },
      { kind: 'fixed', perSpace: 1 },
    ] as const
    const created: SignedEvent[] = []
    for (const [k, d] of [south, west, centre].entries()) {
      const nonce = `district-${d.name}`
      d.space = d.convenor.spaceFor(nonce)
      created.push(
        await d.convenor.next(
          d.space,
          'council.created',
          {
            nonce,
            name: `${d.name} district`,
            description: '',
            languages: ['en'],
            founderName: 'Convenor',
            rules: {
              seats: councilRules[k]!,
              quorum: { ballots: 0, percent: 0 },
              defaultMethod: 'majority',
            },
          },
          tick(),
        ),
      )
    }
    const hoods: Hood[] = []
    for (let i = 0; i < 50; i++) {
      if (i === 0 || i === 10) continue // A and B, through the command
      const members = Array.from({ length: 4 + (i % 4) }, () => newAuthor())
      const founder = members[0]!
      const nonce = `hood-${String(i).padStart(4, '0')}`
      const space = founder.spaceFor(nonce)
      const hood: Hood = { i, space, members, delegates: [], alternate: null }
      hoods.push(hood)
      districts[Math.floor(i / 10)]!.hoods.push(hood)
      created.push(
        await founder.next(
          space,
          'assembly.created',
          {
            nonce,
            name: `Hood ${i}`,
            description: '',
            languages: ['en'],
            founderName: 'Founder',
            rules: RULES,
          },
          tick(),
        ),
      )
      for (const [m, member] of members.slice(1).entries()) {
        created.push(
          await founder.next(
            space,
            'member.admitted',
            { member: member.publicKey, name: `Member ${m + 1}` },
            tick(),
          ),
        )
      }
    }
    await client.send(created)
    const hoodOf = (i: number) => hoods.find((h) => h.i === i)!
    const districtOf = (h: Hood) => districts[Math.floor(h.i / 10)]!
    const joinPolls = await client.openAndVote(
      hoods.map((h) => ({
        space: h.space,
        by: h.members[0]!,
        question: 'Join the district council?',
        method: 'majority',
        options: ['join', 'stay out'],
        votes: h.members.map((m) => [m, { choice: 'join' }] as const),
      })),
    )
    const joins: SignedEvent[] = []
    for (const [k, h] of hoods.entries()) {
      joins.push(await client.closeOf(h.space, h.members[0]!, joinPolls[k]!))
      joins.push(
        await h.members[0]!.next(
          h.space,
          'council.join-decided',
          { council: districtOf(h).space, poll: joinPolls[k]! },
          tick(),
        ),
      )
    }
    const joined = await client.send(joins)
    const admits: SignedEvent[] = []
    for (const [k, h] of hoods.entries()) {
      const d = districtOf(h)
      admits.push(
        await d.convenor.next(
          d.space,
          'council.space-admitted',
          { space: h.space, decision: joined[2 * k + 1]! },
          tick(),
        ),
      )
    }
    // The proportional districts take note of each assembly's member count.
    for (const d of [south, west]) {
      for (const h of d.hoods) {
        const counted = await h.members[0]!.next(
          h.space,
          'space.counted',
          { members: h.members.length },
          tick(),
        )
        const reference = computeEventId(counted)
        admits.push(
          counted,
          await h.members[1]!.next(d.space, 'council.notice', { reference }, tick()),
        )
      }
    }
    await client.send(admits)
    const seatsOf = new Map<Hood, number>()
    for (const d of districts) {
      const seats = allocateSeats((await mirror.state(d.space))!.council!)
      for (const h of d.hoods) seatsOf.set(h, seats.get(h.space) ?? 0)
    }
    for (const d of [south, west]) {
      const seats = d.hoods.map((h) => seatsOf.get(h)!)
      expect(seats.reduce((s, n) => s + n, 0)).toBe(14)
      expect(new Set(seats).size, 'seats follow member counts').toBeGreaterThan(1)
    }
    const candidatesOf = (h: Hood) =>
      [...h.members.slice(1), h.members[0]!].slice(0, seatsOf.get(h)! + 1)
    const electionPolls = await client.openAndVote(
      hoods.map((h) => {
        const candidates = candidatesOf(h).map(keyOf)
        const seats = seatsOf.get(h)!
        return {
          space: h.space,
          by: h.members[0]!,
          question: 'Who represents us?',
          method: seats === 1 ? 'majority' : 'scottish-stv',
          options: candidates,
          seats,
          votes: h.members.map(
            (m) => [m, seats === 1 ? { choice: candidates[0] } : { ranking: candidates }] as const,
          ),
        }
      }),
    )
    const termEnds = Date.now() + 3_600_000
    const elections: SignedEvent[] = []
    for (const [k, h] of hoods.entries()) {
      const close = await client.closeOf(h.space, h.members[0]!, electionPolls[k]!)
      const winners = [...resultWinners((close.body as { result: unknown }).result)]
      const candidates = candidatesOf(h)
      h.delegates = candidates.filter((c) => winners.includes(keyOf(c)))
      h.alternate = candidates.find((c) => !winners.includes(keyOf(c)))!
      expect(h.delegates).toHaveLength(seatsOf.get(h)!)
      const body = {
        council: districtOf(h).space,
        delegates: h.delegates.map((a) => a.publicKey),
        alternates: [h.alternate.publicKey],
        poll: electionPolls[k]!,
        term: 'one year',
      }
      // Centre's assemblies elect for a term that ends; the others until the next election.
      const elected =
        districtOf(h) === centre
          ? await h.members[0]!.next(h.space, 'delegate.elected.2', { ...body, termEnds }, tick())
          : await h.members[0]!.next(h.space, 'delegate.elected', body, tick())
      const reference = computeEventId(elected)
      elections.push(close, elected)
      elections.push(
        await h.alternate.next(districtOf(h).space, 'council.notice', { reference }, tick()),
      )
    }
    await client.send(elections)
    // Every district's voting members are exactly its assemblies' elected delegates.
    const districtDelegates = (d: District) => d.hoods.flatMap((h) => h.delegates)
    const extra = new Map([
      [north, [keys.ma!]],
      [east, [keys.mb1!, keys.mb2!]],
    ])
    for (const d of districts) {
      const expected = [...districtDelegates(d).map(keyOf), ...(extra.get(d) ?? [])].sort()
      expect((await view(d.space)).council!.voters, d.name).toEqual(expected)
    }
    const centreDelegate = keyOf(centre.hoods[0]!.delegates[0]!)
    expect((await view(centre.space)).council!.delegates[centreDelegate]).toMatchObject({
      status: 'seated',
      termEnds,
    })

    // ---- t1, signed here: North's delegates vote on joining the city; East, South, West and
    // Centre decide it by polls of their own; the city's convenor admits them.
    const joinVotes: SignedEvent[] = []
    for (const delegate of districtDelegates(north)) {
      joinVotes.push(
        await delegate.next(
          north.space,
          'ballot.cast',
          { poll: northJoinPoll, vote: { choice: 'join' } },
          tick(),
        ),
      )
    }
    await client.send(joinVotes)
    // East, founded by the command, is under rules version 3 and signs the newest types; the
    // districts founded here before it keep the old ones (docs/events.md, "Rules versions").
    const signedDistricts = [east, south, west, centre]
    const newest = (d: District) => d === east
    const cityJoinPolls = await client.openAndVote(
      signedDistricts.map((d) => ({
        space: d.space,
        by: d.convenor,
        question: 'Join the city?',
        method: 'majority',
        options: ['join', 'stay out'],
        ...(newest(d) ? { subject: { kind: 'join', council: city } as const } : {}),
        votes: districtDelegates(d).map((a) => [a, { choice: 'join' }] as const),
      })),
    )
    const cityJoins: SignedEvent[] = []
    for (const [k, d] of signedDistricts.entries()) {
      const close = await client.closeOf(d.space, d.convenor, cityJoinPolls[k]!)
      const decision = await d.convenor.next(
        d.space,
        newest(d) ? 'council.join-decided.2' : 'council.join-decided',
        { council: city, poll: cityJoinPolls[k]! },
        tick(),
      )
      cityJoins.push(close, decision)
      cityJoins.push(
        await cityConvenor.next(
          city,
          'council.space-admitted',
          { space: d.space, decision: computeEventId(decision) },
          tick(),
        ),
      )
    }
    await client.send(cityJoins)

    // ---- r2, the command: North closes, joins and is admitted to the city; it opens its city
    // election and a poll of its own.
    await cliSync()
    await ok('north', 'poll', 'close', '--poll', northJoinPoll)
    const northDecision = await ok(
      'north',
      'council',
      'join',
      '--space',
      north.space,
      '--council',
      city,
      '--poll',
      northJoinPoll,
    )
    // Two candidates per district (not hood 2's delegate, whom hood 2 will recall).
    const cityCandidates = (d: District) =>
      districtDelegates(d)
        .filter((a) => !hoodOf(2).delegates.includes(a))
        .slice(0, 2)
    const [, northCityPoll] = await Promise.all([
      ok('city', 'council', 'admit', '--council', city, '--decision', northDecision),
      ok(
        'north',
        'poll',
        'open',
        '--space',
        north.space,
        '--question',
        'Who goes to the city?',
        '--options',
        cityCandidates(north).map(keyOf).join(','),
      ),
    ])
    const nightBus = (await ok(
      'north',
      'poll',
      'open',
      '--space',
      north.space,
      '--question',
      'Night buses?',
      '--options',
      'yes,no',
    )) as EventId
    await cliPush([city, north.space])
    await client.pull([city, north.space])

    // ---- t2, signed here: city elections (terms that end), a term refused after its end, a
    // rotation limit, a mandate, and a recall that ends a seat at once.
    const cityVotes: SignedEvent[] = []
    const northChoice = keyOf(cityCandidates(north)[0]!)
    for (const delegate of districtDelegates(north)) {
      cityVotes.push(
        await delegate.next(
          north.space,
          'ballot.cast',
          { poll: northCityPoll, vote: { choice: northChoice } },
          tick(),
        ),
      )
    }
    await client.send(cityVotes)
    const cityElectionPolls = await client.openAndVote(
      signedDistricts.map((d) => ({
        space: d.space,
        by: d.convenor,
        question: 'Who goes to the city?',
        method: 'majority',
        options: cityCandidates(d).map(keyOf),
        votes: districtDelegates(d).map(
          (a) => [a, { choice: keyOf(cityCandidates(d)[0]!) }] as const,
        ),
      })),
    )
    const cityTermEnds = Date.now() + 3_600_000
    const cityElections: SignedEvent[] = []
    for (const [k, d] of signedDistricts.entries()) {
      const [delegate, alternate] = cityCandidates(d) as [EventAuthor, EventAuthor]
      const close = await client.closeOf(d.space, d.convenor, cityElectionPolls[k]!)
      const election = {
        council: city,
        delegates: [delegate.publicKey],
        alternates: [alternate.publicKey],
        poll: cityElectionPolls[k]!,
        term: 'one year',
        termEnds: cityTermEnds,
      }
      const elected = newest(d)
        ? await d.convenor.next(
            d.space,
            'delegate.elected.3',
            { ...election, after: null, round: 1 },
            tick(),
          )
        : await d.convenor.next(d.space, 'delegate.elected.2', election, tick())
      const reference = computeEventId(elected)
      cityElections.push(
        close,
        elected,
        await d.convenor.next(city, 'council.notice', { reference }, tick()),
      )
    }
    await client.send(cityElections)

    // A term that has ended no longer counts: South's city delegate, acting at a claimed time
    // after the end of the term, is refused by the API.
    const southCity = cityCandidates(south)[0]!
    const late = await client.refused(
      southCity,
      await southCity.next(
        city,
        'proposal.submitted',
        { title: 'One more motion', text: 'After my term.' },
        cityTermEnds + 1,
      ),
    )
    expect(late).toMatchObject({ status: 422, code: 'delegate.term-ended' })

    // A rotation limit: hood 45 (Centre) allows one consecutive term; re-electing its delegate
    // is refused with the limit's code, naming the key and the limit.
    const h45 = hoodOf(45)
    await client.send([
      await h45.members[0]!.next(
        h45.space,
        'rotation.rule-set',
        { maxConsecutiveTerms: 1 },
        tick(),
      ),
    ])
    const [again] = await client.openAndVote([
      {
        space: h45.space,
        by: h45.members[0]!,
        question: 'Who represents us next?',
        method: 'majority',
        options: candidatesOf(h45).map(keyOf),
        votes: h45.members.map((m) => [m, { choice: keyOf(h45.delegates[0]!) }] as const),
      },
    ])
    await client.send([await client.closeOf(h45.space, h45.members[0]!, again!)])
    const rotation = await client.refused(
      h45.members[0]!,
      await h45.members[0]!.next(
        h45.space,
        'delegate.elected.2',
        {
          council: centre.space,
          delegates: [h45.delegates[0]!.publicKey],
          alternates: [],
          poll: again!,
          term: 'a second year',
          termEnds: termEnds + 3_600_000,
        },
        tick(),
      ),
    )
    expect(rotation).toMatchObject({ status: 422, code: 'delegate.rotation-limit' })
    expect(rotation.detail).toContain(keyOf(h45.delegates[0]!))
    expect(rotation.detail).toContain('rotation limit is 1')

    // A mandate: hood 1 instructs its delegate to vote for night buses.
    const h1 = hoodOf(1)
    const [mandatePoll] = await client.openAndVote([
      {
        space: h1.space,
        by: h1.members[0]!,
        question: 'Instruct our delegate: for night buses?',
        method: 'majority',
        options: ['instruct', 'do not'],
        votes: h1.members.map((m) => [m, { choice: 'instruct' }] as const),
      },
    ])
    const mandateClose = await client.closeOf(h1.space, h1.members[0]!, mandatePoll!)
    const mandate = await h1.members[0]!.next(
      h1.space,
      'mandate.decided',
      { council: north.space, councilPoll: nightBus, position: 'for', poll: mandatePoll! },
      tick(),
    )
    await client.send([
      mandateClose,
      mandate,
      await h1.alternate!.next(
        north.space,
        'council.notice',
        { reference: computeEventId(mandate) },
        tick(),
      ),
    ])

    // A recall in hood 2: a plain member may close it only once it passes; then the seat ends at
    // once, the alternate takes it, and the recalled key's council ballot is refused.
    const h2 = hoodOf(2)
    const recalled = h2.delegates[0]!
    const [opener, closer] = h2.members
      .filter((m) => m !== recalled && m !== h2.members[0])
      .slice(0, 2) as [EventAuthor, EventAuthor]
    const recallStart = await opener.next(
      h2.space,
      'recall.started',
      { council: north.space, delegate: recalled.publicKey, reason: 'voted against the mandate' },
      tick(),
    )
    const recallPoll = computeEventId(recallStart)
    const needed = Math.floor(h2.members.length / 2) + 1
    const recallers = h2.members.filter((m) => m !== recalled).slice(0, needed)
    const recallVote = (m: EventAuthor) =>
      m.next(h2.space, 'ballot.cast', { poll: recallPoll, vote: { choice: 'recall' } }, tick())
    const firstVotes: SignedEvent[] = [recallStart]
    for (const m of recallers.slice(0, needed - 1)) firstVotes.push(await recallVote(m))
    await client.send(firstVotes)
    const early = await client.refused(closer, await client.closeOf(h2.space, closer, recallPoll))
    expect(early).toMatchObject({ status: 422, code: 'recall.rule-not-met' })
    await client.send([await recallVote(recallers[needed - 1]!)])
    const recallClose = await client.closeOf(h2.space, closer, recallPoll)
    await client.send([
      recallClose,
      await closer.next(
        north.space,
        'council.notice',
        { reference: computeEventId(recallClose) },
        tick(),
      ),
    ])
    const northAfter = await view(north.space)
    expect(northAfter.council!.voters).toContain(keyOf(h2.alternate!))
    expect(northAfter.council!.voters).not.toContain(keyOf(recalled))
    expect(northAfter.council!.delegates[keyOf(recalled)]).toMatchObject({ status: 'recalled' })
    expect(
      (await view(h2.space)).federation!.councils[north.space]!.delegates[keyOf(recalled)],
    ).toBe('recalled')
    const lateBallot = await client.refused(
      recalled,
      await recalled.next(
        north.space,
        'ballot.cast',
        { poll: nightBus, vote: { choice: 'yes' } },
        tick(),
      ),
    )
    expect(lateBallot).toMatchObject({ status: 422, code: 'delegate.seat-ended' })
    // North's delegates vote on night buses; hood 1's against her mandate.
    const northVoters = [...districtDelegates(north).filter((a) => a !== recalled), h2.alternate!]
    const busVotes: SignedEvent[] = []
    for (const delegate of northVoters) {
      const choice = delegate === h1.delegates[0] ? 'no' : 'yes'
      busVotes.push(
        await delegate.next(
          north.space,
          'ballot.cast',
          { poll: nightBus, vote: { choice } },
          tick(),
        ),
      )
    }
    await client.send(busVotes)

    // ---- r3, the command: North elects to the city and closes its poll (the mandate is
    // checked); the city refers a motion to the districts, East another to its assemblies; North
    // opens its answer poll.
    await cliSync()
    const [, eastReferral, cityReferral] = await Promise.all([
      (async () => {
        await ok('north', 'poll', 'close', '--poll', northCityPoll)
        const elected = await json<{ event: string }>(
          'north',
          'delegate',
          'elect',
          '--space',
          north.space,
          '--council',
          city,
          '--poll',
          northCityPoll,
          '--alternates',
          keyOf(cityCandidates(north)[1]!),
        )
        const bus = await json<{ result: { winner: string; mandates: unknown[] } }>(
          'north',
          'poll',
          'close',
          '--poll',
          nightBus,
        )
        expect(bus.result.winner).toBe('yes')
        expect(bus.result.mandates).toEqual([
          expect.objectContaining({
            delegate: keyOf(h1.delegates[0]!),
            mandate: 'for',
            cast: 'against',
            kept: false,
          }),
        ])
        await ok('north', 'notice', '--council', city, '--ref', elected.event)
      })(),
      (async () => {
        const trees = await ok(
          'east',
          'propose',
          '--space',
          east.space,
          '--title',
          'Street trees',
          '--text',
          'Plant trees.',
        )
        return ok(
          'east',
          'referral',
          'open',
          '--council',
          east.space,
          '--motion',
          trees,
          '--rule',
          'members',
        )
      })(),
      (async () => {
        const rentCap = await ok(
          'city',
          'propose',
          '--space',
          city,
          '--title',
          'Rent cap',
          '--text',
          'Cap rents city-wide.',
        )
        return ok(
          'city',
          'referral',
          'open',
          '--council',
          city,
          '--motion',
          rentCap,
          '--rule',
          'both',
        )
      })(),
    ])
    // North's answer poll names the city's referral, so it is opened once the referral is.
    const northAnswerPoll = await ok(
      'north',
      'council',
      'poll',
      '--space',
      north.space,
      '--council',
      city,
      '--on',
      'referral',
      '--referral',
      cityReferral,
      '--question',
      'Rent cap?',
    )
    const cityView = await json<{ seated: string[] }>('city', 'council', 'show', '--council', city)
    expect(cityView.seated).toEqual(districts.map((d) => keyOf(cityCandidates(d)[0]!)).sort())
    await cliPush([city, north.space, east.space])
    await client.pull([city, north.space, east.space])
    await client.resume(east.convenor, east.space)

    // ---- t3, signed here: every district's delegates answer the city (North's in its poll, the
    // others in polls of their own); East's assemblies answer East. The expected parts are
    // counted here from the votes cast.
    const choiceOf = (k: number) => (k % 3 === 2 ? 'no' : k % 5 === 4 ? null : 'yes')
    const count = (voters: readonly unknown[]) => {
      const choices = voters.map((_, k) => choiceOf(k))
      return {
        for: choices.filter((c) => c === 'yes').length,
        against: choices.filter((c) => c === 'no').length,
        abstain: choices.filter((c) => c === null).length,
      }
    }
    type Counts = { for: number; against: number; abstain: number }
    const cityParts = new Map<SpaceId, Counts>([[north.space, count(northVoters)]])
    const northAnswers: SignedEvent[] = []
    for (const [k, voter] of northVoters.entries()) {
      northAnswers.push(
        await voter.next(
          north.space,
          'ballot.cast',
          { poll: northAnswerPoll, vote: { choice: choiceOf(k) } },
          tick(),
        ),
      )
    }
    await client.send(northAnswers)
    const answering = [
      ...signedDistricts.map((d) => ({
        space: d.space,
        by: d.convenor,
        council: city,
        referral: cityReferral,
        voters: districtDelegates(d),
      })),
      ...east.hoods.map((h) => ({
        space: h.space,
        by: h.members[0]!,
        council: east.space,
        referral: eastReferral,
        voters: h.members,
      })),
    ]
    const answerPolls = await client.openAndVote(
      answering.map((a) => ({
        space: a.space,
        by: a.by,
        question: 'Do we agree?',
        method: 'majority',
        options: ['yes', 'no'],
        ...(a.space === east.space
          ? {
              subject: {
                kind: 'referral',
                council: a.council,
                referral: a.referral as EventId,
              } as const,
            }
          : {}),
        votes: a.voters.map((v, k) => [v, { choice: choiceOf(k) }] as const),
      })),
    )
    const answers: SignedEvent[] = []
    const eastParts = new Map<SpaceId, Counts>()
    for (const [k, a] of answering.entries()) {
      const close = await client.closeOf(a.space, a.by, answerPolls[k]!)
      await client.local([close])
      const counts = referralCounts((await mirror.state(a.space))!.polls.get(answerPolls[k]!)!)!
      expect(counts).toEqual(count(a.voters))
      ;(a.council === city ? cityParts : eastParts).set(a.space, counts)
      const answered = await a.by.next(
        a.space,
        a.space === east.space ? 'referral.answered.2' : 'referral.answered',
        { council: a.council, referral: a.referral, poll: answerPolls[k]!, ...counts },
        tick(),
      )
      const notice = await a.by.next(
        a.council,
        'council.notice',
        { reference: computeEventId(answered) },
        tick(),
      )
      await client.local([answered, notice])
      answers.push(close, answered, notice)
    }
    // On the mirror one by one (each answer restates its close's counts); to the hub at once.
    await client.post(answers)

    // ---- r4, the command: North answers the city; both referrals are added up, every part shown.
    await cliSync()
    await ok('north', 'poll', 'close', '--poll', northAnswerPoll)
    const northAnswer = await json<{ event: string }>(
      'north',
      'referral',
      'answer',
      '--space',
      north.space,
      '--referral',
      cityReferral,
      '--poll',
      northAnswerPoll,
    )
    await ok('north', 'notice', '--council', city, '--ref', northAnswer.event)
    const [cityResult, eastResult] = await Promise.all([
      json<{ result: ReferralResultJson }>(
        'city',
        'referral',
        'close',
        '--council',
        city,
        '--referral',
        cityReferral,
      ),
      json<{ result: ReferralResultJson }>(
        'east',
        'referral',
        'close',
        '--council',
        east.space,
        '--referral',
        eastReferral,
      ),
    ]).then((closed) => closed.map((c) => c.result))
    const sumsUp = (result: ReferralResultJson) => {
      for (const key of ['for', 'against', 'abstain'] as const) {
        expect(result.parts.reduce((s, p) => s + p[key], 0)).toBe(result.totals[key])
      }
    }
    expect(cityResult!.parts.map((p) => p.space)).toEqual(districts.map((d) => d.space).sort())
    for (const part of cityResult!.parts) {
      expect(part).toMatchObject({ answered: true, ...cityParts.get(part.space as SpaceId) })
    }
    sumsUp(cityResult!)
    expect(eastResult!.parts).toHaveLength(10)
    expect(eastResult!.parts.find((p) => p.space === hoodB.space)).toMatchObject({
      answered: false,
      for: 0,
    })
    for (const [space, counts] of eastParts) {
      expect(eastResult!.parts.find((p) => p.space === space)).toMatchObject(counts)
    }
    sumsUp(eastResult!)
    await cliPush([city, north.space, east.space])

    // ---- A fresh data folder takes everything from the hub and verifies to the hub's hashes.
    const fresh = cliOn(root, join(root, 'fresh'))
    createIdentity(join(root, 'fresh'), 'reader')
    await fresh.ok('reader', 'sync', hub.url)
    const verified = await fresh.json<{ ok: boolean; spaces: { space: SpaceId; hash: string }[] }>(
      'reader',
      'verify',
    )
    expect(verified.ok).toBe(true)
    expect(verified.spaces).toHaveLength(56)
    for (const s of verified.spaces) expect(s.hash, s.space).toBe((await view(s.space)).hash)
  } finally {
    await mirrorStore.close()
    await hub.stop()
  }
}, 240_000)
