// Accessibility (#16): every screen of the web app, in each of the four interface languages, on
// `veche serve --demo` (the demo assembly with polls, a statement, a conversation and a council),
// checked with axe-core (WCAG 2.0/2.1 A and AA). A violation of impact serious or critical fails
// the test, named by rule, element and screen/language. Also: 200 % zoom (a 1280 px laptop at
// deviceScaleFactor 2 is a 640 px wide layout) keeps the home and assembly screens from scrolling
// sideways or cutting content off; and the keyboard alone founds an assembly, opens a vote, casts
// a ballot, moves to the members section and makes an invitation.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CHROMIUM, ROOT, WAIT } from './test-support/browser-hub.js'
import { checkScreen as checkAnyScreen } from './test-support/screen-check.js'

const LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const
const SECTIONS = ['now', 'decisions', 'proposals', 'statements', 'members', 'councils'] as const

let hub: ChildProcess | undefined
let browser: Browser | undefined
let data: string | undefined
let url = ''
let link = ''

/** Starts `veche serve --demo` on a free port; resolves once it printed its demo link. */
function startDemoHub(dir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/veche.js'),
      'serve',
      '--demo',
      '--data',
      dir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
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
  if (!existsSync(join(ROOT, 'packages/web/dist/index.html')))
    throw new Error('build the web app first: npm run build -w @veche/web')
  data = mkdtempSync(join(tmpdir(), 'veche-a11y-'))
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

/** axe on the current screen in every language, on a phone and a laptop; returns the problems. */
function checkScreen(page: Page, screen: string): Promise<string[]> {
  return checkAnyScreen(page, screen, (p) => p.locator('h1, h2').first().waitFor(), {
    sideways: false,
  })
}

test('no serious or critical axe violation on any screen in any language; join and a card vote by keyboard', async () => {
  const page = await (
    await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })
  ).newPage()
  page.setDefaultTimeout(WAIT)
  const found: string[] = []

  await page.goto(url)
  await page.getByRole('button').first().waitFor()
  found.push(...(await checkScreen(page, 'home')))

  await page.goto(link)
  await page.getByLabel(/name/i).first().waitFor()
  found.push(...(await checkScreen(page, 'join')))
  // Joining, with the keyboard alone.
  await tabTo(page, page.getByLabel('Your name in this assembly'), 'your name')
  await page.keyboard.type('Dana')
  await tabTo(page, page.getByRole('button', { name: 'Join' }), 'Join')
  await page.keyboard.press('Enter')
  await page.waitForURL(/#\/a\//)
  await page.locator('h1, h2').first().waitFor()
  const assembly = page.url()
  const space = /#\/a\/([^/]+)/.exec(assembly)![1]!
  // Each section of the assembly is a screen of its own; the links of all of them lead on.
  const hrefs: string[] = []
  for (const section of SECTIONS) {
    await page.goto(section === 'now' ? assembly : `${assembly}/${section}`)
    await page.locator(`nav a[data-section="${section}"][aria-current="page"]`).waitFor()
    found.push(...(await checkScreen(page, `assembly ${section}`)))
    hrefs.push(
      ...(await page.evaluate<string[]>(
        `[...document.querySelectorAll('main a[href^="#/a/"]')].map((a) => a.getAttribute('href'))`,
      )),
    )
  }
  const screens: [string, string | undefined][] = [
    ['proposal', hrefs.find((h) => h.startsWith(`#/a/${space}/p/`))],
    ['statement', hrefs.find((h) => h.startsWith(`#/a/${space}/s/`))],
    ['conversation', hrefs.find((h) => h.startsWith(`#/a/${space}/c/`))],
    ['council', hrefs.find((h) => /^#\/a\/[^/]+$/.test(h) && !h.includes(space))],
    ['projector', `#/a/${space}/projector`],
    ['device', '#/device'],
    ['new-council', '#/new-council'],
  ]
  for (const [screen, href] of screens) {
    expect(href, `the demo assembly links to a ${screen}`).toBeDefined()
    await page.goto(`${url}/${href}`)
    await page.locator('main').first().waitFor()
    found.push(...(await checkScreen(page, screen)))
  }
  expect(found, found.join('\n')).toEqual([])

  // A vote on the conversation's card, with the keyboard alone: the card moves on.
  await page.goto(`${url}/${screens[2]![1]!}`)
  const card = page.locator('section.vote-next .statement-card')
  const first = (await card.textContent()) ?? ''
  await tabTo(page, page.getByRole('button', { name: 'Agree', exact: true }), 'Agree')
  await page.keyboard.press('Enter')
  await page.locator('section.vote-next .statement-card', { hasText: first }).waitFor({
    state: 'detached',
  })
}, 120_000)

test('200 % zoom on a 1280 px laptop: home and assembly neither scroll sideways nor cut off content', async () => {
  const context = await browser!.newContext({
    locale: 'en-GB',
    viewport: { width: 640, height: 400 },
    deviceScaleFactor: 2,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(WAIT)
  const wide: string[] = []
  const measure = async (screen: string): Promise<void> => {
    for (const lang of LANGUAGES) {
      await page.locator('label.language select').selectOption(lang)
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > 640) wide.push(`${screen} ${lang}: ${width} px wide at 640 CSS px`)
      // Content cut off: a box that hides what does not fit it across. (A visually hidden label,
      // one pixel wide for screen readers, is cut off on purpose.)
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => {
            const style = getComputedStyle(el)
            return (
              ['hidden', 'clip'].includes(style.overflowX) &&
              el.clientWidth > 1 &&
              el.scrollWidth > el.clientWidth + 1
            )
          })
          .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`),
      )
      for (const box of clipped) wide.push(`${screen} ${lang}: ${box} cuts off its content`)
    }
    await page.locator('label.language select').selectOption('en')
  }
  await page.goto(url)
  await page.getByRole('button').first().waitFor()
  await measure('home')
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill('Aruzhan')
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(/#\/a\//)
  await page.locator('h1, h2').first().waitFor()
  await measure('assembly')
  expect(wide, wide.join('\n')).toEqual([])
}, 60_000)

/**
 * Presses Tab until `target` has the focus, and checks the focus is visible there; fails after
 * `limit` presses (it cannot be reached).
 */
async function tabTo(page: Page, target: Locator, what: string, limit = 60): Promise<void> {
  await target.waitFor()
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      // Focus that a keyboard user cannot see is as good as none: an outline or a ring.
      const shown = await target.evaluate((el) => {
        const style = getComputedStyle(el)
        return (
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
          style.boxShadow !== 'none'
        )
      })
      if (!shown) throw new Error(`${what} has the focus but shows no outline or ring`)
      return
    }
    await page.keyboard.press('Tab')
  }
  throw new Error(`${what} cannot be reached with Tab (${limit} presses)`)
}

test('keyboard alone: found an assembly, open a vote, cast a ballot, make an invitation', async () => {
  const page = await (
    await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })
  ).newPage()
  page.setDefaultTimeout(WAIT)
  await page.goto(url)
  await tabTo(page, page.getByLabel('Name of the assembly'), 'the assembly name')
  await page.keyboard.type('Keyboard assembly')
  await tabTo(page, page.getByLabel('Your name in this assembly'), 'your name')
  await page.keyboard.type('Aigerim')
  await tabTo(page, page.getByRole('button', { name: 'Found the assembly' }), 'Found')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Keyboard assembly' }).waitFor()

  await tabTo(page, page.getByLabel('Question'), 'the question')
  await page.keyboard.type('Paint the stairwell green?')
  await tabTo(page, page.getByLabel('Options, one per line'), 'the options')
  await page.keyboard.type('Yes\nNo')
  await tabTo(page, page.getByRole('button', { name: 'Open the vote' }), 'Open the vote')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Paint the stairwell green?' }).waitFor()

  // A radio group is one Tab stop; Space checks the focused option.
  await tabTo(page, page.getByRole('radio', { name: 'Yes' }), 'the option Yes')
  await page.keyboard.press('Space')
  await expect(page.getByRole('radio', { name: 'Yes' }).isChecked()).resolves.toBe(true)
  await tabTo(page, page.getByRole('button', { name: 'Cast my vote' }), 'Cast my vote')
  await page.keyboard.press('Space')
  await page.getByText('1 person has voted').waitFor()

  // The members section, reached from the section bar with the keyboard.
  await tabTo(page, page.getByRole('link', { name: 'Members', exact: true }), 'Members')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/members$/)
  // The facilitator's own assembly (an open vote, facilitator tools, an invitation) is a screen the
  // demo's member never sees: axe checks it here, in every language.
  await tabTo(page, page.getByRole('button', { name: 'Make an invitation' }), 'Make an invitation')
  await page.keyboard.press('Enter')
  await page.getByLabel('Invitation link').waitFor()
  const found = await checkScreen(page, 'assembly members (facilitator)')
  await page.getByRole('link', { name: 'Now', exact: true }).click()
  await page.getByRole('heading', { name: 'Paint the stairwell green?' }).waitFor()
  found.push(...(await checkScreen(page, 'assembly now (facilitator)')))
  expect(found, found.join('\n')).toEqual([])
}, 60_000)
