// Acts that rest on a poll's close (a statement's adoption, a decision to join a council, a
// delegate election), signed after one of two closes of that poll that disagree (issue #15,
// "every count right"): whether the act is accepted must not depend on which close a replica got
// first. It is accepted when any accepted close of the poll backs it, and then it stands, on
// every replica alike (docs/events.md, "Two closes").
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import { EventAuthor } from './event-author.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { proposeClose } from './poll-rules.js'
import { computeEventId } from './signing.js'
import { refuseActOnSupersededClose } from './superseded-close-acts.js'
import { describeSpace, hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'
import { castAndCloseTwice, replica, twoFacilitatorHall } from './test-support/two-facilitators.js'

let voters: EventAuthor[]
let council: SpaceId

beforeAll(async () => {
  voters = await Promise.all(
    [1, 2, 3].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  council = new EventAuthor(await generateWebCryptoSigner()).spaceFor('council')
})

const POLL = {
  question: 'Adopt the statement?',
  method: 'majority' as const,
  options: ['yes', 'no'],
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'two-closes-acts',
}

const DRAFT = {
  language: 'en',
  title: 'On the eight-hour day',
  lead: ['Eight hours for work!'],
  paragraphs: ['First.', 'Second.'],
  closing: ['We demand!'],
  references: [],
  notes: '',
}

type Close = SignedEventOf<'poll.closed.3'>

/**
 * A hall (facilitators F1, F2; voters V0, V1, V2) with a statement drafted and a poll on it open,
 * F1 voting `yes` at once; each voter i casts `plans[i]`; F1 closes having seen `saw1[i]` of voter
 * i's ballots, F2 having seen `saw2[i]`. Then each closer whose close adopted the statement adopts
 * it and decides to join a council on the strength of that poll (when `acts[k]` is set).
 */
async function adoptedTwice(
  plans: readonly string[][],
  saw1: readonly number[],
  saw2: readonly number[],
  acts: readonly [boolean, boolean],
) {
  const hall = await twoFacilitatorHall('two-closes-acts', voters)
  const { f1, f2, space, setup } = hall
  let t = hall.clock
  const drafted = await f1.next(space, 'statement.drafted', DRAFT, t++)
  const statement = computeEventId(drafted)
  const subject = { kind: 'statement' as const, statement, revision: statement }
  const open = await f1.next(space, 'poll.opened.3', { ...POLL, subject }, t++)
  const poll = computeEventId(open)
  setup.push(
    drafted,
    open,
    await f1.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, t++),
  )
  const cast = await castAndCloseTwice(hall, voters, poll, plans, saw1, saw2, t)
  const { chains, close1, close2 } = cast
  t = cast.clock
  const actsOf = async (closer: EventAuthor, close: Close, act: boolean) =>
    act && adopts(close)
      ? [
          await closer.next(space, 'statement.adopted', { statement, poll }, t++),
          await closer.next(space, 'council.join-decided', { council, poll }, t++),
        ]
      : []
  const after1 = await actsOf(f1, close1, acts[0])
  const after2 = await actsOf(f2, close2, acts[1])
  return { f2, clock: t, space, poll, statement, setup, chains, close1, close2, after1, after2 }
}

function adopts(close: Close): boolean {
  return (close.body.result as { winner: string | null }).winner === 'yes'
}

test('acts on either of two closes: every delivery order accepts them and gives the same state hash', async () => {
  const choice = fc.constantFrom('yes', 'no')
  await fc.assert(
    fc.asyncProperty(
      fc.tuple(
        fc.array(choice, { maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
      ),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      // which closer acts, if any (two acts on one statement would race as on one close)
      fc.constantFrom<[boolean, boolean]>([false, false], [true, false], [false, true]),
      fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
      async (plans, saws, acts, order) => {
        const saw = (k: number) => plans.map((plan, i) => saws[k * 3 + i]! % (plan.length + 1))
        const s = await adoptedTwice(plans, saw(0), saw(1), acts)
        const votes = s.chains.flat()
        const { close1, close2, after1, after2 } = s
        const orders = [
          [...s.setup, ...votes, close1, ...after1, close2, ...after2],
          [...s.setup, ...votes, close2, ...after2, close1, ...after1],
          [...s.setup, ...shuffle([...votes, close1, ...after1, close2, ...after2], order)],
        ]
        const hashes = new Set<string>()
        for (const events of orders) {
          const { state, held } = replica(s.space, events)
          expect(held).toEqual([])
          hashes.add(hashSpaceState(state))
          const adopted = describeSpace(state).statements!.documents[s.statement]!.adopted
          const acted = [...after1, ...after2]
          expect(adopted === null).toBe(acted.length === 0)
        }
        expect(hashes.size).toBe(1)
      },
    ),
    { numRuns: 25 },
  )
})

/**
 * Two closes that disagree, the adopting one superseded: V0 and V1 vote `no` after F1's `yes`;
 * the closer who saw neither adopts. Authors are drawn afresh until the close that saw the `no`
 * votes (rejecting) has the lower id.
 */
async function adoptionOnTheLosingClose() {
  for (;;) {
    const s = await adoptedTwice([['no'], ['no'], []], [0, 0, 0], [1, 1, 0], [true, false])
    expect(adopts(s.close1)).toBe(true)
    expect(adopts(s.close2)).toBe(false)
    if (computeEventId(s.close2) < computeEventId(s.close1)) return s
  }
}

test('an adoption signed on a close later superseded stands on every replica, whichever close came first', async () => {
  const s = await adoptionOnTheLosingClose()
  const votes = s.chains.flat()
  const supersededFirst = replica(s.space, [...s.setup, ...votes, s.close1, ...s.after1, s.close2])
  const winnerFirst = replica(s.space, [...s.setup, ...votes, s.close2, s.close1, ...s.after1])
  for (const { state, held } of [supersededFirst, winnerFirst]) {
    expect(held).toEqual([])
    const view = describeSpace(state)
    // The poll shows the close in effect (not adopted) and the superseded one it rested on.
    expect(view.polls[s.poll]!.result).toEqual(s.close2.body.result)
    expect(view.polls[s.poll]!.superseded).toEqual([
      expect.objectContaining({ close: computeEventId(s.close1) }),
    ])
    expect(view.statements!.documents[s.statement]!.adopted).toMatchObject({
      event: computeEventId(s.after1[0]!),
    })
    expect(view.federation!.councils[council]!.joined).toBe(computeEventId(s.after1[1]!))
  }
  expect(hashSpaceState(winnerFirst.state)).toBe(hashSpaceState(supersededFirst.state))
})

test('a hub holding both closes refuses an act submitted directly that only the superseded close backs, while replication takes it', async () => {
  const s = await adoptionOnTheLosingClose()
  const votes = s.chains.flat()
  const [adoption, join] = s.after1 as [SignedEvent, SignedEvent]
  const onlyItsClose = replica(s.space, [...s.setup, ...votes, s.close1]).state
  expect(refuseActOnSupersededClose(onlyItsClose, adoption, computeEventId(adoption))).toBeNull()
  const both = replica(s.space, [...s.setup, ...votes, s.close2, s.close1]).state
  for (const act of [adoption, join]) {
    expect(refuseActOnSupersededClose(both, act, computeEventId(act))).toMatchObject({
      code: 'poll.close-superseded',
    })
  }
  expect(applyEvent(both, adoption, computeEventId(adoption))).toBeNull()
  expect(applyEvent(both, join, computeEventId(join))).toBeNull()
})

test('an act that no close of the poll backs is still refused', async () => {
  const s = await adoptionOnTheLosingClose()
  const votes = s.chains.flat()
  // F2, whose close rejected the statement, adopts it anyway, holding only that close.
  const adoption = await s.f2.next(
    s.space,
    'statement.adopted',
    { statement: s.statement, poll: s.poll },
    s.clock,
  )
  const { state, held } = replica(s.space, [...s.setup, ...votes, s.close2, adoption])
  expect(held).toEqual([adoption])
  expect(applyEvent(state, adoption, computeEventId(adoption))).toMatchObject({
    code: 'statement.decision-not-adopted',
  })
  expect(state.statements.documents.get(s.statement)!.adopted).toBeNull()
})

test('a delegate election signed on a close later superseded stands on every replica and seats whom it names', async () => {
  const hall = await twoFacilitatorHall('two-closes-election', voters)
  const { f1, f2, space, setup } = hall
  let t = hall.clock
  const [v0, v1] = voters.map((v) => v.publicKey) as [PublicKey, PublicKey]
  const closeOf = async (closer: EventAuthor, poll: EventId, held: readonly SignedEvent[]) => {
    const { state } = replica(space, held)
    const close = proposeClose(state, state.polls.get(poll)!, t)
    if (!close.ok) throw new Error(close.message)
    return (await closer.next(space, 'poll.closed.3', close.value, t++)) as Close
  }
  const joinOpen = await f1.next(space, 'poll.opened.3', { ...POLL, subject: null }, t++)
  const join = computeEventId(joinOpen)
  setup.push(
    joinOpen,
    await f1.next(space, 'ballot.cast', { poll: join, vote: { choice: 'yes' } }, t++),
  )
  setup.push(await closeOf(f1, join, setup))
  setup.push(await f1.next(space, 'council.join-decided', { council, poll: join }, t++))
  const open = await f1.next(
    space,
    'poll.opened.3',
    { ...POLL, question: 'Delegate?', options: [v0, v1], subject: null },
    t++,
  )
  const poll = computeEventId(open)
  setup.push(open, await f1.next(space, 'ballot.cast', { poll, vote: { choice: v0 } }, t++))
  const votes: SignedEvent[] = []
  for (const voter of voters.slice(1)) {
    voter.follow(space, null)
    votes.push(await voter.next(space, 'ballot.cast', { poll, vote: { choice: v1 } }, t++))
  }
  // F1 saw no voter's ballot (V0 wins), F2 saw both (V1 wins).
  const close1 = await closeOf(f1, poll, setup)
  const close2 = await closeOf(f2, poll, [...setup, ...votes])
  const [winner, loser] =
    computeEventId(close1) < computeEventId(close2) ? [close1, close2] : [close2, close1]
  const elected = (loser.body.result as { winner: PublicKey }).winner
  const other = elected === v0 ? v1 : v0
  // The closer whose close lost elects its winner, before it sees the other close.
  const closer = loser === close1 ? f1 : f2
  const election = await closer.next(
    space,
    'delegate.elected.2',
    { council, delegates: [elected], alternates: [other], poll, term: '', termEnds: null },
    t++,
  )
  const loserFirst = replica(space, [...setup, ...votes, loser, election, winner])
  const winnerFirst = replica(space, [...setup, ...votes, winner, loser, election])
  for (const { state, held } of [loserFirst, winnerFirst]) {
    expect(held).toEqual([])
    const view = describeSpace(state)
    expect(view.polls[poll]!.result).toEqual(winner.body.result)
    expect(view.federation!.councils[council]).toMatchObject({
      election: computeEventId(election),
      delegates: { [elected]: 'seated' },
      alternates: [other],
    })
  }
  expect(hashSpaceState(winnerFirst.state)).toBe(hashSpaceState(loserFirst.state))
})

/** `events` ordered by the random keys `keys` (one per event; ties keep their order). */
function shuffle<T>(events: readonly T[], keys: readonly number[]): T[] {
  return events
    .map((event, i) => ({ event, key: keys[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.event)
}
