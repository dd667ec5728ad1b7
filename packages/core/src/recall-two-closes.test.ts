// Two closes of one recall poll, signed on two hubs (issue #15, "every count right"): the closes
// may disagree (one view holds a `recall` ballot the other lacks), and the seat must follow the
// close in effect (the lowest id) on every replica, whatever order the closes arrive in and
// wherever they fall among the other events, also when an election came after the first close.
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import type { SignedEventOf } from './event-envelope.js'
import type { PublicKey, SpaceId } from './ids.js'
import { proposeClose } from './poll-rules.js'
import { computeEventId } from './signing.js'
import { refuseActOnSupersededClose } from './superseded-close-acts.js'
import type { SpaceState } from './space-state.js'
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

const MOTION = {
  question: 'Join the council?',
  subject: null,
  method: 'majority' as const,
  options: ['yes', 'no'],
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'recall-two-closes',
}

type Choice = 'recall' | 'keep'

/**
 * Hall with facilitators F1, F2 and voters V0, V1, V2 (five members: a recall needs 3 `recall`
 * votes), joined to a council, V0 elected with V1 as alternate, and a recall of V0 started by F1,
 * who votes `recall` at once. Each voter i casts `plans[i]`; F1 closes the recall having seen
 * `saw1[i]` of voter i's ballots, F2 having seen `saw2[i]`. After closing, F1 (when `reelect`)
 * records a new election of V2 with V1 as alternate, and F2 opens a poll.
 */
async function recallClosedTwice(
  plans: readonly Choice[][],
  saw1: readonly number[],
  saw2: readonly number[],
  reelect: boolean,
) {
  const hall = await twoFacilitatorHall('recall-two-closes', voters)
  const { f1, f2, space, setup } = hall
  let t = hall.clock
  const [v0, v1, v2] = voters.map((v) => v.publicKey) as [PublicKey, PublicKey, PublicKey]
  // A poll F1 opens and closes at once with F1's own ballot for `choice`.
  const decided = async (body: typeof MOTION, choice: string) => {
    const open = await f1.next(space, 'poll.opened.3', body, t++)
    const poll = computeEventId(open)
    const ballot = await f1.next(space, 'ballot.cast', { poll, vote: { choice } }, t++)
    setup.push(open, ballot)
    const { state } = replica(space, setup)
    const close = proposeClose(state, state.polls.get(poll)!, t)
    if (!close.ok) throw new Error(close.message)
    setup.push(await f1.next(space, 'poll.closed.3', close.value, t++))
    return poll
  }
  const election = (options: string[]) => ({ ...MOTION, question: 'Delegate?', options })
  const join = await decided(MOTION, 'yes')
  setup.push(await f1.next(space, 'council.join-decided', { council, poll: join }, t++))
  const elected = await decided(election([v0, v1]), v0)
  setup.push(
    await f1.next(
      space,
      'delegate.elected.2',
      { council, delegates: [v0], alternates: [v1], poll: elected, term: '', termEnds: null },
      t++,
    ),
  )
  const later = await decided(election([v2, v1]), v2)
  const started = await f1.next(
    space,
    'recall.started',
    { council, delegate: v0, reason: 'she voted against her mandate' },
    t++,
  )
  const poll = computeEventId(started)
  setup.push(
    started,
    await f1.next(space, 'ballot.cast', { poll, vote: { choice: 'recall' } }, t++),
  )
  const cast = await castAndCloseTwice(hall, voters, poll, plans, saw1, saw2, t)
  const { chains, close1, close2 } = cast
  t = cast.clock
  const after1 = reelect
    ? [
        await f1.next(
          space,
          'delegate.elected.2',
          { council, delegates: [v2], alternates: [v1], poll: later, term: '', termEnds: null },
          t++,
        ),
      ]
    : []
  const after2 = [await f2.next(space, 'poll.opened.3', { ...MOTION, question: 'Next?' }, t++)]
  const ids = [computeEventId(close1), computeEventId(close2)]
  const winner = ids[0]! < ids[1]! ? close1 : close2
  return {
    f1,
    clock: t,
    space,
    poll,
    setup,
    chains,
    close1,
    close2,
    after1,
    after2,
    winner,
    loser: winner === close1 ? close2 : close1,
    keys: { v0, v1, v2 },
    all: [...setup, ...chains.flat(), close1, ...after1, close2, ...after2],
  }
}

type Scenario = Awaited<ReturnType<typeof recallClosedTwice>>

function outcome(close: SignedEventOf<'poll.closed.3'>): string {
  return (close.body.result as { outcome: string }).outcome
}

/** The tie's seats as the state view gives them. */
function seats(state: SpaceState) {
  const tie = describeSpace(state).federation!.councils[council]!
  return { delegates: tie.delegates, alternates: tie.alternates }
}

/** The seats the winning close gives, had it been the poll's only close. */
function expectedSeats(s: Scenario, reelect: boolean) {
  const { v0, v1, v2 } = s.keys
  const recalled = outcome(s.winner) === 'recalled'
  if (!reelect)
    return recalled
      ? { delegates: { [v0]: 'recalled', [v1]: 'seated' }, alternates: [] }
      : { delegates: { [v0]: 'seated' }, alternates: [v1] }
  return recalled
    ? { delegates: { [v0]: 'recalled', [v1]: 'ended', [v2]: 'seated' }, alternates: [v1] }
    : { delegates: { [v0]: 'ended', [v2]: 'seated' }, alternates: [v1] }
}

test('two closes of a recall: every delivery order gives the same state hash and the seats of the lowest close id', async () => {
  const choice = fc.constantFrom<Choice>('recall', 'keep')
  await fc.assert(
    fc.asyncProperty(
      fc.tuple(
        fc.array(choice, { maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
      ),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      fc.boolean(),
      fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      async (plans, saws, reelect, orderA, orderB) => {
        const saw = (k: number) => plans.map((plan, i) => saws[k * 3 + i]! % (plan.length + 1))
        const s = await recallClosedTwice(plans, saw(0), saw(1), reelect)
        const votes = [...s.chains.flat()]
        const orders = [
          // each hub's own close first, then the other's
          [...s.setup, ...votes, s.close1, ...s.after1, s.close2, ...s.after2],
          [...s.setup, ...votes, s.close2, ...s.after2, s.close1, ...s.after1],
          // the loser, and what followed it, before the winner
          [...s.setup, ...votes, s.loser, ...s.after1, ...s.after2, s.winner],
          // the two closes and what followed them among the ballots, at random
          [
            ...s.setup,
            ...shuffle([...votes, s.close1, ...s.after1, s.close2, ...s.after2], orderA),
          ],
          shuffle(s.all, orderB),
        ]
        const hashes = new Set<string>()
        for (const order of orders) {
          const { state, held } = replica(s.space, order)
          expect(held).toEqual([])
          hashes.add(hashSpaceState(state))
          const view = describeSpace(state).polls[s.poll]!
          expect(view.result).toEqual(s.winner.body.result)
          expect(seats(state)).toEqual(expectedSeats(s, reelect))
        }
        expect(hashes.size).toBe(1)
      },
    ),
    { numRuns: 30 },
  )
})

/** Two closes that disagree: F1 saw V0's and V1's `recall` ballots (3 of 3 needed), F2 only V0's. */
async function disagreeing(reelect: boolean) {
  const s = await recallClosedTwice([['recall'], ['recall'], []], [1, 1, 0], [1, 0, 0], reelect)
  expect(outcome(s.close1)).toBe('recalled')
  expect(outcome(s.close2)).toBe('kept')
  return s
}

test('recall: a kept close with the lower id arriving second gives the seat back and unseats the alternate', async () => {
  const s = await disagreeing(false)
  const { v0, v1 } = s.keys
  const recalledFirst = [...s.setup, ...s.chains.flat(), s.close1, s.close2, ...s.after2]
  const keptFirst = [...s.setup, ...s.chains.flat(), s.close2, ...s.after2, s.close1]
  const a = replica(s.space, recalledFirst).state
  const b = replica(s.space, keptFirst).state
  expect(hashSpaceState(a)).toBe(hashSpaceState(b))
  const expected =
    s.winner === s.close2
      ? { delegates: { [v0]: 'seated' }, alternates: [v1] }
      : { delegates: { [v0]: 'recalled', [v1]: 'seated' }, alternates: [] }
  expect(seats(a)).toEqual(expected)
  expect(seats(b)).toEqual(expected)
  expect(describeSpace(a).polls[s.poll]!.result).toEqual(s.winner.body.result)
})

test('recall: when a later election followed the first close, the seats are those of the election after the winning close', async () => {
  const s = await disagreeing(true)
  const recalledFirst = [...s.setup, ...s.chains.flat(), s.close1, ...s.after1, s.close2]
  const keptFirst = [...s.setup, ...s.chains.flat(), s.close2, s.close1, ...s.after1]
  const a = replica(s.space, recalledFirst).state
  const b = replica(s.space, keptFirst).state
  expect(hashSpaceState(a)).toBe(hashSpaceState(b))
  expect(seats(a)).toEqual(expectedSeats(s, true))
  expect(seats(b)).toEqual(expectedSeats(s, true))
})

test('recall: a recall of the alternate that a superseded close seated is accepted whichever close came first', async () => {
  let s = await disagreeing(false)
  // F1's close recalled V0 and seated V1; draw again until it is the one superseded.
  while (s.winner === s.close1) s = await disagreeing(false)
  const { v0, v1 } = s.keys
  const started = await s.f1.next(
    s.space,
    'recall.started',
    { council, delegate: v1, reason: 'seated by a close that lost' },
    s.clock,
  )
  const votes = s.chains.flat()
  const recalledFirst = replica(s.space, [...s.setup, ...votes, s.close1, started, s.close2])
  const keptFirst = replica(s.space, [...s.setup, ...votes, s.close2, s.close1, started])
  for (const { state, held } of [recalledFirst, keptFirst]) {
    expect(held).toEqual([])
    expect(state.polls.has(computeEventId(started))).toBe(true)
    // The seats follow the close in effect (kept): V0 keeps the seat, V1 is the alternate again.
    expect(seats(state)).toEqual({ delegates: { [v0]: 'seated' }, alternates: [v1] })
  }
  expect(hashSpaceState(keptFirst.state)).toBe(hashSpaceState(recalledFirst.state))
  // A hub holding both closes refuses it submitted directly; one holding F1's close alone not.
  const both = replica(s.space, [...s.setup, ...votes, s.close2, s.close1]).state
  const id = computeEventId(started)
  expect(refuseActOnSupersededClose(both, started, id)).toMatchObject({
    code: 'poll.close-superseded',
  })
  const own = replica(s.space, [...s.setup, ...votes, s.close1]).state
  expect(refuseActOnSupersededClose(own, started, id)).toBeNull()
})

test('recall with one close: the seat and the state view are as before two closes existed', async () => {
  const s = await disagreeing(false)
  const { v0, v1 } = s.keys
  const { state } = replica(s.space, [...s.setup, ...s.chains.flat(), s.close1])
  expect(seats(state)).toEqual({ delegates: { [v0]: 'recalled', [v1]: 'seated' }, alternates: [] })
  const view = describeSpace(state).polls[s.poll]!
  expect(view.close).toBeUndefined()
  expect(view.superseded).toBeUndefined()
})

/** `events` ordered by the random keys `keys` (one per event; ties keep their order). */
function shuffle<T>(events: readonly T[], keys: readonly number[]): T[] {
  return events
    .map((event, i) => ({ event, key: keys[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.event)
}
