// The hub's security headers in a real browser (Debian's chromium) against a real hub process:
// the web app loads and works under the Content-Security-Policy (founding an assembly, a vote
// opened, cast, closed and counted live, an invitation's QR code) with no violation reported,
// nor on the API docs page; and a page of another origin cannot frame the app or the docs.
import { createServer } from 'node:http'
import type { ConsoleMessage, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null
let framing: ReturnType<typeof createServer> | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-csp-')
})

afterAll(async () => {
  framing?.closeAllConnections()
  await new Promise((resolve) => (framing === null ? resolve(null) : framing.close(resolve)))
  await session?.close()
})

/** Records every CSP violation the page reports (as events and as console messages), from now on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const consoleLines: string[] = []
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) consoleLines.push(message.text())
  })
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __violations: string[] }).__violations = seen
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    )
  })
  return async () => [
    ...consoleLines,
    ...(await page.evaluate(
      () => (window as unknown as { __violations?: string[] }).__violations ?? [],
    )),
  ]
}

test('browser: the app works under the Content-Security-Policy, with no violation reported', async () => {
  const page = await session!.newPage()
  const violations = await watchViolations(page)
  await page.reload()
  const csp = (await page.request.get(session!.url)).headers()['content-security-policy']
  expect(csp).toContain("script-src 'self'")

  await page.getByLabel('Name of the assembly').fill('Depot assembly')
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Depot assembly' }).waitFor()
  await openSection(page, 'members')
  await page.getByRole('button', { name: 'Make an invitation' }).click()
  await page.getByRole('img', { name: /QR code of the invitation link/ }).waitFor()
  await openSection(page, 'now')
  await page.getByLabel('Question').fill('Ask for a second canteen?')
  await page.getByLabel('Options, one per line').fill('Yes\nNo')
  await page.getByRole('button', { name: 'Open the vote' }).click()
  await page.getByRole('radio', { name: 'Yes' }).check()
  await page.getByRole('button', { name: 'Cast my vote' }).click()
  await page.getByText('1 person has voted').waitFor()
  await page.getByRole('button', { name: 'Close the vote and count' }).click()
  await openSection(page, 'decisions')
  await page.getByText('1 ballot counted; no quorum required.').waitFor()
  // A reload after the service worker took over still runs under the policy.
  await page.reload()
  await page.getByRole('heading', { name: 'Depot assembly' }).waitFor()
  expect(await violations()).toEqual([])

  const docs = await page.context().newPage()
  const docsViolations = await watchViolations(docs)
  await docs.goto(`${session!.url}/api/docs`)
  await docs.getByText('/api/events').first().waitFor()
  expect(await docsViolations()).toEqual([])
})

test('browser: a page of another origin cannot frame the app or the API docs', async () => {
  const hub = session!.url
  framing = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<!doctype html><title>Elsewhere</title>` +
        `<iframe id="app" src="${hub}/"></iframe><iframe id="docs" src="${hub}/api/docs"></iframe>`,
    )
  })
  await new Promise<void>((resolve) => framing!.listen(0, '127.0.0.1', resolve))
  const other = `http://localhost:${(framing.address() as { port: number }).port}/`
  const page = await session!.newPage()
  const refusals: string[] = []
  page.on('console', (message) => {
    if (message.text().includes('frame-ancestors')) refusals.push(message.text())
  })
  await page.goto(other)
  await page.waitForLoadState('load')
  const until = Date.now() + 10_000
  while (refusals.length < 2 && Date.now() < until) await page.waitForTimeout(100)
  expect(refusals).toHaveLength(2)
  // Neither frame holds the hub's page: the browser put its error page there instead.
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    expect(frame.url()).not.toContain(hub)
    const root = await frame.evaluate(() => document.querySelector('#root, #swagger-ui') !== null)
    expect(root).toBe(false)
  }
})
