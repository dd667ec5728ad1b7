import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import { parseEvent } from './event-envelope.js'
import { applyEvent } from './apply-event.js'
import type { EventId, SpaceId } from './ids.js'
import { proposeClose, refuseLateBallot } from './poll-rules.js'
import type { Rejection } from './result.js'
import { computeEventId } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

const CLOSES_AT = 1_000
let space: SpaceId
let founder: EventAuthor
let setup: SignedEvent[]
let pollId: EventId
let before: SignedEvent[]
let after: SignedEvent

/** Folds `events` in order: the state and each event's rejection (or null). */
function fold(events: readonly SignedEvent[]): {
  state: SpaceState
  refused: (Rejection | null)[]
} {
  const state = createSpaceState(space)
  const refused = events.map((e) => applyEvent(state, e, computeEventId(e)))
  return { state, refused }
}

const pollBody = {
  question: 'Paint the hall green?',
  subject: null,
  method: 'majority' as const,
  options: ['yes', 'no'],
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'deadline-seed',
}

beforeAll(async () => {
  founder = new EventAuthor(await generateWebCryptoSigner())
  const voters = await Promise.all(
    [1, 2, 3].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  space = founder.spaceFor('deadline-nonce')
  setup = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce: 'deadline-nonce',
        name: 'Hall',
        description: '',
        languages: ['en'],
        founderName: 'Dana',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
          visibility: 'public',
        },
      },
      1,
    ),
  ]
  for (const [i, voter] of voters.entries())
    setup.push(
      await founder.next(space, 'member.admitted', { member: voter.publicKey, name: `V${i}` }, 2),
    )
  const open = await founder.next(space, 'poll.opened.3', { ...pollBody, closesAt: CLOSES_AT }, 10)
  setup.push(open)
  pollId = computeEventId(open)
  before = [
    await voters[0]!.next(space, 'ballot.cast', { poll: pollId, vote: { choice: 'yes' } }, 500),
    await voters[1]!.next(
      space,
      'ballot.cast',
      { poll: pollId, vote: { choice: 'no' } },
      CLOSES_AT,
    ),
  ]
  after = await voters[2]!.next(
    space,
    'ballot.cast',
    { poll: pollId, vote: { choice: 'yes' } },
    CLOSES_AT + 1,
  )
})

test('a ballot claimed up to the deadline is accepted; one claimed after it is refused with poll.deadline-passed', () => {
  const { state, refused } = fold([...setup, ...before, after])
  expect(refused.slice(0, -1)).toEqual(refused.slice(0, -1).map(() => null))
  expect(refused.at(-1)).toMatchObject({ code: 'poll.deadline-passed' })
  const poll = state.polls.get(pollId)!
  expect(poll.closesAt).toBe(CLOSES_AT)
  expect(poll.latest.size).toBe(2)
})

test('a deadline absent is absent from the body, so a poll without one keeps its id; a deadline at or before the opening is refused', async () => {
  const author = new EventAuthor(await generateWebCryptoSigner())
  const plain = await author.next(space, 'poll.opened.3', pollBody, 10)
  expect(Object.keys(plain.body)).not.toContain('closesAt')
  const parsed = parseEvent(JSON.parse(JSON.stringify(plain)))
  expect(parsed.ok && parsed.value.id).toBe(computeEventId(plain))
  const other = new EventAuthor(await generateWebCryptoSigner())
  const otherSpace = other.spaceFor('deadline-nonce')
  const created = await other.next(
    otherSpace,
    'assembly.created',
    (setup[0] as SignedEventOf<'assembly.created'>).body,
    1,
  )
  const bad = await other.next(otherSpace, 'poll.opened.3', { ...pollBody, closesAt: 10 }, 10)
  const good = await author.next(space, 'poll.opened.3', { ...pollBody, closesAt: 11 }, 10)
  const state = createSpaceState(otherSpace)
  expect(applyEvent(state, created, computeEventId(created))).toBeNull()
  expect(applyEvent(state, bad, computeEventId(bad))).toMatchObject({ code: 'poll.bad-deadline' })
  expect(good.body).toMatchObject({ closesAt: 11 })
})

test('replay: the same ballots are refused whatever order they arrive in, before or after the close', async () => {
  const { state: reference } = fold([...setup, ...before, after])
  const proposed = proposeClose(reference, reference.polls.get(pollId)!, CLOSES_AT + 5)
  if (!proposed.ok) throw new Error(proposed.message)
  const close = await founder.next(space, 'poll.closed.3', proposed.value, CLOSES_AT + 5)
  const referenceHash = hashSpaceState(fold([...setup, ...before, close, after]).state)
  fc.assert(
    fc.property(fc.constantFrom(...permutations([...before, after])), (order) => {
      // The close comes after the ballots it seals; the late ballot anywhere, even after the close.
      const { state, refused } = fold([...setup, ...order, close])
      expect(refused.filter((r) => r !== null).map((r) => r.code)).toEqual(['poll.deadline-passed'])
      expect(state.polls.get(pollId)!.late).toEqual([])
      expect(hashSpaceState(state)).toBe(referenceHash)
    }),
  )
})

test("a hub's ingest check refuses a ballot reaching it after the deadline, whatever time it claims", () => {
  const { state } = fold(setup)
  const early = before[0] as SignedEvent & { type: 'ballot.cast' }
  expect(refuseLateBallot(state, early, computeEventId(early), CLOSES_AT)).toBeNull()
  expect(refuseLateBallot(state, early, computeEventId(early), CLOSES_AT + 1)).toMatchObject({
    code: 'poll.deadline-passed',
  })
})

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  )
}
