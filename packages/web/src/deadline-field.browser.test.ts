// The deadline of a vote follows the app's language, not the browser's (#16): a datetime-local
// input showed an English browser's mm/dd/yyyy and AM/PM to a facilitator reading the app in
// Russian. In a real browser (Debian's chromium through playwright-core, launched with
// --lang=en-US and an en-US locale) on a real hub process, with the app in Russian, Kazakh and
// Korean: the field is a text field whose example is in the app's language's form; a day that does
// not exist is refused with a message in that language; a deadline typed in that form is read back
// in words and opens a poll that closes at exactly that moment. Screenshots go to artifacts/ (not kept in git).
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-deadline-field-', { browserArgs: ['--lang=en-US'] })
})

afterAll(async () => {
  await session?.close()
})

/** Each language's form of 18:30 on a day, its example's shape and its words for what it read. */
const FORMS = {
  ru: {
    typed: (y: number, m: number, d: number) => `${pad(d)}.${pad(m)}.${y} 18:30`,
    bad: (y: number) => `31.02.${y} 18:30`,
    example: /например \d{2}\.\d{2}\.\d{4} 18:00$/,
    refused: 'Время закрытия не похоже на дату и время. Напишите его так:',
    reading: (y: number) => new RegExp(`^Голосование закроется \\d+ \\S+ ${y} г\\., 18:30\\.$`),
  },
  kk: {
    typed: (y: number, m: number, d: number) => `${pad(d)}.${pad(m)}.${y} 18:30`,
    bad: (y: number) => `31.02.${y} 18:30`,
    example: /мысалы \d{2}\.\d{2}\.\d{4} 18:00$/,
    refused: 'Жабылу уақыты күн мен уақытқа ұқсамайды. Былай жазыңыз:',
    reading: (y: number) =>
      new RegExp(`^Дауыс беру жабылатын уақыт: ${y} ж\\. \\d{2} \\S+, 18:30\\.$`),
  },
  ko: {
    typed: (y: number, m: number, d: number) => `${y}. ${m}. ${d}. 18:30`,
    bad: (y: number) => `${y}. 2. 31. 18:30`,
    example: /예: \d{4}\. \d{1,2}\. \d{1,2}\. 18:00$/,
    refused: '마감 시각을 날짜와 시각으로 읽을 수 없습니다. 이렇게 적어 주세요:',
    reading: (y: number) => new RegExp(`^투표 마감: ${y}\\. \\d{1,2}\\. \\d{1,2}\\. 오후 6:30$`),
  },
} as const

const pad = (n: number) => String(n).padStart(2, '0')

test('browser: an English browser with the app in Russian, Kazakh or Korean takes a vote’s deadline in the app’s language and closes the poll at that time', async () => {
  const page = await session!.newPage({ locale: 'en-US' })
  expect(await page.evaluate(() => navigator.language)).toBe('en-US')
  await page.getByLabel('Name of the assembly').fill('Deadline hall')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Deadline hall' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!
  mkdirSync(ARTIFACTS, { recursive: true })
  // Tomorrow at 18:30 in the browser's local time, and what the poll must close at.
  const [y, m, d, closesAt] = await page.evaluate(() => {
    const now = new Date()
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 18, 30)
    return [at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getTime()]
  })
  const form = page.locator('form', { has: page.locator('input.deadline') })
  const questions: string[] = []
  for (const lang of ['ru', 'kk', 'ko'] as const) {
    const shape = FORMS[lang]
    await page.locator('label.language select').selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
    const field = form.locator('input.deadline')
    // A text field labelled in the app's language, its example in the app's form.
    expect(await field.getAttribute('type')).toBe('text')
    const described = (await field.getAttribute('aria-describedby'))!.split(' ')
    expect(await page.locator(`[id="${described[0]}"]`).textContent()).toMatch(shape.example)
    const question = `Paint the hall (${lang})?`
    questions.push(question)
    await form.locator('input').first().fill(question)
    await form.locator('textarea').fill('Yes\nNo')
    // A day that does not exist: refused, in the app's language, and nothing is opened.
    await field.fill(shape.bad(y + 1))
    await form.locator('button[type="submit"]').click()
    await page.getByRole('alert').filter({ hasText: shape.refused }).waitFor()
    // The deadline in the app's form: read back in words, then the poll closes at that time.
    await field.fill(shape.typed(y, m, d))
    await form
      .locator('.deadline-reading')
      .filter({ hasText: shape.reading(y) })
      .waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/deadline-field-${lang}.png`, fullPage: true })
    await form.locator('button[type="submit"]').click()
    await page.locator('article.poll', { hasText: question }).waitFor()
  }
  const { events } = (await (await fetch(`${session!.url}/api/spaces/${space}/events`)).json()) as {
    events: { event: { type: string; body: { question?: string; closesAt?: number } } }[]
  }
  const opened = events.filter((e) => e.event.type.startsWith('poll.opened'))
  expect(opened.map((e) => [e.event.body.question, e.event.body.closesAt])).toEqual(
    questions.map((q) => [q, closesAt]),
  )
}, 120_000)

test('browser: a refused deadline is said under its field, tied to it, and goes once what is typed is a deadline', async () => {
  const page = await session!.newPage({ locale: 'en-US' })
  await page.getByLabel('Name of the assembly').fill('Deadline errors')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Deadline errors' }).waitFor()
  await page.locator('label.language select').selectOption('ru')
  await page.locator('html[lang="ru"]').waitFor({ state: 'attached' })
  const form = page.locator('form', { has: page.locator('input.deadline') })
  const field = form.locator('input.deadline')
  const [y, m, d] = await page.evaluate(() => {
    const at = new Date(Date.now() + 86_400_000)
    return [at.getFullYear(), at.getMonth() + 1, at.getDate()]
  })
  await form.locator('input').first().fill('Paint the hall?')
  await form.locator('textarea').fill('Yes\nNo')
  await field.fill(`31.02.${y + 1} 18:30`)
  await form.locator('button[type="submit"]').click()

  // The reason stands under the field (not at the top of the tools card), named by the field.
  const error = page.getByRole('alert').filter({ hasText: FORMS.ru.refused })
  await error.waitFor()
  expect(await page.locator('section.tools > [role="alert"]').count()).toBe(0)
  expect(await field.getAttribute('aria-invalid')).toBe('true')
  const errorId = await error.getAttribute('id')
  expect(errorId).not.toBeNull()
  expect((await field.getAttribute('aria-describedby'))!.split(' ')).toContain(errorId)
  const fieldBlock = page.locator('.field', { has: page.locator('input.deadline') })
  expect(await fieldBlock.locator(`[id="${errorId}"]`).count()).toBe(1)
  const fieldBox = (await field.boundingBox())!
  const errorBox = (await error.boundingBox())!
  expect(errorBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height)
  expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(40)
  // The focus goes to the field to correct.
  expect(await field.evaluate((input) => input === document.activeElement)).toBe(true)
  await page.screenshot({ path: `${ARTIFACTS}/deadline-error-ru.png`, fullPage: true })
  // The reason follows the app's language when it changes.
  await page.locator('label.language select').selectOption('kk')
  await page.getByRole('alert').filter({ hasText: FORMS.kk.refused }).waitFor()
  await page.locator('label.language select').selectOption('ru')
  await error.waitFor()

  // Still not a deadline while it is being corrected: the reason stays.
  await field.fill(`31.02.${y + 1}`)
  expect(await error.count()).toBe(1)
  // A deadline the form takes: the reason goes at once, before anything is submitted.
  await field.fill(FORMS.ru.typed(y, m, d))
  await error.waitFor({ state: 'detached' })
  expect(await field.getAttribute('aria-invalid')).toBeNull()
  expect((await field.getAttribute('aria-describedby'))!.split(' ')).not.toContain(errorId)
  expect(await page.locator('article.poll').count()).toBe(0)
}, 60_000)
