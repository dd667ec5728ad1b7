// Interface texts in a real browser (Debian's chromium through playwright-core) against a real hub
// process: a command named in a text (`veche verify`) shows as code, and no backtick of the
// strings' Markdown-like marking reaches the page, in any of the four languages. (#16: the
// backticks showed literally.)
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-text-')
})

afterAll(async () => {
  await session?.close()
})

test('browser: commands in interface texts show as code, never with backticks', async () => {
  const page = await session!.newPage()
  await page.getByLabel('Name of the assembly').fill('Street assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Street assembly' }).waitFor()
  // The state hash and its explanation are with the decisions.
  await openSection(page, 'decisions')
  for (const lang of ['en', 'ru', 'kk', 'ko']) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    const explained = page.locator('section.verify p').first()
    expect(await explained.locator('code').allTextContents(), lang).toEqual(['veche verify'])
    expect(await page.evaluate(() => document.body.innerText), lang).not.toContain('`')
  }
}, 60_000)
