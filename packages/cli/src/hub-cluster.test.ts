// A hub cluster losing machines under load, as docs/deploy.md sets it up: three `veche serve`
// processes behind HAProxy, on a PostgreSQL primary with a synchronous streaming replica (all
// started here, on loopback). Phones send signed ballots through HAProxy, one per request, and
// retry what got no answer; streams follow the space through HAProxy and resume with
// Last-Event-ID. Mid-load one hub is killed with SIGKILL, then the primary crashes and the replica
// is promoted. Nothing acknowledged may be lost or stored twice, every stream must end holding
// every event once and in order, and every hub process, `veche verify` and a backup restored from
// `pg_dump` must give one state hash. Runs when VECHE_TEST_PG is set and Debian's haproxy and
// PostgreSQL server binaries are installed (CI installs both).
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { afterAll, describe, expect, test } from 'vitest'
import {
  castBallots,
  openPoll,
  signedAssembly,
} from '../../server/src/test-support/signed-assembly.js'
import { clusterTestRuns, startHubCluster } from './test-support/hub-cluster.js'
import type { HubCluster } from './test-support/hub-cluster.js'
import { ResumingStream } from './test-support/resuming-stream.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const PG = process.env.VECHE_TEST_PG
const MEMBERS = 150
const POLLS = 4
const PHONES = 24
const STREAMS = 6

const runs = clusterTestRuns('hub-cluster.test.ts', PG)

let cluster: HubCluster | null = null
afterAll(async () => {
  await cluster?.stop()
})

/** Runs `veche verify --json --database URL` and returns the one space's hash. */
function verifyHash(database: string): Promise<{ hash: string; events: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--json', 'verify', '--database', database], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`veche verify exited ${code}: ${err}${out}`))
      const report = JSON.parse(out) as { ok: boolean; spaces: { hash: string; events: number }[] }
      if (!report.ok || report.spaces.length !== 1) return reject(new Error(out))
      resolve(report.spaces[0]!)
    })
  })
}

/** Every answer other than 200 the phones got, by status and problem code. */
const failures = new Map<string, number>()

/** Sends one ballot until a hub acknowledges it (200); returns how it was acknowledged. */
async function sendUntilAcknowledged(url: string, ballot: SignedEvent): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ballot),
      })
      const text = await res.text()
      if (res.status === 200) {
        return (JSON.parse(text) as { outcomes: { status: string }[] }).outcomes[0]!.status
      }
      const code = res.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as { code?: string }).code
        : 'haproxy'
      const key = `${res.status} ${code ?? '?'}`
      failures.set(key, (failures.get(key) ?? 0) + 1)
      // Only a failure of the hub or its database may be retried; a refusal is a test failure.
      if (res.status < 500) throw new Error(`ballot refused: ${res.status} ${text}`)
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('ballot refused')) throw error
      failures.set('no answer', (failures.get('no answer') ?? 0) + 1)
    }
    if (attempt > 600) throw new Error('a ballot was never acknowledged')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.skipIf(!runs)('hub cluster', () => {
  test('a hub killed and the primary failed over mid-load: nothing acknowledged lost or doubled, one hash everywhere', async () => {
    cluster = await startHubCluster({ hubs: 3, databases: ['restored'] })
    const { url } = cluster
    const assembly = await signedAssembly(MEMBERS, 'cluster-test-01')
    const polls = []
    for (let p = 0; p < POLLS; p++) polls.push(await openPoll(assembly, `Question ${p}`))
    const setup = [...assembly.events, ...polls.map((p) => p.event)]
    const opened = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: setup }),
    })
    expect(opened.status).toBe(200)
    // Each member's ballots in seq order: ballots[p][m] is member m's ballot on poll p.
    const ballots: SignedEvent[][] = []
    for (const { poll } of polls) ballots.push(await castBallots(assembly, poll))
    const total = setup.length + MEMBERS * POLLS

    const streamUrl = `${url}/api/spaces/${assembly.space}/stream`
    const streams = Array.from({ length: STREAMS }, () => new ResumingStream(streamUrl))

    // Phones: each takes the next member and sends that member's ballots in order. However fast
    // the machine, the load goes on across each fault: ballots past 2/5 wait for the hub to be
    // killed (at 1/5 acknowledged), ballots past 3/5 for the primary to crash (at 2/5).
    const ALL = MEMBERS * POLLS
    const acknowledged = new Map<EventId, string>()
    let killed!: () => void
    let crashed!: () => void
    const gates = [
      { from: (ALL * 2) / 5, open: new Promise<void>((r) => (killed = r)) },
      { from: (ALL * 3) / 5, open: new Promise<void>((r) => (crashed = r)) },
    ]
    let nextMember = 0
    let tickets = 0
    const phone = async (): Promise<void> => {
      while (nextMember < MEMBERS) {
        const m = nextMember++
        for (let p = 0; p < POLLS; p++) {
          const ticket = tickets++
          for (const gate of gates) if (ticket >= gate.from) await gate.open
          const ballot = ballots[p]![m]!
          acknowledged.set(computeEventId(ballot), await sendUntilAcknowledged(url, ballot))
        }
      }
    }
    const load = Promise.all(Array.from({ length: PHONES }, phone))
    const waitForAcks = async (n: number): Promise<void> => {
      while (acknowledged.size < n) await new Promise((r) => setTimeout(r, 10))
    }

    // The hub HAProxy sends submissions to (the first) dies first.
    await waitForAcks(ALL / 5)
    cluster.hubs[0]!.child.kill('SIGKILL')
    killed()
    await waitForAcks((ALL * 2) / 5)
    await cluster.pg.crashPrimary()
    const ackedAtCrash = acknowledged.size
    crashed()
    await cluster.pg.promoteReplica()
    // Every stream loses its connection once more, as phones do, and resumes.
    for (const stream of streams) stream.drop()
    await load
    await cluster.restartHub(0)

    // Every ballot was acknowledged in the end, two fifths of them after the primary crashed.
    expect(ackedAtCrash).toBeLessThanOrEqual((ALL * 3) / 5)
    expect(acknowledged.size).toBe(ALL)
    // What failed in between failed as a lost database or a lost hub does (503 with Retry-After,
    // HAProxy's 502/503, a dropped connection), never as a fault of the hub (500).
    for (const key of failures.keys()) {
      expect(key).toMatch(/^(503 store\.unavailable|50[234] haproxy|no answer)$/)
    }

    // The store holds every event once (read through the promoted replica).
    const { hash, events } = await verifyHash(cluster.pg.replica.url('veche'))
    expect(events).toBe(total)
    const stored: { position: number; id: EventId }[] = []
    for (let after = 0; ;) {
      const page = (await (
        await fetch(`${url}/api/spaces/${assembly.space}/events?after=${after}&limit=1000`)
      ).json()) as { events: { position: number; id: EventId }[]; next: number | null }
      stored.push(...page.events.map((e) => ({ position: e.position, id: e.id })))
      if (page.next === null) break
      after = page.next
    }
    expect(stored).toHaveLength(total)
    expect(new Set(stored.map((e) => e.id)).size).toBe(total)
    for (const id of acknowledged.keys()) expect(stored.some((e) => e.id === id)).toBe(true)

    // Every stream got every event once, in store order, resumed at least once, and its last
    // state update holds the verified hash.
    for (const stream of streams) {
      await stream.until((s) => s.state?.hash === hash && s.events.length >= total, 30_000)
      await stream.stop()
      expect(stream.events).toEqual(stored)
      expect(stream.resumes).toBeGreaterThanOrEqual(1)
    }

    // Every hub process, asked directly, gives the same hash.
    for (const hub of cluster.hubs) {
      const state = (await (await fetch(`${hub.url}/api/spaces/${assembly.space}`)).json()) as {
        hash: string
      }
      expect(state.hash).toBe(hash)
    }

    // A backup taken with pg_dump and restored into a fresh database verifies to the same hash.
    const dump = await cluster.pg.tool('pg_dump', [
      '-h',
      '127.0.0.1',
      '-p',
      String(cluster.pg.replica.port),
      '-U',
      'postgres',
      '--no-owner',
      'veche',
    ])
    const file = join(cluster.pg.root, 'veche.sql')
    writeFileSync(file, dump)
    await cluster.pg.tool('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(cluster.pg.replica.port),
      '-U',
      'postgres',
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      'restored',
      '-f',
      file,
    ])
    const restored = await verifyHash(cluster.pg.replica.url('restored'))
    expect([restored.hash, restored.events]).toEqual([hash, total])
  }, 150_000)
})
