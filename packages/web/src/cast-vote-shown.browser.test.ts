// A member's own choice stays marked after voting, in a real browser (Debian's chromium through
// playwright-core) against a real hub process: for a majority, a consent, an approval and a
// ranked (IRV) poll, after "Your vote is in" the choice cast is still the one marked, after a
// reload too, and, with this browser's drafts gone, from the member's latest ballot in the log.
// (#16: the form was cleared once the vote was sent, so nothing showed what had been chosen.)
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-cast-')
})

afterAll(async () => {
  await session?.close()
})

/** The poll card of `question` on `page`. */
const card = (page: Page, question: string) =>
  page.locator('article.poll', { has: page.getByRole('heading', { name: question }) })

async function openPoll(page: Page, question: string, method: string, options = ''): Promise<void> {
  await page.getByLabel('Question', { exact: true }).fill(question)
  await page.getByLabel('Method').selectOption(method)
  if (options !== '') await page.getByLabel('Options, one per line').fill(options)
  await page.getByRole('button', { name: 'Open the vote' }).click()
  await card(page, question).waitFor()
}

/** What each poll's form shows as chosen: the checked radios and boxes, and the ranking. */
async function marked(page: Page): Promise<Record<string, string[]>> {
  const shown: Record<string, string[]> = {}
  for (const [question, selector] of [
    ['Paint the hall?', 'label.choice:has(input:checked)'],
    ['Move the meeting to Friday?', 'label.choice:has(input:checked)'],
    ['Which repairs this year?', 'label.choice:has(input:checked)'],
    ['Which to build first?', 'ol.ranked li .option'],
  ] as const) {
    const texts = await card(page, question).locator(selector).allTextContents()
    shown[question] = texts.map((text) => text.trim())
  }
  return shown
}

test('browser: after voting, the member still sees what they chose, by every method', async () => {
  const page = await session!.newPage()
  await page.getByLabel('Name of the assembly').fill('Hall assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Hall assembly' }).waitFor()
  await openPoll(page, 'Paint the hall?', 'majority', 'Yes\nNo')
  await openPoll(page, 'Move the meeting to Friday?', 'consent')
  await openPoll(page, 'Which repairs this year?', 'approval', 'Roof\nWindows\nBoiler')
  await openPoll(page, 'Which to build first?', 'irv', 'Park\nLibrary\nPool')

  const youVoted = 'Your vote is in. You may change it until the vote closes.'
  const cast = async (question: string, choose: () => Promise<void>): Promise<void> => {
    await choose()
    await card(page, question).getByRole('button', { name: 'Cast my vote' }).click()
    await card(page, question).getByText(youVoted).waitFor()
  }
  await cast('Paint the hall?', () =>
    card(page, 'Paint the hall?').getByRole('radio', { name: 'No' }).check(),
  )
  await cast('Move the meeting to Friday?', async () => {
    await card(page, 'Move the meeting to Friday?')
      .getByRole('radio', { name: 'Stand aside' })
      .check()
    await card(page, 'Move the meeting to Friday?').getByLabel('Reason').fill('I work on Fridays')
  })
  await cast('Which repairs this year?', async () => {
    await card(page, 'Which repairs this year?').getByRole('checkbox', { name: 'Roof' }).check()
    await card(page, 'Which repairs this year?').getByRole('checkbox', { name: 'Boiler' }).check()
  })
  await cast('Which to build first?', async () => {
    await card(page, 'Which to build first?').getByRole('button', { name: 'Pool → 1' }).click()
    await card(page, 'Which to build first?').getByRole('button', { name: 'Park → 2' }).click()
  })
  const expected = {
    'Paint the hall?': ['No'],
    'Move the meeting to Friday?': ['Stand aside'],
    'Which repairs this year?': ['Roof', 'Boiler'],
    'Which to build first?': ['Pool', 'Park'],
  }
  expect(await marked(page)).toEqual(expected)
  const reason = card(page, 'Move the meeting to Friday?').getByLabel('Reason')
  expect(await reason.inputValue()).toBe('I work on Fridays')

  await page.reload()
  await card(page, 'Paint the hall?').getByText(youVoted).waitFor()
  expect(await marked(page)).toEqual(expected)

  // Without this browser's drafts (as on another device with the same key), from the log.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage))
      if (key.startsWith('veche.draft.vote.')) localStorage.removeItem(key)
  })
  await page.reload()
  await card(page, 'Which to build first?').getByText(youVoted).waitFor()
  expect(await marked(page)).toEqual(expected)
  expect(await reason.inputValue()).toBe('I work on Fridays')
}, 90_000)
