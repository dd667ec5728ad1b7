// The hub under load, from a separate process on loopback: `veche serve` runs as a child process
// and this process is the crowd. (1) Signed ballots, one per request as phones send them, 64 at a
// time: ballots/s and p99 latency, with SQLite and (when VECHE_BENCH_PG or VECHE_TEST_PG is set)
// PostgreSQL; `ratio` = ballots/s over the batch ingest rate of the same ballots in this run (in
// process, through ledger.submit in batches of 500 on a SQLite file, signatures checked on every
// core, as bench-ingest does); the in-process rate one by one is given too. (2) Live fan-out: 2,000 open streams; the time from the
// POST that closes a poll to its result reaching the last stream. Each process measured (the hub,
// the HTTP floors, the in-process floors) first takes WARMUP_POLLS polls' ballots untimed.
// CPU (so that a loaded machine can still be read): `hubCpuMsPerBallot` is the hub process's user +
// system time over the ballots phase (from /proc) per ballot (`hubSystemMsPerBallot` the kernel's part), `batchCpuMsPerBallot` the batch
// floor's own process CPU per ballot (its workers included), and `cpuRatio` the second over the
// first; `clientCpuMsPerBallot` is what this process (the crowd) spent per ballot meanwhile, on the
// same two cores; `hubMainThreadMsPerBallot` is the hub's main thread alone (its event loop: one
// core at most, so it bounds the rate). VECHE_BENCH_HUB_NODE_ARGS passes node options to the hub (`--cpu-prof --cpu-prof-dir=D`).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  applyEvent,
  computeEventId,
  computePollResult,
  createSpaceState,
  proposeSeal,
  quorumFor,
  countActiveMembers,
} from '@veche/core'
import type { EventId, SignedEvent, EventAuthor } from '@veche/core'
import { createParallelVerifier, Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import pg from 'pg'
import { foundBenchAssembly } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'
import { RawConnection, rawPost } from './raw-http-crowd.js'

// VECHE_BENCH_HUB_BIN: another build's veche.js as the hub (a before/after comparison in one run).
const BIN =
  process.env.VECHE_BENCH_HUB_BIN ??
  fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const MEMBERS = 500
const POLLS = 16
// Polls whose ballots warm each measured process up first (not timed): a hub runs for hours, so
// its rate is the one after V8 has compiled its hot code, not during (a fresh process spends about
// a sixth of its CPU on compiling over a five-second run). Every floor is warmed the same way.
const WARMUP_POLLS = 2
const CONCURRENCY = 64
const STREAMS = 2_000
const PG_URL = process.env.VECHE_BENCH_PG ?? process.env.VECHE_TEST_PG

interface Workload {
  readonly setup: SignedEvent[]
  /** The first WARMUP_POLLS polls' ballots, sent before the timed ones. */
  readonly warmup: SignedEvent[]
  /** The timed ballots: POLLS polls' worth. */
  readonly ballots: SignedEvent[]
  readonly founder: EventAuthor
  readonly space: string
}

async function workload(nonce: string): Promise<Workload> {
  const { founder, members, space, events: setup } = await foundBenchAssembly(nonce, MEMBERS)
  const ballots: SignedEvent[] = []
  for (let p = 0; p < WARMUP_POLLS + POLLS; p++) {
    const open = await founder.next(
      space,
      'poll.opened',
      {
        question: `Q${p}`,
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'bench-hub-seed-1',
      },
      p,
    )
    setup.push(open)
    const poll = computeEventId(open)
    for (const [i, m] of members.entries()) {
      ballots.push(
        await m.next(
          space,
          'ballot.cast',
          { poll, vote: { choice: (i + p) % 3 === 0 ? 'no' : 'yes' } },
          p,
        ),
      )
    }
  }
  // Interleave polls, as a hall votes: member 0 on poll 0, member 0 on poll 1 would be out of
  // chain order, so keep each member's ballots in seq order: poll-major order already is.
  const warm = WARMUP_POLLS * MEMBERS
  return { setup, warmup: ballots.slice(0, warm), ballots: ballots.slice(warm), founder, space }
}

function startHub(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  // The fan-out opens all its streams from this one client: lift the per-client cap.
  return startServer([
    ...(process.env.VECHE_BENCH_HUB_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
    BIN,
    'serve',
    ...args,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--max-streams-per-client',
    '10000',
  ])
}

/** Runs `node argv…` and resolves once it prints the port it listens on. */
function startServer(argv: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ child, port: Number(port) })
    })
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

/**
 * User + system CPU of process `pid` so far, and system alone, in ms (Linux /proc; ticks of 10 ms);
 * with `mainThread`, of its main thread alone (where the event loop runs).
 */
function cpuMsOf(pid: number, mainThread = false): { total: number; system: number } {
  const stat = readFileSync(
    mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`,
    'utf8',
  )
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { total: (Number(fields[11]) + Number(fields[12])) * 10, system: Number(fields[12]) * 10 }
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/events',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function submitOverHttp(
  port: number,
  ballots: readonly SignedEvent[],
): Promise<{ rate: number; p99: number; p50: number }> {
  // Each member's ballots must arrive in seq order, so each worker serves its own members (ballots
  // are in poll-major order: index k is member k % MEMBERS). VECHE_BENCH_HUB_PER_REQUEST=N sends a
  // worker's ballots N to a request instead (what HTTP costs per request, for the profile notes).
  const perRequest = Number(process.env.VECHE_BENCH_HUB_PER_REQUEST ?? 1)
  const bodiesOf = Array.from({ length: CONCURRENCY }, (_, worker) => {
    const mine = ballots.filter((_, k) => (k % MEMBERS) % CONCURRENCY === worker)
    if (perRequest === 1) return mine.map((b) => JSON.stringify(b))
    const bodies: string[] = []
    for (let i = 0; i < mine.length; i += perRequest)
      bodies.push(JSON.stringify({ events: mine.slice(i, i + perRequest) }))
    return bodies
  })
  // The crowd writes requests built beforehand on plain sockets (raw-http-crowd.ts), so that its
  // own CPU, on the same two cores, is small beside the hub's; VECHE_BENCH_HUB_CLIENT=node sends
  // them through node:http's client instead, as runs before 2026-12-07 04:00 did.
  const raw = process.env.VECHE_BENCH_HUB_CLIENT !== 'node'
  const requestsOf = raw
    ? bodiesOf.map((bodies) =>
        bodies.map((body) => rawPost('127.0.0.1', port, '/api/events', body)),
      )
    : []
  const connections = raw
    ? await Promise.all(bodiesOf.map(() => RawConnection.open('127.0.0.1', port)))
    : []
  const latencies: number[] = []
  const begin = performance.now()
  await Promise.all(
    bodiesOf.map(async (bodies, worker) => {
      for (const [i, body] of bodies.entries()) {
        const t = performance.now()
        const status = raw
          ? await connections[worker]!.send(requestsOf[worker]![i]!)
          : await post(port, body)
        latencies.push(performance.now() - t)
        if (status !== 200) throw new Error(`ballot got ${status}`)
      }
    }),
  )
  for (const connection of connections) connection.close()
  const seconds = (performance.now() - begin) / 1000
  latencies.sort((a, b) => a - b)
  return {
    rate: ballots.length / seconds,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
  }
}

/** In-process: the same ballots through ledger.submit in batches of 500, on every core. */
async function batchRate(
  w: Workload,
): Promise<{ rate: number; cpuMsPerBallot: number; mainThreadMsPerBallot: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-hub-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const verifier = createParallelVerifier()
  const ledger = new Ledger(store, verifier)
  await ledger.submit(w.setup.map((e) => JSON.parse(JSON.stringify(e)) as unknown))
  const warm = w.warmup.map((b) => JSON.parse(JSON.stringify(b)) as unknown)
  for (let i = 0; i < warm.length; i += 500) await ledger.submit(warm.slice(i, i + 500))
  const inputs = w.ballots.map((b) => JSON.parse(JSON.stringify(b)) as unknown)
  const begin = performance.now()
  const cpu = process.cpuUsage()
  const mainBefore = cpuMsOf(process.pid, true)
  const reports = []
  for (let i = 0; i < inputs.length; i += 500) reports.push(ledger.submit(inputs.slice(i, i + 500)))
  for (const report of await Promise.all(reports))
    if (report.written !== report.outcomes.length) throw new Error('batch ballot not accepted')
  const rate = w.ballots.length / ((performance.now() - begin) / 1000)
  const used = process.cpuUsage(cpu)
  const mainMs = cpuMsOf(process.pid, true).total - mainBefore.total
  await store.close()
  await verifier.close()
  rmSync(dir, { recursive: true, force: true })
  return {
    rate,
    cpuMsPerBallot: (used.user + used.system) / 1000 / w.ballots.length,
    mainThreadMsPerBallot: mainMs / w.ballots.length,
  }
}

interface HttpFloor {
  readonly cpuMsPerRequest: number
  readonly mainThreadMsPerRequest: number
}

/** The crowd's rate and latencies against the server `pid` at `port`, and the CPU a request. */
async function measuredCrowd(pid: number, port: number, bodies: Workload['ballots']) {
  const cpuBefore = cpuMsOf(pid)
  const mainBefore = cpuMsOf(pid, true)
  const clientCpu = process.cpuUsage()
  const { rate, p99, p50 } = await submitOverHttp(port, bodies)
  const cpuAfter = cpuMsOf(pid)
  const mainAfter = cpuMsOf(pid, true)
  const clientUsed = process.cpuUsage(clientCpu)
  const n = bodies.length
  return {
    rate,
    p99,
    p50,
    cpuMs: (cpuAfter.total - cpuBefore.total) / n,
    systemMs: (cpuAfter.system - cpuBefore.system) / n,
    mainThreadMs: (mainAfter.total - mainBefore.total) / n,
    clientMs: (clientUsed.user + clientUsed.system) / 1000 / n,
  }
}

/**
 * A floor of HTTP itself (scripts/http-floor-server.ts: bare node:http, one fastify route, or that
 * route with the hub's hooks), driven as the hub is: the same request bodies, the same crowd, 64
 * in flight; its CPU a request from /proc, as the hub's.
 */
async function httpFloor(kind: 'bare' | 'fastify' | 'hooks', w: Workload): Promise<HttpFloor> {
  const server = fileURLToPath(new URL('./http-floor-server.js', import.meta.url))
  const { child, port } = await startServer([server, kind])
  try {
    await submitOverHttp(port, w.warmup)
    const { rate, p99, p50, cpuMs, mainThreadMs, clientMs } = await measuredCrowd(
      child.pid!,
      port,
      w.ballots,
    )
    const floor = { cpuMsPerRequest: cpuMs, mainThreadMsPerRequest: mainThreadMs }
    emitBench({
      bench: {
        bare: 'hub.http-floor',
        fastify: 'hub.fastify-floor',
        hooks: 'hub.fastify-hooks-floor',
      }[kind],
      value: Math.round(rate),
      unit: 'requests/s',
      ratio: null,
      p99Ms: Number(p99.toFixed(1)),
      p50Ms: Number(p50.toFixed(1)),
      requests: w.ballots.length,
      concurrency: CONCURRENCY,
      serverCpuMsPerRequest: Number(floor.cpuMsPerRequest.toFixed(3)),
      serverMainThreadMsPerRequest: Number(floor.mainThreadMsPerRequest.toFixed(3)),
      clientCpuMsPerRequest: Number(clientMs.toFixed(3)),
      loadAverage: Number(loadavg()[0]!.toFixed(1)),
    })
    return floor
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

/** In-process: the same ballots through ledger.submit one by one on a fresh SQLite store. */
async function inProcessRate(w: Workload): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-hub-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  await ledger.submit(w.setup.map((e) => JSON.parse(JSON.stringify(e)) as unknown))
  for (const ballot of w.warmup)
    await ledger.submit([JSON.parse(JSON.stringify(ballot)) as unknown])
  const begin = performance.now()
  for (const ballot of w.ballots) {
    const report = await ledger.submit([JSON.parse(JSON.stringify(ballot)) as unknown])
    if (report.written !== 1) throw new Error('in-process ballot not accepted')
  }
  const rate = w.ballots.length / ((performance.now() - begin) / 1000)
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return rate
}

async function postSetup(port: number, setup: readonly SignedEvent[]): Promise<void> {
  for (let i = 0; i < setup.length; i += 1_000) {
    const status = await post(port, JSON.stringify({ events: setup.slice(i, i + 1_000) }))
    if (status !== 200) throw new Error(`setup got ${status}`)
  }
}

/** Opens `count` streams; resolves to a promise per stream for the time it sees `marker` in a state frame. */
async function openStreams(port: number, space: string, count: number, marker: () => string) {
  const streamAgent = new Agent({ keepAlive: false, maxSockets: Infinity })
  const arrivals: Promise<number>[] = []
  const opened: Promise<void>[] = []
  const requests: ReturnType<typeof request>[] = []
  for (let i = 0; i < count; i++) {
    let markOpen!: () => void
    opened.push(new Promise((r) => (markOpen = r)))
    arrivals.push(
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: `/api/spaces/${space}/stream`, agent: streamAgent },
          (res) => {
            let buffer = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              buffer += chunk
              if (buffer.includes('event: state')) markOpen()
              const at = buffer.indexOf(marker())
              if (marker() !== '' && at >= 0) resolve(performance.now())
              if (buffer.length > 65_536) buffer = buffer.slice(-1_024)
            })
          },
        )
        req.on('error', reject)
        req.end()
        requests.push(req)
      }),
    )
  }
  await Promise.all(opened)
  return { arrivals, close: () => requests.forEach((r) => r.destroy()) }
}

async function fanOut(port: number, w: Workload, log: SignedEvent[]): Promise<number> {
  // Close the last poll: seal its ballots as every member's hub would.
  const state = createSpaceState(w.space as never)
  for (const e of log) applyEvent(state, e, computeEventId(e))
  const lastPoll = [...state.polls.values()].at(-1)!
  const ballots = proposeSeal(lastPoll) as EventId[]
  const result = computePollResult(
    lastPoll,
    ballots.map((b) => lastPoll.ballots.get(b)!.vote),
    {
      quorum: quorumFor(state.assembly!.rules.quorum, countActiveMembers(state)),
    },
  )
  if (!result.ok) throw new Error(result.message)
  const close = await w.founder.next(
    w.space as never,
    'poll.closed',
    { poll: lastPoll.id, ballots, result: result.value },
    1,
  )
  let marker = ''
  const streams = await openStreams(port, w.space, STREAMS, () => marker)
  marker = `"${lastPoll.id}":{`
  const begin = performance.now()
  const status = await post(port, JSON.stringify(close))
  if (status !== 200) throw new Error(`close got ${status}`)
  const times = await Promise.all(streams.arrivals)
  streams.close()
  return Math.max(...times) - begin
}

async function run(
  store: 'sqlite' | 'postgres',
  w: Workload,
  floors: {
    batch: number
    batchCpuMsPerBallot: number
    batchMainThreadMsPerBallot: number
    http: HttpFloor
    oneByOne: number
  },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-hub-'))
  const schema = `bench_hub_${process.pid}`
  const args =
    store === 'sqlite'
      ? ['--data', dir]
      : ['--data', dir, '--database', PG_URL!, '--schema', schema]
  const { child, port } = await startHub(args)
  try {
    await postSetup(port, w.setup)
    await submitOverHttp(port, w.warmup)
    const {
      rate,
      p99,
      p50,
      cpuMs: hubCpuMsPerBallot,
      systemMs: hubSystemMsPerBallot,
      mainThreadMs: hubMainThreadMsPerBallot,
      clientMs: clientCpuMsPerBallot,
    } = await measuredCrowd(child.pid!, port, w.ballots)
    // What one ballot a request cannot cost less than: the batch's work on it plus bare HTTP's.
    const floorSum = floors.batchCpuMsPerBallot + floors.http.cpuMsPerRequest
    const floorSumMain = floors.batchMainThreadMsPerBallot + floors.http.mainThreadMsPerRequest
    emitBench({
      bench: `hub.ballots.${store}`,
      value: Math.round(rate),
      unit: 'ballots/s',
      ratio: Number((rate / floors.batch).toFixed(3)),
      p99Ms: Number(p99.toFixed(1)),
      p50Ms: Number(p50.toFixed(1)),
      ballots: w.ballots.length,
      concurrency: CONCURRENCY,
      batchIngestBallotsPerSecond: Math.round(floors.batch),
      hubCpuMsPerBallot: Number(hubCpuMsPerBallot.toFixed(3)),
      hubSystemMsPerBallot: Number(hubSystemMsPerBallot.toFixed(3)),
      hubMainThreadMsPerBallot: Number(hubMainThreadMsPerBallot.toFixed(3)),
      batchCpuMsPerBallot: Number(floors.batchCpuMsPerBallot.toFixed(3)),
      batchMainThreadMsPerBallot: Number(floors.batchMainThreadMsPerBallot.toFixed(3)),
      cpuRatio: Number((floors.batchCpuMsPerBallot / hubCpuMsPerBallot).toFixed(3)),
      httpFloorCpuMsPerRequest: Number(floors.http.cpuMsPerRequest.toFixed(3)),
      // (batch + bare HTTP) ÷ hub, all threads and the main thread alone: 1 would be the floors'.
      cpuRatioWithHttp: Number((floorSum / hubCpuMsPerBallot).toFixed(3)),
      mainThreadRatioWithHttp: Number((floorSumMain / hubMainThreadMsPerBallot).toFixed(3)),
      clientCpuMsPerBallot: Number(clientCpuMsPerBallot.toFixed(3)),
      loadAverage: Number(loadavg()[0]!.toFixed(1)),
      inProcessOneByOnePerSecond: Math.round(floors.oneByOne),
    })
    // VECHE_BENCH_HUB_SKIP_FANOUT=1 leaves out the fan-out (a profile of the ballots alone).
    if (store === 'sqlite' && process.env.VECHE_BENCH_HUB_SKIP_FANOUT !== '1') {
      const ms = await fanOut(port, w, [...w.setup, ...w.warmup, ...w.ballots])
      emitBench({
        bench: 'hub.fanout.sqlite',
        value: Math.round(ms),
        unit: 'ms',
        ratio: null,
        streams: STREAMS,
      })
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
    if (store === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  }
}

const sqliteLoad = await workload('bench-hub-sqlite')
const batch = await batchRate(sqliteLoad)
const http = await httpFloor('bare', sqliteLoad)
await httpFloor('fastify', sqliteLoad)
await httpFloor('hooks', sqliteLoad)
const floors = {
  batch: batch.rate,
  batchCpuMsPerBallot: batch.cpuMsPerBallot,
  batchMainThreadMsPerBallot: batch.mainThreadMsPerBallot,
  http,
  // VECHE_BENCH_HUB_SKIP_ONE_BY_ONE=1 leaves out the slow one-by-one line (profiling runs).
  oneByOne:
    process.env.VECHE_BENCH_HUB_SKIP_ONE_BY_ONE === '1' ? NaN : await inProcessRate(sqliteLoad),
}
await run('sqlite', sqliteLoad, floors)
if (PG_URL !== undefined) await run('postgres', await workload('bench-hub-pg'), floors)
agent.destroy()
