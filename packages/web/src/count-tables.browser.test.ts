// The count tables of a closed vote in a real browser (Debian's chromium through playwright-core)
// on a real hub process: STV's votes in each round and Schulze's pairwise table. Each number column
// reads as a column: its heading ends where its numbers end, on a phone and on a laptop (#16: the
// headings sat at the left of their columns, the numbers at the right, so "Round 1" stood over
// nothing). The assembly and its two closed votes are signed here and sent through the hub's API.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { sendRankedVotes } from './test-support/ranked-votes.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-count-tables-')
})

afterAll(async () => {
  await session?.close()
})

/**
 * For each column of `table` after the first: how far (px) the right end of its heading's text
 * lies from the right end of each number's text below it.
 */
async function columnOffsets(page: Page, table: string): Promise<number[]> {
  return page.locator(table).evaluate((element) => {
    const textRight = (cell: Element): number => {
      const range = document.createRange()
      range.selectNodeContents(cell)
      return range.getBoundingClientRect().right
    }
    const rows = [...element.querySelectorAll('tr')]
    const head = [...rows[0]!.children]
    const offsets: number[] = []
    for (let col = 1; col < head.length; col++)
      for (const row of rows.slice(1)) {
        const cell = row.children[col]
        if (cell !== undefined) offsets.push(Math.abs(textRight(head[col]!) - textRight(cell)))
      }
    return offsets
  })
}

test('browser: in the STV rounds table and the Schulze pairwise table each heading stands over its numbers, on a phone and a laptop', async () => {
  const page = await session!.newPage()
  const options = ['Aigerim Sadykova', 'Bolat', 'Dana', 'Yerlan']
  const rankings = [
    ['Aigerim Sadykova', 'Bolat'],
    ['Aigerim Sadykova', 'Dana'],
    ['Aigerim Sadykova', 'Bolat'],
    ['Bolat', 'Dana'],
    ['Dana', 'Bolat'],
    ['Yerlan', 'Dana'],
    ['Dana', 'Aigerim Sadykova'],
  ]
  const space = await sendRankedVotes(session!.url, 'count-tables-1', options, rankings, [
    {
      question: 'Who sits on the strike committee?',
      method: 'scottish-stv',
      seats: 2,
      tieBreakSeed: 'count-tables-scottish-stv',
    },
    {
      question: 'Which repair comes first?',
      method: 'schulze',
      seats: 1,
      tieBreakSeed: 'count-tables-schulze',
    },
  ])

  await page.goto(`${session!.url}/#/a/${space}`)
  await openSection(page, 'decisions')
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(viewport)
    for (const table of ['table.round-table', 'table.pairwise']) {
      await page.locator(table).waitFor()
      const offsets = await columnOffsets(page, table)
      expect(offsets.length, table).toBeGreaterThan(4)
      expect(Math.max(...offsets), `${table} at ${viewport.width} px`).toBeLessThan(1.5)
    }
  }
}, 90_000)
