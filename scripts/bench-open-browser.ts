// Opening an assembly of 100,000 events in chromium (`npm run bench -- open-browser`; issue #16,
// docs/web.md "Large assemblies": goal ≤ 3 s to the first screen). A real hub (`veche serve`)
// holds one assembly: 1,000 members and their ballots on polls, all signed (Ed25519, node:crypto)
// and written through the ledger. Chromium navigates to `#/a/<space>` and the page itself times,
// from navigation start, when the assembly's heading and member count are shown: (a) on a first
// visit (every event fetched, checked with WebCrypto and folded) and (b) on a repeat visit (the
// replica kept in IndexedDB). Floor: the same page verifying 100,000 Ed25519 signatures with
// WebCrypto (one key imported once, so it is the bare verify rate), and JSON-parsing the hub's
// pages. With VECHE_BENCH_PROFILE=1 it also prints where the first visit's CPU time goes (a CDP
// profile, self time by function) on standard error.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import type { SignedEvent } from '@veche/core'
import { createParallelVerifier, Ledger, openSqliteStore } from '@veche/store'
import { benchBallotLog } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'packages/cli/bin/veche.js')
const CHROMIUM = '/usr/bin/chromium'
const TOTAL = Number(process.env.VECHE_BENCH_OPEN_EVENTS ?? 100_000)
const MEMBERS = 1_000
const WAIT = 600_000

async function signedEvents(): Promise<{ space: string; events: SignedEvent[] }> {
  const { space, events } = await benchBallotLog('bench-open-1', MEMBERS, TOTAL)
  return { space, events }
}

function startHub(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, '--data', dir, 'serve', '--host', '127.0.0.1', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ child, url: `http://127.0.0.1:${port}` })
    })
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

// Records, in page time (ms from navigation start), when the heading and the member count are
// both on screen. Installed before any of the app's scripts run.
const WATCH = `(() => {
  const seen = new MutationObserver(() => {
    const heading = document.querySelector('h2')
    if (heading === null || heading.textContent !== 'Bench') return
    if (!document.body.textContent.includes('${MEMBERS + 1} members')) return
    globalThis.__veche_shown = performance.now()
    seen.disconnect()
  })
  document.addEventListener('DOMContentLoaded', () =>
    seen.observe(document.body, { subtree: true, childList: true, characterData: true }))
})()`

/** Evaluates `expression` in the page every `every` ms until it is true. */
async function until(page: Page, expression: string, every: number): Promise<void> {
  // Polled from here: the app's CSP forbids the eval behind a string waitForFunction.
  for (const deadline = Date.now() + WAIT; !(await page.evaluate<boolean>(expression));) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

async function shown(page: Page): Promise<number> {
  await until(page, 'globalThis.__veche_shown !== undefined', 100)
  return page.evaluate<number>('globalThis.__veche_shown')
}

/** Waits until the app has kept the replica of `space` with all its events in IndexedDB. */
async function saved(page: Page, space: string): Promise<void> {
  await until(
    page,
    `(async () => {
      const db = await new Promise((ok, no) => { const r = indexedDB.open('veche'); r.onsuccess = () => ok(r.result); r.onerror = no })
      const names = [...db.objectStoreNames]
      const value = await new Promise((ok) => {
        const r = db.transaction(names[0]).objectStore(names[0]).get('space:${space}')
        r.onsuccess = () => ok(r.result); r.onerror = () => ok(undefined)
      })
      db.close()
      return value !== undefined && value.cursor >= ${TOTAL}
    })()`,
    1_000,
  )
}

const log = (what: string): void => void process.stderr.write(`bench-open-browser: ${what}\n`)

if (!existsSync(join(ROOT, 'packages/web/dist/index.html')) || !existsSync(CHROMIUM)) {
  process.stderr.write('bench-open-browser: needs the built web app and /usr/bin/chromium\n')
  process.exit(0)
}
const data = mkdtempSync(join(tmpdir(), 'veche-bench-open-'))
let hub: ChildProcess | null = null
try {
  const { space, events } = await signedEvents()
  log(`${events.length} events signed`)
  const store = await openSqliteStore(join(data, 'veche.db'))
  const verifier = createParallelVerifier()
  const ledger = new Ledger(store, verifier)
  for (let i = 0; i < events.length; i += 1_000) {
    const report = await ledger.submit(events.slice(i, i + 1_000))
    if (report.written !== Math.min(1_000, events.length - i))
      throw new Error('the hub refused events')
  }
  await store.close()
  await verifier.close()
  log('the hub holds them')
  const started = await startHub(data)
  hub = started.child
  const url = started.url

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 420, height: 900 },
    })
    await context.addInitScript(WATCH)
    const page = await context.newPage()
    page.setDefaultTimeout(WAIT)
    const profile =
      process.env.VECHE_BENCH_PROFILE === '1' ? await context.newCDPSession(page) : null
    if (profile !== null) {
      await profile.send('Profiler.enable')
      await profile.send('Profiler.setSamplingInterval', { interval: 1000 })
      await profile.send('Profiler.start')
    }
    await page.goto(`${url}/#/a/${space}`)
    const first = await shown(page)
    log(`first visit: ${Math.round(first)} ms`)
    if (profile !== null) {
      const { profile: p } = await profile.send('Profiler.stop')
      const self = new Map<string, number>()
      const dt = new Map<number, number>()
      for (const [i, id] of p.samples!.entries())
        dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas![i] ?? 0))
      for (const node of p.nodes) {
        const f = node.callFrame
        const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`
        self.set(name, (self.get(name) ?? 0) + (dt.get(node.id) ?? 0) / 1000)
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
      for (const [name, ms] of top)
        process.stderr.write(`${ms.toFixed(0).padStart(7)} ms  ${name}\n`)
    }
    await saved(page, space)
    // A repeat visit: the same browser profile, a fresh page load.
    await page.goto('about:blank')
    await page.goto(`${url}/#/a/${space}`)
    const repeat = await shown(page)
    log(`repeat visit: ${Math.round(repeat)} ms`)

    // Floors in the same page: JSON.parse of the hub's pages, and the bare WebCrypto verify rate.
    const floor = await page.evaluate<{ parse: number; verify: number }>(`(async () => {
      const texts = []
      for (let after = 0; after !== null;) {
        const text = await (await fetch('/api/spaces/${space}/events?after=' + after + '&limit=1000')).text()
        texts.push(text)
        after = JSON.parse(text).next
      }
      let start = performance.now()
      for (const text of texts) JSON.parse(text)
      const parse = performance.now() - start
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
      const message = crypto.getRandomValues(new Uint8Array(300))
      const sig = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message)
      start = performance.now()
      for (let i = 0; i < ${TOTAL}; i += 1000) {
        const batch = []
        for (let j = 0; j < 1000; j++) batch.push(crypto.subtle.verify({ name: 'Ed25519' }, pair.publicKey, sig, message))
        await Promise.all(batch)
      }
      return { parse, verify: performance.now() - start }
    })()`)
    const line = (bench: string, ms: number, goal: string): void =>
      emitBench({
        bench,
        value: Math.round(ms),
        unit: 'ms',
        ratio: Math.round((ms / floor.verify) * 100) / 100,
        events: events.length,
        floor: `WebCrypto Ed25519 verify of ${events.length} signatures in the page: ${Math.round(floor.verify)} ms; JSON.parse of the hub's pages: ${Math.round(floor.parse)} ms`,
        goal,
      })
    line('open.first.chromium', first, '≤ 3,000 ms')
    line('open.repeat.chromium', repeat, '≤ 3,000 ms')
  } finally {
    await browser.close()
  }
} finally {
  if (hub !== null) {
    hub.kill('SIGTERM')
    await new Promise((r) => hub!.once('exit', r))
  }
  rmSync(data, { recursive: true, force: true })
}
