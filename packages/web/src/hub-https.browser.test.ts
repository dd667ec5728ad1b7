// A phone joins a hub in a hall at https://<LAN address>:<port>/: the hub serves HTTPS with a
// certificate of its own on the same port as plain HTTP, so the page is a secure one and the app
// can make keys (browsers give WebCrypto only to secure pages). Chromium reaches the real hub by a
// name that maps to its loopback address, as a phone reaches a LAN address, and takes the
// self-signed certificate as a member does after comparing its fingerprint.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-https-', {
    browserArgs: [
      '--ignore-certificate-errors',
      '--host-resolver-rules=MAP hall.example 127.0.0.1',
    ],
  })
})

afterAll(async () => {
  await session?.close()
})

test('browser: at the https:// address on the hub port the page is secure and the app starts', async () => {
  const page = await session!.newPage()
  const port = new URL(session!.url).port
  await page.goto(`https://hall.example:${port}/`)
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true)
  expect(await page.evaluate(() => typeof window.crypto.subtle?.generateKey)).toBe('function')
  await page
    .locator('section.welcome')
    .getByRole('button', { name: 'Join with an invitation' })
    .waitFor()
  expect(await page.getByRole('heading', { name: 'Open Veche at a secure address' }).count()).toBe(
    0,
  )
  // Here (--ignore-certificate-errors) chromium registers the service worker, as a phone that trusts
  // the hub's authority does: no hint to install the authority (offline-hint.browser.test.ts).
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload()
  await page.locator('section.welcome').waitFor()
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  expect(await page.locator('p.offline-hint').count()).toBe(0)
})
