// A phone on the LAN opening the address the hub prints (http://192.168.…:8080) is at an address
// without HTTPS, where browsers give a page no WebCrypto: the app could make no key and showed a
// blank page (#16 audit). Here chromium reaches the real hub by a name that maps to its loopback
// address (so the page is not secure, as at a LAN address) and the app says why it cannot start
// and what to open instead, in the member's language.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-insecure-', {
    browserArgs: ['--host-resolver-rules=MAP hall.example 127.0.0.1'],
  })
})

afterAll(async () => {
  await session?.close()
})

test('browser: at an address without HTTPS the app says it cannot make a key there and what to open instead', async () => {
  const page = await session!.newPage()
  const port = new URL(session!.url).port
  const insecure = `http://hall.example:${port}`
  await page.goto(`${insecure}/#/a/some-space`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false)
  await page.getByRole('heading', { name: 'Open Veche at a secure address' }).waitFor()
  expect(await page.locator('main').innerText()).toContain(
    `This page is open at ${insecure}, an address without HTTPS.`,
  )
  const local = page.getByRole('link', { name: `http://localhost:${port}/#/a/some-space` })
  expect(await local.getAttribute('href')).toBe(`http://localhost:${port}/#/a/some-space`)
  const secure = page.getByRole('link', { name: `https://hall.example:${port}/#/a/some-space` })
  expect(await secure.getAttribute('href')).toBe(`https://hall.example:${port}/#/a/some-space`)

  await page.locator('label.language select').selectOption('kk')
  await page.getByRole('heading', { name: 'Вечені қорғалған мекенжайда ашыңыз' }).waitFor()
})
