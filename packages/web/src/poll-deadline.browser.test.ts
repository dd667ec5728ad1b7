// A poll with a deadline in a real browser (Debian's chromium through playwright-core) against a
// real hub process (docs/events.md, "Deadlines"): the facilitator sets "Voting closes at" a few
// seconds ahead, the card counts down, a member's vote before it counts, and once the deadline has
// passed the facilitator's open app closes the poll by itself: the result shows, one close is in
// the log, and nothing waits in the outbox. No timing is asserted, only what the page comes to show.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-deadline-')
})

afterAll(async () => {
  await session?.close()
})

/** The poll card of `question` on `page`. */
const card = (page: Page, question: string) =>
  page.locator('article.poll', { has: page.getByRole('heading', { name: question }) })

test('browser: the card counts down to the deadline, and the facilitator’s open app closes the poll after it', async () => {
  const page = await session!.newPage()
  await page.getByLabel('Name of the assembly').fill('Deadline hall')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Deadline hall' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!

  const question = 'Paint the hall green?'
  await page.getByLabel('Question', { exact: true }).fill(question)
  await page.getByLabel('Options, one per line').fill('Yes\nNo')
  // A few seconds ahead, in the browser's own local time (what a datetime-local input holds).
  const closesAt = await page.evaluate(() => {
    const at = new Date(Date.now() + 12_000)
    const two = (n: number) => String(n).padStart(2, '0')
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
  })
  await page.getByLabel('Voting closes at (optional)').fill(closesAt)
  await page.getByRole('button', { name: 'Open the vote' }).click()
  const poll = card(page, question)
  await poll
    .getByRole('timer')
    .getByText(/^Voting closes in \d/)
    .waitFor()

  await poll.getByRole('radio', { name: 'Yes' }).check()
  await poll.getByRole('button', { name: 'Cast my vote' }).click()
  await poll.getByText('Your vote is in.', { exact: false }).waitFor()

  // After the deadline the app closes the poll by itself: the card leaves "now" for the decisions,
  // where it shows the counted result.
  await poll.waitFor({ state: 'detached', timeout: 60_000 })
  await openSection(page, 'decisions')
  await poll.getByText(/^1 ballot counted; no quorum required\.$/).waitFor()
  await poll.getByText('Adopted', { exact: false }).first().waitFor()
  expect(await page.getByRole('timer').count()).toBe(0)
  const events = (await (await fetch(`${session!.url}/api/spaces/${space}/events`)).json()) as {
    events: { event: { type: string } }[]
  }
  expect(events.events.filter((e) => e.event.type === 'poll.closed.3')).toHaveLength(1)
  expect(events.events.find((e) => e.event.type === 'poll.opened.3')).toBeDefined()
  // Nothing waits or was refused in this device's outbox.
  expect(await page.getByText('Waiting to be sent', { exact: false }).count()).toBe(0)
}, 120_000)
