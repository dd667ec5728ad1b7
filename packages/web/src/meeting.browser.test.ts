// Live meeting mode and a ranked vote in a real browser (Debian's chromium through
// playwright-core) against a real hub process: a facilitator and two members on separate phones
// and a projector. A live IRV vote is ranked by tapping, by keyboard and by dragging, and the
// projector shows its rounds, live and once closed; in a meeting with two hands up (one a point
// of order) both phones and the projector show the queue in core's order, the called speaker's
// countdown, and attendance against the quorum. axe-core checks the ranking ballot and the
// meeting screen. Screenshots of the projector go to artifacts/projector-*.png.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  ARTIFACTS,
  injectAxe,
  openSection,
  startBrowserHub,
  WAIT,
} from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-meeting-')
})

afterAll(async () => {
  await session?.close()
})

function newPage(): Promise<Page> {
  return session!.newPage()
}

async function joinAs(link: string, name: string): Promise<Page> {
  const page = await newPage()
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('heading', { name: 'Garden assembly' }).waitFor()
  return page
}

/** WCAG A/AA violations axe-core finds on `page`. */
async function axeViolations(page: Page): Promise<string[]> {
  await injectAxe(page)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> }
      }
    ).axe
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa'] })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
}

/** The names in the speakers' queue, in the order shown. */
const queue = (page: Page) => page.locator('ol.queue li .name').allTextContents()

test('browser: a live IRV vote shows its rounds on the projector; a meeting queue agrees everywhere', async () => {
  const chair = await newPage()
  await chair.getByLabel('Name of the assembly').fill('Garden assembly')
  await chair.getByLabel('Your name in this assembly').fill('Aigerim')
  await chair.getByRole('button', { name: 'Found the assembly' }).click()
  await chair.getByRole('heading', { name: 'Garden assembly' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(chair.url())![1]!
  await openSection(chair, 'members')
  await chair.getByLabel('How many people may join with it').fill('2')
  await chair.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await chair.getByLabel('Invitation link').inputValue()
  const asel = await joinAs(link, 'Asel')
  const bolat = await joinAs(link, 'Bolat')
  await chair.getByText('3 members', { exact: true }).waitFor()
  const projector = await chair.context().newPage()
  projector.setDefaultTimeout(WAIT)
  await projector.goto(`${chair.url().split('#')[0]}#/a/${space}/projector`)

  // A ranked (IRV) vote, cast by tapping, by keyboard and by dragging.
  await openSection(chair, 'now')
  await chair.getByLabel('Question').fill('Which to build first?')
  await chair.getByLabel('Method').selectOption('irv')
  await chair.getByLabel('Options, one per line').fill('Park\nLibrary\nPool')
  await chair.getByRole('button', { name: 'Open the vote' }).click()
  await asel.getByRole('heading', { name: 'Which to build first?' }).waitFor()
  await bolat.getByRole('heading', { name: 'Which to build first?' }).waitFor()
  await projector.getByText('0 people have voted').waitFor()
  // Asel taps Pool then Park.
  await asel.getByRole('button', { name: 'Pool → 1' }).click()
  await asel.getByRole('button', { name: 'Park → 2' }).click()
  await asel.getByRole('button', { name: 'Cast my vote' }).click()
  // Bolat taps Park then Library, and moves Library up with Alt+↑.
  await bolat.getByRole('button', { name: 'Park → 1' }).click()
  await bolat.getByRole('button', { name: 'Library → 2' }).click()
  await bolat.getByRole('listitem', { name: '2. Library' }).focus()
  await bolat.keyboard.press('Alt+ArrowUp')
  await bolat.getByRole('listitem', { name: '1. Library' }).waitFor()
  expect(await axeViolations(bolat)).toEqual([])
  mkdirSync(ARTIFACTS, { recursive: true })
  await bolat.locator('form.vote').screenshot({ path: join(ARTIFACTS, 'phone-ranking.png') })
  await bolat.getByRole('button', { name: 'Cast my vote' }).click()
  // Aigerim taps Library then Park, and drags Park onto Library.
  await chair.getByRole('button', { name: 'Library → 1' }).click()
  await chair.getByRole('button', { name: 'Park → 2' }).click()
  await chair
    .getByRole('listitem', { name: '2. Park' })
    .dragTo(chair.getByRole('listitem', { name: '1. Library' }))
  await chair.getByRole('listitem', { name: '1. Park' }).waitFor()
  await chair.getByRole('button', { name: 'Cast my vote' }).click()
  // Live on the projector: first preferences Park 1, Library 1, Pool 1, then the rounds.
  await projector.getByText('3 people have voted').waitFor()
  await projector.getByText('Round 1: first preferences').first().waitFor()
  await projector
    .getByText(/^Round 2: votes of (Park|Library|Pool) move on$/)
    .first()
    .waitFor()
  await chair.getByRole('button', { name: 'Close the vote and count' }).click()
  await projector.getByText(/^Decided — (Park|Library|Pool)$/).waitFor()
  await projector.getByRole('table', { name: 'Votes in each round' }).waitFor()
  await projector.setViewportSize({ width: 1280, height: 800 })
  await projector.screenshot({ path: join(ARTIFACTS, 'projector-irv.png'), fullPage: true })
  await openSection(asel, 'decisions')
  await asel.getByText(/^Decided — (Park|Library|Pool)$/).waitFor()

  // A meeting: Asel raises her hand, then Bolat a point of order: Bolat goes first everywhere.
  await chair.getByLabel('Title of the meeting').fill('Spring meeting')
  await chair.getByLabel('Agenda, one item per line').fill('Budget\nGarden beds')
  await chair.getByLabel('Minutes per speaker (0 for no limit)').fill('1')
  await chair.getByRole('button', { name: 'Start the meeting' }).click()
  await openSection(asel, 'now')
  await asel.getByRole('heading', { name: 'Meeting: Spring meeting' }).waitFor()
  await projector.getByRole('heading', { name: 'Spring meeting' }).waitFor()
  await asel.getByRole('button', { name: 'Raise my hand' }).click()
  await asel.getByText('You are number 1 in the queue.').waitFor()
  await bolat.getByText('1 hand up').waitFor()
  await bolat.getByRole('button', { name: 'Point of order' }).click()
  await asel.getByText('You are number 2 in the queue.').waitFor()
  for (const page of [asel, bolat, projector]) {
    await page.getByText('2 hands up').first().waitFor()
    expect(await queue(page)).toEqual(['Bolat', 'Asel'])
  }
  expect(await axeViolations(chair)).toEqual([])
  await asel.locator('section.meeting').screenshot({ path: join(ARTIFACTS, 'phone-meeting.png') })
  // Attendance and quorum, live.
  await asel.getByRole('button', { name: 'I am here' }).click()
  await bolat.getByRole('button', { name: 'I am here' }).click()
  await projector.getByText('2 of 3 members present; no quorum required.').waitFor()
  // The facilitator calls the next speaker: Bolat, with a countdown from one minute.
  await chair.getByRole('button', { name: 'Next speaker: Bolat' }).click()
  await projector.locator('.speaker').getByText('Bolat').waitFor()
  const timer = await projector.getByRole('timer').textContent()
  expect(timer?.trim()).toMatch(/^(1:00|0:5\d)$/)
  for (const page of [asel, bolat, projector]) {
    await page.getByText('1 hand up').first().waitFor()
    expect(await queue(page)).toEqual(['Asel'])
  }
  await projector.screenshot({ path: join(ARTIFACTS, 'projector-meeting.png'), fullPage: true })
  await chair.getByRole('button', { name: 'Next agenda item' }).click()
  await projector.locator('.agenda li[aria-current="step"]', { hasText: 'Garden beds' }).waitFor()
  await chair.getByRole('button', { name: 'Close the meeting' }).click()
  await projector.getByRole('heading', { name: 'Spring meeting' }).waitFor({ state: 'detached' })
}, 90_000)
