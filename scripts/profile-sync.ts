// `veche sync` pull and push of bench-sync's store, kept on disk, so that each side can be timed in
// CPU and profiled alone. Not a bench (bench.ts runs only files named bench-*). Usage:
//   node scripts/dist/profile-sync.js DIR [pull|push|both] [--prof]
// The first run with DIR builds DIR/source (the same 100,000 events as bench-sync.ts, or
// VECHE_BENCH_SYNC_EVENTS) and DIR/replica (a pulled copy, the push's source); every run then
// pulls into a fresh folder from a hub serving DIR/source, and/or pushes DIR/replica to a fresh hub,
// printing for each process its wall time and CPU time (user + system, from GNU time) and, with
// --prof, writing `node --cpu-prof` profiles of the sync command and of the hub under DIR/prof.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeBase64url, signingBytes } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { createParallelVerifier, Ledger, openSqliteStore, verifyEd25519 } from '@veche/store'
import { benchBallotLog } from './assembly-fixture.js'

// VECHE_BIN: another build's bin/veche.js (to compare a change with the tree before it).
const BIN =
  process.env.VECHE_BIN ??
  fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const TOTAL = Number(process.env.VECHE_BENCH_SYNC_EVENTS ?? 100_000)
const [dir = '', mode = 'both', ...flags] = process.argv.slice(2)
const profile = flags.includes('--prof')
if (dir === '') throw new Error('usage: profile-sync.js DIR [pull|push|both] [--prof]')

async function build(): Promise<SignedEvent[]> {
  const { events } = await benchBallotLog('bench-sync-1', 1_000, TOTAL)
  mkdirSync(join(dir, 'source'), { recursive: true })
  const store = await openSqliteStore(join(dir, 'source', 'veche.db'))
  const verifier = createParallelVerifier()
  const ledger = new Ledger(store, verifier)
  for (let i = 0; i < events.length; i += 1_000) await ledger.submit(events.slice(i, i + 1_000))
  await store.close()
  await verifier.close()
  return events
}

/**
 * A one-core Ed25519 verify loop over the events (bench-sync's floor): its rate in events/s and
 * its CPU seconds.
 */
async function floor(): Promise<{ rate: number; cpu: number }> {
  const store = await openSqliteStore(join(dir, 'source', 'veche.db'))
  const events: SignedEvent[] = []
  for (const space of await store.spaces())
    for await (const e of store.read(space)) events.push(JSON.parse(e.json) as SignedEvent)
  await store.close()
  const prepared = events.map(
    (e) => [decodeBase64url(e.author)!, signingBytes(e), decodeBase64url(e.sig)!] as const,
  )
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (const [key, message, sig] of prepared) verifyEd25519(key, message, sig)
  const used = process.cpuUsage(cpu)
  return {
    rate: events.length / (Number(process.hrtime.bigint() - start) / 1e9),
    cpu: (used.user + used.system) / 1e6,
  }
}

const children = new Set<ChildProcess>()
const profDir = join(dir, 'prof')
const nodeArgs = (name: string): string[] =>
  profile ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${name}.cpuprofile`] : []

interface Hub {
  readonly child: ChildProcess
  readonly url: string
  /** Stops the hub (SIGTERM, so its profile is written) and resolves with its CPU seconds. */
  stop(): Promise<number>
}

/** A child under GNU time; `cpu()` resolves after exit with its user + system seconds. */
function timedSpawn(args: string[]): { child: ChildProcess; cpu: () => Promise<number> } {
  const timeFile = join(mkdtempSync(join(dir, 'time-')), 'cpu')
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    child,
    cpu: async () => {
      await exited
      const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number)
      return user! + system!
    },
  }
}

function startHub(data: string, name: string): Promise<Hub> {
  const { child, cpu } = timedSpawn([
    ...nodeArgs(name),
    BIN,
    '--data',
    data,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
  ])
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined)
        resolve({
          child,
          url: `http://127.0.0.1:${port}`,
          stop: () => {
            // GNU time passes SIGTERM on to node only through its process group: signal node.
            spawn('pkill', ['-TERM', '-P', String(child.pid)])
            return cpu()
          },
        })
    })
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

async function sync(
  data: string,
  url: string,
  name: string,
): Promise<{ wall: number; cpu: number }> {
  const start = process.hrtime.bigint()
  const { child, cpu } = timedSpawn([...nodeArgs(name), BIN, '--data', data, '--json', 'sync', url])
  let stdout = ''
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  if (code !== 0) throw new Error(`sync exited with ${code}: ${stdout}`)
  return { wall, cpu: await cpu() }
}

try {
  if (!existsSync(join(dir, 'source'))) await build()
  const events = TOTAL
  const { rate: verifyRate, cpu: floorCpu } = await floor()
  const line = (what: string, r: { wall: number; cpu: number }, hubCpu: number): void =>
    console.log(
      JSON.stringify({
        what,
        wall: Number(r.wall.toFixed(2)),
        ratio: Number((events / r.wall / verifyRate).toFixed(3)),
        syncCpu: Number(r.cpu.toFixed(2)),
        hubCpu: Number(hubCpu.toFixed(2)),
        floorWall: Number((events / verifyRate).toFixed(2)),
        floorCpu: Number(floorCpu.toFixed(2)),
        // What the ratio would be with both cores free: the floor's CPU against the wall time of
        // the two processes' CPU spread over two cores.
        cpuRatio: Number((floorCpu / ((r.cpu + hubCpu) / 2)).toFixed(3)),
      }),
    )
  if (!existsSync(join(dir, 'replica'))) {
    const hub = await startHub(join(dir, 'source'), 'unused')
    mkdirSync(join(dir, 'replica'))
    await sync(join(dir, 'replica'), hub.url, 'unused-sync')
    await hub.stop()
  }
  if (mode === 'pull' || mode === 'both') {
    const hub = await startHub(join(dir, 'source'), 'pull-hub')
    const into = mkdtempSync(join(dir, 'pulled-'))
    const r = await sync(into, hub.url, 'pull-sync')
    line('pull', r, await hub.stop())
    rmSync(into, { recursive: true, force: true })
  }
  if (mode === 'push' || mode === 'both') {
    const empty = mkdtempSync(join(dir, 'empty-'))
    const hub = await startHub(empty, 'push-hub')
    const r = await sync(join(dir, 'replica'), hub.url, 'push-sync')
    line('push', r, await hub.stop())
    rmSync(empty, { recursive: true, force: true })
  }
} finally {
  // GNU time does not pass SIGKILL on: end the node processes under it first.
  for (const child of children) spawnSync('pkill', ['-KILL', '-P', String(child.pid)])
  for (const child of children) child.kill('SIGKILL')
}
