// The rounds of an STV count on a 1280 × 800 laptop, in a real browser (Debian's chromium through
// playwright-core) on a real hub process, in each interface language (#16): the candidates' names
// had a narrow column (30% of the chart) and a name of three words took three lines while the bars
// beside it had room. Now no name of at most 30 characters takes more than two lines, in the chart
// or in the table of rounds; round-chart-phone.browser.test.ts keeps the phone's layout. Lines are
// counted from Range.getClientRects over the name's text. Screenshots go to artifacts/ (not kept in
// git).
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { sendRankedVotes } from './test-support/ranked-votes.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-round-chart-laptop-')
})

afterAll(async () => {
  await session?.close()
})

/** Each element matching `selector` whose text the browser laid out on more than two lines. */
async function overTwoLines(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.flatMap((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      const tops = [...range.getClientRects()]
        .filter((r) => r.width > 0)
        .map((r) => r.top)
        .sort((a, b) => a - b)
      // Rects on one line may differ by a pixel or two (two fonts on it): a new line is lower by
      // more than a third of a line's height.
      let lines = 0
      let last = -Infinity
      for (const top of tops) {
        if (top - last > 6) lines++
        last = top
      }
      const text = element.textContent ?? ''
      return lines > 2 ? [`"${text}" on ${lines} lines`] : []
    }),
  )
}

test('browser: on a laptop a candidate’s name of up to 30 characters takes at most two lines in the rounds chart and table, in every language', async () => {
  const page = await session!.newPage()
  // Full names of long words, up to 30 characters: Kazakh, Russian and English. The second took
  // three lines in a column 30% of the chart wide.
  const kazakh = 'Әлихан Нұрсұлтанұлы Бөкейханов'
  const wide = 'Жұмагүл Шаймұхамбетқызы Ыдырыс'
  const russian = 'Константин Вячеславович Львов'
  const english = 'Maximilian Wolfgang Hartmann'
  const options = [kazakh, wide, russian, english, 'Dana']
  for (const name of options) expect(name.length).toBeLessThanOrEqual(30)
  const rankings = [
    [kazakh, russian],
    [kazakh, english],
    [kazakh, russian],
    [russian, english],
    [english, russian],
    ['Dana', english],
    [english, kazakh],
    [wide, kazakh],
    [wide, 'Dana'],
  ]
  const space = await sendRankedVotes(session!.url, 'round-chart-laptop-1', options, rankings, [
    {
      question: 'Who sits on the strike committee?',
      method: 'scottish-stv',
      seats: 2,
      tieBreakSeed: 'round-chart-laptop',
    },
  ])

  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(`${session!.url}/#/a/${space}`)
  await openSection(page, 'decisions')
  await page.locator('ol.round-chart .name').first().waitFor()
  mkdirSync(ARTIFACTS, { recursive: true })
  const found: string[] = []
  for (const lang of ['en', 'ru', 'kk', 'ko'] as const) {
    await page.locator('label.language select').selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
    await page.locator('ol.round-chart').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}/round-chart-laptop-wide-${lang}.png` })
    const where = (s: string) => `${lang}: ${s}`
    found.push(...(await overTwoLines(page, 'ol.round-chart .name')).map(where))
    found.push(...(await overTwoLines(page, 'table.round-table tbody th bdi')).map(where))
    // Every name is in the chart, whole.
    for (const name of options)
      expect(await page.locator('ol.round-chart .name', { hasText: name }).count()).toBeGreaterThan(
        0,
      )
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    if (width > 1280) found.push(where(`the page is ${width} px wide`))
  }
  expect(found).toEqual([])
}, 90_000)
