// A real hub process (`veche serve` on a free loopback port, over a fresh data folder) and
// Debian's chromium (through playwright-core) for the browser tests, started and stopped together.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
export const CHROMIUM = '/usr/bin/chromium'
/** How long any one step may take. */
export const WAIT = 15_000
export const ARTIFACTS = join(ROOT, 'artifacts')

export interface BrowserHub {
  /** The hub's address, e.g. http://127.0.0.1:41234. */
  readonly url: string
  /**
   * A new phone: its own browser context (storage), on the hub's home page; en-GB unless told.
   * `ignoreHTTPSErrors`: as a member who tapped through the certificate warning (the page loads;
   * the service worker is still refused).
   */
  newPage(options?: {
    readonly locale?: string
    readonly ignoreHTTPSErrors?: boolean
  }): Promise<Page>
  close(): Promise<void>
}

/**
 * Loads axe-core into `page`. Evaluated through the browser's debugging protocol: the hub's
 * Content-Security-Policy refuses inline scripts, so `page.addScriptTag` would be blocked.
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'))
}

/**
 * Opens a section of the assembly shown on `page` (now, decisions, proposals, statements, members,
 * councils) by its link in the section bar, as a member taps it, and waits until it is shown.
 */
export async function openSection(page: Page, section: string): Promise<void> {
  await page.locator(`nav.section-nav a[data-section="${section}"]`).click()
  await page.locator(`nav.section-nav a[data-section="${section}"][aria-current="page"]`).waitFor()
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + WAIT
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the hub did not answer at ${base} within ${WAIT} ms`)
}

export interface BrowserHubOptions {
  /** Chromium flags added to the usual ones (a fake camera, say). */
  readonly browserArgs?: readonly string[]
  /** `veche serve` flags added to the usual ones (`--no-tls`, say). */
  readonly serveArgs?: readonly string[]
}

/** Starts a hub over a fresh data folder named after `prefix`, and the browser. */
export async function startBrowserHub(
  prefix: string,
  options: BrowserHubOptions = {},
): Promise<BrowserHub> {
  if (!existsSync(join(ROOT, 'packages/web/dist/index.html')))
    throw new Error('build the web app first: npm run build -w @veche/web')
  if (!existsSync(CHROMIUM))
    throw new Error('install Debian chromium: apt-get update && apt-get install -y chromium')
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const hub: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/veche.js'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
      ...(options.serveArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  let browser: Browser | null = null
  const close = async (): Promise<void> => {
    await browser?.close()
    if (hub.exitCode === null) {
      const exited = new Promise((resolve) => hub.once('exit', resolve))
      hub.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
      if (hub.exitCode === null) hub.kill('SIGKILL')
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  // Chromium launches while the hub starts: neither needs the other until a page opens, and each
  // takes seconds of its own.
  const launching = chromium
    .launch({
      executablePath: CHROMIUM,
      timeout: WAIT,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...(options.browserArgs ?? []),
      ],
    })
    .then((launched) => (browser = launched))
  let launched: Browser
  try {
    ;[, launched] = await Promise.all([waitForHealth(url), launching])
  } catch (error) {
    // A browser that did launch is closed with the hub.
    await launching.catch(() => undefined)
    await close()
    throw error
  }
  return {
    url,
    async newPage(options = {}) {
      const context = await launched.newContext({
        locale: options.locale ?? 'en-GB',
        viewport: { width: 420, height: 900 },
        ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
      })
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT)
      await page.goto(url)
      return page
    },
    close,
  }
}
