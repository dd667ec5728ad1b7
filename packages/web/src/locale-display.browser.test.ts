// Dates and language names in the interface language, in a real browser (Debian's chromium, whose
// locale data has no Kazakh month names nor Kazakh names of other languages) against a real hub
// process: a poll's opening time and a statement's original language read in Kazakh, Russian and
// Korean. (#16: Kazakh showed `2026 M12 6 08:02` and bare codes such as `ru`.)
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-locale-')
})

afterAll(async () => {
  await session?.close()
})

test('browser: dates and language names in kk, ru and ko, whatever the browser knows', async () => {
  const page = await session!.newPage()
  await page.getByLabel('Name of the assembly').fill('Village assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Village assembly' }).waitFor()
  const assembly = page.url()
  await page.getByLabel('Question', { exact: true }).fill('Repair the well?')
  await page.getByLabel('Options, one per line').fill('Yes\nNo')
  await page.getByRole('button', { name: 'Open the vote' }).click()
  await page.getByRole('heading', { name: 'Repair the well?' }).waitFor()
  await openSection(page, 'statements')
  await page.getByRole('link', { name: 'Draft a statement' }).click()
  await page.getByLabel(/Language of the original/).fill('ru')
  await page.getByLabel('Title', { exact: true }).fill('Колодец')
  await page.getByLabel('Paragraph 1', { exact: true }).fill('Починить колодец до весны.')
  await page.getByRole('button', { name: 'Save the draft' }).click()
  await page.getByRole('heading', { name: 'Колодец' }).waitFor()
  const statement = page.url()

  const expected = {
    kk: {
      opened:
        /^ашылған уақыты: \d{4} ж\. \d{2} (қаң|ақп|нау|сәу|мам|мау|шіл|там|қыр|қаз|қар|жел)\., \d{2}:\d{2}$/,
      original: 'Түпнұсқа тілі: орыс тілі (ru)',
    },
    ru: {
      opened: /^открыто \d{1,2} [а-я]+\.? \d{4} г\., \d{2}:\d{2}$/,
      original: 'Язык оригинала: русский (ru)',
    },
    ko: {
      opened: /^\d{4}\. \d{1,2}\. \d{1,2}\. 오[전후] \d{1,2}:\d{2}에 열림$/,
      original: '원문 언어: 러시아어 (ru)',
    },
  }
  for (const [lang, { opened, original }] of Object.entries(expected)) {
    await page.locator('label.language select').selectOption(lang)
    await page.goto(assembly)
    const meta = page.locator('article.poll .meta').first()
    await meta.waitFor()
    const when = (await meta.textContent())!.split(' · ').find((part) => /\d:\d\d/.test(part))
    expect(when, lang).toMatch(opened)
    await page.goto(statement)
    await page.getByText(original).waitFor()
  }
}, 90_000)
