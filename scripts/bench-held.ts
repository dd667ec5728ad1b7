// A member's ballot while the hub holds junk back: `veche serve` on SQLite as a child process, an
// assembly of 300 members with a poll, and ballots posted one at a time from this process. The
// floor is the same hub's ballot latency before any junk, in the same run; then 10,000 junk
// events are pushed to `POST /api/sync/:id/events` as anyone may (9,000 ballots of keys that are
// no members, and 1,000 events of one member after a gap in her chain), and the ballots go on.
// `ratio` = the median latency with the junk held over the floor's (1 means no slower). Before
// held events were indexed by what they wait for, every ballot tried the junk again: about 1.3 s
// a ballot with 10,000 held, against 2.7 ms without.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId, EventAuthor } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import { foundBenchAssembly } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const MEMBERS = 300
/** Ballots timed before the junk and after it. */
const TIMED = 150
const JUNK_STRANGERS = 9_000
const JUNK_GAPPED = 1_000

function startHub(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', dir, '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
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

const agent = new Agent({ keepAlive: true, maxSockets: 4 })

function post(port: number, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Posts `ballots` one at a time; returns the latencies in ms, sorted. */
async function timeBallots(port: number, ballots: readonly SignedEvent[]): Promise<number[]> {
  const latencies: number[] = []
  for (const ballot of ballots) {
    const begin = performance.now()
    const { status, text } = await post(port, '/api/events', JSON.stringify(ballot))
    latencies.push(performance.now() - begin)
    if (status !== 200) throw new Error(`ballot got ${status}: ${text}`)
  }
  return latencies.sort((a, b) => a - b)
}

const at = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!

const { founder, members, space, events } = await foundBenchAssembly('bench-held-01', MEMBERS)
const open = await founder.next(
  space,
  'poll.opened',
  {
    question: 'Q',
    proposal: null,
    method: 'majority',
    options: ['yes', 'no'],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    tieBreakSeed: 'bench-held-seed1',
  },
  1,
)
const poll = computeEventId(open)
const ballots = await Promise.all(
  members
    .slice(1, 1 + 2 * TIMED)
    .map((m, i) =>
      m.next(space, 'ballot.cast', { poll, vote: { choice: i % 2 ? 'yes' : 'no' } }, 2),
    ),
)
// The junk: ballots of fresh keys, and one member's proposals after a gap in her chain.
const junk: SignedEvent[] = []
for (let i = 0; i < JUNK_STRANGERS; i++) {
  const stranger = new EventAuthor(nodeSigner(generateKeyPair()))
  junk.push(await stranger.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, 3))
}
const infiltrator = members[0]!
await infiltrator.next(space, 'proposal.submitted', { title: 'gap', text: 'never sent' }, 3)
for (let i = 0; i < JUNK_GAPPED; i++) {
  junk.push(await infiltrator.next(space, 'proposal.submitted', { title: `J${i}`, text: 'x' }, 3))
}

const dir = mkdtempSync(join(tmpdir(), 'veche-bench-held-'))
const { child, port } = await startHub(dir)
try {
  for (let i = 0; i < events.length; i += 1_000) {
    const { status } = await post(
      port,
      '/api/events',
      JSON.stringify({ events: events.slice(i, i + 1_000) }),
    )
    if (status !== 200) throw new Error(`setup got ${status}`)
  }
  await post(port, '/api/events', JSON.stringify(open))
  const floor = await timeBallots(port, ballots.slice(0, TIMED))
  let held = 0
  for (let i = 0; i < junk.length; i += 1_000) {
    const { status, text } = await post(
      port,
      `/api/sync/${space}/events`,
      JSON.stringify({ events: junk.slice(i, i + 1_000) }),
    )
    if (status !== 200) throw new Error(`junk push got ${status}: ${text}`)
    held += (JSON.parse(text) as { parked: number }).parked
  }
  const withJunk = await timeBallots(port, ballots.slice(TIMED))
  emitBench({
    bench: 'hub.ballot.junk-held',
    value: Number(at(withJunk, 0.5).toFixed(2)),
    unit: 'ms',
    ratio: Number((at(withJunk, 0.5) / at(floor, 0.5)).toFixed(2)),
    p99Ms: Number(at(withJunk, 0.99).toFixed(2)),
    floorMs: Number(at(floor, 0.5).toFixed(2)),
    floorP99Ms: Number(at(floor, 0.99).toFixed(2)),
    junk: junk.length,
    held,
    ballots: TIMED,
  })
} finally {
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  rmSync(dir, { recursive: true, force: true })
  agent.destroy()
}
