// Casting one secret ballot in chromium (`npm run bench -- secret-browser`; docs/secret-ballot.md,
// "Numbers": goal ≤ 1 s). A real hub (`veche serve`) serves the built web app; a facilitator opens
// a secret poll and a member's page gets its credential; then the member casts (and recasts) and
// the page itself times each, from the click on "Cast my vote" to the ballot encrypted, signed
// under the one-time key, kept in IndexedDB and queued to be sent (the card says so). The random
// delay before sending is not part of it. `ratio` compares the median with one Ed25519 signature
// through WebCrypto in the same page (the floor: what signing any ordinary event costs there).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import { emitBench } from './bench-line.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
const CASTS = 5
const WAIT = 30_000

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

if (!existsSync(join(ROOT, 'packages/web/dist/index.html')) || !existsSync(CHROMIUM)) {
  process.stderr.write('bench-secret-browser: needs the built web app and /usr/bin/chromium\n')
  process.exit(0)
}
const data = mkdtempSync(join(tmpdir(), 'veche-bench-secret-'))
const port = await freePort()
const url = `http://127.0.0.1:${port}`
const hub = spawn(
  process.execPath,
  [
    join(ROOT, 'packages/cli/bin/veche.js'),
    'serve',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--data',
    data,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
)
for (let up = false; !up;) {
  up = await fetch(`${url}/api/health`).then(
    (r) => r.ok,
    () => false,
  )
  if (!up) await new Promise((r) => setTimeout(r, 100))
}
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
const newPage = async (): Promise<Page> => {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 420, height: 900 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(WAIT)
  await page.goto(url)
  return page
}

try {
  const facilitator = await newPage()
  await facilitator.getByLabel('Name of the assembly').fill('Bench hall')
  await facilitator.getByLabel('Your name in this assembly').fill('A')
  await facilitator.getByRole('button', { name: 'Found the assembly' }).click()
  // Invitations are in the assembly's members section, votes in "now".
  await facilitator.locator('nav.section-nav a[data-section="members"]').click()
  await facilitator.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await facilitator.getByLabel('Invitation link').inputValue()
  const member = await newPage()
  await member.goto(link)
  await member.getByLabel('Your name in this assembly').fill('B')
  await member.getByRole('button', { name: 'Join' }).click()
  await facilitator.getByText('2 members', { exact: true }).waitFor()
  await facilitator.locator('nav.section-nav a[data-section="now"]').click()
  await facilitator.getByLabel('Question').fill('Bench?')
  await facilitator.getByLabel('Options, one per line').fill('Yes\nNo')
  await facilitator.getByRole('checkbox', { name: 'Secret vote' }).check()
  await facilitator.getByRole('button', { name: 'Open the vote' }).click()
  await member.getByText('You may vote. Your ballot is sent without your name.').waitFor()

  // The floor: one Ed25519 signature through WebCrypto in the same page, the mean of 500 (the
  // page's clock is coarse: one signature is below its resolution).
  const floor = await member.evaluate<number>(`(async () => {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
    const message = crypto.getRandomValues(new Uint8Array(300))
    const start = performance.now()
    for (let i = 0; i < 500; i++) await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message)
    return (performance.now() - start) / 500
  })()`)

  const casts: number[] = []
  for (let i = 0; i < CASTS; i++) {
    await member.getByRole('radio', { name: i % 2 === 0 ? 'Yes' : 'No' }).check()
    await member.evaluate(`(() => {
      const times = (globalThis.__veche_cast = {})
      document.addEventListener('click', () => { times.click = performance.now() }, { capture: true, once: true })
      const seen = new MutationObserver(() => {
        if (!document.body.textContent.includes('Sending your secret ballot')) return
        times.queued = performance.now()
        seen.disconnect()
      })
      seen.observe(document.body, { subtree: true, childList: true, characterData: true })
    })()`)
    await member.getByRole('button', { name: 'Cast my vote' }).click()
    await member.getByText('Sending your secret ballot…').waitFor()
    const t = await member.evaluate<{ click: number; queued: number }>('globalThis.__veche_cast')
    casts.push(t.queued - t.click)
    await member.getByText('Your secret ballot is in.', { exact: false }).waitFor()
  }
  const sorted = [...casts].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  emitBench({
    bench: 'secret.cast.chromium',
    value: Math.round(median),
    unit: 'ms',
    ratio: Math.round((median / floor) * 10) / 10,
    floor: `one WebCrypto Ed25519 sign in the page: ${floor.toFixed(3)} ms`,
    casts: casts.map((c) => Math.round(c)),
    goal: '≤ 1,000 ms',
  })
} finally {
  await browser.close()
  hub.kill('SIGTERM')
  await new Promise((r) => hub.once('exit', r))
  rmSync(data, { recursive: true, force: true })
}
