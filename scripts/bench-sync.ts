// Replication and bundles at scale, between real processes on loopback. A store of N signed events
// (one assembly: 1,000 members voting in polls; N = VECHE_BENCH_SYNC_EVENTS, default 100,000) is
// served by `veche serve`; then, each timed as a whole child process: `veche sync URL` into an
// empty data folder (pull), `veche sync URL` from that folder to an empty hub (push), `veche bundle
// export` of everything and `veche bundle import` into an empty folder. Floor: a bare Ed25519
// verify loop on one core over the same events in this run (`ratio` = figure / floor).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeBase64url, signingBytes } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { createParallelVerifier, Ledger, openSqliteStore, verifyEd25519 } from '@veche/store'
import { benchBallotLog } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const TOTAL = Number(process.env.VECHE_BENCH_SYNC_EVENTS ?? 100_000)
const MEMBERS = 1_000

async function signedEvents(): Promise<SignedEvent[]> {
  const { events } = await benchBallotLog('bench-sync-1', MEMBERS, TOTAL)
  return events
}

const children = new Set<ChildProcess>()
const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-sync-'))
  dirs.push(dir)
  return dir
}

function startHub(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    // No budget of large bodies (docs/hub.md, "Limits"): it paces one sender's pushes by design,
    // and this bench measures how fast a push itself goes.
    [BIN, '--data', dir, 'serve', '--host', '127.0.0.1', '--port', '0', '--large-body-rate', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  children.add(child)
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

/** Runs `veche args`; resolves with its wall time in seconds and its standard output. */
function timed(args: readonly string[]): Promise<{ seconds: number; stdout: string }> {
  const start = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (code === 0) resolve({ seconds, stdout })
      else reject(new Error(`veche ${args.join(' ')} exited with ${code}: ${stdout}`))
    })
  })
}

try {
  const events = await signedEvents()

  const prepared = events.map(
    (e) => [decodeBase64url(e.author)!, signingBytes(e), decodeBase64url(e.sig)!] as const,
  )
  const start = process.hrtime.bigint()
  for (const [key, message, sig] of prepared) {
    if (!verifyEd25519(key, message, sig)) throw new Error('bad signature in the floor loop')
  }
  const floor = events.length / (Number(process.hrtime.bigint() - start) / 1e9)

  // The source hub's store, filled in this process.
  const source = dataDir()
  const store = await openSqliteStore(join(source, 'veche.db'))
  const verifier = createParallelVerifier()
  const ledger = new Ledger(store, verifier)
  for (let i = 0; i < events.length; i += 1_000) {
    const report = await ledger.submit(events.slice(i, i + 1_000))
    if (report.written !== Math.min(1_000, events.length - i))
      throw new Error('the source refused events')
  }
  await store.close()
  await verifier.close()

  const hub = await startHub(source)
  const replica = dataDir()
  const pull = await timed(['--data', replica, '--json', 'sync', hub.url])
  const pulled = (JSON.parse(pull.stdout) as { spaces: { pulled: { accepted: number } }[] })
    .spaces[0]!.pulled
  if (pulled.accepted !== events.length)
    throw new Error(`pulled ${pulled.accepted} of ${events.length}`)
  emitBench({
    bench: 'sync.pull',
    value: Math.round(events.length / pull.seconds),
    unit: 'events/s',
    ratio: Number((events.length / pull.seconds / floor).toFixed(3)),
    events: events.length,
    seconds: Number(pull.seconds.toFixed(2)),
    floor: Math.round(floor),
  })

  const empty = await startHub(dataDir())
  const push = await timed(['--data', replica, '--json', 'sync', empty.url])
  const pushed = (
    JSON.parse(push.stdout) as { spaces: { pushed: { accepted: number; released: number } }[] }
  ).spaces[0]!.pushed
  // Two batches are in flight: one may arrive first, wait (parked) and be released by the other.
  if (pushed.accepted + pushed.released !== events.length) {
    throw new Error(`pushed ${pushed.accepted + pushed.released} of ${events.length}`)
  }
  emitBench({
    bench: 'sync.push',
    value: Math.round(events.length / push.seconds),
    unit: 'events/s',
    ratio: Number((events.length / push.seconds / floor).toFixed(3)),
    events: events.length,
    seconds: Number(push.seconds.toFixed(2)),
  })
  for (const child of [hub.child, empty.child]) child.kill('SIGTERM')

  const bundle = join(dataDir(), 'all.veche')
  const exported = await timed(['--data', replica, 'bundle', 'export', '--out', bundle])
  emitBench({
    bench: 'bundle.export',
    value: Number(exported.seconds.toFixed(2)),
    unit: 's',
    ratio: null,
    events: events.length,
    bytes: statSync(bundle).size,
  })
  const imported = await timed(['--data', dataDir(), 'bundle', 'import', bundle])
  emitBench({
    bench: 'bundle.import',
    value: Number(imported.seconds.toFixed(2)),
    unit: 's',
    ratio: Number((events.length / imported.seconds / floor).toFixed(3)),
    events: events.length,
  })
} finally {
  for (const child of children) child.kill('SIGKILL')
  await new Promise((r) => setTimeout(r, 200))
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
