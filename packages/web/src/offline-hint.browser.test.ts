// Members learned of the hub's certificate authority page, /ca (docs/hub.md), only from the
// operator (#16): where the service worker cannot register, the app now says that offline use needs
// the hub's authority and links that page, in the app's language. In a real browser (Debian's
// chromium through playwright-core) on a real hub process, reached by a name mapped to loopback, as
// a phone reaches a LAN address: at http:// (not a secure page: no service worker at all) and at
// https:// with the certificate warning tapped through (the worker is refused for the certificate),
// the hint shows and its link opens /ca; at http://127.0.0.1 (this computer) it does not.
// A hub with no authority to give (`veche serve --no-tls`, where /ca is not served) gets no hint.
// hub-https.browser.test.ts checks it stays away once the worker registers at a LAN name.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { checkScreen } from './test-support/screen-check.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-offline-hint-', {
    browserArgs: ['--host-resolver-rules=MAP hall.example 127.0.0.1'],
  })
})

afterAll(async () => {
  await session?.close()
})

const HINT = {
  en: "install the hub's authority",
  ru: 'установите центр сертификации хаба',
  kk: 'хабтың сертификаттау орталығын орнатыңыз',
  ko: '허브의 인증 기관 설치하기',
} as const
/** The /ca page's heading in each language (packages/server/src/authority-texts.ts). */
const CA_TITLE = {
  en: 'Trust this hub on your phone',
  ru: 'Доверие к этому хабу на вашем телефоне',
  kk: 'Телефоныңызда осы хабқа сену',
  ko: '휴대폰에서 이 허브를 신뢰하기',
} as const

/** Checks the hint on `page` in each language, then follows its link to the hub's /ca page. */
async function followHint(page: Page, origin: string): Promise<void> {
  for (const lang of ['ru', 'kk', 'ko', 'en'] as const) {
    await page.locator('label.language select').selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
    const link = page.locator('p.offline-hint').getByRole('link', { name: HINT[lang] })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe(`/ca?lang=${lang}`)
    // A calm note, not an alarm: nothing read out as an alert or a status.
    expect(await page.locator('p.offline-hint').getAttribute('role')).toBeNull()
  }
  await page.locator('p.offline-hint a').click()
  await page.getByRole('heading', { name: CA_TITLE.en }).waitFor()
  expect(new URL(page.url()).origin).toBe(origin)
  expect(await page.getByRole('link', { name: 'Download the authority' }).count()).toBe(1)
}

test('browser: at a plain http:// address other than this computer the hint links the hub’s /ca page', async () => {
  const page = await session!.newPage()
  const origin = `http://hall.example:${new URL(session!.url).port}`
  await page.goto(`${origin}/`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false)
  await page.getByRole('heading', { name: 'Open Veche at a secure address' }).waitFor()
  await followHint(page, origin)
})

test('browser: at https:// with the certificate warning tapped through the worker is refused and the hint shows', async () => {
  const page = await session!.newPage({ ignoreHTTPSErrors: true })
  const origin = `https://hall.example:${new URL(session!.url).port}`
  await page.goto(`${origin}/`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true)
  await page
    .locator('section.welcome')
    .getByRole('button', { name: 'Join with an invitation' })
    .waitFor()
  // The home screen with the hint, on a phone and a laptop in the four languages: axe finds no
  // serious violation (the note's muted text and its link keep their contrast), nothing sideways.
  const ready = (p: Page) => p.locator('p.offline-hint a').waitFor()
  expect(await checkScreen(page, 'home with the /ca hint', ready)).toEqual([])
  await page.setViewportSize({ width: 420, height: 900 })
  await followHint(page, origin)
  // The browser did refuse the worker: the hint is not a guess.
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull()
})

test('browser: at http://127.0.0.1 (this computer) the worker registers and there is no hint', async () => {
  const page = await session!.newPage()
  await page
    .locator('section.welcome')
    .getByRole('button', { name: 'Join with an invitation' })
    .waitFor()
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.locator('label.language select').selectOption('ru')
  await page.locator('html[lang="ru"]').waitFor({ state: 'attached' })
  expect(await page.locator('p.offline-hint').count()).toBe(0)
  expect(await page.locator('main').innerText()).not.toContain(HINT.ru)
})

test('browser: a hub run with --no-tls has no authority to give, so its plain http:// page links no /ca', async () => {
  const plain = await startBrowserHub('veche-offline-hint-no-tls-', {
    browserArgs: ['--host-resolver-rules=MAP hall.example 127.0.0.1'],
    serveArgs: ['--no-tls'],
  })
  try {
    const page = await plain.newPage()
    const origin = `http://hall.example:${new URL(plain.url).port}`
    const asked = page.waitForResponse((answer) => answer.url() === `${origin}/ca.crt`)
    await page.goto(`${origin}/`)
    await page.getByRole('heading', { name: 'Open Veche at a secure address' }).waitFor()
    // The app asked whether the hub has an authority, was told no, and says nothing of one.
    expect((await asked).status()).toBe(404)
    await page.locator('label.language select').selectOption('kk')
    await page.locator('html[lang="kk"]').waitFor({ state: 'attached' })
    expect(await page.locator('p.offline-hint').count()).toBe(0)
    expect(await page.locator('main').innerText()).not.toContain(HINT.kk)
  } finally {
    await plain.close()
  }
})
