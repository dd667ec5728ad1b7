// Replication between real hub processes on loopback (`veche serve`, the built bin): three hubs
// partitioned decide apart and, healed, print the same `veche verify` state hashes; a hub killed
// with SIGKILL in the middle of a sync resumes with nothing lost or twice; a tampered page from a
// peer is refused with its reason and the rest is still taken; hubs follow their peers live (a
// chain of hubs with a 60 s interval passes an event on in seconds, a restarted peer is followed
// again), and change notices name a private space only to a hub holding its key.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SignedEvent, SpaceId } from '@veche/core'
import { REPLICATION_HEADER, replicationProof } from '@veche/server'
import { afterAll, expect, test } from 'vitest'
import {
  castBallots,
  closePoll,
  openPoll,
  signedAssembly,
} from '../../../server/src/test-support/signed-assembly.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))

const children = new Set<ChildProcess>()
const dirs: string[] = []
const servers: Server[] = []
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  for (const server of servers) server.close()
  await new Promise((r) => setTimeout(r, 100))
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-'))
  dirs.push(dir)
  return dir
}

interface HubProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly exited: Promise<void>
  /** What the hub has printed so far (stdout and stderr). */
  readonly output: () => string
}

/** Starts `veche serve` on a free loopback port; resolves when it prints its port. */
function startHub(dir: string, extra: readonly string[] = []): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [BIN, '--data', dir, 'serve', '--host', '127.0.0.1', '--port', '0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.add(child)
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      children.delete(child)
      resolve()
    }),
  )
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve({ child, url: `http://127.0.0.1:${port}`, exited, output: () => out })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}: ${out}`))
    })
  })
}

async function stopHub(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGTERM')
  await hub.exited
}

/** Runs the veche command; resolves with its exit code and output. */
function veche(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`veche ${args.join(' ')} took over 30 s`))
    }, 30_000)
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    // 'close', not 'exit': the process may exit before its output has been read to the end.
    child.on('close', (code) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Pushes events to a hub in batches of 1,000 through the sync route (no per-key rate limit). */
async function load(
  url: string,
  space: string,
  events: readonly SignedEvent[],
  key?: string,
): Promise<void> {
  // A private space takes pushed events only from a hub proving its replication key.
  const proof =
    key === undefined
      ? {}
      : { [REPLICATION_HEADER]: `${space}=${replicationProof(key, space as SpaceId, Date.now())}` }
  for (let i = 0; i < events.length; i += 1_000) {
    const res = await fetch(`${url}/api/sync/${space}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...proof },
      body: JSON.stringify({ events: events.slice(i, i + 1_000) }),
    })
    expect(res.status).toBe(200)
  }
}

async function post(url: string, events: readonly SignedEvent[]): Promise<void> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  expect(res.status).toBe(200)
}

/** How many events a hub holds in `space` (the sum of its vector), 0 if none or unreachable. */
async function held(url: string, space: string, key?: string): Promise<number> {
  const headers =
    key === undefined
      ? {}
      : { [REPLICATION_HEADER]: `${space}=${replicationProof(key, space as SpaceId, Date.now())}` }
  try {
    const res = (await (await fetch(`${url}/api/sync/spaces`, { headers })).json()) as {
      spaces: Record<string, { vector: Record<string, number> }>
    }
    return Object.values(res.spaces[space]?.vector ?? {}).reduce((a, b) => a + b, 0)
  } catch {
    return 0
  }
}

async function stateHash(url: string, space: string): Promise<string | null> {
  const res = await fetch(`${url}/api/spaces/${space}`)
  return res.ok ? ((await res.json()) as { hash: string }).hash : null
}

/** Waits (at most `ms`) until `check` holds. */
async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The state hash `veche verify` prints for `space` in a data folder. */
async function verifiedHash(dir: string, space: string): Promise<string> {
  const run = await veche(['--data', dir, '--json', 'verify'])
  expect(run.code).toBe(0)
  const report = JSON.parse(run.stdout) as { spaces: { space: string; hash: string }[] }
  return report.spaces.find((s) => s.space === space)!.hash
}

test('three hubs partitioned decide apart; healed, they print the same veche verify hashes', async () => {
  const [dirA, dirB, dirC] = [dataDir(), dataDir(), dataDir()]
  // The hubs start, and the assembly is signed, side by side.
  const [a, firstB, c, assembly] = await Promise.all([
    startHub(dirA),
    startHub(dirB),
    startHub(dirC),
    signedAssembly(60, 'sync-three-hubs'),
  ])
  let b = firstB
  const space = assembly.space
  const { event: opened, poll } = await openPoll(assembly)
  await post(a.url, [...assembly.events, opened])
  // B and C learn the assembly and the poll from A once (the CLI on their data folders while
  // they run), then the network is cut: each hub takes a third of the ballots.
  for (const run of await Promise.all(
    [dirB, dirC].map((dir) => veche(['--data', dir, 'sync', a.url])),
  )) {
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/pulled 62 new/)
  }
  const ballots = await castBallots(assembly, poll)
  await post(a.url, ballots.slice(0, 20))
  await post(b.url, ballots.slice(20, 40))
  await post(c.url, ballots.slice(40))
  const partitioned = await Promise.all([a, b, c].map((h) => stateHash(h.url, space)))
  expect(new Set(partitioned).size).toBe(3)

  // Heal: B comes back replicating with A and C; it carries C's ballots to A and A's to C.
  await stopHub(b)
  b = await startHub(dirB, ['--peer', a.url, '--peer', c.url, '--sync-interval', '1'])
  const total = assembly.events.length + 1 + ballots.length
  await waitFor(
    async () =>
      (await Promise.all([a, b, c].map((h) => held(h.url, space)))).every((n) => n === total),
    20_000,
    'every hub to hold every ballot',
  )
  // A decision made on C after healing reaches A through B.
  const closed = await closePoll(assembly, [...assembly.events, opened, ...ballots], poll)
  await post(c.url, [closed])
  await waitFor(async () => (await held(a.url, space)) === total + 1, 20_000, 'the seal to reach A')
  const hashes = await Promise.all([a, b, c].map((h) => stateHash(h.url, space)))
  expect(new Set(hashes).size).toBe(1)
  await Promise.all([a, b, c].map(stopHub))
  const verified = await Promise.all([dirA, dirB, dirC].map((d) => verifiedHash(d, space)))
  expect(verified).toEqual([hashes[0], hashes[0], hashes[0]])
}, 60_000)

test('kill -9 in the middle of a sync: restarted, the hub converges with nothing lost or twice', async () => {
  const [source, assembly] = await Promise.all([
    startHub(dataDir()),
    signedAssembly(2_500, 'sync-kill-nine'),
  ])
  const { event: opened, poll } = await openPoll(assembly)
  const ballots = await castBallots(assembly, poll)
  const all = [...assembly.events, opened, ...ballots]
  await load(source.url, assembly.space, all)
  const dir = dataDir()
  let replica = await startHub(dir, ['--peer', source.url])
  let partial = 0
  await waitFor(
    async () => {
      partial = await held(replica.url, assembly.space)
      return partial > 0
    },
    20_000,
    'the sync to start',
  )
  replica.child.kill('SIGKILL')
  await replica.exited
  expect(partial).toBeLessThan(all.length)

  replica = await startHub(dir, ['--peer', source.url])
  await waitFor(
    async () => (await held(replica.url, assembly.space)) === all.length,
    30_000,
    'the replica to catch up',
  )
  const res = await veche(['--data', dir, 'sync', source.url])
  expect(res.stdout).toMatch(/pulled 0 new/)
  expect(await stateHash(replica.url, assembly.space)).toBe(
    await stateHash(source.url, assembly.space),
  )
  await Promise.all([stopHub(replica), stopHub(source)])
  // Every event once: the store counts exactly the events sent, and verify replays them all.
  const verify = await veche(['--data', dir, '--json', 'verify'])
  const report = JSON.parse(verify.stdout) as { spaces: { events: number; fault: unknown }[] }
  expect(report.spaces).toEqual([expect.objectContaining({ events: all.length, fault: null })])
}, 60_000)

test('a tampered page from a peer is refused with its reason; the pages after it are taken', async () => {
  const assembly = await signedAssembly(5, 'sync-tampered')
  const { event: opened, poll } = await openPoll(assembly)
  const ballots = await castBallots(assembly, poll)
  const tampered = { ...ballots[1]!, body: { ...ballots[1]!.body, vote: { choice: 'no' } } }
  const pages = [[...assembly.events, opened], [ballots[0]!, tampered], ballots.slice(2)]
  // A peer that serves the space in three pages, the second altered.
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/api/sync/spaces') {
        res.end(
          JSON.stringify({
            spaces: { [assembly.space]: { visibility: 'public', vector: {} } },
            keys: {},
          }),
        )
      } else if (req.url === `/api/sync/${assembly.space}/missing`) {
        const after = (JSON.parse(body) as { after?: number }).after ?? 0
        res.end(
          JSON.stringify({ events: pages[after], forks: [], next: after < 2 ? after + 1 : null }),
        )
      } else if (req.url === `/api/sync/${assembly.space}/events`) {
        const n = (JSON.parse(body) as { events: unknown[] }).events.length
        res.end(
          JSON.stringify({
            accepted: 0,
            duplicate: n,
            parked: 0,
            forks: 0,
            rejected: 0,
            released: 0,
          }),
        )
      } else {
        res.statusCode = 404
        res.end('{}')
      }
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const dir = dataDir()
  const run = await veche(['--data', dir, 'sync', `http://127.0.0.1:${port}`])
  expect(run.stderr).toBe('')
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/refused: page 2 from .*event 2: event\.bad-signature/)
  expect(run.stdout).toMatch(/pulled 10 new/)
  const verify = await veche(['--data', dir, '--json', 'verify'])
  const report = JSON.parse(verify.stdout) as { spaces: { events: number }[] }
  // The assembly, the poll and the ballots of pages 1 and 3: none of the refused page.
  expect(report.spaces[0]!.events).toBe(assembly.events.length + 1 + 3)
}, 30_000)

test('a private space replicates only with its key, to a peer that was down when its hub started', async () => {
  const assembly = await signedAssembly(3, 'sync-private', 'private')
  const made = await veche(['replication-key', assembly.space])
  const pair = made.stdout.trim()
  expect(pair).toMatch(new RegExp(`^${assembly.space}=[A-Za-z0-9_-]{43}$`))
  const key = pair.slice(pair.indexOf('=') + 1)
  const dirA = dataDir()
  let a = await startHub(dirA, ['--replication-key', pair])
  await load(a.url, assembly.space, assembly.events)
  const port = new URL(a.url).port
  await stopHub(a)

  // The replica starts while its peer is down, and keeps trying.
  const replica = await startHub(dataDir(), ['--peer', a.url, '--replication-key', pair])
  await waitFor(
    () => Promise.resolve(replica.output().includes(`sync with ${a.url} failed`)),
    20_000,
    'the replica to try its peer while it is down',
  )
  a = await startHub(dirA, ['--replication-key', pair, '--port', port])
  // The replica retries after 1, 2, 4, 8, 16, 32 s: on a loaded machine the hub may come back
  // just after one try, so the wait spans two more.
  await waitFor(
    async () => (await held(replica.url, assembly.space, key)) === assembly.events.length,
    70_000,
    'the replica to pull the private space',
  )
  // Without the key the space is not listed, and a sync brings nothing.
  expect(await held(replica.url, assembly.space)).toBe(0)
  const keyless = dataDir()
  const run = await veche(['--data', keyless, 'sync', a.url])
  expect(run.code).toBe(0)
  expect(run.stdout).toMatch(/synced 0 space/)
  const withKey = await veche(['--data', keyless, 'sync', a.url, '--replication-key', pair])
  expect(withKey.stdout).toMatch(/pulled 4 new/)
  await Promise.all([stopHub(a), stopHub(replica)])
}, 120_000)

/** A hub's change notices as a following hub reads them: the spaces named so far, and the text. */
async function followChanges(
  url: string,
  proof?: { space: string; key: string },
): Promise<{ named: Set<string>; text: () => string; stop: () => void }> {
  const controller = new AbortController()
  const headers: Record<string, string> =
    proof === undefined
      ? {}
      : {
          [REPLICATION_HEADER]: `${proof.space}=${replicationProof(proof.key, proof.space as SpaceId, Date.now())}`,
        }
  const res = await fetch(`${url}/api/sync/changes`, { signal: controller.signal, headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const named = new Set<string>()
  let text = ''
  void (async () => {
    const decoder = new TextDecoder()
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true })
        for (const [, data] of text.matchAll(/event: appended\ndata: (.*)\n/g)) {
          for (const space of (JSON.parse(data!) as { spaces: string[] }).spaces) named.add(space)
        }
      }
    } catch {
      // stopped
    }
  })()
  return { named, text: () => text, stop: () => controller.abort() }
}

test('hubs follow their peers live: an event posted to A reaches B and, through B, C long before the 60 s interval', async () => {
  const assembly = await signedAssembly(8, 'sync-live-chain')
  const space = assembly.space
  const a = await startHub(dataDir())
  await post(a.url, assembly.events)
  const b = await startHub(dataDir(), ['--peer', a.url, '--sync-interval', '60'])
  const c = await startHub(dataDir(), ['--peer', b.url, '--sync-interval', '60'])
  let total = assembly.events.length
  // The first passes carry the assembly down the chain.
  await waitFor(async () => (await held(c.url, space)) === total, 30_000, 'C to hold the assembly')
  // From now on only the peers' notices start passes before the interval.
  const { event: opened, poll } = await openPoll(assembly)
  await post(a.url, [opened])
  total += 1
  await waitFor(async () => (await held(b.url, space)) === total, 20_000, 'the poll to reach B')
  await waitFor(async () => (await held(c.url, space)) === total, 20_000, 'the poll to reach C')
  const ballots = await castBallots(assembly, poll)
  await post(a.url, ballots.slice(0, 4))
  await post(b.url, ballots.slice(4))
  total += ballots.length
  await waitFor(
    async () =>
      (await Promise.all([a, b, c].map((h) => held(h.url, space)))).every((n) => n === total),
    20_000,
    'every ballot to reach every hub',
  )
  // The other way: C pushes what it takes to B, and B passes it on to A.
  const closed = await closePoll(assembly, [...assembly.events, opened, ...ballots], poll)
  await post(c.url, [closed])
  await waitFor(async () => (await held(a.url, space)) === total + 1, 20_000, 'the seal to reach A')
  const hashes = await Promise.all([a, b, c].map((h) => stateHash(h.url, space)))
  expect(new Set(hashes).size).toBe(1)
  await Promise.all([a, b, c].map(stopHub))
}, 120_000)

test('change notices name a private space only to a hub that proved its key; a keyed peer follows it live', async () => {
  const secret = await signedAssembly(3, 'sync-live-private', 'private')
  const open = await signedAssembly(3, 'sync-live-public')
  const pair = (await veche(['replication-key', secret.space])).stdout.trim()
  const key = pair.slice(pair.indexOf('=') + 1)
  const a = await startHub(dataDir(), ['--replication-key', pair])
  await load(a.url, secret.space, secret.events.slice(0, 2))
  await load(a.url, open.space, open.events.slice(0, 2))
  const [keyed, keyless] = await Promise.all([
    startHub(dataDir(), ['--peer', a.url, '--replication-key', pair, '--sync-interval', '60']),
    startHub(dataDir(), ['--peer', a.url, '--sync-interval', '60']),
  ])
  await waitFor(
    async () =>
      (await held(keyed.url, secret.space, key)) === 2 &&
      (await held(keyless.url, open.space)) === 2,
    30_000,
    'the first passes',
  )
  const stranger = await followChanges(a.url)
  const member = await followChanges(a.url, { space: secret.space, key })
  await waitFor(
    () =>
      Promise.resolve(
        stranger.text().includes('event: ready') && member.text().includes('event: ready'),
      ),
    10_000,
    'both streams to open',
  )
  // The private space's event first: by the time the public one is named, it would have been too.
  await load(a.url, secret.space, secret.events.slice(2), key)
  await load(a.url, open.space, open.events.slice(2))
  await waitFor(
    () => Promise.resolve(stranger.named.has(open.space) && member.named.has(secret.space)),
    20_000,
    'the notices',
  )
  expect([...stranger.named]).toEqual([open.space])
  expect(stranger.text()).not.toContain(secret.space)
  expect([...member.named].sort()).toEqual([open.space, secret.space].sort())
  // The keyed peer follows the private space live; the keyless one never sees it.
  await waitFor(
    async () => (await held(keyed.url, secret.space, key)) === secret.events.length,
    20_000,
    'the keyed peer to take the private event',
  )
  await waitFor(
    async () => (await held(keyless.url, open.space)) === open.events.length,
    20_000,
    'the keyless peer to take the public event',
  )
  expect(await held(keyless.url, secret.space, key)).toBe(0)
  // A pass over a few spaces lists only those; a private one only with its key's proof.
  const listed = async (query: string, proven = false): Promise<string[]> => {
    const proof = `${secret.space}=${replicationProof(key, secret.space, Date.now())}`
    const headers = proven ? { [REPLICATION_HEADER]: proof } : {}
    const res = await fetch(`${a.url}/api/sync/spaces?${query}`, { headers })
    expect(res.status).toBe(200)
    return Object.keys(((await res.json()) as { spaces: object }).spaces)
  }
  expect(await listed(`space=${open.space}`)).toEqual([open.space])
  expect(await listed(`space=${open.space}&space=${secret.space}`)).toEqual([open.space])
  expect(await listed(`space=${secret.space}`, true)).toEqual([secret.space])
  const bad = await fetch(`${a.url}/api/sync/spaces?space=nope`)
  expect(bad.status).toBe(400)
  stranger.stop()
  member.stop()
  await Promise.all([a, keyed, keyless].map(stopHub))
}, 120_000)

test('a peer that restarts is followed again: its next event arrives long before the interval', async () => {
  const assembly = await signedAssembly(4, 'sync-live-restart')
  const space = assembly.space
  const dirA = dataDir()
  let a = await startHub(dirA)
  await post(a.url, assembly.events.slice(0, 3))
  const b = await startHub(dataDir(), ['--peer', a.url, '--sync-interval', '120'])
  await waitFor(async () => (await held(b.url, space)) === 3, 30_000, 'the first pass')
  // A stops (B's stream drops, and B tries again after 1, 2, 4… s) and comes back on its port.
  await stopHub(a)
  a = await startHub(dirA, ['--port', new URL(a.url).port])
  await post(a.url, assembly.events.slice(3))
  await waitFor(
    async () => (await held(b.url, space)) === assembly.events.length,
    60_000,
    'the event posted after the restart to reach B',
  )
  await Promise.all([a, b].map(stopHub))
}, 120_000)
