// The app on a 390 × 844 phone in each of the four languages (Debian's chromium through
// playwright-core, against a real hub process): the home screen, This device (with a backup file
// chosen in the restore form), each section of an assembly with a long name and its projector
// never scroll sideways. (#16: the restore form's file input was wider than the page, and a long
// Kazakh word of an assembly's name ran off the projector's title.)
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-phone-')
})

afterAll(async () => {
  await session?.close()
})

const PHONE = { width: 390, height: 844 }

/** An assembly's name as people would write it, with each language's long words. */
const NAMES = {
  en: "Tenants' assembly of Abay Avenue 150",
  ru: 'Собрание жильцов дома на проспекте Абая, 150',
  kk: 'Абай даңғылы, 150 үй тұрғындарының жиналысы',
  ko: '아바이 대로 150번지 세입자 총회',
}

/** How wide the page is laid out: more than the screen means it scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY)

test('browser: a 390 px phone never scrolls sideways, in en, ru, kk and ko', async () => {
  for (const [lang, name] of Object.entries(NAMES)) {
    const page = await session!.newPage()
    await page.setViewportSize(PHONE)
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    await page.locator('code.key').waitFor()
    expect({ lang, screen: 'home', width: await pageWidth(page) }).toEqual({
      lang,
      screen: 'home',
      width: PHONE.width,
    })

    await page.goto(`${session!.url}/#/device`)
    const file = page.locator('input[type="file"]')
    await file.setInputFiles({
      name: 'veche-key-Pi313Fob-backup-from-the-spring-meeting.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{}'),
    })
    expect({ lang, screen: 'device', width: await pageWidth(page) }).toEqual({
      lang,
      screen: 'device',
      width: PHONE.width,
    })

    await page.goto(`${session!.url}/#/`)
    const found = page.locator('form').nth(1)
    await found.locator('input').nth(0).fill(name)
    await found.locator('input').nth(1).fill('Aigerim')
    await found.getByRole('button').click()
    await page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}$/)
    const assembly = page.url()
    for (const section of ['now', 'decisions', 'proposals', 'statements', 'members', 'councils']) {
      await page.goto(section === 'now' ? assembly : `${assembly}/${section}`)
      await page.locator(`nav a[data-section="${section}"][aria-current="page"]`).waitFor()
      await page.getByRole('heading', { name }).waitFor()
      expect({ lang, screen: `assembly ${section}`, width: await pageWidth(page) }).toEqual({
        lang,
        screen: `assembly ${section}`,
        width: PHONE.width,
      })
    }
    await page.goto(`${assembly}/projector`)
    await page.getByRole('heading', { name }).waitFor()
    expect({ lang, screen: 'projector', width: await pageWidth(page) }).toEqual({
      lang,
      screen: 'projector',
      width: PHONE.width,
    })
    await page.goto(`${session!.url}/#/`)
    await page.getByRole('link', { name }).waitFor()
    expect({ lang, screen: 'home with one assembly', width: await pageWidth(page) }).toEqual({
      lang,
      screen: 'home with one assembly',
      width: PHONE.width,
    })
    await page.context().close()
  }
}, 120_000)

/**
 * The header's parts and where they sit: each part's box, and whether any part's text is wider
 * than its box (cut off) or the header wider than the screen.
 */
const headerLayout = (page: Page) =>
  page.evaluate(() => {
    const header = document.querySelector('body > #root header, header')!
    const parts = [...header.children].map((el) => {
      const box = el.getBoundingClientRect()
      return {
        top: box.top,
        bottom: box.bottom,
        right: box.right,
        cut: el.scrollWidth > el.clientWidth,
      }
    })
    return { parts, width: header.scrollWidth, screen: window.innerWidth }
  })

test('browser: on a 390 px phone the header is one row, in en, ru, kk and ko, even with actions waiting', async () => {
  const page = await session!.newPage()
  await page.setViewportSize(PHONE)
  const found = page.locator('form').nth(1)
  await found.locator('input').nth(0).fill(NAMES.en)
  await found.locator('input').nth(1).fill('Aigerim')
  await found.getByRole('button').click()
  await page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}$/)
  // Every language's strings loaded while the hub can be reached, then a proposal made offline:
  // the header also holds "1 action waiting to be sent".
  for (const lang of ['ru', 'kk', 'ko', 'en']) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
  }
  await page.goto(`${page.url()}/proposals`)
  await page.getByLabel('Title', { exact: true }).waitFor()
  await page.context().setOffline(true)
  await page.getByLabel('Title', { exact: true }).fill('Paint the stairs')
  await page.getByLabel('Text', { exact: true }).fill('Before winter.')
  await page.getByRole('button', { name: 'Propose' }).click()
  await page.locator('header .waiting').waitFor()
  for (const lang of ['en', 'ru', 'kk', 'ko']) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    const { parts, width, screen } = await headerLayout(page)
    // One row: every part lies across the first part's line; none is cut; nothing runs off.
    const first = parts[0]!
    for (const part of parts) {
      expect({ lang, top: part.top < first.bottom, bottom: part.bottom > first.top }).toEqual({
        lang,
        top: true,
        bottom: true,
      })
      expect({ lang, cut: part.cut, right: part.right <= screen }).toEqual({
        lang,
        cut: false,
        right: true,
      })
    }
    expect({ lang, width }).toEqual({ lang, width: screen })
  }
  await page.context().close()
}, 120_000)
