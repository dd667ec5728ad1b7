// `veche serve` as real processes on loopback (the built bin, as `npm test` builds it first):
// killed with SIGKILL in the middle of a stream of signed ballots and restarted, resumed streams,
// and two hub processes on one PostgreSQL database (when VECHE_TEST_PG is set). SQLite always.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { NetworkInterfaceInfo } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import {
  insecureNote,
  joinAddresses,
  joinLine,
  namedFirst,
  withPublicUrl,
} from './serve-command.js'
import { collectFrames, openSse } from '../../../server/src/test-support/sse-client.js'
import {
  castBallots,
  openPoll,
  signedAssembly,
} from '../../../server/src/test-support/signed-assembly.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const PG = process.env.VECHE_TEST_PG

const children = new Set<ChildProcess>()
const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  for (const cleanup of cleanups.reverse()) await cleanup()
})

interface Store {
  readonly name: string
  readonly skip: boolean
  /** The arguments that point `veche serve` at a fresh store. */
  args(): Promise<string[]>
}

const STORES: Store[] = [
  {
    name: 'sqlite',
    skip: false,
    args: () => {
      const dir = mkdtempSync(join(tmpdir(), 'veche-serve-'))
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
      return Promise.resolve(['--data', dir])
    },
  },
  {
    name: 'postgres',
    skip: PG === undefined,
    args: () => {
      const dir = mkdtempSync(join(tmpdir(), 'veche-serve-'))
      const schema = `serve_test_${Math.random().toString(36).slice(2, 10)}`
      cleanups.push(async () => {
        rmSync(dir, { recursive: true, force: true })
        const client = new pg.Client({ connectionString: PG })
        await client.connect()
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        await client.end()
      })
      return Promise.resolve(['--data', dir, '--database', PG!, '--schema', schema])
    },
  },
]

interface HubProcess {
  readonly child: ChildProcess
  readonly url: string
  /** What the process printed when it said its port. */
  readonly printed: string
}

/** Starts `veche serve` on a free loopback port; resolves when it prints its port. */
function startHub(args: readonly string[]): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', ...args, '--host', '127.0.0.1', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  children.add(child)
  child.on('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve({ child, url: `http://127.0.0.1:${port}`, printed: out })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}: ${out}`))
    })
  })
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Every stored event id of a space, page by page. */
async function storedIds(url: string, space: string): Promise<EventId[]> {
  const ids: EventId[] = []
  let after = 0
  for (let page = 0; page < 100; page++) {
    const res = (await (
      await fetch(`${url}/api/spaces/${space}/events?after=${after}&limit=1000`)
    ).json()) as {
      events: { id: EventId }[]
      next: number | null
    }
    ids.push(...res.events.map((e) => e.id))
    if (res.next === null) break
    after = res.next
  }
  return ids
}

for (const store of STORES) {
  describe.skipIf(store.skip)(`veche serve on ${store.name}`, () => {
    test('kill -9 during a stream of signed ballots: every acknowledged ballot is stored once', async () => {
      const args = await store.args()
      let hub = await startHub(args)
      const assembly = await signedAssembly(120)
      const { event: opened, poll } = await openPoll(assembly)
      expect((await post(hub.url, { events: [...assembly.events, opened] })).status).toBe(200)
      const ballots = await castBallots(assembly, poll)
      const acknowledged: SignedEvent[] = []
      let next = 0
      const sender = async (): Promise<void> => {
        while (next < ballots.length) {
          const ballot = ballots[next++]!
          try {
            const res = await post(hub.url, ballot)
            if (res.status >= 200 && res.status < 300) acknowledged.push(ballot)
          } catch {
            // The hub is gone: this ballot has no answer, so no promise was made about it.
          }
        }
      }
      const sending = Promise.all([sender(), sender(), sender(), sender()])
      for (let i = 0; i < 200 && acknowledged.length < 40; i++) {
        await new Promise((r) => setTimeout(r, 5))
      }
      hub.child.kill('SIGKILL')
      await sending
      expect(acknowledged.length).toBeGreaterThanOrEqual(40)
      expect(acknowledged.length).toBeLessThan(ballots.length)

      hub = await startHub(args)
      const ids = await storedIds(hub.url, assembly.space)
      expect(new Set(ids).size).toBe(ids.length)
      for (const ballot of acknowledged) expect(ids).toContain(computeEventId(ballot))
      // Re-sending everything completes the poll: the stored ones are duplicates, none twice.
      const resend = (await (await post(hub.url, { events: ballots })).json()) as {
        accepted: number
        duplicate: number
        rejected: number
      }
      expect(resend.rejected).toBe(0)
      expect(resend.duplicate).toBeGreaterThanOrEqual(acknowledged.length)
      const after = await storedIds(hub.url, assembly.space)
      expect(after).toHaveLength(assembly.events.length + 1 + ballots.length)
      expect(new Set(after).size).toBe(after.length)
      hub.child.kill('SIGTERM')
    })

    test('a stream resumed with Last-Event-ID misses nothing while ballots keep coming', async () => {
      const hub = await startHub(await store.args())
      const assembly = await signedAssembly(60)
      const { event: opened, poll } = await openPoll(assembly)
      expect((await post(hub.url, { events: [...assembly.events, opened] })).status).toBe(200)
      const ballots = await castBallots(assembly, poll)
      const streamUrl = `${hub.url}/api/spaces/${assembly.space}/stream`
      const first = await openSse(streamUrl)
      const sending = (async () => {
        for (const ballot of ballots) expect((await post(hub.url, ballot)).status).toBe(200)
      })()
      const before = await collectFrames(
        first,
        (f) => f.filter((x) => x.event === 'event').length >= 10,
      )
      first.close()
      const seen = before.filter((f) => f.event === 'event')
      await new Promise((r) => setTimeout(r, 50))
      const second = await openSse(streamUrl, { 'last-event-id': seen.at(-1)!.id! })
      const wanted = new Set(ballots.map(computeEventId))
      const rest = await collectFrames(second, (f) => {
        const got = seen.length + f.filter((x) => x.event === 'event').length
        return got >= ballots.length
      })
      second.close()
      await sending
      const all = [...seen, ...rest.filter((f) => f.event === 'event')].map((f) =>
        computeEventId(JSON.parse(f.data) as SignedEvent),
      )
      expect(all).toHaveLength(ballots.length)
      expect(new Set(all)).toEqual(wanted)
      const positions = [...seen, ...rest.filter((f) => f.event === 'event')].map((f) =>
        Number(f.id),
      )
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
      hub.child.kill('SIGTERM')
    })
  })
}

describe.skipIf(PG === undefined)('two hub processes on one PostgreSQL database', () => {
  test('an event posted to one hub reaches a stream opened on the other', async () => {
    const args = await STORES[1]!.args()
    const [a, b] = await Promise.all([startHub(args), startHub(args)])
    const assembly = await signedAssembly(3)
    expect((await post(a.url, { events: assembly.events })).status).toBe(200)
    const stream = await openSse(`${b.url}/api/spaces/${assembly.space}/stream`)
    const { event: opened } = await openPoll(assembly)
    const frames = collectFrames(stream, (f) => f.some((x) => x.event === 'event'), 5_000)
    await new Promise((r) => setTimeout(r, 100))
    const started = Date.now()
    expect((await post(a.url, opened)).status).toBe(200)
    const got = (await frames).find((f) => f.event === 'event')
    stream.close()
    expect(got && computeEventId(JSON.parse(got.data) as SignedEvent)).toBe(computeEventId(opened))
    expect(Date.now() - started).toBeLessThan(900)
    // And B accepts the next event of the same author: its ledger caught up with A's append.
    const ballotPoll = computeEventId(opened)
    const [ballot] = await castBallots(
      { ...assembly, members: assembly.members.slice(0, 1) },
      ballotPoll,
    )
    expect((await post(b.url, ballot)).status).toBe(200)
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
  })
})

test('serve: with --public-url, people are told to join at the public address first, then at this machine', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-serve-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const hub = await startHub([
    '--data',
    dir,
    '--no-tls',
    '--public-url',
    'https://veche.example.org',
  ])
  try {
    const lines = hub.printed.split('\n')
    const at = lines.indexOf('Join at:')
    expect(at).toBeGreaterThan(-1)
    expect(lines[at + 1]).toBe('  https://veche.example.org/  (--public-url)')
    expect(lines[at + 2]).toBe(`  ${hub.url}/`)
  } finally {
    hub.child.kill('SIGTERM')
  }
})

test("serve: the public address leads the join addresses once, before this machine's own", () => {
  const local = ['https://192.168.1.20:8080/', 'https://[fd00::2]:8080/']
  expect(withPublicUrl(local, undefined)).toEqual(local)
  expect(withPublicUrl(local, 'https://veche.example.org')).toEqual([
    'https://veche.example.org/',
    ...local,
  ])
  expect(withPublicUrl(['https://192.168.1.20:8080/'], 'https://192.168.1.20:8080')).toEqual([
    'https://192.168.1.20:8080/',
  ])
})

test('serve: under a plain http:// LAN address the hub says a phone needs https://, and what to open on this computer', () => {
  expect(insecureNote(['http://192.168.1.20:8080/'], 8080)).toEqual([
    '  (a phone needs the hub at an https:// address: serve without --no-tls, or put TLS in front, docs/deploy.md; on this computer open http://localhost:8080/)',
  ])
  expect(insecureNote(['http://127.0.0.1:8080/'], 8080)).toEqual([])
  expect(insecureNote(['http://localhost:8080/'], 8080)).toEqual([])
})

test('serve: a hub bound to loopback is joined at http:// (a secure page there), one bound to a LAN address at https://', () => {
  expect(joinAddresses('127.0.0.1', 8080, 'https')).toEqual(['http://127.0.0.1:8080/'])
  expect(joinAddresses('localhost', 8080, 'https')).toEqual(['http://localhost:8080/'])
  expect(joinAddresses('::1', 8080, 'https')).toEqual(['http://[::1]:8080/'])
  expect(joinAddresses('192.168.1.20', 8080, 'https')).toEqual(['https://192.168.1.20:8080/'])
  expect(joinAddresses('192.168.1.20', 8080, 'http')).toEqual(['http://192.168.1.20:8080/'])
})

test('serve: on every interface, IPv4 join links come first, then IPv6 ones (bracketed), never link-local or internal ones; public ones, which the certificate cannot name, last', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
    family === 'IPv4'
      ? {
          address,
          family,
          internal,
          netmask: '255.255.255.0',
          mac: '02:00:00:00:00:01',
          cidr: null,
        }
      : {
          address,
          family,
          internal,
          netmask: 'ffff:ffff:ffff:ffff::',
          mac: '02:00:00:00:00:01',
          cidr: null,
          scopeid: 0,
        }
  const interfaces = {
    lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
    wlan0: [
      nic('fe80::fc:ff:fe00:1', 'IPv6'),
      nic('fd00::2', 'IPv6'),
      nic('192.168.1.20', 'IPv4'),
      nic('2001:db8::5', 'IPv6'),
    ],
  }
  expect(joinAddresses('0.0.0.0', 8080, 'https', interfaces)).toEqual([
    'https://192.168.1.20:8080/',
    'https://[fd00::2]:8080/',
    'https://[2001:db8::5]:8080/',
  ])
  expect(joinAddresses('::', 8080, 'http', { lo: interfaces.lo })).toEqual([
    'http://localhost:8080/',
  ])
  // The certificate names private addresses only; at a public one phones warn, and it says so.
  const named = ['127.0.0.1', '::1', '192.168.1.20', 'fd00::2']
  expect(joinLine('https://[fd00::2]:8080/', named)).toBe('  https://[fd00::2]:8080/')
  expect(joinLine('https://192.168.1.20:8080/', named)).toBe('  https://192.168.1.20:8080/')
  expect(
    namedFirst(
      ['https://203.0.113.9:8080/', 'https://[fd00::2]:8080/', 'https://[2001:db8::5]:8080/'],
      named,
    ),
  ).toEqual(['https://[fd00::2]:8080/', 'https://203.0.113.9:8080/', 'https://[2001:db8::5]:8080/'])
  expect(joinLine('https://[2001:db8::5]:8080/', named)).toBe(
    "  https://[2001:db8::5]:8080/  (a public address, which the hub's authority cannot vouch for: phones warn here)",
  )
})
