// A poll and a conversation closed twice at once on two hubs (docs/events.md, "Two closes"), seen
// in a real browser (Debian's chromium through playwright-core) on a real hub process. The other
// hub is played here: its events are signed and folded in this process and reach the browser's hub
// by replication (`POST /api/sync/:id/events`), as a sync would bring them. The member first sees
// the result of the close their hub took; once the other close, with the lower id, arrives, the
// result changes, and the app says why: closed twice at once, the lower event id counts, and who
// signed the other close and what its result was. The same on a council's vote card
// (federation-poll-card.tsx: a delegate election, by name), in English and Russian.
import {
  applyEvent,
  computeEventId,
  conversationCloseView,
  createSpaceState,
  EventAuthor,
  proposeClose,
} from '@veche/core'
import type { EventBodyInput, EventType, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-two-closes-')
})

afterAll(async () => {
  await session?.close()
})

const author = () => new EventAuthor(nodeSigner(generateKeyPair()))

/** Sends `events` to the browser's hub: as a phone does (`/api/events`) or as a sync does. */
async function send(space: SpaceId, events: readonly SignedEvent[], how: 'phone' | 'sync') {
  const path = how === 'phone' ? '/api/events' : `/api/sync/${space}/events`
  const response = await fetch(`${session!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  const text = await response.text()
  expect(response.status, text).toBe(200)
  expect(text).not.toMatch(/"(refused|rejected|parked)":[1-9]/)
}

/** The two hubs' replicas of one space, each folding what its own hub took. */
class TwoHubs {
  readonly hubs: [SpaceState, SpaceState]
  at = 1_780_000_000_000
  constructor(readonly space: SpaceId) {
    this.hubs = [createSpaceState(space), createSpaceState(space)]
  }
  /** Signs an event and folds it on `on` (both hubs when not given). */
  async sign<T extends EventType>(
    by: EventAuthor,
    type: T,
    body: EventBodyInput<T>,
    on?: 0 | 1,
  ): Promise<SignedEvent> {
    const event = await by.next(this.space, type, body, this.at++)
    for (const i of on === undefined ? [0, 1] : [on])
      expect(applyEvent(this.hubs[i]!, event, computeEventId(event))).toBeNull()
    return event
  }
}

async function keyOf(page: Page): Promise<string> {
  const key = page.locator('code.key').first()
  await key.waitFor()
  return (await key.textContent())!.trim()
}

/** The higher-id close first (the one the browser's hub took), then the lower (the other hub's). */
function byId<T extends { close: SignedEvent }>(sides: [T, T]): [T, T] {
  const [a, b] = sides
  return computeEventId(a.close) > computeEventId(b.close) ? [a, b] : [b, a]
}

test('browser: a poll and a conversation closed twice at once on two hubs say which close counts, why, and who signed the other with what result', async () => {
  const page = await session!.newPage()
  const dana = await keyOf(page)
  const [aigerim, bolat, voter1, voter2] = [author(), author(), author(), author()]
  const nonce = 'two-closes-browser-1'
  const space = aigerim.spaceFor(nonce)
  const hubs = new TwoHubs(space)
  const rules = {
    proposeRight: 'member',
    inviteRight: 'facilitator',
    quorum: { ballots: 0, percent: 0 },
    defaultMethod: 'majority',
    visibility: 'public',
  } as const
  const setup = [
    await hubs.sign(aigerim, 'assembly.created', {
      nonce,
      name: 'Depot',
      description: '',
      languages: ['en'],
      founderName: 'Aigerim',
      rules,
    }),
    await hubs.sign(aigerim, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' }),
    await hubs.sign(aigerim, 'member.admitted', { member: dana, name: 'Dana' }),
    await hubs.sign(aigerim, 'member.admitted', { member: voter1.publicKey, name: 'Voter One' }),
    await hubs.sign(aigerim, 'member.admitted', { member: voter2.publicKey, name: 'Voter Two' }),
    await hubs.sign(aigerim, 'role.granted', { member: bolat.publicKey, role: 'facilitator' }),
  ]
  const opened = await hubs.sign(aigerim, 'poll.opened', {
    question: 'Strike on Monday?',
    proposal: null,
    method: 'majority',
    options: ['yes', 'no'],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    tieBreakSeed: 'seed-two-closes-browser',
  })
  const poll = computeEventId(opened)
  const talk = await hubs.sign(aigerim, 'conversation.opened', {
    question: 'What should the depot fix first?',
    source: null,
  })
  const conversation = computeEventId(talk)
  setup.push(opened, talk)

  // Each hub hears one voter; each facilitator closes the poll and the conversation on their own.
  const side = async (hub: 0 | 1, closer: EventAuthor, voter: EventAuthor, choice: string) => {
    const ballot = await hubs.sign(voter, 'ballot.cast', { poll, vote: { choice } }, hub)
    const state = hubs.hubs[hub]
    const body = proposeClose(state, state.polls.get(poll)!, hubs.at)
    if (!body.ok) throw new Error(body.message)
    const close = await hubs.sign(closer, 'poll.closed.3', body.value, hub)
    const seen = conversationCloseView(state, state.conversations.get(conversation)!)
    const ends = await hubs.sign(closer, 'conversation.closed.2', { conversation, seen }, hub)
    return { closer, ballot, close, ends, result: body.value.result }
  }
  const [first, second] = byId([
    await side(0, aigerim, voter1, 'yes'),
    await side(1, bolat, voter2, 'no'),
  ])
  const [firstName, secondName] = [first, second].map((s) =>
    s.closer === aigerim ? 'Aigerim' : 'Bolat',
  ) as [string, string]
  const outcome = (s: typeof first) => {
    const r = s.result as { outcome: string; winner: string | null }
    const word = { adopted: 'Adopted', rejected: 'Not adopted' }[r.outcome] ?? r.outcome
    return r.winner === null ? word : `${word} — ${r.winner}`
  }
  // The two hubs' results differ, so the member can see the result change.
  expect(outcome(first)).not.toBe(outcome(second))

  // Dana's hub took the close with the higher id first: she sees its result, and nothing else.
  await send(space, [...setup, first.ballot, first.close, first.ends], 'phone')
  await page.goto(`${session!.url}/#/a/${space}`)
  await openSection(page, 'decisions')
  const card = page.locator('article.poll', {
    has: page.getByRole('heading', { name: 'Strike on Monday?' }),
  })
  await card.locator('.outcome').getByText(outcome(first), { exact: true }).waitFor()
  expect(await card.locator('.outcome').textContent()).toBe(outcome(first))
  expect(await page.getByText('closed twice', { exact: false }).count()).toBe(0)

  // The other hub's events arrive by sync: its close has the lower id, and takes effect.
  await send(space, [second.ballot, second.close, second.ends], 'sync')
  const note = card.getByRole('note')
  await note.waitFor()
  await card.locator('.outcome').getByText(outcome(second), { exact: true }).waitFor()
  expect(await note.locator('p').textContent()).toBe(
    `This vote was closed twice at once, on two hubs. Every hub counts the close with the lower event id (a fingerprint no one can choose): the one signed by ${secondName}, whose result is above.`,
  )
  expect(await note.locator('li').allTextContents()).toEqual([
    `The other close, signed by ${firstName}, counted 1 ballot: ${outcome(first)}. It stays in the log and changes nothing.`,
  ])

  // The projector, showing the last decided vote, says it too.
  await page.goto(`${session!.url}/#/a/${space}/projector`)
  await page
    .getByRole('note')
    .filter({ hasText: `The other close, signed by ${firstName}, counted 1 ballot` })
    .waitFor()

  // The conversation says the same of its two closes: its own lower close id counts, whichever
  // side's poll close won.
  const [lost, won] = byId(
    [first, second].map((s) => ({ ...s, close: s.ends })) as [typeof first, typeof first],
  ).map((s) => (s.closer === aigerim ? 'Aigerim' : 'Bolat'))
  await page.goto(`${session!.url}/#/a/${space}/c/${conversation}`)
  const said = page.getByRole('note')
  await said.waitFor()
  expect(await said.locator('p').textContent()).toBe(
    `This conversation was closed twice at once, on two hubs. Every hub counts the close with the lower event id (a fingerprint no one can choose): the one signed by ${won}.`,
  )
  expect(await said.locator('li').allTextContents()).toEqual([
    `The other close, signed by ${lost}, stays in the log and changes nothing.`,
  ])
}, 120_000)

test('browser: a delegate election closed twice at once on two hubs says on its council card which close counts and what the other elected, by name, in English and Russian', async () => {
  const page = await session!.newPage()
  const dana = await keyOf(page)
  const [aigerim, bolat, voter1, voter2] = [author(), author(), author(), author()]
  const nonce = 'two-closes-council-card-1'
  const space = aigerim.spaceFor(nonce)
  const council = author().spaceFor('district-council')
  const hubs = new TwoHubs(space)
  const setup = [
    await hubs.sign(aigerim, 'assembly.created', {
      nonce,
      name: 'Depot',
      description: '',
      languages: ['en'],
      founderName: 'Aigerim',
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { ballots: 0, percent: 0 },
        defaultMethod: 'majority',
        visibility: 'public',
      },
    }),
    await hubs.sign(aigerim, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' }),
    await hubs.sign(aigerim, 'member.admitted', { member: dana, name: 'Dana' }),
    await hubs.sign(aigerim, 'member.admitted', { member: voter1.publicKey, name: 'Yerlan' }),
    await hubs.sign(aigerim, 'member.admitted', { member: voter2.publicKey, name: 'Zhanna' }),
    await hubs.sign(aigerim, 'role.granted', { member: bolat.publicKey, role: 'facilitator' }),
  ]
  // The assembly joins a council on the strength of a vote, then elects its delegate: a poll whose
  // options are members' keys, which the app shows on the council card (federation-poll-card.tsx).
  const motion = {
    subject: null,
    method: 'majority' as const,
    voters: 'members' as const,
    threshold: { num: 1, den: 2 },
    seats: 1,
    scoreRange: null,
  }
  const joinVote = await hubs.sign(aigerim, 'poll.opened.3', {
    ...motion,
    question: 'Join the district council?',
    options: ['yes', 'no'],
    tieBreakSeed: 'two-closes-council-join',
  })
  const join = computeEventId(joinVote)
  setup.push(
    joinVote,
    await hubs.sign(aigerim, 'ballot.cast', { poll: join, vote: { choice: 'yes' } }),
  )
  const joinClose = proposeClose(hubs.hubs[0], hubs.hubs[0].polls.get(join)!, hubs.at)
  if (!joinClose.ok) throw new Error(joinClose.message)
  setup.push(await hubs.sign(aigerim, 'poll.closed.3', joinClose.value))
  setup.push(await hubs.sign(aigerim, 'council.join-decided', { council, poll: join }))
  const opened = await hubs.sign(aigerim, 'poll.opened.3', {
    ...motion,
    question: 'Who is our delegate to the district council?',
    options: [voter1.publicKey, voter2.publicKey],
    tieBreakSeed: 'two-closes-council-election',
  })
  const poll = computeEventId(opened)
  setup.push(opened)

  // Each hub hears one voter; each facilitator closes the election on their own.
  const side = async (hub: 0 | 1, closer: EventAuthor, voter: EventAuthor, choice: string) => {
    const ballot = await hubs.sign(voter, 'ballot.cast', { poll, vote: { choice } }, hub)
    const state = hubs.hubs[hub]
    const body = proposeClose(state, state.polls.get(poll)!, hubs.at)
    if (!body.ok) throw new Error(body.message)
    const close = await hubs.sign(closer, 'poll.closed.3', body.value, hub)
    return { closer, ballot, close, elected: choice === voter1.publicKey ? 'Yerlan' : 'Zhanna' }
  }
  const [first, second] = byId([
    await side(0, aigerim, voter1, voter1.publicKey),
    await side(1, bolat, voter2, voter2.publicKey),
  ])
  const signer = (s: typeof first) => (s.closer === aigerim ? 'Aigerim' : 'Bolat')

  // Dana's hub took the close with the higher id first; the other arrives by sync and counts.
  await send(space, [...setup, first.ballot, first.close], 'phone')
  await page.goto(`${session!.url}/#/a/${space}`)
  await openSection(page, 'decisions')
  const card = page.locator('article.poll', {
    has: page.getByRole('heading', { name: 'Who is our delegate to the district council?' }),
  })
  await card.getByText(`Elected: ${first.elected}`, { exact: false }).waitFor()
  expect(await card.getByRole('note').count()).toBe(0)
  await send(space, [second.ballot, second.close], 'sync')
  const note = card.getByRole('note')
  await note.waitFor()
  await card.getByText(`Elected: ${second.elected}`, { exact: false }).waitFor()
  expect(await note.locator('p').textContent()).toBe(
    `This vote was closed twice at once, on two hubs. Every hub counts the close with the lower event id (a fingerprint no one can choose): the one signed by ${signer(second)}, whose result is above.`,
  )
  // The other close's result names the delegate it elected, never a key.
  expect(await note.locator('li').allTextContents()).toEqual([
    `The other close, signed by ${signer(first)}, counted 1 ballot: Adopted — ${first.elected}. It stays in the log and changes nothing.`,
  ])
  for (const key of [voter1.publicKey, voter2.publicKey])
    expect(await note.textContent()).not.toContain(key)

  // The same in Russian.
  await page.locator('label.language select').selectOption('ru')
  await page.locator('html[lang="ru"]').waitFor({ state: 'attached' })
  await note
    .locator('p', { hasText: 'Голосование закрыли дважды одновременно, на двух хабах.' })
    .waitFor()
  expect(await note.locator('p').textContent()).toBe(
    `Голосование закрыли дважды одновременно, на двух хабах. Каждый хаб засчитывает закрытие с меньшим идентификатором события (это отпечаток, который никто не выбирает); его подписал(а) ${signer(second)}, итог показан выше.`,
  )
  expect(await note.locator('li').allTextContents()).toEqual([
    `Другое закрытие подписал(а) ${signer(first)}; в нём 1 бюллетень, итог: Принято — ${first.elected}. Оно остаётся в журнале и ничего не меняет.`,
  ])
}, 120_000)
