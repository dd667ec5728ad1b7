// Two facilitators closing one conversation at once on two hubs (issue #15), each with their own
// view: every replica must end with the same conversation whatever order the events reach it in.
// Both closes stand; the lowest id takes effect (the conversation is folded again from its own
// events when that close comes second); the other is late and listed as superseded.
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { conversationCloseView, refuseStaleConversationClose } from './conversation-rules.js'
import { EventAuthor } from './event-author.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import { computeEventId } from './signing.js'
import { describeSpace, hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'
import { replica, twoFacilitatorHall } from './test-support/two-facilitators.js'

let voters: EventAuthor[]

beforeAll(async () => {
  voters = await Promise.all(
    [1, 2, 3].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
})

/**
 * Facilitators F1 (the founder) and F2, three voters; a conversation with two statements of F1's
 * and one of voter 0's that F2 accepts. Each voter votes by `plans` (statement index, value); F1
 * closes having seen `saw1[i]` of voter i's votes, F2 `saw2[i]`; each then opens another
 * conversation (their later event).
 */
async function twoCloses(plans: [number, number][][], saw1: number[], saw2: number[]) {
  const hall = await twoFacilitatorHall('conv-two-closes', voters)
  const { f1, f2, space, setup } = hall
  let t = hall.clock
  const opened = await f1.next(
    space,
    'conversation.opened',
    { question: 'Park?', source: null },
    t++,
  )
  setup.push(opened)
  const conversation = computeEventId(opened)
  const statements = []
  for (const text of ['Trees', 'Benches']) {
    const e = await f1.next(space, 'conversation.statement-submitted', { conversation, text }, t++)
    setup.push(e)
    statements.push(computeEventId(e))
  }
  const chains: SignedEvent[][] = []
  for (const [i, plan] of plans.entries()) {
    voters[i]!.follow(space, null)
    const chain: SignedEvent[] = []
    if (i === 0) {
      const own = await voters[0]!.next(
        space,
        'conversation.statement-submitted',
        { conversation, text: 'A market' },
        t++,
      )
      chain.push(own)
      statements.push(computeEventId(own))
    }
    for (const [s, vote] of plan)
      chain.push(
        await voters[i]!.next(
          space,
          'conversation.voted',
          { conversation, statement: statements[s % (i === 0 ? 3 : 2)]!, vote },
          t++,
        ),
      )
    chains.push(chain)
  }
  // F2 accepts voter 0's statement before closing; F1 never sees that acceptance.
  const accepted = await f2.next(
    space,
    'conversation.statement-accepted',
    { conversation, statement: statements[2]! },
    t++,
  )
  const closeAs = async (closer: EventAuthor, saw: number[], extra: SignedEvent[]) => {
    const held = [...setup, ...chains.flatMap((chain, i) => chain.slice(0, saw[i])), ...extra]
    const { state } = replica(space, held)
    const seen = conversationCloseView(state, state.conversations.get(conversation)!)
    const event = await closer.next(space, 'conversation.closed.2', { conversation, seen }, t++)
    return event as SignedEventOf<'conversation.closed.2'>
  }
  const close1 = await closeAs(f1, saw1, [])
  const close2 = await closeAs(f2, saw2, [accepted])
  const later = (f: EventAuthor, question: string) =>
    f.next(space, 'conversation.opened', { question, source: null }, t++)
  const later1 = await later(f1, 'Next (F1)?')
  const later2 = await later(f2, 'Next (F2)?')
  return { space, conversation, setup, chains, accepted, close1, close2, later1, later2 }
}

test('two conversation closes with different views: every delivery order gives the same conversation, the lowest close id in effect', async () => {
  const vote = fc.tuple(fc.nat(2), fc.constantFrom(-1, 0, 1))
  await fc.assert(
    fc.asyncProperty(
      fc.tuple(
        fc.array(vote, { maxLength: 3 }),
        fc.array(vote, { maxLength: 3 }),
        fc.array(vote, { maxLength: 3 }),
      ),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
      fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
      async (plans, saws, orderA, orderB) => {
        // Voter 0's chain starts with their statement, which both closers saw.
        const saw = (k: number) =>
          plans.map((plan, i) =>
            i === 0 ? 1 + (saws[k * 3]! % (plan.length + 1)) : saws[k * 3 + i]! % (plan.length + 1),
          )
        const s = await twoCloses(plans, saw(0), saw(1))
        const [winner, loser] =
          computeEventId(s.close1) < computeEventId(s.close2)
            ? [s.close1, s.close2]
            : [s.close2, s.close1]
        const all = [
          ...s.setup,
          ...s.chains.flat(),
          s.accepted,
          s.close2,
          s.later2,
          s.close1,
          s.later1,
        ]
        const orders = [
          [...s.setup, ...s.chains.flat(), s.close1, s.later1, s.accepted, s.close2, s.later2],
          all,
          shuffle(all, orderA),
          shuffle(all, orderB),
        ]
        // The winner alone, on a replica that never saw the other close: the same conversation.
        const alone = replica(
          s.space,
          all.filter((e) => e !== loser),
        ).state.conversations.get(s.conversation)!
        const hashes = new Set<string>()
        for (const order of orders) {
          const { state, held } = replica(s.space, order)
          expect(held).toEqual([])
          hashes.add(hashSpaceState(state))
          const view = describeSpace(state).conversations![s.conversation]!
          expect(view.closedBy).toBe(computeEventId(winner))
          expect(view.superseded).toEqual([{ close: computeEventId(loser), by: loser.author }])
          const record = state.conversations.get(s.conversation)!
          expect(new Map(record.counts)).toEqual(new Map(alone.counts))
          expect([...record.late].sort()).toEqual([...alone.late, computeEventId(loser)].sort())
          expect(state.conversations.has(computeEventId(s.later1))).toBe(true)
          expect(state.conversations.has(computeEventId(s.later2))).toBe(true)
        }
        expect(hashes.size).toBe(1)
      },
    ),
    { numRuns: 25 },
  )
})

test('a hub holding a conversation close refuses a second close submitted to it directly', async () => {
  const s = await twoCloses([[], [], []], [1, 0, 0], [1, 0, 0])
  const { state } = replica(s.space, [...s.setup, ...s.chains.flat(), s.close1])
  const id2 = computeEventId(s.close2)
  expect(refuseStaleConversationClose(state, s.close2, id2)).toMatchObject({
    code: 'conversation.closed',
  })
})

/** `events` ordered by the random keys `keys` (one per event; ties keep their order). */
function shuffle<T>(events: readonly T[], keys: readonly number[]): T[] {
  return events
    .map((event, i) => ({ event, key: keys[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.event)
}
