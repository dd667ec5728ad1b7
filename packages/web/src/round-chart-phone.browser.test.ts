// The rounds of an STV count on a 390 × 844 phone, in a real browser (Debian's chromium through
// playwright-core) on a real hub process, in each interface language (#16): a long Kazakh or
// Russian candidate's name wraps only between its words, never inside one ("Преображ / енский"),
// and a round's name ("Тур 1", "1-кезең") stays on one line in the chart's headings and the
// table's. Measured with Range.getClientRects over each word: a word on two lines has rects at two
// heights. The assembly and its closed vote are signed here and sent through the hub's API.
// Screenshots go to artifacts/ (not kept in git).
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { sendRankedVotes } from './test-support/ranked-votes.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-round-chart-')
})

afterAll(async () => {
  await session?.close()
})

/** A round's name in each language, as the chart and the table write it. */
const ROUND_ONE = { en: 'Round 1', ru: 'Тур 1', kk: '1-кезең', ko: '1라운드' } as const

/**
 * For each element matching `selector`, each whitespace-separated word of its text (or, with
 * `roundName`, the round's name: its text up to a colon) that the browser laid out on more than
 * one line: "word in element".
 */
async function splitWords(page: Page, selector: string, roundName = false): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements, roundName) => {
    const split: string[] = []
    for (const element of elements) {
      // The element's text nodes, with where each starts in its whole text.
      const nodes: { node: Text; start: number }[] = []
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      let text = ''
      for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
        nodes.push({ node: n as Text, start: text.length })
        text += n.nodeValue ?? ''
      }
      const at = (offset: number, end: boolean): [Text, number] => {
        const found = nodes.findLast((n) => (end ? n.start < offset : n.start <= offset))!
        return [found.node, offset - found.start]
      }
      const spans: [number, number][] = []
      if (roundName) spans.push([0, text.includes(':') ? text.indexOf(':') : text.length])
      else for (const m of text.matchAll(/\S+/g)) spans.push([m.index, m.index + m[0].length])
      for (const [start, end] of spans) {
        const range = document.createRange()
        range.setStart(...at(start, false))
        range.setEnd(...at(end, true))
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        )
        if (tops.size > 1) split.push(`"${text.slice(start, end)}" in "${text}"`)
      }
    }
    return split
  }, roundName)
}

test('browser: on a phone, long names in the rounds chart wrap only between words and a round’s name stays on one line, in every language', async () => {
  const page = await session!.newPage()
  const kazakh = 'Жұлдызай Сағындыққызы Әбдірахманова'
  const russian = 'Константин Вячеславович Преображенский'
  const options = [kazakh, russian, 'Dana', 'Yerlan']
  const rankings = [
    [kazakh, russian],
    [kazakh, 'Dana'],
    [kazakh, russian],
    [russian, 'Dana'],
    ['Dana', russian],
    ['Yerlan', 'Dana'],
    ['Dana', kazakh],
  ]
  const space = await sendRankedVotes(session!.url, 'round-chart-phone-1', options, rankings, [
    {
      question: 'Who sits on the strike committee?',
      method: 'scottish-stv',
      seats: 2,
      tieBreakSeed: 'round-chart-phone',
    },
  ])

  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${session!.url}/#/a/${space}`)
  await openSection(page, 'decisions')
  await page.locator('ol.round-chart .name').first().waitFor()
  mkdirSync(ARTIFACTS, { recursive: true })
  const found: string[] = []
  for (const lang of ['en', 'ru', 'kk', 'ko'] as const) {
    await page.locator('label.language select').selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
    await page.locator('ol.round-chart h4', { hasText: ROUND_ONE[lang] }).waitFor()
    await page.locator('ol.round-chart').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}/round-chart-phone-${lang}.png` })
    const where = (s: string) => `${lang}: ${s}`
    found.push(...(await splitWords(page, 'ol.round-chart .name')).map(where))
    found.push(...(await splitWords(page, 'table.round-table tbody th')).map(where))
    found.push(...(await splitWords(page, 'ol.round-chart h4', true)).map(where))
    found.push(...(await splitWords(page, 'table.round-table thead th + th', true)).map(where))
    // The full name is there to read, whatever the layout does with it.
    for (const name of [kazakh, russian])
      expect(await page.locator('ol.round-chart .name', { hasText: name }).count()).toBeGreaterThan(
        0,
      )
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    if (width > 390) found.push(where(`the page is ${width} px wide`))
    await page.locator('table.round-table').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}/round-table-phone-${lang}.png` })
  }
  // For a reviewer's eye: the same on a laptop.
  await page.setViewportSize({ width: 1280, height: 800 })
  for (const lang of ['en', 'ru', 'kk', 'ko'] as const) {
    await page.locator('label.language select').selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
    await page.locator('ol.round-chart').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}/round-chart-laptop-${lang}.png` })
  }
  expect(found).toEqual([])
}, 90_000)
