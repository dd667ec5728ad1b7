// What's new links each entry to where it is, in a real browser against a real hub (docs/web.md,
// "What's new"): Bolat, a facilitator, opens a vote, counts another and admits Dana while
// Aigerim's phone is on its home screen. When she opens the assembly, every entry of "new since
// your last visit" is a link to its section and the thing itself (#/a/<space>/<section>/<id>):
// the vote to "now", the result to "decisions", the new member to "members", each brought into
// view with the focus on it.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-whats-new-links-')
})

afterAll(async () => {
  await session?.close()
})

async function invite(bolat: Page): Promise<string> {
  await openSection(bolat, 'members')
  await bolat.getByLabel('How many people may join with it').fill('1')
  await bolat.getByRole('button', { name: 'Make an invitation' }).click()
  const link = bolat.getByLabel('Invitation link')
  await expect.poll(() => link.inputValue()).not.toBe('')
  return link.inputValue()
}

async function join(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('heading', { name: 'Street assembly' }).waitFor()
}

async function openVote(bolat: Page, question: string): Promise<void> {
  await openSection(bolat, 'now')
  await bolat.getByLabel('Question', { exact: true }).fill(question)
  await bolat.getByLabel('Options, one per line').fill('Yes\nNo')
  await bolat.getByRole('button', { name: 'Open the vote' }).click()
  await bolat.getByRole('heading', { name: question }).waitFor()
}

test("browser: each what's-new entry links to its section and the thing itself", async () => {
  const bolat = await session!.newPage()
  await bolat.getByLabel('Name of the assembly').fill('Street assembly')
  await bolat.getByLabel('Your name in this assembly').fill('Bolat')
  await bolat.getByRole('button', { name: 'Found the assembly' }).click()
  await bolat.getByRole('heading', { name: 'Street assembly' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(bolat.url())![1]!
  await openVote(bolat, 'Paint the hall?')

  const aigerim = await session!.newPage()
  await join(aigerim, await invite(bolat), 'Aigerim')
  await aigerim.getByText('2 members', { exact: true }).waitFor()
  await aigerim.getByRole('link', { name: 'Veche', exact: true }).click()
  const mine = aigerim.locator('ul.spaces li', { hasText: 'Street assembly' })
  await mine.waitFor()

  // While she is away: a new vote, the old one counted, and Dana admitted.
  await openVote(bolat, 'Fix the roof?')
  const paint = bolat.locator('article.poll', { hasText: 'Paint the hall?' })
  await paint.getByRole('button', { name: 'Close the vote and count' }).click()
  await openSection(bolat, 'decisions')
  await bolat.getByRole('heading', { name: 'Paint the hall?' }).waitFor()
  const dana = await session!.newPage()
  await join(dana, await invite(bolat), 'Dana')
  await mine.getByText('3 new', { exact: true }).waitFor()

  // She opens the assembly on another section than the entries' own.
  await mine.getByRole('link', { name: 'Street assembly' }).click()
  await openSection(aigerim, 'proposals')
  const since = aigerim.locator('details.whats-new-since')
  // The block is one line until tapped; it may stay open from the section before.
  const unfold = async (): Promise<void> => {
    if (!(await since.evaluate((d: HTMLDetailsElement) => d.open)))
      await since.getByText('New since your last visit').click()
  }
  await unfold()
  const entry = (name: string) => since.getByRole('link', { name, exact: true })
  const id = '[A-Za-z0-9_-]{43}'
  expect(await entry('New vote: Fix the roof?').getAttribute('href')).toMatch(
    new RegExp(`^#/a/${space}/now/${id}$`),
  )
  expect(await entry('Result: Paint the hall?').getAttribute('href')).toMatch(
    new RegExp(`^#/a/${space}/decisions/${id}$`),
  )
  expect(await entry('New member: Dana').getAttribute('href')).toMatch(
    new RegExp(`^#/a/${space}/members/[A-Za-z0-9_-]+$`),
  )

  // Each link opens its section with the thing itself in view and focused.
  const focused = (): Promise<string> =>
    aigerim.evaluate(() => document.activeElement?.textContent ?? '')
  await entry('New vote: Fix the roof?').click()
  await aigerim.locator('nav.section-nav a[data-section="now"][aria-current="page"]').waitFor()
  await expect.poll(focused).toContain('Fix the roof?')
  await unfold()
  await entry('Result: Paint the hall?').click()
  await aigerim
    .locator('nav.section-nav a[data-section="decisions"][aria-current="page"]')
    .waitFor()
  await expect.poll(focused).toContain('Paint the hall?')
  await unfold()
  await entry('New member: Dana').click()
  await aigerim.locator('nav.section-nav a[data-section="members"][aria-current="page"]').waitFor()
  await expect.poll(focused).toContain('Dana')
}, 120_000)
