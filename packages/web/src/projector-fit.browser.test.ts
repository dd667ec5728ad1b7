// The projector fits a TV (#16): on `veche serve --demo` (an open vote and a conversation with its
// opinion map) the projector page was 1,982 px tall at 1920 × 1080, so the TV cut off its lower
// half. In a real browser (Debian's chromium through playwright-core) against the real demo hub, in
// the four languages: at 1920 × 1080 no vertical or sideways scroll, and the vote's count, the map
// and the last of what the groups think on the screen; at 1280 × 800 no sideways scroll; at both
// no text under 16 px and the map at least a fifth of the screen's height. (The demo's groups, and
// so the texts the map shows, change from one demo to the next.)
// (The meeting, its speakers' queue and the invitation's QR code are checked the same way in
// projector-layout.browser.test.ts.) Screenshots go to artifacts/ (not kept in git).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, CHROMIUM, ROOT, WAIT } from './test-support/browser-hub.js'

let hub: ChildProcess | undefined
let browser: Browser | undefined
let data: string | undefined
let url = ''
let link = ''

/** Starts `veche serve --demo` on a free port; resolves once it printed its demo link. */
function startDemoHub(dir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'packages/cli/bin/veche.js'), 'serve', '--demo', '--data', dir].concat([
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  hub = child
  return new Promise((resolve, reject) => {
    let printed = ''
    const read = (chunk: Buffer): void => {
      printed += chunk.toString()
      const joinLink = /Join the demo assembly: (\S+)/.exec(printed)?.[1]
      const port = /listening on port (\d+)/.exec(printed)?.[1]
      if (joinLink !== undefined && port !== undefined && printed.includes('Stop: Ctrl+C')) {
        url = `http://127.0.0.1:${port}`
        link = joinLink
        resolve()
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => reject(new Error(`the demo hub exited (${code}): ${printed}`)))
  })
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'veche-projector-fit-'))
  await startDemoHub(data)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: WAIT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub!.once('exit', resolve))
    hub.kill('SIGTERM')
    await exited
  }
  if (data) rmSync(data, { recursive: true, force: true })
})

/**
 * What of the screen `page` shows now does not fit it (with `whole`, the whole page must fit its
 * height; else only sideways), or is too small to read: one line per problem.
 */
async function misfits(
  page: Page,
  width: number,
  height: number,
  whole: boolean,
): Promise<string[]> {
  return page.evaluate(
    ({ width, height, whole }) => {
      const found: string[] = []
      const root = document.documentElement
      if (root.scrollWidth > width) found.push(`${root.scrollWidth} px wide`)
      if (whole && root.scrollHeight > height) found.push(`${root.scrollHeight} px tall`)
      for (const selector of whole
        ? ['table.live-tally td.votes', 'svg.map-picture', '.group-view li', '.consensus li']
        : []) {
        // The last of them: what the page shows last.
        const shown = [...document.querySelectorAll(selector)].at(-1)?.getBoundingClientRect()
        if (shown === undefined) found.push(`${selector} is not shown`)
        else if (shown.bottom > height || shown.right > width)
          found.push(`${selector} ends at ${Math.round(shown.right)}, ${Math.round(shown.bottom)}`)
      }
      const picture = document.querySelector('svg.map-picture')!.getBoundingClientRect()
      if (picture.height < height / 5) found.push(`the map is ${picture.height} px tall`)
      // Every piece of text a reader sees, at least 16 px.
      const walker = document.createTreeWalker(
        document.querySelector('.projector')!,
        NodeFilter.SHOW_TEXT,
      )
      for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
        const text = n.nodeValue?.trim() ?? ''
        const element = n.parentElement!
        if (text === '' || element.closest('svg') !== null) continue
        const size = parseFloat(getComputedStyle(element).fontSize)
        if (size < 16) found.push(`"${text}" at ${size} px`)
      }
      return found
    },
    { width, height, whole },
  )
}

test('browser: the demo’s projector, with a vote and an opinion map, fits a 1920 × 1080 TV and a 1280 × 800 laptop with no scrolling, in every language', async () => {
  const page = await (await browser!.newContext({ locale: 'en-GB' })).newPage()
  page.setDefaultTimeout(WAIT)
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill('Yerlan')
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(/#\/a\//)
  const space = /#\/a\/([^/]+)/.exec(page.url())![1]!
  await page.goto(`${url}/#/a/${space}/projector`)
  await page.locator('svg.map-picture circle.point').first().waitFor()
  mkdirSync(ARTIFACTS, { recursive: true })
  const found: string[] = []
  // The TV must show it all at once; a 1280 × 800 laptop fits it too where the map's texts allow
  // (text stays at 16 px at least), and must keep it readable and never scroll sideways.
  for (const screen of [
    { width: 1920, height: 1080, whole: true },
    { width: 1280, height: 800, whole: false },
  ]) {
    await page.setViewportSize({ width: screen.width, height: screen.height })
    for (const lang of ['en', 'ru', 'kk', 'ko'] as const) {
      await page.locator('label.language select').selectOption(lang)
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await page.locator('.consensus li').first().waitFor()
      // The projector refits on the frame after its content changes size: two frames on.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      )
      await page.screenshot({ path: `${ARTIFACTS}/projector-demo-${screen.width}-${lang}.png` })
      const where = `${screen.width} × ${screen.height} ${lang}`
      const problems = await misfits(page, screen.width, screen.height, screen.whole)
      found.push(...problems.map((m) => `${where}: ${m}`))
    }
  }
  expect(found).toEqual([])
}, 120_000)
