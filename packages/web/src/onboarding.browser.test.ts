// The first screen of a new device, in a real browser (Debian's chromium through playwright-core)
// against a real hub process: in each of the four languages it says what Veche is and that it never
// asks for an e-mail or a phone number, offers the three choices (join, found, restore), and is no
// wider than a 390 px phone. A choice puts the cursor in its form. (#16: a wall of forms.)
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null
const shots = process.env.SHOTS_DIR ?? '/tmp/shots-onboarding'

beforeAll(async () => {
  session = await startBrowserHub('veche-onboarding-')
})

afterAll(async () => {
  await session?.close()
})

// What each language must say: the two sentences' words for e-mail and phone number, and the names
// of the three choices.
const expected = {
  en: {
    never: [/e-mail/, /phone number/],
    choices: ['Join with an invitation', 'Found an assembly', 'Restore from a backup file'],
  },
  ru: {
    never: [/электронную почту/, /номер телефона/],
    choices: ['Вступить по приглашению', 'Учредить собрание', 'Восстановить из резервной копии'],
  },
  kk: {
    never: [/электрондық пошта/, /телефон нөмір/],
    choices: ['Шақыру арқылы қосылу', 'Жиналыс құру', 'Сақтық көшірмесінен қалпына келтіру'],
  },
  ko: {
    never: [/이메일/, /전화번호/],
    choices: ['초대로 참여하기', '총회 만들기', '백업 파일에서 복원'],
  },
}

test('browser: a new device reads what Veche is and what it never asks for, then three choices', async () => {
  mkdirSync(shots, { recursive: true })
  const page = await session!.newPage()
  for (const [lang, { never, choices }] of Object.entries(expected)) {
    await page.locator('label.language select').selectOption(lang)
    await page.waitForFunction((l) => document.documentElement.lang === l, lang)
    const welcome = page.locator('section.welcome')
    const sentences = await welcome.locator('p').allTextContents()
    expect(sentences, lang).toHaveLength(2)
    for (const word of never) expect(sentences[1], lang).toMatch(word)
    const [join, found, restore] = choices as [string, string, string]
    await welcome.getByRole('button', { name: join, exact: true }).waitFor()
    await welcome.getByRole('button', { name: found, exact: true }).waitFor()
    expect(
      await welcome.getByRole('link', { name: restore, exact: true }).getAttribute('href'),
    ).toBe('#/device')
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 })
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      )
      expect(sideways, `${lang} at ${width} px`).toBe(false)
      if (lang === 'en' || lang === 'ru') {
        await page.screenshot({ path: `${shots}/home-${width}-${lang}.png`, fullPage: true })
      }
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await welcome.getByRole('button', { name: join, exact: true }).click()
    expect(await page.evaluate(() => document.activeElement?.closest('form')?.id)).toBe('join')
    await welcome.getByRole('button', { name: found, exact: true }).click()
    expect(await page.evaluate(() => document.activeElement?.closest('form')?.id)).toBe('found')
  }
  // Once in an assembly, the device sees its assemblies first and no welcome.
  await page.locator('label.language select').selectOption('en')
  await page.getByLabel('Name of the assembly').fill('Street assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Street assembly' }).waitFor()
  await page.goto(page.url().replace(/#.*$/, '#/'))
  await page.getByRole('link', { name: 'Street assembly' }).waitFor()
  expect(await page.locator('h2').first().textContent()).toBe('My assemblies')
  expect(await page.locator('section.welcome').count()).toBe(0)
  await page.getByLabel('Invitation code').waitFor()
}, 60_000)
