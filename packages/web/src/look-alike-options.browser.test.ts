// Look-alike options in the open-a-vote form, in a real browser (Debian's chromium through
// playwright-core) on a real hub process: "Yes" and "Yes" spelled with a Cyrillic e are refused
// before anything is signed, with the message in the member's language, in sight of the button
// that was pressed, on a phone and a laptop; options that plainly differ open the vote. (Form
// refusals used to stand at the top of the facilitator's card, out of sight on a phone.)
// Screenshots of the refusal in the four languages go to $SHOTS_DIR, else
// artifacts/look-alike-options.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { en } from './i18n/en.js'
import { kk } from './i18n/kk.js'
import { ko } from './i18n/ko.js'
import { ru } from './i18n/ru.js'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-look-alike-')
})

afterAll(async () => {
  await session?.close()
})

const SHOTS = process.env.SHOTS_DIR ?? join(ARTIFACTS, 'look-alike-options')
const texts = { en, ru, kk, ko } as const

/** The refusal as the app words it in `lang`, for options 1 and 2. */
const refusal = (lang: keyof typeof texts): string =>
  texts[lang]['openPoll.lookAlike']!.replace('{{first}}', '1').replace('{{second}}', '2')

test('browser: look-alike options are refused before signing, in sight and in every language; plainly different ones open the vote', async () => {
  mkdirSync(SHOTS, { recursive: true })
  const page = await session!.newPage()
  await page.getByLabel('Name of the assembly').fill('Depot assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Depot assembly' }).waitFor()
  await page.getByLabel('Question', { exact: true }).fill('Strike on Monday?')
  // The second "Yes" has a Cyrillic е (U+0435) where the first has a Latin e.
  await page.getByLabel('Options, one per line').fill('Yes\nY\u0435s\nNo')
  const form = page.locator('section.tools form').first()
  const submit = form.locator('button[type="submit"]')
  const alert = page.locator('section.tools [role="alert"]')
  for (const size of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'laptop', width: 1280, height: 800 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const lang of ['en', 'ru', 'kk', 'ko'] as const) {
      await page.locator('label.language select').selectOption(lang)
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await submit.scrollIntoViewIfNeeded()
      await submit.click()
      await alert.filter({ hasText: refusal(lang) }).waitFor()
      // Where the member is looking: the message is on screen after the press, not above it.
      expect(await alert.isVisible()).toBe(true)
      const box = (await alert.boundingBox())!
      expect(box.y, `${lang} ${size.name}`).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height, `${lang} ${size.name}`).toBeLessThanOrEqual(size.height)
      await page.screenshot({ path: join(SHOTS, `look-alike-${size.name}-${lang}.png`) })
    }
  }
  // Nothing was signed: no vote opened.
  expect(await page.locator('article.poll').count()).toBe(0)
  await page.locator('label.language select').selectOption('en')
  await page.getByLabel('Options, one per line').fill('Yes\nNo')
  await submit.click()
  await page.locator('article.poll', { hasText: 'Strike on Monday?' }).waitFor()
  expect(await alert.count()).toBe(0)

  // The members' form says a key is malformed above its own button too, on a phone.
  await page.setViewportSize({ width: 390, height: 844 })
  await openSection(page, 'members')
  await page.getByLabel('Their public key').fill('not-a-key')
  await page.getByLabel('Their name').fill('Bolat')
  await page.getByRole('button', { name: 'Admit', exact: true }).click()
  const badKey = alert.filter({ hasText: en['admit.badKey']! })
  await badKey.waitFor()
  const box = (await badKey.boundingBox())!
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height).toBeLessThanOrEqual(844)
}, 180_000)
