import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import {
  MAX_CONVERSATION_STATEMENT_CHARS,
  MAX_IMPORTED_STATEMENTS,
  MAX_IMPORTED_VOTES,
} from './conversation-bodies.js'
import { conversationOpinionMap, conversationOpinionsInput } from './conversation-map.js'
import { conversationVotesOf } from './conversation-view.js'
import { EventAuthor } from './event-author.js'
import type { EventBodyInput, EventType } from './event-bodies.js'
import { parseEvent } from './event-envelope.js'
import type { SignedEvent } from './event-envelope.js'
import { applyEvent } from './apply-event.js'
import type { EventId, SpaceId } from './ids.js'
import type { Rejection } from './result.js'
import { computeEventId } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { describeSpace, hashSpaceState } from './state-view.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

const DIGEST = 'a'.repeat(64)

/** One space; every event goes through parseEvent, as a hub receives it, then the fold. */
class Space {
  readonly state: SpaceState
  constructor(readonly id: SpaceId) {
    this.state = createSpaceState(id)
  }
  async try<T extends EventType>(
    author: EventAuthor,
    type: T,
    body: EventBodyInput<T>,
    at = 1000,
  ): Promise<{ id: EventId; rejection: Rejection | null }> {
    author.follow(this.id, this.state.heads.get(author.publicKey) ?? null)
    const signed = await author.next(this.id, type, body, at)
    const parsed = parseEvent(JSON.parse(JSON.stringify(signed)))
    if (!parsed.ok) return { id: computeEventId(signed), rejection: parsed }
    return {
      id: parsed.value.id,
      rejection: applyEvent(this.state, parsed.value.event, parsed.value.id),
    }
  }
  async act<T extends EventType>(author: EventAuthor, type: T, body: EventBodyInput<T>, at = 1000) {
    const { id, rejection } = await this.try(author, type, body, at)
    if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
    return id
  }
  async refusal<T extends EventType>(author: EventAuthor, type: T, body: EventBodyInput<T>) {
    const before = hashSpaceState(this.state)
    const { rejection } = await this.try(author, type, body)
    expect(hashSpaceState(this.state)).toBe(before)
    return rejection?.code ?? null
  }
}

let chair: EventAuthor
let asel: EventAuthor
let bolat: EventAuthor
let outsider: EventAuthor

beforeAll(async () => {
  chair = new EventAuthor(await generateWebCryptoSigner())
  asel = new EventAuthor(await generateWebCryptoSigner())
  bolat = new EventAuthor(await generateWebCryptoSigner())
  outsider = new EventAuthor(await generateWebCryptoSigner())
})

async function hall(nonce: string): Promise<Space> {
  const space = new Space(chair.spaceFor(nonce))
  await space.act(chair, 'assembly.created', {
    nonce,
    name: 'Hall',
    description: '',
    languages: ['en'],
    founderName: 'Chair',
    rules: RULES,
  })
  await space.act(chair, 'member.admitted', { member: asel.publicKey, name: 'Asel' })
  await space.act(chair, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' })
  return space
}

const question = 'How should the park be used?'

test('conversation: a facilitator opens it; a member cannot (conversation.not-facilitator)', async () => {
  const space = await hall('conv-open-1')
  expect(describeSpace(space.state)).not.toHaveProperty('conversations')
  expect(await space.refusal(asel, 'conversation.opened', { question, source: null })).toBe(
    'conversation.not-facilitator',
  )
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  expect(describeSpace(space.state).conversations?.[conversation]).toMatchObject({
    question,
    status: 'open',
    opener: chair.publicKey,
  })
})

test("conversation: a member's statement waits; a facilitator's is accepted at once", async () => {
  const space = await hall('conv-submit-1')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const mine = await space.act(asel, 'conversation.statement-submitted', {
    conversation,
    text: 'Keep it for children',
  })
  const chairs = await space.act(chair, 'conversation.statement-submitted', {
    conversation,
    text: 'Open a market on Sundays',
  })
  const view = describeSpace(space.state).conversations![conversation]!
  expect(view.statements[mine]?.status).toBe('submitted')
  expect(view.statements[chairs]?.status).toBe('accepted')
  expect(
    await space.refusal(bolat, 'conversation.voted', { conversation, statement: mine, vote: 1 }),
  ).toBe('conversation.statement-not-accepted')
  expect(
    await space.refusal(bolat, 'conversation.statement-accepted', {
      conversation,
      statement: mine,
    }),
  ).toBe('conversation.not-facilitator')
  await space.act(chair, 'conversation.statement-accepted', { conversation, statement: mine })
  expect(
    await space.refusal(chair, 'conversation.statement-accepted', {
      conversation,
      statement: mine,
    }),
  ).toBe('conversation.already-decided')
  await space.act(bolat, 'conversation.voted', { conversation, statement: mine, vote: 1 })
  expect(describeSpace(space.state).conversations![conversation]!.statements[mine]).toMatchObject({
    status: 'accepted',
    agree: 1,
  })
})

test('conversation: a rejection keeps its reason; a statement never accepted takes no vote (conversation.statement-rejected)', async () => {
  const space = await hall('conv-reject-1')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const statement = await space.act(asel, 'conversation.statement-submitted', {
    conversation,
    text: 'Build a car park',
  })
  const rejection = await space.act(chair, 'conversation.statement-rejected', {
    conversation,
    statement,
    reason: 'Off topic: the park stays green by the city plan',
  })
  expect(
    describeSpace(space.state).conversations![conversation]!.statements[statement],
  ).toMatchObject({
    status: 'rejected',
    decision: rejection,
    reason: 'Off topic: the park stays green by the city plan',
  })
  expect(
    await space.refusal(bolat, 'conversation.voted', { conversation, statement, vote: 1 }),
  ).toBe('conversation.statement-rejected')
  expect(
    await space.refusal(chair, 'conversation.statement-rejected', {
      conversation,
      statement,
      reason: 'again',
    }),
  ).toBe('conversation.already-decided')
})

test('conversation: a vote on a statement rejected after it was accepted is kept, not mapped, whichever arrives first', async () => {
  const voters = await Promise.all(
    Array.from({ length: 4 }, async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  const base = await votingHall('conv-reject-late-1', voters)
  const [first] = base.statements
  const rejection = await chair.next(
    base.space.id,
    'conversation.statement-rejected',
    { conversation: base.conversation, statement: first!, reason: 'Duplicate of another' },
    5000,
  )
  asel.follow(base.space.id, base.space.state.heads.get(asel.publicKey) ?? null)
  const vote = await asel.next(
    base.space.id,
    'conversation.voted',
    { conversation: base.conversation, statement: first!, vote: 1 },
    4000,
  )
  const hashes: string[] = []
  for (const order of [
    [vote, rejection],
    [rejection, vote],
  ]) {
    const { space, conversation } = await votingHall('conv-reject-late-1', voters)
    for (const e of order) expect(applyEvent(space.state, e, computeEventId(e))).toBeNull()
    const view = describeSpace(space.state).conversations![conversation]!.statements[first!]!
    expect(view).toMatchObject({ status: 'rejected', agree: 1 })
    const input = conversationOpinionsInput(space.state.conversations.get(conversation)!)
    expect(input.statements.find((s) => s.id === first)?.excluded).toBe(true)
    hashes.push(hashSpaceState(space.state))
  }
  expect(hashes[1]).toBe(hashes[0])
})

test('conversation: votes are 1, -1 or 0; a changed vote replaces the earlier one', async () => {
  const space = await hall('conv-vote-1')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const statement = await space.act(chair, 'conversation.statement-submitted', {
    conversation,
    text: 'Plant more trees',
  })
  for (const vote of [2, -2, 0.5])
    expect(await space.refusal(asel, 'conversation.voted', { conversation, statement, vote })).toBe(
      'conversation.bad-vote',
    )
  await space.act(asel, 'conversation.voted', { conversation, statement, vote: -1 })
  await space.act(asel, 'conversation.voted', { conversation, statement, vote: 1 })
  await space.act(bolat, 'conversation.voted', { conversation, statement, vote: 0 })
  expect(
    describeSpace(space.state).conversations![conversation]!.statements[statement],
  ).toMatchObject({ agree: 1, disagree: 0, pass: 1 })
  const record = space.state.conversations.get(conversation)!
  expect(conversationVotesOf(record, asel.publicKey)).toEqual({ [statement]: 1 })
  expect(conversationVotesOf(record, chair.publicKey)).toEqual({})
})

test('conversation: unknown conversation and statement, outsiders and a closed conversation are refused', async () => {
  const space = await hall('conv-refuse-1')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const statement = await space.act(chair, 'conversation.statement-submitted', {
    conversation,
    text: 'Plant more trees',
  })
  const nowhere = statement // an event id that is not a conversation
  expect(
    await space.refusal(asel, 'conversation.statement-submitted', {
      conversation: nowhere,
      text: 'x',
    }),
  ).toBe('conversation.unknown')
  expect(
    await space.refusal(asel, 'conversation.voted', { conversation, statement: 'nope', vote: 1 }),
  ).toBe('conversation.unknown-statement')
  expect(
    await space.refusal(outsider, 'conversation.voted', { conversation, statement, vote: 1 }),
  ).toBe('member.not-member')
  expect(
    await space.refusal(asel, 'conversation.statement-submitted', {
      conversation,
      text: 'Plant more trees',
    }),
  ).toBe('conversation.duplicate-text')
  expect(await space.refusal(asel, 'conversation.closed', { conversation })).toBe(
    'conversation.not-facilitator',
  )
  const closed = await space.act(chair, 'conversation.closed', { conversation })
  expect(describeSpace(space.state).conversations![conversation]).toMatchObject({
    status: 'closed',
    closedBy: closed,
  })
  expect(
    await space.refusal(asel, 'conversation.voted', { conversation, statement, vote: 1 }),
  ).toBe('conversation.closed')
  expect(await space.refusal(chair, 'conversation.closed', { conversation })).toBe(
    'conversation.closed',
  )
})

test(`conversation: a statement of ${MAX_CONVERSATION_STATEMENT_CHARS} characters is taken, one more is conversation.text-too-long`, async () => {
  const space = await hall('conv-long-1')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  // CJK characters count one each, though UTF-8 takes three bytes for each
  const atLimit = '公'.repeat(MAX_CONVERSATION_STATEMENT_CHARS)
  expect(
    await space.refusal(asel, 'conversation.statement-submitted', {
      conversation,
      text: `${atLimit}園`,
    }),
  ).toBe('conversation.text-too-long')
  expect(
    await space.refusal(asel, 'conversation.statement-submitted', {
      conversation,
      text: ' \u200b',
    }),
  ).toBe('text.invisible')
  await space.act(asel, 'conversation.statement-submitted', { conversation, text: atLimit })
})

test('conversation import: only into an imported conversation, by its opener, each statement once', async () => {
  const space = await hall('conv-import-1')
  await space.act(chair, 'role.granted', { member: asel.publicKey, role: 'facilitator' })
  const source = { kind: 'polis', name: 'uberx', digest: DIGEST } as const
  const held = await space.act(chair, 'conversation.opened', { question, source: null })
  const imported = await space.act(chair, 'conversation.opened', { question, source })
  expect(await space.refusal(asel, 'conversation.opened', { question, source })).toBe(
    'conversation.already-imported',
  )
  const statements = [
    { source: '0', text: 'Regulate UberX like taxis', excluded: false },
    { source: '1', text: 'Spam', excluded: true },
  ]
  expect(
    await space.refusal(chair, 'conversation.statements-imported', {
      conversation: held,
      statements,
    }),
  ).toBe('conversation.not-imported')
  expect(
    await space.refusal(asel, 'conversation.statements-imported', {
      conversation: imported,
      statements,
    }),
  ).toBe('conversation.not-importer')
  expect(
    await space.refusal(chair, 'conversation.statements-imported', {
      conversation: imported,
      statements: [...statements, statements[0]!],
    }),
  ).toBe('conversation.duplicate-statement')
  await space.act(chair, 'conversation.statements-imported', { conversation: imported, statements })
  expect(
    await space.refusal(chair, 'conversation.statements-imported', {
      conversation: imported,
      statements: [statements[1]!],
    }),
  ).toBe('conversation.duplicate-statement')
  expect(
    await space.refusal(chair, 'conversation.votes-imported', {
      conversation: imported,
      votes: [['7', '9', 1, 5]],
    }),
  ).toBe('conversation.unknown-statement')
  expect(
    await space.refusal(chair, 'conversation.votes-imported', {
      conversation: imported,
      votes: [['7', '0', 3, 5]],
    }),
  ).toBe('conversation.bad-vote')
  // votes on a statement moderated out are kept, as Pol.is keeps them
  await space.act(chair, 'conversation.votes-imported', {
    conversation: imported,
    votes: [
      ['7', '0', 1, 5],
      ['7', '1', -1, 6],
      ['8', '0', -1, 7],
      ['7', '0', -1, 8],
    ],
  })
  const view = describeSpace(space.state).conversations![imported]!
  expect(view.participants).toBe(2)
  expect(view.statements['0']).toMatchObject({ imported: true, status: 'accepted', disagree: 2 })
  expect(view.statements['1']).toMatchObject({ status: 'rejected', disagree: 1 })
  // members carry on voting on imported statements
  await space.act(bolat, 'conversation.voted', { conversation: imported, statement: '0', vote: 1 })
  expect(describeSpace(space.state).conversations![imported]!.statements['0']!.agree).toBe(1)
})

/** A conversation of four accepted statements and the members who vote on them. */
async function votingHall(nonce: string, voters: readonly EventAuthor[]) {
  const space = await hall(nonce)
  for (const [i, voter] of voters.entries())
    await space.act(chair, 'member.admitted', { member: voter.publicKey, name: `Voter ${i}` })
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const statements: EventId[] = []
  for (const text of ['Trees', 'Benches', 'A market', 'A car park'])
    statements.push(
      await space.act(chair, 'conversation.statement-submitted', { conversation, text }),
    )
  return { space, conversation, statements }
}

test('conversation map: the same votes give the same map in whatever order members’ votes arrive', async () => {
  const voters = await Promise.all(
    Array.from({ length: 6 }, async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  const base = await votingHall('conv-order-1', voters)
  const vote = fc.constantFrom(-1, 0, 1)
  await fc.assert(
    fc.asyncProperty(
      // each voter votes on all four statements, then may change some votes
      fc.array(
        fc.tuple(
          fc.array(vote, { minLength: 4, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(3), vote), { maxLength: 3 }),
        ),
        { minLength: 6, maxLength: 6 },
      ),
      fc.infiniteStream(fc.nat()),
      async (ballots, picks) => {
        const { space, conversation, statements } = await votingHall('conv-order-1', voters)
        const chains: SignedEvent[][] = []
        for (const [i, [first, changes]] of ballots.entries()) {
          const voter = voters[i]!
          voter.follow(space.id, space.state.heads.get(voter.publicKey) ?? null)
          const chain: SignedEvent[] = []
          const votes: [number, number][] = [
            ...first.map((v, s) => [s, v] as [number, number]),
            ...changes,
          ]
          for (const [n, [s, v]] of votes.entries()) {
            chain.push(
              await voter.next(
                space.id,
                'conversation.voted',
                {
                  conversation,
                  statement: statements[s]!,
                  vote: v,
                },
                2000 + n,
              ),
            )
          }
          chains.push(chain)
        }
        // fold in chain order, then in an interleaving the stream picks (each chain kept in order)
        const inOrder = await votingHall('conv-order-1', voters)
        for (const e of chains.flat())
          expect(applyEvent(inOrder.space.state, e, computeEventId(e))).toBeNull()
        const shuffled = await votingHall('conv-order-1', voters)
        const queues = chains.map((c) => [...c])
        const it = picks[Symbol.iterator]()
        while (queues.some((q) => q.length > 0)) {
          const open = queues.filter((q) => q.length > 0)
          const e = open[(it.next().value as number) % open.length]!.shift()!
          expect(applyEvent(shuffled.space.state, e, computeEventId(e))).toBeNull()
        }
        expect(hashSpaceState(shuffled.space.state)).toBe(hashSpaceState(inOrder.space.state))
        // the counts kept as votes arrive are the latest votes counted afresh
        const record = shuffled.space.state.conversations.get(conversation)!
        for (const [statement, votes] of record.votes) {
          const values = [...votes.values()].map((v) => v.vote)
          expect(record.counts.get(statement)).toEqual({
            agree: values.filter((v) => v === 1).length,
            disagree: values.filter((v) => v === -1).length,
            pass: values.filter((v) => v === 0).length,
          })
        }
        const a = conversationOpinionMap(inOrder.space.state.conversations.get(conversation)!)
        const b = conversationOpinionMap(shuffled.space.state.conversations.get(conversation)!)
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
      },
    ),
    { numRuns: 12 },
  )
  expect(base.space.state.conversations.size).toBe(1)
})

test('conversation map: drawn from the folded votes, seeded with the conversation id, cached until a vote changes', async () => {
  const voters = await Promise.all(
    Array.from({ length: 6 }, async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  const { space, conversation, statements } = await votingHall('conv-map-1', voters)
  const record = space.state.conversations.get(conversation)!
  const early = conversationOpinionMap(record)
  expect(early.ok).toBe(false)
  // two camps: the first three agree with trees and benches, the rest with the market and car park
  for (const [i, voter] of voters.entries()) {
    for (const [s, statement] of statements.entries()) {
      const vote = i < 3 === s < 2 ? 1 : -1
      await space.act(voter, 'conversation.voted', { conversation, statement, vote }, 3000 + i)
    }
  }
  const map = conversationOpinionMap(record)
  if (!map.ok) throw new Error(map.message)
  expect(map.report.method.seed).toBe(conversation)
  expect(map.report.groups).toHaveLength(2)
  const groupOf = new Map(map.report.participants.map((p) => [p.id, p.group]))
  expect(groupOf.get(voters[0]!.publicKey)).toBe(groupOf.get(voters[2]!.publicKey))
  expect(groupOf.get(voters[0]!.publicKey)).not.toBe(groupOf.get(voters[5]!.publicKey))
  expect(conversationOpinionMap(record)).toBe(map)
  await space.act(asel, 'conversation.voted', { conversation, statement: statements[0]!, vote: 0 })
  expect(conversationOpinionMap(record)).not.toBe(map)
})

test(`conversation import: ${MAX_IMPORTED_VOTES} votes and ${MAX_IMPORTED_STATEMENTS} statements fit one event; one more of either is malformed`, async () => {
  const space = await hall('conv-import-limits-1')
  const source = { kind: 'polis', name: 'limits', digest: DIGEST } as const
  const conversation = await space.act(chair, 'conversation.opened', { question, source })
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ source: `s${i}`, text: `Idea ${i}`, excluded: false }))
  expect(
    await space.refusal(chair, 'conversation.statements-imported', {
      conversation,
      statements: statements(MAX_IMPORTED_STATEMENTS + 1),
    }),
  ).toBe('event.malformed')
  await space.act(chair, 'conversation.statements-imported', {
    conversation,
    statements: statements(MAX_IMPORTED_STATEMENTS),
  })
  const votes = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => [`p${i}`, `s${i % 10}`, 1, null] as [string, string, number, null],
    )
  expect(
    await space.refusal(chair, 'conversation.votes-imported', {
      conversation,
      votes: votes(MAX_IMPORTED_VOTES + 1),
    }),
  ).toBe('event.malformed')
  await space.act(chair, 'conversation.votes-imported', {
    conversation,
    votes: votes(MAX_IMPORTED_VOTES),
  })
  expect(describeSpace(space.state).conversations![conversation]!.participants).toBe(
    MAX_IMPORTED_VOTES,
  )
})

test('conversation close in view: whichever side of the close a vote arrives on, every replica ends the same, counting the votes the closer saw', async () => {
  const voters = await Promise.all(
    Array.from({ length: 4 }, async () => new EventAuthor(await generateWebCryptoSigner())),
  )
  const vote = fc.constantFrom(-1, 0, 1)
  await fc.assert(
    fc.asyncProperty(
      // each voter's chain of votes (statement, value), and how much of it the closer saw
      fc.array(fc.tuple(fc.array(fc.tuple(fc.nat(3), vote), { maxLength: 5 }), fc.nat()), {
        minLength: 4,
        maxLength: 4,
      }),
      fc.infiniteStream(fc.nat()),
      fc.infiniteStream(fc.nat()),
      async (plans, picksA, picksB) => {
        const { space, conversation, statements } = await votingHall('conv-close-1', voters)
        const chains: SignedEvent[][] = []
        // The chair saw its own statements; of each voter, the first votes of their chain.
        const seen: Record<string, number> = {
          [chair.publicKey]: space.state.heads.get(chair.publicKey)!.seq,
        }
        const expected = new Map<string, Map<string, number>>()
        let beyond = 0
        for (const [i, [votes, saw]] of plans.entries()) {
          const voter = voters[i]!
          voter.follow(space.id, space.state.heads.get(voter.publicKey) ?? null)
          const chain: SignedEvent[] = []
          for (const [n, [s, v]] of votes.entries())
            chain.push(
              await voter.next(
                space.id,
                'conversation.voted',
                { conversation, statement: statements[s]!, vote: v },
                2000 + n,
              ),
            )
          const within = votes.length === 0 ? 0 : saw % (votes.length + 1)
          if (within > 0) seen[voter.publicKey] = chain[within - 1]!.seq
          beyond += votes.length - within
          for (const [s, v] of votes.slice(0, within)) {
            const of = expected.get(statements[s]!) ?? new Map<string, number>()
            of.set(voter.publicKey, v)
            expected.set(statements[s]!, of)
          }
          chains.push(chain)
        }
        chair.follow(space.id, space.state.heads.get(chair.publicKey) ?? null)
        const close = await chair.next(
          space.id,
          'conversation.closed.2',
          { conversation, seen },
          9000,
        )

        /** Folds the chains in the order `picks` gives, the close among them (parked until due). */
        const replica = async (picks: Iterable<number>) => {
          const { space: r } = await votingHall('conv-close-1', voters)
          const queues: SignedEvent[][] = [...chains.map((c) => [...c]), [close]]
          let parked: SignedEvent | null = null
          const it = picks[Symbol.iterator]()
          const fold = (e: SignedEvent): void => {
            const rejection = applyEvent(r.state, e, computeEventId(e))
            if (rejection?.code === 'conversation.close-ahead') parked = e
            else expect(rejection).toBeNull()
          }
          while (queues.some((q) => q.length > 0)) {
            const open = queues.filter((q) => q.length > 0)
            fold(open[(it.next().value as number) % open.length]!.shift()!)
            if (parked !== null && r.state.conversations.get(conversation)!.status === 'open') {
              const waiting: SignedEvent = parked
              parked = null
              fold(waiting)
            }
          }
          expect(parked).toBeNull()
          return r.state
        }
        const a = await replica(picksA)
        const b = await replica(picksB)
        expect(hashSpaceState(b)).toBe(hashSpaceState(a))
        const record = a.conversations.get(conversation)!
        expect(record.status).toBe('closed')
        const kept = new Map(
          [...record.votes].map(([s, votes]) => [
            s,
            new Map([...votes].map(([voter, v]) => [voter, v.vote as number])),
          ]),
        )
        expect(kept).toEqual(expected)
        expect(record.late.size).toBe(beyond)
        expect(JSON.stringify(conversationOpinionMap(b.conversations.get(conversation)!))).toBe(
          JSON.stringify(conversationOpinionMap(record)),
        )
      },
    ),
    { numRuns: 25 },
  )
})

test('conversation close in view: a statement and a decision the closer had not seen are undone; a later vote is kept as late', async () => {
  const space = await hall('conv-close-2')
  const conversation = await space.act(chair, 'conversation.opened', { question, source: null })
  const trees = await space.act(asel, 'conversation.statement-submitted', {
    conversation,
    text: 'Trees',
  })
  await space.act(chair, 'conversation.statement-accepted', { conversation, statement: trees })
  await space.act(asel, 'conversation.voted', { conversation, statement: trees, vote: 1 })
  // What the chair saw: up to here.
  const seen = {
    [chair.publicKey]: space.state.heads.get(chair.publicKey)!.seq,
    [asel.publicKey]: space.state.heads.get(asel.publicKey)!.seq,
  }
  // Reaching this replica before the close, beyond what the chair saw.
  await space.act(chair, 'conversation.statement-rejected', {
    conversation,
    statement: trees,
    reason: 'off topic',
  })
  await space.act(asel, 'conversation.voted', { conversation, statement: trees, vote: -1 })
  const benches = await space.act(bolat, 'conversation.statement-submitted', {
    conversation,
    text: 'Benches',
  })
  await space.act(chair, 'conversation.closed.2', { conversation, seen })
  const record = space.state.conversations.get(conversation)!
  expect(record.statements.has(benches)).toBe(false)
  expect(record.statements.get(trees)).toMatchObject({ status: 'accepted', reason: null })
  expect(conversationVotesOf(record, asel.publicKey)).toEqual({ [trees]: 1 })
  expect(record.counts.get(trees)).toEqual({ agree: 1, disagree: 0, pass: 0 })
  expect(record.late.size).toBe(3)
  // After the close: kept as late, nothing changes.
  const before = hashSpaceState(space.state)
  await space.act(bolat, 'conversation.voted', { conversation, statement: trees, vote: -1 })
  expect(record.counts.get(trees)).toEqual({ agree: 1, disagree: 0, pass: 0 })
  expect(record.late.size).toBe(4)
  expect(hashSpaceState(space.state)).not.toBe(before)
  expect(describeSpace(space.state).conversations![conversation]).toMatchObject({ late: 4 })
})
