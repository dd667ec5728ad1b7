// What's new since a member's mark, from a real folded log (core's fold, real signatures): new
// polls, results, proposals, statements, recalls and members after the mark, none before it, none
// of the member's own; and the work is over the events after the mark, not the whole log.
import {
  applyEvent,
  computeCloseResult,
  computeEventId,
  createSpaceState,
  EventAuthor,
  generateWebCryptoSigner,
  proposeSeal,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { expect, test } from 'vitest'
import { hallCreatedBody } from '../lib/test-support/hall-assembly.js'
import { whatsNewSince } from './whats-new-entries.js'

interface Folded {
  readonly state: SpaceState
  readonly log: { id: EventId; event: SignedEvent }[]
  readonly space: SpaceId
}

/** An assembly founded by Aigerim, who admits Bolat and makes him a facilitator. */
async function assembly() {
  const aigerim = new EventAuthor(await generateWebCryptoSigner())
  const bolat = new EventAuthor(await generateWebCryptoSigner())
  const space = aigerim.spaceFor('nonce-0001')
  const folded: Folded = { state: createSpaceState(space), log: [], space }
  let at = 0
  const add = async (
    who: EventAuthor,
    type: Parameters<EventAuthor['next']>[1],
    body: unknown,
  ): Promise<EventId> => {
    const event = await who.next(space, type, body as never, ++at)
    const id = computeEventId(event)
    expect(applyEvent(folded.state, event, id)).toBeNull()
    folded.log.push({ id, event })
    return id
  }
  await add(aigerim, 'assembly.created', hallCreatedBody('nonce-0001'))
  await add(aigerim, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' })
  await add(aigerim, 'role.granted', { member: bolat.publicKey, role: 'facilitator' })
  const openPoll = (who: EventAuthor, question: string) =>
    add(who, 'poll.opened', {
      question,
      proposal: null,
      method: 'majority',
      options: ['Yes', 'No'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'seed-0001',
    })
  const closePoll = async (who: EventAuthor, poll: EventId) => {
    const record = folded.state.polls.get(poll)!
    const ballots = proposeSeal(record) as EventId[]
    const result = computeCloseResult(
      folded.state,
      record,
      ballots.map((b) => record.ballots.get(b)!),
    )
    return add(who, 'poll.closed', { poll, ballots, result: result.ok ? result.value : null })
  }
  return { aigerim, bolat, folded, add, openPoll, closePoll }
}

test("what's new: after the mark, others' new poll, proposal, statement and result, each linking to itself", async () => {
  const { aigerim, bolat, folded, add, openPoll, closePoll } = await assembly()
  const old = await openPoll(aigerim, 'Paint the hall?')
  const mark = { folded: folded.log.length }
  const poll = await openPoll(bolat, 'Fix the roof?')
  const proposal = await add(bolat, 'proposal.submitted', { title: 'Heat', text: 'Now' })
  await add(aigerim, 'proposal.submitted', { title: 'My own', text: 'Mine' })
  const closed = await closePoll(bolat, old)
  const entries = whatsNewSince(folded.state, folded.log, mark, aigerim.publicKey)
  const space = `#/a/${folded.space}`
  expect(entries).toEqual([
    { kind: 'poll', id: poll, title: 'Fix the roof?', href: `${space}/now/${poll}` },
    { kind: 'proposal', id: proposal, title: 'Heat', href: `${space}/p/${proposal}` },
    { kind: 'result', id: closed, title: 'Paint the hall?', href: `${space}/decisions/${old}` },
  ])
  // Read up to where the hub was when the assembly opened: what came after is not listed.
  expect(
    whatsNewSince(folded.state, folded.log, mark, aigerim.publicKey, mark.folded + 1).map(
      (e) => e.title,
    ),
  ).toEqual(['Fix the roof?'])
  // Bolat's phone: Aigerim's proposal is news, his own poll, proposal and close are not.
  expect(whatsNewSince(folded.state, folded.log, mark, bolat.publicKey)).toEqual([
    expect.objectContaining({ kind: 'proposal', title: 'My own' }),
  ])
})

test("what's new: a statement drafted links to its screen; a member's leaving and a ballot are not news", async () => {
  const { aigerim, bolat, folded, add, openPoll } = await assembly()
  const poll = await openPoll(aigerim, 'Paint the hall?')
  const mark = { folded: folded.log.length }
  await add(bolat, 'ballot.cast', { poll, vote: { choice: 'Yes' } })
  const statement = await add(bolat, 'statement.drafted', {
    language: 'en',
    title: 'On the heating',
    lead: [],
    paragraphs: ['The hall is cold.'],
    closing: [],
    references: [],
    notes: '',
  })
  await add(bolat, 'member.left', {})
  expect(whatsNewSince(folded.state, folded.log, mark, aigerim.publicKey)).toEqual([
    {
      kind: 'statement',
      id: statement,
      title: 'On the heating',
      href: `#/a/${folded.space}/s/${statement}`,
    },
  ])
})

test("what's new: new members; nothing at or after the end of the log; nothing before the mark", async () => {
  const { aigerim, bolat, folded, add } = await assembly()
  const before = { folded: 1 }
  const entries = whatsNewSince(folded.state, folded.log, before, bolat.publicKey)
  expect(entries.map((e) => [e.kind, e.title])).toEqual([])
  // Aigerim admitted Bolat after her founding event: seen from a third phone, that is a new member.
  const third = (await generateWebCryptoSigner()).publicKey
  expect(
    whatsNewSince(folded.state, folded.log, before, third).map((e) => [e.kind, e.title]),
  ).toEqual([['member', 'Bolat']])
  await add(aigerim, 'proposal.submitted', { title: 'Later', text: 'Text' })
  expect(whatsNewSince(folded.state, folded.log, { folded: folded.log.length }, third)).toEqual([])
  // A mark past the log's end (a wiped replica catching up) shows nothing rather than failing.
  expect(whatsNewSince(folded.state, folded.log, { folded: 1_000 }, third)).toEqual([])
})

test("what's new: only the events after the mark are read, so a long log with a few new costs a few", async () => {
  const { aigerim, bolat, folded, add } = await assembly()
  await add(bolat, 'proposal.submitted', { title: 'New', text: 'Text' })
  // A log of 100,000 events whose entries before the mark would throw if read.
  const poisoned = new Proxy(folded.log, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < folded.log.length - 1)
        throw new Error(`read event ${key}, before the mark`)
      if (key === 'length') return 100_000
      return Reflect.get(target, key, receiver) as unknown
    },
  })
  const last = folded.log[folded.log.length - 1]!
  const log = new Proxy(poisoned, {
    get(target, key, receiver) {
      if (key === '99999') return last
      return Reflect.get(target, key, receiver) as unknown
    },
  })
  const entries = whatsNewSince(folded.state, log, { folded: 99_999 }, aigerim.publicKey)
  expect(entries.map((e) => e.title)).toEqual(['New'])
})
