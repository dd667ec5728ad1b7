// The hub cluster of docs/deploy.md against one hub process, in the same run and on the same
// databases: a PostgreSQL primary with a synchronous replica, three `veche serve` processes behind
// HAProxy (packages/cli/src/test-support/hub-cluster.ts). Signed ballots, one per request as
// phones send them, 64 in flight, into one assembly: straight to one hub process; through HAProxy
// as docs/deploy.md configures it (submissions to the first hub up, reads and streams spread);
// and through HAProxy with submissions spread over all three hubs too. `ratio` = ballots/s over
// the one process's. A 503 (hubs racing for the same space beyond the ledger's retries: store.busy) is
// retried, as a phone does, and counted. Runs only when VECHE_BENCH_PG or VECHE_TEST_PG is set and haproxy and PostgreSQL's
// server binaries are installed.
import { Agent, request } from 'node:http'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import type * as HubClusterModule from '../packages/cli/dist/test-support/hub-cluster.js'
import { foundBenchAssembly } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'

const MEMBERS = 300
const POLLS = 3
const CONCURRENCY = 64
const PG_URL = process.env.VECHE_BENCH_PG ?? process.env.VECHE_TEST_PG

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
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

/** An assembly, its polls, and every member's ballot on each, in each member's seq order. */
async function workload(nonce: string): Promise<{ setup: SignedEvent[]; ballots: SignedEvent[] }> {
  const { founder, members, space, events: setup } = await foundBenchAssembly(nonce, MEMBERS)
  const ballots: SignedEvent[] = []
  for (let p = 0; p < POLLS; p++) {
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
        tieBreakSeed: 'bench-cluster-01',
      },
      p,
    )
    setup.push(open)
    const poll = computeEventId(open)
    for (const [i, m] of members.entries()) {
      ballots.push(
        await m.next(space, 'ballot.cast', { poll, vote: { choice: i % 3 ? 'yes' : 'no' } }, p),
      )
    }
  }
  return { setup, ballots }
}

/** Sends every ballot, each until a 200; ballots/s, p99 of the answered requests, and 5xx retries. */
async function sendBallots(
  url: URL,
  ballots: readonly SignedEvent[],
): Promise<{ rate: number; p99: number; retries: number }> {
  const bodies = ballots.map((b) => JSON.stringify(b))
  const latencies: number[] = []
  let retries = 0
  const begin = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      // Ballots are poll-major: index k is member k % MEMBERS, whose ballots stay in seq order.
      for (let k = 0; k < bodies.length; k++) {
        if ((k % MEMBERS) % CONCURRENCY !== worker) continue
        for (;;) {
          const t = performance.now()
          const status = await post(url, bodies[k]!)
          latencies.push(performance.now() - t)
          if (status === 200) break
          if (status < 500 || ++retries > 10_000) throw new Error(`a ballot got ${status}`)
        }
      }
    }),
  )
  const seconds = (performance.now() - begin) / 1000
  latencies.sort((a, b) => a - b)
  return {
    rate: ballots.length / seconds,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    retries,
  }
}

async function main(): Promise<void> {
  const modulePath = new URL('../../packages/cli/dist/test-support/hub-cluster.js', import.meta.url)
  const { missingClusterTools, startHubCluster } = (await import(
    modulePath.href
  )) as typeof HubClusterModule
  const missing = missingClusterTools()
  if (PG_URL === undefined || missing !== null) {
    process.stderr.write(
      `bench-cluster: skipped (${PG_URL === undefined ? 'VECHE_BENCH_PG or VECHE_TEST_PG is not set' : `needs ${missing}`})\n`,
    )
    return
  }
  const cluster = await startHubCluster({ hubs: 3 })
  try {
    const figures = []
    for (const [name, url] of [
      ['one-process', cluster.hubs[0]!.url],
      ['three-hubs', cluster.url],
      ['three-hubs-spread', cluster.spreadUrl],
    ] as const) {
      const { setup, ballots } = await workload(`bench-cluster-${name}`)
      const status = await post(new URL(url), JSON.stringify({ events: setup }))
      if (status !== 200) throw new Error(`setup got ${status}`)
      figures.push({ name, ...(await sendBallots(new URL(url), ballots)) })
    }
    const one = figures[0]!
    for (const f of figures) {
      emitBench({
        bench: `cluster.ballots.${f.name}`,
        value: Math.round(f.rate),
        unit: 'ballots/s',
        ratio: f === one ? null : Number((f.rate / one.rate).toFixed(2)),
        p99Ms: Math.round(f.p99),
        retried5xx: f.retries,
        ballots: MEMBERS * POLLS,
        inFlight: CONCURRENCY,
      })
    }
  } finally {
    agent.destroy()
    await cluster.stop()
  }
}

await main()
