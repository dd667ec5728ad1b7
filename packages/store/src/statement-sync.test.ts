// Statements between hubs: a resolution drafted, amended, adopted, translated and co-signed by
// another space converges on a hub that receives the statement's space before the co-signing
// space: the co-signature is parked until the decision it cites arrives. Real SQLite stores.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { computeCloseResult, hashSpaceState, proposeSeal } from '@veche/core'
import type {
  EventAuthor,
  EventBodyInput,
  EventId,
  EventType,
  PollSubject,
  SignedEvent,
  SpaceId,
} from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { newAuthor, RULES, submitAll, T0 } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-statement-sync-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('statements: a co-signed resolution converges when the co-signature arrives before the decision it cites', async () => {
  const origin = new Ledger(await openSqliteStore(join(root, 'origin.db')), nodeVerifier)
  const events: SignedEvent[] = []
  let at = T0
  const act = async <T extends EventType>(
    author: EventAuthor,
    space: SpaceId,
    type: T,
    body: EventBodyInput<T>,
  ): Promise<EventId> => {
    const event = await author.next(space, type, body, at++)
    const [id] = await submitAll(origin, [event])
    events.push(event)
    return id!
  }
  const decide = async (
    facilitator: EventAuthor,
    space: SpaceId,
    subject: PollSubject,
  ): Promise<EventId> => {
    const poll = await act(facilitator, space, 'poll.opened.3', {
      question: 'Adopt?',
      subject,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'statement-sync-seed',
    })
    await act(facilitator, space, 'ballot.cast', { poll, vote: { choice: 'yes' } })
    const state = (await origin.state(space))!
    const record = state.polls.get(poll)!
    const ballots = proposeSeal(record) as EventId[]
    const result = computeCloseResult(
      state,
      record,
      ballots.map((b) => record.ballots.get(b)!),
    )
    if (!result.ok) throw new Error(result.message)
    await act(facilitator, space, 'poll.closed', { poll, ballots, result: result.value })
    return poll
  }
  const found = async (founder: EventAuthor, nonce: string, name: string): Promise<SpaceId> => {
    const space = founder.spaceFor(nonce)
    await act(founder, space, 'assembly.created', {
      nonce,
      name,
      description: '',
      languages: ['ru', 'en'],
      founderName: 'Founder',
      rules: RULES,
    })
    return space
  }

  const [aigerim, seoyeon] = [newAuthor(), newAuthor()]
  const hall = await found(aigerim, 'statement-sync-hall', 'Hall')
  const seoul = await found(seoyeon, 'statement-sync-seoul', 'Seoul')
  const statement = await act(aigerim, hall, 'statement.drafted', {
    language: 'ru',
    title: 'Заявление',
    lead: [],
    paragraphs: ['Первый.', 'Второй.'],
    closing: [],
    references: [],
    notes: '',
  })
  await act(aigerim, hall, 'statement.translated', {
    statement,
    language: 'en',
    title: 'Statement',
    lead: [],
    paragraphs: ['First.', 'Second.'],
    closing: [],
    status: 'draft',
  })
  const revision = await act(aigerim, hall, 'statement.paragraph-amended', {
    statement,
    number: 2,
    text: 'Второй, исправленный.',
    note: '',
  })
  const poll = await decide(aigerim, hall, { kind: 'statement', statement, revision })
  await act(aigerim, hall, 'statement.adopted', { statement, poll })
  const theirs = await decide(seoyeon, seoul, { kind: 'cosign', space: hall, statement })
  const decision = await act(seoyeon, seoul, 'statement.cosign-decided', {
    space: hall,
    statement,
    poll: theirs,
  })
  await act(aigerim, hall, 'statement.cosigned', { statement, space: seoul, decision })

  const expected = [
    hashSpaceState((await origin.state(hall))!),
    hashSpaceState((await origin.state(seoul))!),
  ]
  const replica = new Ledger(await openSqliteStore(join(root, 'replica.db')), nodeVerifier)
  // Sync sends each space in its own order; here the statement's space comes whole first, so its
  // co-signature arrives before the co-signing space's decision and waits for it.
  const arrival = [
    ...events.filter((e) => e.space === hall),
    ...events.filter((e) => e.space === seoul),
  ]
  const parked = []
  for (const event of arrival) {
    const report = await replica.submit([event], { park: true })
    if (report.outcomes[0]?.status === 'rejected') parked.push(report.outcomes[0].code)
  }
  expect(parked).toEqual(['reference.missing'])
  expect(await replica.pending()).toHaveLength(0)
  const states = [(await replica.state(hall))!, (await replica.state(seoul))!]
  expect(states.map(hashSpaceState)).toEqual(expected)
  const record = states[0]!.statements.documents.get(statement)!
  expect([...record.cosigners.keys()]).toEqual([seoul])
  expect(record.translations.get('en')?.basis[1]).not.toBe(record.paragraphs[1]!.revision)
  const verified = await verifyStore(replica.store, nodeVerifier)
  expect(verified.every((v) => v.fault === null)).toBe(true)
  await origin.store.close()
  await replica.store.close()
})
