// A secret poll on the hub cluster of docs/deploy.md (three `veche serve` processes behind
// HAProxy on PostgreSQL, each as a machine of its own: its own data folder and ballots' file, the
// others as its --cluster-peer, one --cluster-key-file), in a PRIVATE space, with no replication
// key anywhere. Phones cast ballots through HAProxy; a third of the way in, the process taking
// them is killed with SIGKILL and its ballots' file deleted (the machine and its disk lost), and
// it comes back empty. Every acknowledged ballot must still be held (each was on a second machine
// before it was acknowledged), the restarted process must catch up on them from its peers (by the
// cluster key: the space is private), the seal must name every one, and `veche verify` on each
// machine's data folder must give one hash. Runs when VECHE_TEST_PG is set and haproxy and
// PostgreSQL's server binaries are installed (CI installs both).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId, hashSpaceState } from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import {
  Ledger,
  nodeVerifier,
  openBallotsFile,
  openSqliteStore,
  postgresBallotsFileName,
} from '@veche/store'
import { afterAll, describe, expect, test } from 'vitest'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { clusterTestRuns, startHubCluster } from './test-support/hub-cluster.js'
import type { HubCluster } from './test-support/hub-cluster.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const PG = process.env.VECHE_TEST_PG
const MEMBERS = 24
const PHONES = 6

const runs = clusterTestRuns('hub-cluster-secret.test.ts', PG)

const root = mkdtempSync(join(tmpdir(), 'veche-cluster-secret-'))
let cluster: HubCluster | null = null
afterAll(async () => {
  await cluster?.stop()
  rmSync(root, { recursive: true, force: true })
})

/** `veche --data DATA --json verify --database URL`: the one space's hash. */
function verifyHash(data: string, database: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, '--data', data, '--json', 'verify', '--database', database],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`veche verify exited ${code}: ${err}${out}`))
      const report = JSON.parse(out) as { ok: boolean; spaces: { hash: string }[] }
      if (!report.ok || report.spaces.length !== 1) return reject(new Error(out))
      resolve(report.spaces[0]!.hash)
    })
  })
}

/** The ids of the ballots one machine's file holds for the poll (none if there is no file). */
function heldIn(data: string, space: SpaceId, poll: EventId): EventId[] {
  const file = join(data, postgresBallotsFileName('public'))
  if (!existsSync(file)) return []
  const ballots = openBallotsFile(file)
  try {
    return ballots.ballots(space, poll).map((b) => b.id)
  } finally {
    ballots.close()
  }
}

/** Every answer other than 200 the phones got, by status and problem code. */
const failures = new Map<string, number>()

/** POSTs `body` to `url` until it is answered 200; a refusal (4xx) fails the test. */
async function postUntilAcknowledged(url: string, body: unknown): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const text = await res.text()
      if (res.status === 200) return
      const code = res.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as { code?: string }).code
        : 'haproxy'
      const key = `${res.status} ${code ?? '?'}`
      failures.set(key, (failures.get(key) ?? 0) + 1)
      if (res.status < 500) throw new Error(`refused: ${res.status} ${text}`)
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('refused')) throw error
      failures.set('no answer', (failures.get('no answer') ?? 0) + 1)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`never acknowledged: ${url}`)
}

describe.skipIf(!runs)('a secret poll on the hub cluster', () => {
  test('a machine killed and its disk lost mid-poll: every acknowledged ballot sealed, one hash on every machine, a private space without replication keys', async () => {
    cluster = await startHubCluster({
      hubs: 3,
      database: 'secret',
      directDatabase: true,
      clusterKey: 'cluster-key-of-the-test-0123456789abcdef',
    })
    const { url } = cluster
    // The members' devices, as one ledger: the poll is set up and every ballot cast there.
    const devices = new Ledger(await openSqliteStore(join(root, 'devices.db')), nodeVerifier)
    const p = await secretPollOnLedger(devices, { members: MEMBERS, visibility: 'private' })
    const ballots: SignedEvent[] = []
    for (const [i, member] of p.members.entries())
      ballots.push(await p.vote(member, { choice: i % 3 === 0 ? 'no' : 'yes' }))
    await postUntilAcknowledged(`${url}/api/events`, { events: p.log })

    // Phones send one ballot per request through HAProxy, sending again what got no 200. Once a
    // third are acknowledged, the process taking them dies with its disk; the rest wait for that.
    const acknowledged = new Set<EventId>()
    let killed!: () => void
    const gate = new Promise<void>((resolve) => (killed = resolve))
    let next = 0
    const phone = async (): Promise<void> => {
      while (next < ballots.length) {
        const ticket = next++
        if (ticket >= (ballots.length * 2) / 3) await gate
        const ballot = ballots[ticket]!
        await postUntilAcknowledged(`${url}/api/ballots`, ballot)
        acknowledged.add(computeEventId(ballot))
      }
    }
    const load = Promise.all(Array.from({ length: PHONES }, phone))
    while (acknowledged.size < ballots.length / 3) await new Promise((r) => setTimeout(r, 10))
    const first = cluster.hubs[0]!
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    const file = join(first.data, postgresBallotsFileName('public'))
    expect(heldIn(first.data, p.space, p.poll).length).toBeGreaterThan(0)
    for (const suffix of ['', '-journal']) rmSync(`${file}${suffix}`, { force: true })
    killed()
    await load
    expect(acknowledged.size).toBe(ballots.length)
    // What failed failed as a lost process does, or as a group no peer took: never a 500.
    for (const key of failures.keys()) {
      expect(key).toMatch(/^(503 cluster\.unreplicated|50[234] haproxy|no answer)$/)
    }

    // The lost machine comes back with an empty file and takes the ballots from its peers (the
    // space is private: by the cluster key). Every machine ends holding every acknowledged one.
    await cluster.restartHub(0)
    const all = [...acknowledged].sort()
    for (let round = 0; round < 120; round++) {
      if (cluster.hubs.every((hub) => heldIn(hub.data, p.space, p.poll).length === all.length))
        break
      await new Promise((r) => setTimeout(r, 250))
    }
    for (const hub of cluster.hubs) expect(heldIn(hub.data, p.space, p.poll)).toEqual(all)

    // The founder seals what the hub holds (as the app does after reading it) and the tellers
    // count; the hub refuses a seal that leaves out a ballot it holds, and parks one naming a
    // ballot it lacks.
    const seen = cluster.hubs.map((hub) => heldIn(hub.data, p.space, p.poll))
    expect(seen[1]).toEqual(all)
    await devices.submit(ballots)
    const before = p.log.length
    await p.sealAndCount()
    const closing = p.log.slice(before)
    const seal = closing.find((e) => e.type === 'secret.poll-sealed')!
    expect((seal.body as { ballots: EventId[] }).ballots).toEqual(all)
    await postUntilAcknowledged(`${url}/api/events`, { events: closing })

    // Each machine, from its own data folder (its own ballots' file), verifies to one hash.
    const hashes = await Promise.all(
      cluster.hubs.map((hub) => verifyHash(hub.data, cluster!.databaseUrl)),
    )
    expect(new Set(hashes).size).toBe(1)
    expect(hashes[0]).toBe(hashSpaceState((await devices.state(p.space))!))
    await devices.store.close()
  }, 240_000)
})
