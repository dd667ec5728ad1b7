// What's new, in a real browser (Debian's chromium through playwright-core) against a real hub
// process (docs/web.md, "What's new"): Aigerim's phone has seen the assembly; Bolat, a facilitator
// on another phone, opens a vote and makes a proposal. While Aigerim's app is open on its home
// screen, a notice says so in a live region, the assembly shows "2 new" with the entries (each a
// link to the thing), and the app icon's count is 2 through the Badging API. Opening the assembly
// shows what is new since the last visit, clears the count and the icon's count. The Badging API
// is the platform's: it is wrapped in an init script only to record what the app asked of it.
// Screenshots of both screens at 390 × 844 and 1280 × 800 in four languages go to SHOTS_DIR.
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { injectAxe, openSection, startBrowserHub, WAIT } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null
const shots = process.env.SHOTS_DIR ?? '/tmp/shots-whats-new'

beforeAll(async () => {
  session = await startBrowserHub('veche-whats-new-')
})

afterAll(async () => {
  await session?.close()
})

/**
 * Wraps the browser's Badging API (an init script, so on every page load) to hand each count the
 * app gives the icon (0 for a clear) to `recordBadge` before calling the browser's own.
 */
function wrapBadge(): void {
  const nav = navigator
  const record = (count: number): void =>
    void (window as unknown as { recordBadge(n: number): Promise<void> }).recordBadge(count)
  const set = typeof nav.setAppBadge === 'function' ? nav.setAppBadge.bind(nav) : null
  const clear = typeof nav.clearAppBadge === 'function' ? nav.clearAppBadge.bind(nav) : null
  nav.setAppBadge = (count?: number) => {
    record(count ?? 0)
    return set === null ? Promise.resolve() : set(count)
  }
  nav.clearAppBadge = () => {
    record(0)
    return clear === null ? Promise.resolve() : clear()
  }
}

/** axe-core's serious and critical WCAG A/AA violations on `page` as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await injectAxe(page)
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(o: unknown): Promise<{ violations: { id: string; impact: string | null }[] }>
        }
      }
    ).axe
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id)
  })
}

/**
 * Looks at `page` in each language at a phone's and a laptop's size: nothing scrolls sideways and
 * axe finds nothing serious.
 */
async function lookAt(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true })
  for (const lang of ['en', 'ru', 'kk', 'ko']) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width, height })
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      )
      expect(sideways, `${name} in ${lang} at ${width} px`).toBe(false)
      expect(await seriousViolations(page), `${name} in ${lang} at ${width} px`).toEqual([])
      await page.screenshot({ path: `${shots}/${name}-${width}-${lang}.png`, fullPage: true })
    }
  }
  await page.locator('label.language select').selectOption('en')
  await page.setViewportSize({ width: 420, height: 900 })
}

test("browser: what's new on the home screen, a live notice and the app icon's count; opening the assembly clears them", async () => {
  const bolat = await session!.newPage()
  await bolat.getByLabel('Name of the assembly').fill('Street assembly')
  await bolat.getByLabel('Your name in this assembly').fill('Bolat')
  await bolat.getByRole('button', { name: 'Found the assembly' }).click()
  await bolat.getByRole('heading', { name: 'Street assembly' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(bolat.url())![1]!
  await openSection(bolat, 'members')
  await bolat.getByLabel('How many people may join with it').fill('1')
  await bolat.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await bolat.getByLabel('Invitation link').inputValue()

  // Aigerim joins: her phone has seen the assembly (its two members included).
  const aigerim = await session!.newPage()
  // What the app asked of the icon, kept here: a wipe leaves the page, and its memory, behind.
  const badge: number[] = []
  await aigerim.exposeFunction('recordBadge', (count: number) => void badge.push(count))
  await aigerim.addInitScript(wrapBadge)
  await aigerim.goto(link)
  // The link differs from the page's address only after '#': load the page anew for the script.
  await aigerim.reload()
  await aigerim.getByLabel('Your name in this assembly').fill('Aigerim')
  await aigerim.getByRole('button', { name: 'Join' }).click()
  await aigerim.getByRole('heading', { name: 'Street assembly' }).waitFor()
  await aigerim.getByText('2 members', { exact: true }).waitFor()
  await bolat.getByText('2 members', { exact: true }).waitFor()
  await aigerim.getByRole('link', { name: 'Veche', exact: true }).click()
  const mine = aigerim.locator('ul.spaces li', { hasText: 'Street assembly' })
  await mine.waitFor()
  const notice = aigerim.locator('.whats-new-notice[role="status"]')
  await notice.waitFor({ state: 'attached' })
  expect(await mine.locator('.new-count').count()).toBe(0)

  // Bolat opens a vote and makes a proposal while Aigerim's app is open on its home screen.
  await openSection(bolat, 'now')
  await bolat.getByLabel('Question', { exact: true }).fill('Fix the roof?')
  await bolat.getByLabel('Options, one per line').fill('Yes\nNo')
  await bolat.getByRole('button', { name: 'Open the vote' }).click()
  await notice.getByRole('link', { name: 'New vote: Fix the roof?' }).waitFor()
  expect(await notice.textContent()).toContain('New in Street assembly:')
  await openSection(bolat, 'proposals')
  await bolat.getByLabel('Title', { exact: true }).fill('Heat the hall in winter')
  await bolat.getByLabel('Text', { exact: true }).fill('From November to March.')
  await bolat.getByRole('button', { name: 'Propose' }).click()
  await notice.getByRole('link', { name: 'New proposal: Heat the hall in winter' }).waitFor()

  // The home screen: "2 new" beside the assembly, and its entries, each a link to the thing.
  await mine.getByText('2 new', { exact: true }).waitFor()
  const inbox = aigerim.locator('section.whats-new article', { hasText: 'Street assembly' })
  await inbox.getByText('2 new', { exact: true }).waitFor()
  expect(
    await inbox.getByRole('link', { name: 'New vote: Fix the roof?' }).getAttribute('href'),
  ).toMatch(new RegExp(`^#/a/${space}/now/[A-Za-z0-9_-]{43}$`))
  expect(
    await inbox
      .getByRole('link', { name: 'New proposal: Heat the hall in winter' })
      .getAttribute('href'),
  ).toMatch(new RegExp(`^#/a/${space}/p/[A-Za-z0-9_-]{43}$`))
  // The app icon's count, through the platform's Badging API.
  await expect.poll(() => badge.at(-1), { timeout: WAIT }).toBe(2)
  expect(badge).toEqual([1, 2])
  await lookAt(aigerim, 'home')

  // Opening the assembly shows what is new since the last visit, and clears both counts.
  await mine.getByRole('link', { name: 'Street assembly' }).click()
  const since = aigerim.locator('details.whats-new-since')
  await since.getByText('New since your last visit').click()
  await since.getByText('New vote: Fix the roof?').waitFor()
  await since.getByRole('link', { name: 'New proposal: Heat the hall in winter' }).waitFor()
  await since.getByText('2 new', { exact: true }).waitFor()
  await expect.poll(() => badge.at(-1), { timeout: WAIT }).toBe(0)
  await lookAt(aigerim, 'assembly')
  await since.getByRole('button', { name: 'Mark all as seen' }).click()
  await since.waitFor({ state: 'detached' })
  await aigerim.getByRole('link', { name: 'Veche', exact: true }).click()
  await mine.waitFor()
  await aigerim.locator('section.whats-new').waitFor({ state: 'detached' })
  expect(await mine.locator('.new-count').count()).toBe(0)
  expect(badge).toEqual([1, 2, 0])

  // Something new again, then the device is wiped: the icon's count goes with everything else.
  await bolat.getByLabel('Title', { exact: true }).fill('Plant trees')
  await bolat.getByLabel('Text', { exact: true }).fill('Along the street.')
  await bolat.getByRole('button', { name: 'Propose' }).click()
  await mine.getByText('1 new', { exact: true }).waitFor()
  await expect.poll(() => badge.at(-1), { timeout: WAIT }).toBe(1)
  await aigerim.locator('header').getByRole('link', { name: 'This device' }).click()
  await aigerim.getByRole('button', { name: 'Wipe this device' }).click()
  await aigerim.getByRole('button', { name: 'Yes, erase everything' }).click()
  await aigerim.waitForURL(/\/wiped\.html$/)
  await expect.poll(() => badge.at(-1), { timeout: WAIT }).toBe(0)
  expect(badge).toEqual([1, 2, 0, 1, 0])
}, 180_000)
