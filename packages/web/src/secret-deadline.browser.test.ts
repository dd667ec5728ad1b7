// A secret poll with a deadline in real browsers (Debian's chromium through playwright-core)
// against a real hub process (docs/events.md, "Deadlines"): the facilitator sets "Voting closes
// at" with the "Secret vote" box ticked, both cards count down, a member's secret ballot before the
// deadline goes in; with the opener's app closed, the member's card then says that voting has
// ended and waits for the opener's seal (no ballot form); when the opener opens the app again it
// seals the poll by itself. No timing is asserted, only what the pages come to show.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-secret-deadline-')
})

afterAll(async () => {
  await session?.close()
})

/** The secret poll card of `question` on `page`. */
const card = (page: Page, question: string) =>
  page.locator('article.secret', { has: page.getByRole('heading', { name: question }) })

test('browser: a secret poll counts down to its deadline, then voting has ended until the opener’s app seals it', async () => {
  const opener = await session!.newPage()
  await opener.getByLabel('Name of the assembly').fill('Secret deadline hall')
  await opener.getByLabel('Your name in this assembly').fill('Aigerim')
  await opener.getByRole('button', { name: 'Found the assembly' }).click()
  await opener.getByRole('heading', { name: 'Secret deadline hall' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(opener.url())![1]!
  await openSection(opener, 'members')
  await opener.getByLabel('How many people may join with it').fill('1')
  await opener.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await opener.getByLabel('Invitation link').inputValue()
  await openSection(opener, 'now')
  const member = await session!.newPage()
  await member.goto(link)
  await member.getByLabel('Your name in this assembly').fill('Bolat')
  await member.getByRole('button', { name: 'Join' }).click()
  await member.getByRole('heading', { name: 'Secret deadline hall' }).waitFor()
  await opener.getByText('2 members', { exact: true }).waitFor()

  const question = 'Strike on Monday?'
  await opener.getByLabel('Question', { exact: true }).fill(question)
  await opener.getByLabel('Options, one per line').fill('Yes\nNo')
  await opener.getByRole('checkbox', { name: 'Secret vote' }).check()
  // Long enough for the setup, a credential and one ballot, with the machine busy; in the
  // browser's own local time (what a datetime-local input holds).
  const closesAt = await opener.evaluate(() => {
    const at = new Date(Date.now() + 45_000)
    const two = (n: number) => String(n).padStart(2, '0')
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
  })
  await opener.getByLabel('Voting closes at (optional)').fill(closesAt)
  await opener.getByText('Only you can seal a secret vote', { exact: false }).waitFor()
  await opener.getByRole('button', { name: 'Open the vote' }).click()
  for (const page of [opener, member])
    await card(page, question)
      .getByRole('timer')
      .getByText(/^Voting closes in \d/)
      .waitFor()

  const poll = card(member, question)
  await poll
    .getByText('You may vote. Your ballot is sent without your name.')
    .waitFor({ timeout: 30_000 })
  await poll.getByRole('radio', { name: 'Yes' }).check()
  await poll.getByRole('button', { name: 'Cast my vote' }).click()
  await poll
    .getByText('Your secret ballot is in. You may change it until the vote is sealed.')
    .waitFor({ timeout: 30_000 })

  // The opener leaves before the deadline: nobody may seal it, so the poll waits for its seal.
  const context = opener.context()
  const url = opener.url()
  await opener.close()
  await poll
    .getByRole('timer')
    .getByText('Voting has ended; waiting for the opener to seal it.')
    .waitFor({ timeout: 60_000 })
  expect(await poll.getByRole('button', { name: 'Cast my vote' }).count()).toBe(0)
  const types = async (): Promise<string[]> =>
    (
      (await (await fetch(`${session!.url}/api/spaces/${space}/events?limit=1000`)).json()) as {
        events: { event: { type: string } }[]
      }
    ).events.map((e) => e.event.type)
  expect(await types()).not.toContain('secret.poll-sealed')

  // Back in the app, the opener's device seals the poll by itself, with the ballot in time.
  const back = await context.newPage()
  await back.goto(url)
  await back.getByRole('heading', { name: 'Secret deadline hall' }).waitFor()
  await poll.getByText('Sealed with 1 ballot.').waitFor({ timeout: 30_000 })
  await poll.getByText('Your ballot was sealed.').waitFor()
  expect(await poll.getByRole('timer').count()).toBe(0)
  expect((await types()).filter((t) => t === 'secret.poll-sealed')).toHaveLength(1)
  expect(await back.locator('section.pending li.rejected').count()).toBe(0)
}, 240_000)
