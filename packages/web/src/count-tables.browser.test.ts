// The count tables of a closed vote in a real browser (Debian's chromium through playwright-core)
// on a real hub process: STV's votes in each round and Schulze's pairwise table. Each number column
// reads as a column: its heading ends where its numbers end, on a phone and on a laptop (#16: the
// headings sat at the left of their columns, the numbers at the right, so "Round 1" stood over
// nothing). The assembly and its two closed votes are signed here and sent through the hub's API.
import {
  applyEvent,
  computeEventId,
  createSpaceState,
  EventAuthor,
  proposeClose,
} from '@veche/core'
import type { EventBodyInput, EventType, SignedEvent } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-count-tables-')
})

afterAll(async () => {
  await session?.close()
})

const author = () => new EventAuthor(nodeSigner(generateKeyPair()))

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
  const founder = author()
  const voters = [1, 2, 3, 4, 5, 6, 7].map(author)
  const nonce = 'count-tables-1'
  const space = founder.spaceFor(nonce)
  const state = createSpaceState(space)
  let at = 1_780_000_000_000
  const events: SignedEvent[] = []
  const sign = async <T extends EventType>(by: EventAuthor, type: T, body: EventBodyInput<T>) => {
    const event = await by.next(space, type, body, at++)
    expect(applyEvent(state, event, computeEventId(event))).toBeNull()
    events.push(event)
    return event
  }
  await sign(founder, 'assembly.created', {
    nonce,
    name: 'Depot',
    description: '',
    languages: ['en'],
    founderName: 'Aigerim',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 0 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
  })
  for (const [i, v] of voters.entries())
    await sign(founder, 'member.admitted', { member: v.publicKey, name: `Voter ${i + 1}` })
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
  for (const [question, method, seats] of [
    ['Who sits on the strike committee?', 'scottish-stv', 2],
    ['Which repair comes first?', 'schulze', 1],
  ] as const) {
    const opened = await sign(founder, 'poll.opened.3', {
      question,
      subject: null,
      method,
      options,
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats,
      scoreRange: null,
      tieBreakSeed: `count-tables-${method}`,
    })
    const poll = computeEventId(opened)
    for (const [i, v] of voters.entries())
      await sign(v, 'ballot.cast', { poll, vote: { ranking: rankings[i]! } })
    const close = proposeClose(state, state.polls.get(poll)!, at)
    if (!close.ok) throw new Error(close.message)
    await sign(founder, 'poll.closed.2', close.value)
  }
  const response = await fetch(`${session!.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  expect(await response.json()).toMatchObject({ rejected: 0 })

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
