// A phone that installed the hub's authority trusts the hub: Debian's chromium, with no
// --ignore-certificate-errors, a fresh $HOME whose NSS database (where chromium on Linux keeps the
// authorities its user trusts) holds the hub's authority, as a member's phone holds it after the
// /ca page. The page is then a secure one, the service worker registers and controls it, and the
// app opens again with the hub stopped. The authority's name constraints are enforced too: a
// certificate it signed for a public name is refused.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:https'
import type { Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { issueHubCertificate, signHubCertificate } from './hub-authority.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = join(ROOT, 'packages/cli/bin/veche.js')
const CHROMIUM = '/usr/bin/chromium'
const WAIT = 15_000

let home = ''
let data = ''
let hub: ChildProcess | null = null
let port = 0
let browser: Browser | null = null
const servers: Server[] = []
// The page's expressions are strings: this package is compiled without the DOM's types.

/** `veche serve` on a free loopback port; resolves with the port once it has printed everything. */
function serve(): Promise<number> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', data, '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  hub = child
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const found = /listening on port (\d+)/.exec(out)?.[1]
      if (found !== undefined && out.includes('Stop: Ctrl+C')) {
        clearTimeout(timer)
        resolve(Number(found))
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  })
}

function stopHub(): Promise<void> {
  const child = hub
  hub = null
  if (child === null || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Makes `$HOME/.pki/nssdb` trusting `caFile` for websites (certutil, from libnss3-tools). */
function trustInNss(caFile: string): void {
  const db = join(home, '.pki', 'nssdb')
  mkdirSync(db, { recursive: true })
  for (const args of [
    ['-N', '-d', `sql:${db}`, '--empty-password'],
    ['-A', '-d', `sql:${db}`, '-t', 'C,,', '-n', 'veche', '-i', caFile],
  ]) {
    const run = spawnSync('certutil', args, { encoding: 'utf8' })
    if (run.status !== 0)
      throw new Error(`certutil ${args[0]}: ${run.stderr || run.error?.message || ''}`)
  }
}

/** An https server on loopback answering every request with `body`, under `pair`. */
async function serveWith(pair: { key: string; cert: string }, body: string): Promise<number> {
  const server = createServer(pair, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(body)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'packages/web/dist/index.html')))
    throw new Error('build the web app first: npm run build -w @veche/web')
  home = mkdtempSync(join(tmpdir(), 'veche-ca-home-'))
  data = mkdtempSync(join(tmpdir(), 'veche-ca-data-'))
  port = await serve()
  trustInNss(join(data, 'tls', 'ca.pem'))
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: WAIT,
    // Chromium on Linux finds the trusted authorities at $HOME/.pki/nssdb.
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A phone reaches the hub at <host>.local or a LAN address; here both lead to loopback.
      '--host-resolver-rules=MAP hall-laptop.local 127.0.0.1, MAP example.com 127.0.0.1',
    ],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await stopHub()
  for (const server of servers) server.close()
  rmSync(home, { recursive: true, force: true })
  rmSync(data, { recursive: true, force: true })
})

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(WAIT)
  return page
}

test('browser trusting the hub authority: a secure page with no warning, a service worker in control, and the app offline after the hub stops', async () => {
  const page = await newPage()
  // No --ignore-certificate-errors: an untrusted certificate would fail this navigation.
  const response = await page.goto(`https://127.0.0.1:${port}/`)
  expect(response?.ok()).toBe(true)
  expect(await page.evaluate('window.isSecureContext')).toBe(true)
  await page
    .locator('section.welcome')
    .getByRole('button', { name: 'Join with an invitation' })
    .waitFor()
  // The service worker registers, and controls the page once it has reloaded.
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
  await page.reload()
  expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true)
  // Under the service worker, /ca is still the hub's page, not the app's offline copy.
  await page.goto(`https://127.0.0.1:${port}/ca?lang=en`)
  await page.getByRole('heading', { name: 'Trust this hub on your phone' }).waitFor()
  await page.goto(`https://127.0.0.1:${port}/`)

  await stopHub()
  await page.reload()
  await page
    .locator('section.welcome')
    .getByRole('button', { name: 'Join with an invitation' })
    .waitFor()
  expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true)
})

test('browser trusting the hub authority: a certificate it signed for <host>.local is taken, one for a public name is refused (name constraints)', async () => {
  const authority = {
    cert: readFileSync(join(data, 'tls', 'ca.pem'), 'utf8'),
    key: readFileSync(join(data, 'tls', 'ca-key.pem'), 'utf8'),
  }
  const now = new Date()
  const local = await serveWith(
    await issueHubCertificate(authority, { ips: [], dns: ['hall-laptop.local'] }, now),
    '<title>local</title>',
  )
  const page = await newPage()
  await page.goto(`https://hall-laptop.local:${local}/`)
  expect(await page.title()).toBe('local')

  // What a seizer holding the authority's key could sign: a certificate for a public site.
  const forged = await signHubCertificate(authority, { ips: [], dns: ['example.com'] }, now)
  const outside = await serveWith(forged, '<title>forged</title>')
  const refused = await page.goto(`https://example.com:${outside}/`).then(
    () => 'taken',
    (error: Error) => error.message,
  )
  // ERR_CERT_INVALID (a chain that breaks a rule), not ERR_CERT_AUTHORITY_INVALID (untrusted).
  expect(refused).toMatch(/net::ERR_CERT_INVALID\b/)
})
