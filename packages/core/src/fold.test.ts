import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import { parseEvent } from './event-envelope.js'
import type { SignedEvent } from './event-envelope.js'
import { applyEvent } from './apply-event.js'
import type { EventId, SpaceId } from './ids.js'
import { computePollResult } from './poll-methods.js'
import { computeEventId, verifyEventSignatures } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner, webCryptoVerifier } from './webcrypto-ed25519.js'

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 50 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

function replay(space: SpaceId, events: readonly SignedEvent[]): SpaceState {
  const state = createSpaceState(space)
  for (const event of events) {
    const rejection = applyEvent(state, event, computeEventId(event))
    if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
  }
  return state
}

let space: SpaceId
let setup: SignedEvent[]
let pollId: EventId
/** Each voter's ballots, in the voter's own order (the second is a recast). */
let ballotsByVoter: SignedEvent[][]

beforeAll(async () => {
  const founder = new EventAuthor(await generateWebCryptoSigner())
  const voters = await Promise.all(
    [1, 2, 3, 4, 5].map(async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  space = founder.spaceFor('fold-test-nonce')
  setup = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce: 'fold-test-nonce',
        name: 'Workshop assembly',
        description: '',
        languages: ['ru', 'kk'],
        founderName: 'Aigerim',
        rules: RULES,
      },
      1,
    ),
  ]
  for (const [i, voter] of voters.entries()) {
    setup.push(
      await founder.next(
        space,
        'member.admitted',
        { member: voter.publicKey, name: `Worker ${i + 1}` },
        2 + i,
      ),
    )
  }
  const open = await founder.next(
    space,
    'poll.opened',
    {
      question: 'Strike on Monday?',
      proposal: null,
      method: 'majority',
      options: ['strike', 'wait'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'fold-test-seed',
    },
    10,
  )
  setup.push(open)
  pollId = computeEventId(open)
  ballotsByVoter = []
  for (const [i, voter] of voters.entries()) {
    const first = await voter.next(
      space,
      'ballot.cast',
      { poll: pollId, vote: { choice: i % 2 === 0 ? 'strike' : 'wait' } },
      20 + i,
    )
    const recast = await voter.next(
      space,
      'ballot.cast',
      { poll: pollId, vote: { choice: 'strike' } },
      30 + i,
    )
    ballotsByVoter.push(i < 3 ? [first, recast] : [first])
  }
})

test('events signed with WebCrypto parse, verify and fold', async () => {
  for (const event of [...setup, ...ballotsByVoter.flat()]) {
    const parsed = parseEvent(JSON.parse(JSON.stringify(event)))
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(parsed.value.id).toBe(computeEventId(event))
    expect(await verifyEventSignatures(event, webCryptoVerifier)).toBe('ok')
  }
  const state = replay(space, [...setup, ...ballotsByVoter.flat()])
  expect(state.polls.get(pollId)?.latest.size).toBe(5)
  expect(state.members.size).toBe(6)
})

test('fold: any interleaving of the voters’ ballots gives the same state hash', () => {
  const reference = hashSpaceState(replay(space, [...setup, ...ballotsByVoter.flat()]))
  fc.assert(
    fc.property(fc.array(fc.nat(4), { minLength: 8, maxLength: 8 }), (picks) => {
      // Merge the voters' chains in an order driven by `picks`, keeping each voter's own order.
      const queues = ballotsByVoter.map((chain) => [...chain])
      const merged: SignedEvent[] = []
      for (const pick of [...picks, 0, 1, 2, 3, 4, 0, 1, 2]) {
        const queue =
          queues.find((q, i) => i >= pick % queues.length && q.length > 0) ??
          queues.find((q) => q.length > 0)
        const next = queue?.shift()
        if (next !== undefined) merged.push(next)
      }
      expect(merged).toHaveLength(8)
      expect(hashSpaceState(replay(space, [...setup, ...merged]))).toBe(reference)
    }),
  )
})

test('fold: the sealed result counts each voter’s last ballot, whatever order the seal lists them', () => {
  const state = replay(space, [...setup, ...ballotsByVoter.flat()])
  const poll = state.polls.get(pollId)!
  const seal = [...poll.latest.values()]
  const result = computePollResult(
    poll,
    seal.map((id) => poll.ballots.get(id)!.vote),
    { quorum: 3 },
  )
  expect(result.ok && result.value).toMatchObject({
    outcome: 'adopted',
    winner: 'strike',
    counts: [
      { option: 'strike', votes: 4 },
      { option: 'wait', votes: 1 },
    ],
  })
})

test('parse: a body nested too deeply or holding non-JSON values is malformed, never a crash', () => {
  const base = {
    v: 1,
    space: 'AAAAAAAAAAAAAAAAAAAAAA',
    author: 'A'.repeat(43),
    seq: 1,
    prev: null,
    type: 'ballot.cast',
    at: 0,
    sig: 'A'.repeat(86),
  }
  let deep: unknown = 1
  for (let i = 0; i < 100_000; i++) deep = [deep]
  const nested = parseEvent({ ...base, body: { poll: 'A'.repeat(43), vote: deep } })
  expect(nested).toMatchObject({ ok: false, code: 'event.malformed' })
  const notJson = parseEvent({ ...base, body: { poll: 'A'.repeat(43), vote: Number.NaN } })
  expect(notJson).toMatchObject({ ok: false, code: 'event.malformed' })
})

test('fold: a member granted the facilitator role after voting moves the facilitators’ clock, and no longer once it is revoked', async () => {
  // The fold remembers that an author is no facilitator (`AuthorHead.plainAt`) until a member's
  // record changes; a grant or a revoke between two of the author's ballots must be seen.
  const founder = new EventAuthor(await generateWebCryptoSigner())
  const member = new EventAuthor(await generateWebCryptoSigner())
  const hall = founder.spaceFor('fold-clock-nonce')
  const events = [
    await founder.next(
      hall,
      'assembly.created',
      {
        nonce: 'fold-clock-nonce',
        name: 'Clock assembly',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: RULES,
      },
      1,
    ),
    await founder.next(hall, 'member.admitted', { member: member.publicKey, name: 'M' }, 2),
  ]
  const open = await founder.next(
    hall,
    'poll.opened',
    {
      question: 'Which day?',
      proposal: null,
      method: 'majority',
      options: ['monday', 'friday'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'fold-clock-seed',
    },
    3,
  )
  events.push(open)
  const poll = computeEventId(open)
  const state = replay(hall, events)
  const fold = async (signed: Promise<SignedEvent>): Promise<void> => {
    const event = await signed
    expect(applyEvent(state, event, computeEventId(event))).toBeNull()
  }
  await fold(member.next(hall, 'ballot.cast', { poll, vote: { choice: 'monday' } }, 100))
  await fold(member.next(hall, 'ballot.cast', { poll, vote: { choice: 'friday' } }, 110))
  expect(state.facilitatorClock).toBe(3)
  await fold(
    founder.next(hall, 'role.granted', { member: member.publicKey, role: 'facilitator' }, 120),
  )
  expect(state.facilitatorClock).toBe(120)
  await fold(member.next(hall, 'ballot.cast', { poll, vote: { choice: 'monday' } }, 200))
  expect(state.facilitatorClock).toBe(200)
  await fold(
    founder.next(hall, 'role.revoked', { member: member.publicKey, role: 'facilitator' }, 210),
  )
  await fold(member.next(hall, 'ballot.cast', { poll, vote: { choice: 'friday' } }, 300))
  expect(state.facilitatorClock).toBe(210)
})

test('fold: a member removed or gone after voting is no longer admitted, though the fold remembers it was active', async () => {
  // The fold remembers that an author is an active member without a role (`AuthorHead.activeAt`)
  // until a member's record changes, and then does not read the record; a removal by another
  // author, or the member's own leaving, between two of its ballots must be seen.
  const founder = new EventAuthor(await generateWebCryptoSigner())
  const removed = new EventAuthor(await generateWebCryptoSigner())
  const leaving = new EventAuthor(await generateWebCryptoSigner())
  const hall = founder.spaceFor('fold-active-nonce')
  const events = [
    await founder.next(
      hall,
      'assembly.created',
      {
        nonce: 'fold-active-nonce',
        name: 'Active assembly',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: RULES,
      },
      1,
    ),
    await founder.next(hall, 'member.admitted', { member: removed.publicKey, name: 'R' }, 2),
    await founder.next(hall, 'member.admitted', { member: leaving.publicKey, name: 'L' }, 3),
  ]
  const open = await founder.next(
    hall,
    'poll.opened',
    {
      question: 'Which day?',
      proposal: null,
      method: 'majority',
      options: ['monday', 'friday'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'fold-active-seed',
    },
    4,
  )
  events.push(open)
  const poll = computeEventId(open)
  const state = replay(hall, events)
  const fold = async (signed: Promise<SignedEvent>): Promise<string | null> => {
    const event = await signed
    return applyEvent(state, event, computeEventId(event))?.code ?? null
  }
  for (const [at, choice] of [
    [100, 'monday'],
    [110, 'friday'],
  ] as const) {
    expect(await fold(removed.next(hall, 'ballot.cast', { poll, vote: { choice } }, at))).toBeNull()
    expect(
      await fold(leaving.next(hall, 'ballot.cast', { poll, vote: { choice } }, at + 1)),
    ).toBeNull()
  }
  expect(state.heads.get(removed.publicKey)?.activeAt).toBe(state.memberEpoch)
  expect(
    await fold(
      founder.next(hall, 'member.removed', { member: removed.publicKey, reason: 'gone' }, 120),
    ),
  ).toBeNull()
  expect(
    await fold(removed.next(hall, 'ballot.cast', { poll, vote: { choice: 'monday' } }, 200)),
  ).toBe('member.not-member')
  expect(await fold(leaving.next(hall, 'member.left', {}, 210))).toBeNull()
  expect(
    await fold(leaving.next(hall, 'ballot.cast', { poll, vote: { choice: 'monday' } }, 220)),
  ).toBe('member.not-member')
})
