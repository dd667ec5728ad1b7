// Conversations in a real browser (Debian's chromium through playwright-core) against a real hub
// process: a facilitator opens a conversation and puts three statements to it, two members submit
// one each (one accepted, one rejected with a reason), all three vote one statement at a time (one
// member changes a vote, the other votes offline and is sent when back), and the opinion map shows
// two groups with each phone's own point marked. The map in the page must equal the map computed
// in Node from the hub's log (core's conversationOpinionMap over the same events): the same
// participants, groups and projections to the last printed digit, the same representative and
// consensus statements. The consensus statement becomes a proposal and a poll. Screenshots at
// 390 x 844 and 1280 x 800 in English and Kazakh go to /tmp/shots-conv-web (not the repository).
// A second test imports a real Pol.is conversation with the CLI, sends it to the hub, and checks
// the same of its map (35 participants, three groups) once a member has voted in the browser.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { conversationOpinionMap } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { HubEvent } from './lib/hub-client.js'
import { SpaceReplica } from './lib/space-replica.js'
import { injectAxe, openSection, ROOT, startBrowserHub, WAIT } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

const SHOTS = '/tmp/shots-conv-web'
let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-conversation-')
})

afterAll(async () => {
  await session?.close()
})

const QUESTION = 'How should we spend the repair fund?'
const S1 = 'Fix the roof before winter.'
const S2 = 'Paint the stairwell this year.'
const S3 = 'Put a bench in the yard.'
const S4 = 'Replace the entrance door lock.'
const S5 = 'The management company is useless!!!'
const REASON = 'Not a proposal one can agree or disagree with about the fund'

/** Votes by statement, in the order the one-at-a-time card shows them. */
const VOTES = {
  facilitator: ['Agree', 'Agree', 'Agree', 'Agree'],
  bolat: ['Agree', 'Disagree', 'Agree', 'Disagree'],
  dana: ['Agree', 'Disagree', 'Disagree', 'Pass'],
} as const

async function joinAssembly(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
}

/** Votes on the card one statement at a time, checking each shows the expected text. */
async function voteInOrder(
  page: Page,
  texts: readonly string[],
  votes: readonly string[],
): Promise<void> {
  const card = page.locator('section.vote-next')
  for (const [i, vote] of votes.entries()) {
    await card.locator('.statement-card', { hasText: texts[i]! }).waitFor()
    await card.getByRole('button', { name: vote, exact: true }).click()
  }
  await card.getByText('You have voted on every statement.').waitFor()
}

/** The space's log from the hub, folded in Node with the same rules the browser folds it with. */
async function foldInNode(url: string, space: SpaceId): Promise<SpaceReplica> {
  const events: HubEvent[] = []
  let cursor: number | null = 0
  while (cursor !== null) {
    const response = await fetch(`${url}/api/spaces/${space}/events?after=${cursor}&limit=1000`)
    const page = (await response.json()) as { events: HubEvent[]; next: number | null }
    events.push(...page.events)
    cursor = page.next
  }
  const replica = new SpaceReplica(space)
  await replica.receive(events)
  expect(replica.refused).toBe(0)
  return replica
}

/** The space folded in Node once the hub's log satisfies `check` (for steps a phone sends). */
async function foldInNodeUntil(
  url: string,
  space: SpaceId,
  check: (replica: SpaceReplica) => boolean,
): Promise<SpaceReplica> {
  const deadline = Date.now() + WAIT
  for (;;) {
    const replica = await foldInNode(url, space)
    if (check(replica)) return replica
    if (Date.now() > deadline) throw new Error(`the hub's log of ${space} never got there`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** What the page shows of the map: every point's data, each group's statements, the consensus. */
async function mapInPage(page: Page) {
  return page.evaluate(() => {
    const points = [...document.querySelectorAll('svg.map-picture circle.point')].map((c) => ({
      id: c.getAttribute('data-participant'),
      group: c.getAttribute('data-group'),
      x: c.getAttribute('data-x'),
      y: c.getAttribute('data-y'),
      me: c.getAttribute('data-me') === 'true',
    }))
    const groups = [...document.querySelectorAll('.group-view')].map((g) => ({
      group: g.getAttribute('data-group'),
      statements: [...g.querySelectorAll('li')].map(
        (li) => `${li.getAttribute('data-statement')} ${li.getAttribute('data-direction')}`,
      ),
    }))
    const consensus = [...document.querySelectorAll('.consensus li')].map((li) =>
      li.getAttribute('data-statement'),
    )
    return { points, groups, consensus }
  })
}

type ComputedMap = Extract<ReturnType<typeof conversationOpinionMap>, { ok: true }>['report']

/** What the page should show of `map` (mapInPage's shape, without the own-point mark). */
function expectedInPage(map: ComputedMap) {
  return {
    points: map.participants.map((p) => ({
      id: p.id,
      group: p.group === null ? '' : String(p.group),
      x: String(p.projection[0]),
      y: String(p.projection[1]),
    })),
    groups: map.groups.map((g) => ({
      group: String(g.id),
      // What the page lists: the statements a group member took the direction of.
      statements: g.representative
        .filter((r) => r.nSuccess > 0)
        .map((r) => `${r.statement} ${r.direction}`),
    })),
    consensus: map.consensusFigures.agree.map((c) => c.statement),
  }
}

/**
 * Waits until the page shows `map` (a phone may still be drawing the map of a vote before the
 * last one reached it) and returns which point it marks as its own.
 */
async function expectMapInPage(page: Page, map: ComputedMap): Promise<string[]> {
  const expected = expectedInPage(map)
  const shown = async () => {
    const { points, groups, consensus } = await mapInPage(page)
    return { points: points.map(({ id, group, x, y }) => ({ id, group, x, y })), groups, consensus }
  }
  await expect.poll(shown, { timeout: WAIT }).toEqual(expected)
  return (await mapInPage(page)).points.filter((p) => p.me).map((p) => p.id!)
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ])
  expect(scroll).toBeLessThanOrEqual(client)
}

test('browser: a conversation from question to opinion map to a proposal and a poll', async () => {
  mkdirSync(SHOTS, { recursive: true })
  const url = session!.url
  const facilitator = await session!.newPage()
  await facilitator.getByLabel('Name of the assembly').fill("Tenants' assembly")
  await facilitator.getByLabel('Your name in this assembly').fill('Aigerim')
  await facilitator.getByRole('button', { name: 'Found the assembly' }).click()
  await facilitator.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(facilitator.url())![1]! as SpaceId
  await openSection(facilitator, 'members')
  await facilitator.getByLabel('How many people may join with it').fill('2')
  await facilitator.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await facilitator.getByLabel('Invitation link').inputValue()
  const bolat = await session!.newPage()
  await joinAssembly(bolat, link, 'Bolat')
  const dana = await session!.newPage()
  await joinAssembly(dana, link, 'Dana')
  await facilitator.getByText('3 members', { exact: true }).waitFor()

  // The facilitator opens the conversation and puts three statements (accepted at once).
  // Conversations are listed with the proposals.
  await openSection(facilitator, 'proposals')
  await facilitator.getByLabel('What the conversation is about').fill(QUESTION)
  await facilitator.getByRole('button', { name: 'Open the conversation' }).click()
  await facilitator.getByRole('heading', { name: QUESTION }).waitFor()
  const conversation = /\/c\/([A-Za-z0-9_-]{43})/.exec(facilitator.url())![1]! as EventId
  await facilitator.getByText(/Your votes here are visible to the members/).waitFor()
  const statementField = 'One short idea others can agree or disagree with'
  for (const text of [S1, S2, S3]) {
    await facilitator.getByLabel(statementField).fill(text)
    await facilitator.getByRole('button', { name: 'Submit the statement' }).click()
    await facilitator.locator('section.vote-next .statement-card', { hasText: S1 }).waitFor()
  }

  // Members find it in their assembly, submit a statement each; the facilitator accepts one and
  // rejects the other with a reason, which the members see.
  for (const [member, text] of [
    [bolat, S4],
    [dana, S5],
  ] as const) {
    await openSection(member, 'proposals')
    await member.getByRole('link', { name: QUESTION }).click()
    await member.getByRole('heading', { name: QUESTION }).waitFor()
    await member.getByLabel(statementField).fill(text)
    await member.getByRole('button', { name: 'Submit the statement' }).click()
  }
  const waiting = facilitator.locator('.waiting-statements li')
  await waiting.filter({ hasText: S4 }).getByRole('button', { name: 'Accept' }).click()
  await waiting.filter({ hasText: S5 }).getByRole('button', { name: 'Reject' }).click()
  await facilitator.getByLabel('Why it is rejected (members will see this)').fill(REASON)
  await facilitator.getByRole('button', { name: 'Reject the statement' }).click()
  await dana.getByText('Rejected statements').click()
  await dana.getByText(`Rejected: ${REASON}`).waitFor()
  await bolat.locator('.statement-card', { hasText: S1 }).waitFor()
  await bolat.getByText('4 statements left for you').waitFor()
  await bolat.setViewportSize({ width: 390, height: 844 })
  await noSidewaysScroll(bolat)
  await bolat.screenshot({ path: join(SHOTS, 'conversation-vote-en-phone.png'), fullPage: true })

  // Votes, one statement at a time. Bolat first agrees with S2, then changes his mind.
  const texts = [S1, S2, S3, S4]
  await voteInOrder(facilitator, texts, VOTES.facilitator)
  await voteInOrder(bolat, texts, ['Agree', 'Agree', 'Agree', 'Disagree'])
  const s2 = bolat.locator('.your-votes li', { hasText: S2 })
  await s2.getByText('Your vote: Agree').waitFor()
  await s2.getByRole('button', { name: 'Disagree' }).click()
  await s2.getByText('Your vote: Disagree').waitFor()
  await expect(
    s2.getByRole('button', { name: 'Disagree' }).getAttribute('aria-pressed'),
  ).resolves.toBe('true')

  // Dana votes offline: each vote counts as hers at once and waits in the outbox, sent when back.
  await dana.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await dana.context().setOffline(true)
  await voteInOrder(dana, texts, VOTES.dana)
  await dana.getByText('4 actions waiting to be sent').first().waitFor()
  await dana.locator('.your-votes li', { hasText: S3 }).getByText('waiting to be sent').waitFor()
  await dana.context().setOffline(false)
  await dana.evaluate(() => window.dispatchEvent(new Event('online')))
  await facilitator.getByText('3 people have voted').waitFor()
  await facilitator
    .locator('.your-votes li', { hasText: S4 })
    .getByText('agree 1 · disagree 1 · pass 1')
    .waitFor()
  await bolat
    .locator('.your-votes li', { hasText: S2 })
    .getByText('agree 1 · disagree 2 · pass 0')
    .waitFor()

  // The map: three points in two groups, each phone's own point marked.
  for (const page of [facilitator, bolat, dana]) {
    await page.locator('svg.map-picture circle.point').nth(2).waitFor()
    await page.locator('svg.map-picture circle.point[data-me="true"]').waitFor()
    await page.getByText(/^You are in group [AB]\.$/).waitFor()
  }
  await facilitator.locator('.map-legend li').nth(1).waitFor()

  // The same map in the page as in Node, from the same log, once it holds all twelve votes.
  const replica = await foldInNodeUntil(url, space, (r) => {
    const voters = r.state.conversations.get(conversation)?.voters
    return voters?.size === 3 && [...voters.values()].every((n) => n === texts.length)
  })
  const record = replica.state.conversations.get(conversation)!
  const computed = conversationOpinionMap(record)
  if (!computed.ok) throw new Error(computed.message)
  const map = computed.report
  expect(map.groups.length).toBe(2)
  for (const page of [facilitator, bolat, dana])
    expect(await expectMapInPage(page, map)).toHaveLength(1)
  const s1 = [...record.statements.values()].find((s) => s.text === S1)!
  expect(map.consensus.agree).toEqual([s1.id])

  // The projector shows the open conversation's map to the hall: the same points, none marked as
  // the projecting device's own, and no facilitator's button on it.
  const back = facilitator.url()
  await facilitator.goto(`${url}/#/a/${space}/projector`)
  const hall = facilitator.locator('.projector-map')
  await hall.getByRole('heading', { name: QUESTION }).waitFor()
  await hall.getByText('3 people have voted').waitFor()
  await hall.locator('svg.map-picture circle.point').nth(2).waitFor()
  expect(await hall.locator('svg.map-picture circle.point').count()).toBe(3)
  expect(await hall.locator('circle.point[data-me="true"]').count()).toBe(0)
  expect(await hall.getByText(/^You are in group/).count()).toBe(0)
  expect(await hall.getByRole('button', { name: 'Make it a proposal and a poll' }).count()).toBe(0)
  await facilitator.setViewportSize({ width: 1920, height: 1080 })
  // On a TV each group's name and its notes ("50% of the group disagree") read from the back of
  // the hall as its statements do: the name as large as a statement, a note nearly so.
  const sizes = await hall.locator('.group-view').evaluateAll((groups) =>
    groups.map((g) => {
      const size = (el: Element | null): number =>
        el === null ? 0 : parseFloat(getComputedStyle(el).fontSize)
      return {
        name: size(g.querySelector('h5')),
        statement: size(g.querySelector('li')),
        note: size(g.querySelector('li .meta')),
      }
    }),
  )
  expect(sizes.length).toBeGreaterThan(0)
  for (const { name, statement, note } of sizes) {
    expect(name).toBeGreaterThanOrEqual(statement)
    expect(note).toBeGreaterThanOrEqual(0.8 * statement)
  }
  await facilitator.screenshot({ path: join(SHOTS, 'conversation-projector-en-tv.png') })
  await facilitator.setViewportSize({ width: 420, height: 900 })
  await facilitator.goto(back)
  await facilitator.locator('svg.map-picture circle.point[data-me="true"]').waitFor()
  // Each phone's marked point is its own key's.
  const keyOf = async (page: Page) =>
    page.locator('svg.map-picture circle.point[data-me="true"]').getAttribute('data-participant')
  const keys = await Promise.all([facilitator, bolat, dana].map(keyOf))
  expect(new Set(keys).size).toBe(3)
  expect(keys.every((k) => record.voters.has(k!))).toBe(true)

  // Accessibility of the conversation screen with its map.
  await injectAxe(bolat)
  const violations = await bolat.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> }
      }
    ).axe
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa'] })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  expect(violations).toEqual([])

  // Screenshots: a phone and a laptop, in English and in Kazakh, with no sideways scroll.
  for (const lang of ['en', 'kk']) {
    await bolat.locator('label.language select').selectOption(lang)
    await bolat
      .getByRole('heading', { name: lang === 'en' ? 'Opinion map' : 'Пікірлер картасы' })
      .waitFor()
    for (const [name, size] of [
      ['phone', { width: 390, height: 844 }],
      ['laptop', { width: 1280, height: 800 }],
    ] as const) {
      await bolat.setViewportSize(size)
      await noSidewaysScroll(bolat)
      await bolat.screenshot({
        path: join(SHOTS, `conversation-${lang}-${name}.png`),
        fullPage: true,
      })
    }
  }
  await bolat.locator('label.language select').selectOption('en')

  // The consensus statement becomes a proposal with its text and a poll on it.
  const consensus = facilitator.locator('.consensus li', { hasText: S1 })
  await consensus.getByRole('button', { name: 'Make it a proposal and a poll' }).click()
  await consensus.getByRole('link', { name: /A proposal and a poll were made/ }).click()
  await facilitator.getByRole('heading', { name: S1 }).first().waitFor()
  await bolat.goto(`${url}/#/a/${space}/proposals`)
  await bolat.getByRole('link', { name: S1 }).waitFor()
  await openSection(bolat, 'now')
  await bolat.locator('article.poll h3', { hasText: S1 }).waitFor()
  await bolat.getByRole('radio', { name: 'Yes' }).waitFor()
  const after = await foldInNode(url, space)
  const proposal = [...after.state.proposals.values()].find((p) => p.text === S1)!
  expect(proposal.title).toBe(S1)
  const poll = [...after.state.polls.values()].find((p) => p.proposal === proposal.id)!
  expect(poll.question).toBe(S1)
  expect(poll.status).toBe('open')
}, 180_000)

const run = promisify(execFile)
const POLIS = join(ROOT, '..', 'shared', 'data', 'polis', 'reddwarf-below-100-ptpts')

test('browser: an imported Pol.is conversation draws the same map in the page as in Node', async () => {
  const url = session!.url
  const data = mkdtempSync(join(tmpdir(), 'veche-conversation-cli-'))
  const veche = async (...args: string[]): Promise<string> =>
    (
      await run(process.execPath, [
        join(ROOT, 'packages/cli/bin/veche.js'),
        '--data',
        data,
        ...args,
      ])
    ).stdout.trim()
  try {
    // A facilitator's data folder: an assembly, the export imported, sent to the hub.
    await veche('id', 'new', 'chair')
    const space = (await veche(
      '--as',
      'chair',
      'assembly',
      'create',
      '--name',
      'Below 100',
    )) as SpaceId
    const conversation = (
      await veche('--as', 'chair', 'opinions', 'import', POLIS, '--space', space)
    ).split('\n')[0]! as EventId
    expect(conversation).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const link = (await veche('--as', 'chair', 'invite', '--space', space, '--hub', url)).split(
      '\n',
    )[0]!
    await veche('sync', url, '--space', space)

    // A member joins in the browser and votes on the first seven statements.
    const member = await session!.newPage()
    await member.goto(link)
    await member.getByLabel('Your name in this assembly').fill('Asel')
    await member.getByRole('button', { name: 'Join' }).click()
    await member.getByRole('heading', { name: 'Below 100' }).waitFor()
    await openSection(member, 'proposals')
    await member.locator('section.conversations a').click()
    const card = member.locator('section.vote-next')
    for (const vote of ['Agree', 'Disagree', 'Agree', 'Pass', 'Agree', 'Disagree', 'Agree']) {
      const before = await card.locator('.statement-card').textContent()
      await card.getByRole('button', { name: vote, exact: true }).click()
      await card.locator('.statement-card').filter({ hasNotText: before! }).waitFor()
    }
    const mine = member.locator('svg.map-picture circle.point[data-me="true"]')
    await mine.waitFor()
    // Every vote signed (in the list) and accepted by the hub (nothing waits in the outbox).
    await member.locator('.your-votes li').nth(6).waitFor()
    await member.locator('header .waiting').waitFor({ state: 'detached' })

    // The hub's log with all seven votes: the outbox may empty a moment before the last vote is
    // in the log the map is computed from, and a map from six votes is another map.
    const participant = (await mine.getAttribute('data-participant')) ?? ''
    const replica = await foldInNodeUntil(
      url,
      space,
      (r) => r.state.conversations.get(conversation)?.voters.get(participant) === 7,
    )
    const record = replica.state.conversations.get(conversation)!
    const computed = conversationOpinionMap(record)
    if (!computed.ok) throw new Error(computed.message)
    const map = computed.report
    expect(map.groups.length).toBeGreaterThanOrEqual(2)
    expect(await expectMapInPage(member, map)).toHaveLength(1)
    await member.setViewportSize({ width: 390, height: 844 })
    await noSidewaysScroll(member)
    await member.screenshot({
      path: join(SHOTS, 'conversation-imported-en-phone.png'),
      fullPage: true,
    })
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}, 180_000)
