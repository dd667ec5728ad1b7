// The projector on a hall's screen, in a real browser (Debian's chromium through playwright-core)
// against a real hub process: at 1920 × 1080 (and on a 1280 px laptop) it uses the screen's width,
// not the reading column, and the number of voters, the bars, the invitation's QR code and the
// speakers' queue all show at once, large, without scrolling, and the page is no taller or wider
// than the screen in any of the four languages. (#16: the projector kept the phone's 42rem column
// on a 1280 px screen.) Screenshots go to artifacts/projector-wide-*.png and, in each language,
// artifacts/projector-meeting-*.png.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub, WAIT } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-projector-')
})

afterAll(async () => {
  await session?.close()
})

/** The element's box on the page, which must be there. */
async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox()
  if (found === null) throw new Error(`${selector} is not shown`)
  return found
}

test('browser: the projector fills a 1920 × 1080 screen with the count, bars, QR code and queue', async () => {
  const chair = await session!.newPage()
  await chair.getByLabel('Name of the assembly').fill('Riverside assembly')
  await chair.getByLabel('Your name in this assembly').fill('Aigerim')
  await chair.getByRole('button', { name: 'Found the assembly' }).click()
  await chair.getByRole('heading', { name: 'Riverside assembly' }).waitFor()
  await openSection(chair, 'members')
  await chair.getByLabel('How many people may join with it').fill('5')
  await chair.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await chair.getByLabel('Invitation link').inputValue()
  const bolat = await session!.newPage()
  await bolat.goto(link)
  await bolat.getByLabel('Your name in this assembly').fill('Bolat')
  await bolat.getByRole('button', { name: 'Join' }).click()
  await bolat.getByRole('heading', { name: 'Riverside assembly' }).waitFor()
  await openSection(chair, 'now')
  await chair.getByLabel('Title of the meeting').fill('Spring meeting')
  await chair.getByLabel('Agenda, one item per line').fill('Budget\nGarden beds\nThe yard')
  await chair.getByRole('button', { name: 'Start the meeting' }).click()
  await bolat.getByRole('button', { name: 'Raise my hand' }).click()
  await chair.getByRole('button', { name: 'Raise my hand' }).click()
  await chair.getByLabel('Question', { exact: true }).fill('Repair the playground this summer?')
  await chair.getByLabel('Options, one per line').fill('Yes\nNo')
  await chair.getByRole('button', { name: 'Open the vote' }).click()
  await bolat.getByRole('radio', { name: 'Yes' }).check()
  await bolat.getByRole('button', { name: 'Cast my vote' }).click()
  await chair.getByText('1 person has voted').waitFor()

  const projector = await chair.context().newPage()
  projector.setDefaultTimeout(WAIT)
  mkdirSync(ARTIFACTS, { recursive: true })
  for (const screen of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 800 },
  ]) {
    await projector.setViewportSize(screen)
    await projector.goto(
      `${chair.url().split('#')[0]}#/a/${/#\/a\/([^/]+)/.exec(chair.url())![1]}/projector`,
    )
    await projector.getByText('1 person has voted').waitFor()
    await projector.getByRole('img', { name: /QR code of the invitation link/ }).waitFor()
    await projector.locator('ol.queue li').nth(1).waitFor()
    await projector.screenshot({ path: join(ARTIFACTS, `projector-wide-${screen.width}.png`) })
    const size = `${screen.width} × ${screen.height}`
    // The screen's width is used, not a 42rem (714 px) reading column.
    const used = await box(projector, '.projector')
    expect(used.width, size).toBeGreaterThan(screen.width * 0.9)
    // Everything the hall needs is on the screen at once, with no scrolling.
    for (const selector of [
      'table.live-tally td.votes',
      'table.live-tally td.bar span',
      'img.qr',
      'ol.queue li:last-child',
    ]) {
      const shown = await box(projector, selector)
      expect(shown.y + shown.height, `${selector} at ${size}`).toBeLessThanOrEqual(screen.height)
      expect(shown.x + shown.width, `${selector} at ${size}`).toBeLessThanOrEqual(screen.width)
    }
    // Large: the QR code a third of the height at least, the voters' count readable from afar
    // (on the 800 px laptop the meeting is drawn a little smaller so that it fits, not scrolls).
    expect((await box(projector, 'img.qr')).height, size).toBeGreaterThan(screen.height / 3)
    const count = await projector
      .getByText('1 person has voted')
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
    expect(count, size).toBeGreaterThanOrEqual(screen.width >= 1920 ? 44 : 26)
    // A TV does not scroll: the whole page fits the screen, in every language.
    for (const lang of ['en', 'ru', 'kk', 'ko']) {
      await projector.locator('label.language select').selectOption(lang)
      await projector.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await projector.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      )
      await projector.screenshot({
        path: join(ARTIFACTS, `projector-meeting-${screen.width}-${lang}.png`),
      })
      const page = await projector.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.scrollHeight,
      ])
      expect(page, `${size} ${lang}`).toEqual([screen.width, screen.height])
    }
    await projector.locator('label.language select').selectOption('en')
  }
  expect(await projector.evaluate(() => document.scrollingElement!.scrollWidth)).toBe(1280)
}, 90_000)
