// Two facilitators closing one poll at once on two hubs (issue #15): each close is valid against
// its own view, and every replica must end with the same poll whatever order the events reach it
// in. Both closes stay in the log; the one with the lowest id takes effect, the other is listed as
// superseded, and every later event of either closer is accepted.
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import { EventAuthor } from './event-author.js'
import { refuseStaleClose } from './poll-rules.js'
import { computeEventId } from './signing.js'
import { describeSpace, hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'
import { castAndCloseTwice, replica, twoFacilitatorHall } from './test-support/two-facilitators.js'

let voters: EventAuthor[]

beforeAll(async () => {
  voters = await Promise.all(
    [1, 2, 3].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
})

const POLL = {
  question: 'Paint the hall green?',
  subject: null,
  method: 'majority' as const,
  options: ['yes', 'no'],
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'two-closes-seed',
}

/**
 * An assembly of facilitators F1 (the founder) and F2 and three voters with a poll open; each
 * voter casts the ballots of `plans`; F1 closes having seen `saw1[i]` of voter i's ballots, F2
 * having seen `saw2[i]`, and each then opens another poll (their later event).
 */
async function twoCloses(plans: readonly string[][], saw1: number[], saw2: number[]) {
  const hall = await twoFacilitatorHall('two-closes', voters)
  const { f1, f2, space, setup } = hall
  let t = hall.clock
  const open = await f1.next(space, 'poll.opened.3', POLL, t++)
  setup.push(open)
  const poll = computeEventId(open)
  const cast = await castAndCloseTwice(hall, voters, poll, plans, saw1, saw2, t)
  const { chains, close1, close2 } = cast
  t = cast.clock
  const later1 = await f1.next(space, 'poll.opened.3', { ...POLL, question: 'Next (F1)?' }, t++)
  const later2 = await f2.next(space, 'poll.opened.3', { ...POLL, question: 'Next (F2)?' }, t++)
  return {
    space,
    poll,
    setup,
    chains,
    close1,
    close2,
    later1,
    later2,
    all: [...setup, ...chains.flat(), close1, later1, close2, later2],
  }
}

test('two closes with different views: every delivery order gives the same poll, the lowest close id in effect', async () => {
  const choice = fc.constantFrom('yes', 'no')
  await fc.assert(
    fc.asyncProperty(
      // voter 0 casts at least one ballot that both closers saw, so each close counts something
      fc.tuple(
        fc.array(choice, { minLength: 1, maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
        fc.array(choice, { maxLength: 3 }),
      ),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      async (plans, saws, orderA, orderB) => {
        const saw = (k: number) =>
          plans.map((plan, i) => Math.max(i === 0 ? 1 : 0, saws[k * 3 + i]! % (plan.length + 1)))
        const s = await twoCloses(plans, saw(0), saw(1))
        const id1 = computeEventId(s.close1)
        const id2 = computeEventId(s.close2)
        const [winner, loser] = id1 < id2 ? [s.close1, s.close2] : [s.close2, s.close1]
        const hashes = new Set<string>()
        // Each hub gets its own close first, then the rest; and two random orders.
        const orders = [
          [...s.setup, ...s.chains.flat(), s.close1, s.later1, s.close2, s.later2],
          [...s.setup, ...s.chains.flat(), s.close2, s.later2, s.close1, s.later1],
          shuffle(s.all, orderA),
          shuffle(s.all, orderB),
        ]
        for (const order of orders) {
          const { state, held } = replica(s.space, order)
          expect(held).toEqual([])
          hashes.add(hashSpaceState(state))
          const view = describeSpace(state).polls[s.poll]!
          expect(view.status).toBe('closed')
          expect(view.result).toEqual(winner.body.result)
          expect(view.close).toBe(computeEventId(winner))
          expect(view.superseded).toEqual([
            expect.objectContaining({
              close: computeEventId(loser),
              by: loser.author,
              result: loser.body.result,
            }),
          ])
          // Ballots beyond the winning close's view are late, whatever arrived when.
          const seen = winner.body.seen as Record<string, number>
          const late = s.chains
            .flat()
            .filter((b) => b.seq > (seen[b.author] ?? 0))
            .map((b) => computeEventId(b))
            .sort()
          expect(view.late ?? []).toEqual(late)
          // Both closers' later events stand.
          expect(state.polls.has(computeEventId(s.later1))).toBe(true)
          expect(state.polls.has(computeEventId(s.later2))).toBe(true)
        }
        expect(hashes.size).toBe(1)
      },
    ),
    { numRuns: 25 },
  )
})

test('a hub holding a close refuses a second close submitted to it directly, while replication takes it', async () => {
  const s = await twoCloses([['yes'], ['no'], []], [1, 1, 0], [1, 0, 0])
  const { state } = replica(s.space, [...s.setup, ...s.chains.flat(), s.close1])
  const id2 = computeEventId(s.close2)
  expect(refuseStaleClose(state, s.close2, id2)).toMatchObject({ code: 'poll.closed' })
  expect(applyEvent(state, s.close2, id2)).toBeNull()
})

test('one close: the poll carries no close or superseded entry, as before', async () => {
  const s = await twoCloses([['yes'], ['no'], ['yes']], [1, 1, 1], [1, 1, 1])
  const { state } = replica(s.space, [...s.setup, ...s.chains.flat(), s.close1])
  const view = describeSpace(state).polls[s.poll]!
  expect(view.close).toBeUndefined()
  expect(view.superseded).toBeUndefined()
  expect(view.result).toEqual(s.close1.body.result)
})

/** `events` ordered by the random keys `keys` (one per event; ties keep their order). */
function shuffle<T>(events: readonly T[], keys: readonly number[]): T[] {
  return events
    .map((event, i) => ({ event, key: keys[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.event)
}
