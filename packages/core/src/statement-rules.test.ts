import { beforeAll, expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventBodyInput, EventType } from './event-bodies.js'
import { applyEvent } from './apply-event.js'
import type { FoldContext } from './foreign-context.js'
import type { EventId, SpaceId } from './ids.js'
import { computeCloseResult, proposeSeal } from './poll-rules.js'
import type { PollSubject } from './poll-subject.js'
import type { Rejection } from './result.js'
import { computeEventId } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { describeSpace } from './state-view.js'
import { formatStatementProof, verifyStatementProof } from './statement-proof.js'
import { statementDocument } from './statement-view.js'
import { generateWebCryptoSigner, webCryptoVerifier } from './webcrypto-ed25519.js'

/** A `poll.opened.3` body: a majority vote, first option adopts. */
const POLL = (subject: PollSubject | null): EventBodyInput<'poll.opened.3'> => ({
  question: 'Adopt?',
  subject,
  method: 'majority',
  options: ['yes', 'no'],
  voters: 'members',
  threshold: { num: 1, den: 2 },
  seats: 1,
  scoreRange: null,
  tieBreakSeed: 'statement-seed',
})

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

/** One space replayed as events are added, keeping its log. */
class Space {
  readonly state: SpaceState
  readonly log: SignedEvent[] = []
  readonly foreign = new Map<EventId, SignedEvent>()
  #at = 1
  constructor(readonly id: SpaceId) {
    this.state = createSpaceState(id)
  }
  async try<T extends EventType>(
    author: EventAuthor,
    type: T,
    body: EventBodyInput<T>,
  ): Promise<{ id: EventId; rejection: Rejection | null }> {
    const head = this.state.heads.get(author.publicKey)
    author.follow(this.id, head ?? null)
    const event = await author.next(this.id, type, body, this.#at++)
    const id = computeEventId(event)
    const context: FoldContext = { foreign: this.foreign }
    const rejection = applyEvent(this.state, event, id, context)
    if (rejection === null) this.log.push(event)
    return { id, rejection }
  }
  async act<T extends EventType>(author: EventAuthor, type: T, body: EventBodyInput<T>) {
    const { id, rejection } = await this.try(author, type, body)
    if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
    return id
  }
  /** Opens a majority poll on `subject`, has `voters` vote for its first option, and closes it. */
  async decide(
    facilitator: EventAuthor,
    voters: EventAuthor[],
    subject: PollSubject | null,
  ): Promise<EventId> {
    return this.vote(
      facilitator,
      voters,
      await this.act(facilitator, 'poll.opened.3', POLL(subject)),
    )
  }
  /** The same with the older poll type, which names at most a proposal. */
  async decideOld(
    facilitator: EventAuthor,
    voters: EventAuthor[],
    proposal: EventId | null,
  ): Promise<EventId> {
    const { subject: _subject, seats: _seats, scoreRange: _range, ...body } = POLL(null)
    const opened = { ...body, proposal, method: 'majority' } as const
    return this.vote(facilitator, voters, await this.act(facilitator, 'poll.opened', opened))
  }
  async vote(facilitator: EventAuthor, voters: EventAuthor[], poll: EventId): Promise<EventId> {
    for (const voter of voters)
      await this.act(voter, 'ballot.cast', { poll, vote: { choice: 'yes' } })
    const record = this.state.polls.get(poll)!
    const ballots = proposeSeal(record) as EventId[]
    const result = computeCloseResult(
      this.state,
      record,
      ballots.map((b) => record.ballots.get(b)!),
    )
    if (!result.ok) throw new Error(result.message)
    await this.act(facilitator, 'poll.closed', { poll, ballots, result: result.value })
    return poll
  }
}

let aigerim: EventAuthor
let bolat: EventAuthor
let seoyeon: EventAuthor

async function found(founder: EventAuthor, nonce: string, name: string): Promise<Space> {
  const space = new Space(founder.spaceFor(nonce))
  await space.act(founder, 'assembly.created', {
    nonce,
    name,
    description: '',
    languages: ['ru', 'kk'],
    founderName: 'Founder',
    rules: RULES,
  })
  return space
}

const DRAFT = {
  language: 'ru',
  title: 'О восьмичасовом рабочем дне',
  lead: ['Восемь часов — работе!'],
  paragraphs: ['Первый.', 'Второй.', 'Третий.'],
  closing: ['Требуем!'],
  references: [{ title: 'Устав', url: 'https://example.org/ustav' }],
  notes: '',
}

beforeAll(async () => {
  aigerim = new EventAuthor(await generateWebCryptoSigner())
  bolat = new EventAuthor(await generateWebCryptoSigner())
  seoyeon = new EventAuthor(await generateWebCryptoSigner())
})

test('statement: a space without statements has no statements in its view', async () => {
  const space = await found(aigerim, 'no-statements-1', 'Quiet assembly')
  expect(describeSpace(space.state)).not.toHaveProperty('statements')
})

/** A poll subject: this statement at `revision` (the statement itself when never amended). */
const on = (statement: EventId, revision: EventId = statement): PollSubject => ({
  kind: 'statement',
  statement,
  revision,
})

test('statement: amended, adopted only by a poll on its current text, then frozen', async () => {
  const hall = await found(aigerim, 'statement-hall-1', 'Hall assembly')
  await hall.act(aigerim, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' })
  const statement = await hall.act(bolat, 'statement.drafted', DRAFT)
  const early = await hall.decide(aigerim, [aigerim, bolat], on(statement))
  await hall.act(bolat, 'statement.translated', {
    statement,
    language: 'kk',
    title: 'Сегіз сағаттық жұмыс күні туралы',
    lead: ['Сегіз сағат — жұмысқа!'],
    paragraphs: ['Бірінші.', 'Екінші.', 'Үшінші.'],
    closing: ['Талап етеміз!'],
    status: 'draft',
  })
  const amendment = await hall.act(bolat, 'statement.paragraph-amended', {
    statement,
    number: 2,
    text: 'Второй, исправленный.',
    note: 'clearer',
  })
  expect(describeSpace(hall.state).statements!.documents[statement]!.revision).toBe(amendment)
  // The poll decided the text before the amendment: it cannot adopt the amended one.
  const tooEarly = await hall.try(aigerim, 'statement.adopted', { statement, poll: early })
  expect(tooEarly.rejection?.code).toBe('statement.poll-before-change')
  // Nor can a poll be opened now on that older revision.
  const stale = await hall.try(aigerim, 'poll.opened.3', POLL(on(statement)))
  expect(stale.rejection?.code).toBe('statement.stale-revision')
  const misnumbered = await hall.try(bolat, 'statement.paragraph-amended', {
    statement,
    number: 5,
    text: 'Пятый.',
    note: '',
  })
  expect(misnumbered.rejection?.code).toBe('statement.bad-paragraph')
  const unaligned = await hall.try(bolat, 'statement.translated', {
    statement,
    language: 'en',
    title: 'On the eight-hour day',
    lead: ['Eight hours for work!'],
    paragraphs: ['First.'],
    closing: ['We demand!'],
    status: 'draft',
  })
  expect(unaligned.rejection?.code).toBe('statement.bad-translation')

  // Adopted polls about anything else are refused, each naming what it was about.
  const proposal = await hall.act(bolat, 'proposal.submitted', { title: 'Other', text: 'Other.' })
  const other = await hall.act(bolat, 'statement.drafted', { ...DRAFT, title: 'Другое' })
  const unrelated = {
    kettle: await hall.decide(aigerim, [aigerim, bolat], null),
    oldKettle: await hall.decideOld(aigerim, [aigerim, bolat], null),
    oldProposal: await hall.decideOld(aigerim, [aigerim, bolat], proposal),
    proposal: await hall.decide(aigerim, [aigerim, bolat], { kind: 'proposal', proposal }),
    otherStatement: await hall.decide(aigerim, [aigerim, bolat], on(other)),
  }
  const refusals = await Promise.all(
    Object.values(unrelated).map(async (poll) => {
      const { rejection } = await hall.try(aigerim, 'statement.adopted', { statement, poll })
      return `${rejection?.code}: ${rejection?.message.split(', not ')[0]?.split(' was about ')[1]}`
    }),
  )
  expect(refusals).toEqual([
    'statement.wrong-poll: a plain question that names no subject',
    'statement.wrong-poll: a plain question that names no subject',
    `statement.wrong-poll: proposal ${proposal}`,
    `statement.wrong-poll: proposal ${proposal}`,
    `statement.wrong-poll: statement ${other} at revision ${other}`,
  ])
  const ranked = await hall.try(aigerim, 'poll.opened.3', {
    ...POLL(on(statement, amendment)),
    method: 'schulze',
  })
  expect(ranked.rejection?.code).toBe('poll.bad-options')
  const unknown = await hall.try(aigerim, 'poll.opened.3', POLL(on(amendment)))
  expect(unknown.rejection?.code).toBe('statement.unknown')

  const poll = await hall.decide(aigerim, [aigerim, bolat], on(statement, amendment))
  expect(describeSpace(hall.state).polls[poll]!.subject).toEqual(on(statement, amendment))
  const byMember = await hall.try(bolat, 'statement.adopted', { statement, poll })
  expect(byMember.rejection?.code).toBe('member.not-facilitator')
  await hall.act(aigerim, 'statement.adopted', { statement, poll })
  const again = await hall.try(aigerim, 'poll.opened.3', POLL(on(statement, amendment)))
  expect(again.rejection?.code).toBe('statement.already-adopted')
  const frozen = await hall.try(bolat, 'statement.paragraph-amended', {
    statement,
    number: 1,
    text: 'Иначе.',
    note: '',
  })
  expect(frozen.rejection?.code).toBe('statement.frozen')

  const view = describeSpace(hall.state).statements!.documents[statement]!
  expect(view.status).toBe('adopted')
  expect(view.paragraphs).toEqual(['Первый.', 'Второй, исправленный.', 'Третий.'])
  expect(view.translations['kk']).toMatchObject({ outdated: [2], frameOutdated: false })

  const revision = await hall.act(bolat, 'statement.revised', { previous: statement, ...DRAFT })
  const revised = describeSpace(hall.state).statements!.documents
  expect(revised[revision]).toMatchObject({ version: 2, previous: statement, status: 'draft' })
  expect(revised[statement]!.next).toBe(revision)
  // The poll that adopted version 1 decided version 1, not the new version.
  const older = await hall.try(aigerim, 'statement.adopted', { statement: revision, poll })
  expect(older.rejection?.code).toBe('statement.wrong-poll')
  const current = await hall.decide(aigerim, [aigerim, bolat], on(revision))
  await hall.act(aigerim, 'statement.adopted', { statement: revision, poll: current })
})

test('statement: co-signed by another space through its own adopted decision, and proven offline', async () => {
  const hall = await found(aigerim, 'statement-hall-2', 'Hall assembly')
  const other = await found(seoyeon, 'statement-other-2', 'Seoul assembly')
  const statement = await hall.act(aigerim, 'statement.drafted', DRAFT)
  const poll = await hall.decide(aigerim, [aigerim], on(statement))
  const early = await hall.try(aigerim, 'statement.cosigned', {
    statement,
    space: other.id,
    decision: statement,
  })
  expect(early.rejection?.code).toBe('statement.not-adopted')
  await hall.act(aigerim, 'statement.adopted', { statement, poll })

  const ownCosign = await hall.try(aigerim, 'poll.opened.3', {
    ...POLL({ kind: 'cosign', space: hall.id, statement }),
  })
  expect(ownCosign.rejection?.code).toBe('statement.bad-cosign')
  const cosign = { kind: 'cosign', space: hall.id, statement } as const
  const unrelated = [
    await other.decide(seoyeon, [seoyeon], null),
    await other.decide(seoyeon, [seoyeon], { ...cosign, statement: poll }),
    await other.decide(seoyeon, [seoyeon], { ...cosign, space: aigerim.spaceFor('elsewhere-2') }),
  ]
  for (const wrongPoll of unrelated) {
    const { rejection } = await other.try(seoyeon, 'statement.cosign-decided', {
      space: hall.id,
      statement,
      poll: wrongPoll,
    })
    expect(rejection?.code).toBe('statement.wrong-poll')
  }
  const theirPoll = await other.decide(seoyeon, [seoyeon], cosign)
  const decision = await other.act(seoyeon, 'statement.cosign-decided', {
    space: hall.id,
    statement,
    poll: theirPoll,
  })
  const unseen = await hall.try(aigerim, 'statement.cosigned', {
    statement,
    space: other.id,
    decision,
  })
  expect(unseen.rejection?.code).toBe('reference.missing')
  for (const event of other.log) hall.foreign.set(computeEventId(event), event)
  const wrong = await hall.try(aigerim, 'statement.cosigned', {
    statement,
    space: other.id,
    decision: theirPoll,
  })
  expect(wrong.rejection?.code).toBe('reference.wrong-kind')
  // The co-signing space's facilitator lists it, without being a member here.
  await hall.act(seoyeon, 'statement.cosigned', { statement, space: other.id, decision })
  const twice = await hall.try(aigerim, 'statement.cosigned', {
    statement,
    space: other.id,
    decision,
  })
  expect(twice.rejection?.code).toBe('statement.already-cosigned')

  const names = new Map([[other.id, 'Seoul assembly']])
  const document = statementDocument(hall.state, statement, names)
  if (!document.ok) throw new Error(document.message)
  expect(document.value.cosigners).toMatchObject([{ space: other.id, name: 'Seoul assembly' }])
  const text = formatStatementProof(document.value, { [hall.id]: hall.log, [other.id]: other.log })
  const checked = await verifyStatementProof(text, webCryptoVerifier)
  expect(checked.ok).toBe(true)

  const at = text.indexOf('Второй.')
  const changed = text.slice(0, at) + 'в' + text.slice(at + 1)
  const refused = await verifyStatementProof(changed, webCryptoVerifier)
  expect(refused.ok).toBe(false)
  const spaced = await verifyStatementProof(text.replace('{', '{ '), webCryptoVerifier)
  expect(spaced.ok).toBe(false)
  expect(spaced.ok ? '' : spaced.reason).toContain('canonical')
})
