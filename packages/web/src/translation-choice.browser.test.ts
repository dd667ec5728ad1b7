// Choosing a translation's language and reading a statement in one's own, in a real browser
// (Debian's chromium through playwright-core) against a real hub process: the languages are
// offered by name (any BCP 47 tag can still be typed), and in a Russian interface a statement
// with a Russian translation opens in it, the original a tap away. (#16: a raw tag was asked for,
// and the statement always opened in its original.)
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-translate-')
})

afterAll(async () => {
  await session?.close()
})

test('browser: translate into a language chosen by name; a Russian interface opens the Russian text', async () => {
  const page = await session!.newPage()
  // Wide enough for the editor to show every part beside its original.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.getByLabel('Name of the assembly').fill('Tenants of Block 4')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Tenants of Block 4' }).waitFor()
  await openSection(page, 'statements')
  await page.getByRole('link', { name: 'Draft a statement' }).click()
  await page.getByLabel(/Language of the original/).fill('en')
  await page.getByLabel('Title', { exact: true }).fill('Heat for Block 4')
  await page.getByLabel('Paragraph 1', { exact: true }).fill('Turn the heating on this week.')
  await page.getByRole('button', { name: 'Save the draft' }).click()
  await page.getByRole('heading', { name: 'Heat for Block 4' }).waitFor()
  const statement = page.url()

  // The languages by name; a tag not on the list can still be given.
  const into = page.getByLabel('Translate into')
  const offered = await into.locator('option').allTextContents()
  expect(offered).toContain('Russian (ru)')
  expect(offered).toContain('Kazakh (kk)')
  expect(offered).not.toContain('English (en)')
  expect(offered.at(-1)).toBe('Another language (give its tag)')
  await into.selectOption('other')
  await page.getByLabel(/Language tag/).fill('crh')
  await page.getByRole('button', { name: 'Open the translation editor' }).click()
  await page.getByLabel(/^Title in .*crh/).waitFor()
  await page.goto(statement)
  await page.getByLabel('Translate into').selectOption({ label: 'Russian (ru)' })
  await page.getByRole('button', { name: 'Open the translation editor' }).click()
  await page.getByLabel('Title in Russian (ru)').fill('Тепло для дома 4')
  await page.getByLabel('Paragraph 1 in Russian (ru)').fill('Включите отопление на этой неделе.')
  await page.getByRole('button', { name: 'Save the translation' }).click()
  await page.getByText('Russian (ru) · draft · translated by Aigerim').waitFor()
  // In English, the original.
  await page.getByRole('heading', { name: 'Heat for Block 4' }).waitFor()

  // In Russian, the Russian translation, and the original on request.
  await page.locator('label.language select').selectOption('ru')
  await page.getByRole('heading', { name: 'Тепло для дома 4' }).waitFor()
  await page.getByText('Вы читаете перевод на язык: русский (ru).').waitFor()
  expect(await page.locator('article.statement .statement-text').getAttribute('lang')).toBe('ru')
  await page.getByRole('button', { name: 'Показать оригинал: английский (en)' }).click()
  await page.getByRole('heading', { name: 'Heat for Block 4' }).waitFor()
  await page.getByRole('button', { name: 'Читать перевод: русский (ru)' }).click()
  await page.getByRole('heading', { name: 'Тепло для дома 4' }).waitFor()
  // The language list in Russian names the languages in Russian.
  const inRussian = await page.getByLabel('Перевести на язык').locator('option').allTextContents()
  expect(inRussian).toContain('казахский (kk)')
}, 90_000)
