/// <reference types="node" />
// The same map, to the last digit, in Node and in a real browser (Debian's chromium through
// playwright-core): the compiled package runs in the page as ES modules, on the same votes, and
// its JSON must equal Node's character for character. Run after `tsc -b` (npm test builds first).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { mapOpinions } from './opinion-map.js'
import { polisConversationNames, readPolisConversation } from './test-data.js'
import type { OpinionsInput, VoteColumns } from './vote-matrix.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
const ORIGIN = 'http://opinions.test'

let browser: Browser | null = null
let page: Page | null = null

beforeAll(async () => {
  for (const dist of ['packages/opinions/dist/index.js', 'packages/tally/dist/index.js']) {
    if (!existsSync(join(ROOT, dist)))
      throw new Error(`build first (npx tsc -b): ${dist} is missing`)
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  page = await browser.newPage()
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/') {
      await route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script type="importmap">{"imports":{"@veche/tally":"/tally/index.js"}}</script>
<script type="module">import * as opinions from '/opinions/index.js'; window.opinions = opinions</script>`,
      })
      return
    }
    const [, pkg, ...rest] = path.split('/')
    const file = join(ROOT, 'packages', pkg ?? '', 'dist', ...rest)
    if (!['opinions', 'tally'].includes(pkg ?? '') || !existsSync(file)) {
      await route.fulfill({ status: 404, body: 'not found' })
      return
    }
    await route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') })
  })
  await page.goto(`${ORIGIN}/`)
  await page.waitForFunction(() => 'opinions' in globalThis)
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

/** The input as plain JSON arrays, the same for both sides. */
function plain(input: OpinionsInput): OpinionsInput {
  const votes = input.votes as VoteColumns
  return {
    statements: input.statements,
    votes: {
      participants: votes.participants,
      voter: Array.from(votes.voter),
      statement: Array.from(votes.statement),
      vote: Array.from(votes.vote),
      castAt: votes.castAt === null ? null : Array.from(votes.castAt),
    },
  }
}

async function inBrowser(input: OpinionsInput, seed: string): Promise<string> {
  return (page as Page).evaluate(
    ([i, s]) => {
      const lib = (globalThis as unknown as { opinions: { mapOpinions: typeof mapOpinions } })
        .opinions
      return JSON.stringify(lib.mapOpinions(i, { seed: s }))
    },
    [input, seed] as const,
  )
}

test.each(polisConversationNames())(
  'browser: %s maps to the same JSON in chromium as in Node',
  async (name) => {
    const input = plain(readPolisConversation(name).input)
    const node = JSON.stringify(mapOpinions(input, { seed: 'veche' }))
    expect(node).toContain('"ok":true')
    expect(await inBrowser(input, 'veche')).toBe(node)
  },
)

test('browser: a refusal is the same value in chromium as in Node', async () => {
  const input: OpinionsInput = {
    statements: [{ id: 'a' }, { id: 'b' }],
    votes: [
      { participant: 'x', statement: 'a', vote: 1, at: 5 },
      { participant: 'x', statement: 'a', vote: -1, at: 5 },
    ],
  }
  const node = JSON.stringify(mapOpinions(input, { seed: 's' }))
  expect(node).toContain('opinions.duplicate-vote')
  expect(await inBrowser(input, 's')).toBe(node)
})
