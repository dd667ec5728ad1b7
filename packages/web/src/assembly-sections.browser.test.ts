// The assembly in sections (#16), on a 390 × 844 phone against a real hub process: it opens on
// "now" with the section bar at the bottom of the screen, where a thumb reaches, and every section
// is a tap away, named in the address (#/a/<space>/<section>) so the back button and a reload keep
// it; the six labels fit across the phone in each language; a device set to dark gets the dark
// theme, and axe finds no serious or critical violation in it. Also: a new device reads the welcome
// before the warning to back its key up.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { injectAxe, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-sections-')
})

afterAll(async () => {
  await session?.close()
})

const PHONE = { width: 390, height: 844 }

/** Each section and a heading only it shows. */
const SECTIONS = [
  ['decisions', 'Decisions'],
  ['proposals', 'Proposals'],
  ['statements', 'Statements and resolutions'],
  ['members', 'Members'],
  ['councils', 'Councils'],
  ['now', 'Open votes'],
] as const

/** Where the section bar is on the screen, and which of its links is the current one. */
const bar = (page: Page) =>
  page.evaluate(() => {
    const nav = document.querySelector('nav.section-nav')!
    const box = nav.getBoundingClientRect()
    const list = nav.querySelector('ul')!
    return {
      top: box.top,
      bottom: box.bottom,
      current: nav.querySelector('[aria-current="page"]')?.getAttribute('data-section'),
      overflows: list.scrollWidth > list.clientWidth,
    }
  })

/** axe's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await injectAxe(page)
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(o: unknown): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
          }>
        }
      }
    ).axe
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`)
  })
}

test('browser: on a phone the assembly opens on "now", each section is a thumb tap away and in the address', async () => {
  const page = await session!.newPage()
  await page.setViewportSize(PHONE)
  // A new device: the welcome first, then the warning to back the key up.
  const welcome = page.getByRole('heading', { name: 'Welcome to Veche' })
  const backup = page.getByRole('link', { name: /Back up your key now/ })
  await backup.waitFor()
  const backupHandle = await backup.elementHandle()
  expect(
    await welcome.evaluate(
      (h, b) => (h.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
      backupHandle,
    ),
  ).toBe(true)

  await page.getByLabel('Name of the assembly').fill('Abay Avenue 150 tenants')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}$/)
  const assembly = page.url()
  const nav = page.getByRole('navigation', { name: 'Parts of the assembly' })
  await nav.waitFor()
  await page.getByRole('heading', { name: 'Open votes' }).waitFor()
  // In the bottom quarter of the screen, where a thumb reaches, with "now" current.
  const first = await bar(page)
  expect(first.current).toBe('now')
  expect(first.bottom).toBeCloseTo(PHONE.height, 0)
  expect(first.top).toBeGreaterThan(PHONE.height * 0.75)

  for (const [section, heading] of SECTIONS) {
    await openSection(page, section)
    await page.getByRole('heading', { name: heading, exact: true }).waitFor()
    expect(page.url()).toBe(section === 'now' ? assembly : `${assembly}/${section}`)
    await expect(nav.getByRole('link', { name: /./ }).count()).resolves.toBe(6)
    // Still at the bottom of the screen after scrolling to the end of the section.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const { top, bottom } = await bar(page)
    expect(bottom).toBeCloseTo(PHONE.height, 0)
    expect(top).toBeGreaterThan(PHONE.height * 0.75)
  }

  // The back button goes back through the sections; a reload keeps the one shown.
  await page.goBack()
  await page.waitForURL(`${assembly}/councils`)
  await page.getByRole('heading', { name: 'Councils', exact: true }).waitFor()
  await page.goBack()
  await page.waitForURL(`${assembly}/members`)
  await page.reload()
  await page.getByRole('heading', { name: 'Members', exact: true }).waitFor()
  expect((await bar(page)).current).toBe('members')

  // The six labels fit across the phone in every language, and the page never scrolls sideways.
  for (const lang of ['en', 'ru', 'kk', 'ko']) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    expect({ lang, overflows: (await bar(page)).overflows }).toEqual({ lang, overflows: false })
    expect({
      lang,
      width: await page.evaluate(() => document.documentElement.scrollWidth),
    }).toEqual({ lang, width: PHONE.width })
  }
  await page.context().close()
}, 120_000)

test('browser: a device set to dark gets the dark theme, and axe passes it on the assembly', async () => {
  const page = await session!.newPage()
  await page.setViewportSize(PHONE)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByLabel('Name of the assembly').fill('Night shift assembly')
  await page.getByLabel('Your name in this assembly').fill('Bolat')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Open votes' }).waitFor()
  /** The relative lightness (0 black, 1 white) of a colour property of the first `selector`. */
  const luminance = (selector: string, property: 'color' | 'background-color') =>
    page.evaluate(
      ([s, p]) => {
        const colour = getComputedStyle(document.querySelector(s)!).getPropertyValue(p)
        const [r = 0, g = 0, b = 0] = (colour.match(/\d+/g) ?? []).map(Number)
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
      },
      [selector, property] as const,
    )
  expect(await luminance('html', 'background-color')).toBeLessThan(0.2)
  expect(await luminance('.assembly-head', 'background-color')).toBeLessThan(0.2)
  expect(await luminance('.assembly-head h2', 'color')).toBeGreaterThan(0.8)
  for (const section of ['now', 'members', 'decisions']) {
    if (section !== 'now') await openSection(page, section)
    expect({ section, violations: await seriousViolations(page) }).toEqual({
      section,
      violations: [],
    })
  }
  await page.context().close()
}, 120_000)
