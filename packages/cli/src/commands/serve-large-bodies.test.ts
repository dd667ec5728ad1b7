// `veche serve` as a real process while one client sends it large JSON bodies back to back: bodies
// within the member budget (json-body.ts) that cost the hub's one event loop about a second each.
// Past its budget of large bodies (large-body-budget.ts) the sender is refused, unparsed, with 429
// `request.too-busy` and Retry-After, so another client's `GET /api/hub` and ballots are answered
// meanwhile; the sender's next body fits once it waited; and a honest batch of events goes
// through. Without the budget (`--large-body-rate 0`) the same load held every other request
// for seconds.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { countJsonMembers } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { afterAll, expect, test } from 'vitest'
import {
  castBallots,
  openPoll,
  signedAssembly,
} from '../../../server/src/test-support/signed-assembly.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const cleanups: (() => void)[] = []
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup()
})

/** `veche serve` on loopback, plain HTTP; resolves with its port. */
function startHub(extra: readonly string[] = []): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-serve-large-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--data', dir, '--host', '127.0.0.1', '--port', '0', '--no-tls', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  cleanups.push(() => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 30_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve(Number(port))
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

interface Answer {
  readonly status: number
  readonly ms: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly json: Record<string, unknown>
}

/** One request from `from` (a loopback address of its own: the hub counts clients by address). */
function send(
  port: number,
  from: string,
  agent: Agent,
  path: string,
  body?: string,
): Promise<Answer> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        localAddress: from,
        method: body === undefined ? 'GET' : 'POST',
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            headers: res.headers,
            json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * 1,000 events of 290 unknown keys each: under the member budget (600,000), and among the most
 * costly bodies to read (each event's keys refused by the schemas one by one).
 */
function heavyBody(): string {
  const events = Array.from({ length: 1_000 }, (_, i) => {
    const body: Record<string, number> = {}
    for (let k = 0; k < 290; k++) body[`x${k}`] = 1
    return {
      v: 1,
      space: 'A'.repeat(22),
      author: randomBytes(32).toString('base64url'),
      seq: i + 1,
      prev: null,
      type: 'member.left',
      body,
      at: 1_780_000_000_000,
      sig: 'C'.repeat(86),
    }
  })
  return JSON.stringify({ events })
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('serve: one client sending large bodies back to back is refused past its budget, and another client is answered meanwhile', async () => {
  const port = await startHub()
  const heavy = heavyBody()
  expect(countJsonMembers(heavy)).toBeGreaterThan(500_000)
  expect(countJsonMembers(heavy)).toBeLessThanOrEqual(600_000)
  const other = new Agent({ keepAlive: true })
  const sender = new Agent({ keepAlive: true })
  cleanups.push(() => {
    other.destroy()
    sender.destroy()
  })
  const assembly = await signedAssembly(80, 'large-bodies-01')
  const { event: opened, poll } = await openPoll(assembly)
  const ballots = await castBallots(assembly, poll)
  const founded = JSON.stringify({ events: [...assembly.events, opened] })
  expect((await send(port, '127.0.0.3', other, '/api/events', founded)).status).toBe(200)

  // Four of the sender's bodies in flight at all times, each sent again once answered.
  let sending = true
  const statuses: number[] = []
  let refusal: Answer | null = null
  const loops = Array.from({ length: 4 }, async () => {
    while (sending) {
      // The hub killed at the end of a failed test ends the loop.
      const answer = await send(port, '127.0.0.2', sender, '/api/events', heavy).catch(() => null)
      if (answer === null) return
      statuses.push(answer.status)
      if (answer.status === 429) refusal ??= answer
    }
  })
  // Its first bodies are read (refused for their events); then its budget is spent.
  const deadline = performance.now() + 60_000
  while (refusal === null && performance.now() < deadline) await sleep(50)
  expect(refusal, `no refusal in a minute: ${statuses.join(' ')}`).not.toBeNull()

  // Another client, meanwhile: its reads and its ballots are answered as on an idle hub.
  const waited: number[] = []
  const until = performance.now() + 8_000
  for (let i = 0; performance.now() < until; i++) {
    const read = await send(port, '127.0.0.3', other, '/api/hub')
    expect(read.status).toBe(200)
    waited.push(read.ms)
    const ballot = ballots[i]
    if (ballot !== undefined) {
      const cast = await send(port, '127.0.0.3', other, '/api/events', JSON.stringify(ballot))
      expect(cast.status, JSON.stringify(cast.json)).toBe(200)
      waited.push(cast.ms)
    }
    await sleep(100)
  }
  sending = false
  await Promise.all(loops)
  // Generous bounds: without the budget the median was seconds (docs/hub.md, "Figures").
  expect(median(waited), waited.map(Math.round).join(' ')).toBeLessThan(1_000)
  expect(Math.max(...waited), waited.map(Math.round).join(' ')).toBeLessThan(5_000)
  expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(1)
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(statuses.length / 2)
  const problem = refusal!
  expect(problem.json.code).toBe('request.too-busy')
  expect(problem.headers['retry-after']).toMatch(/^\d+$/)
})

test('serve: a sender past its budget of large bodies gets request.too-busy with Retry-After, small bodies still pass, and its large batch is taken once it waited', async () => {
  const port = await startHub()
  const agent = new Agent({ keepAlive: true })
  cleanups.push(() => agent.destroy())
  const heavy = heavyBody()
  // An honest large batch: an assembly of 999 members (a request holds 1,000 events at most), about 21,000 JSON members.
  const assembly = await signedAssembly(999, 'large-bodies-02')
  const [first, ...rest] = assembly.events as [SignedEvent, ...SignedEvent[]]
  const batch = JSON.stringify({ events: rest })
  expect(countJsonMembers(batch)).toBeGreaterThan(20_000)

  const answers: Answer[] = []
  for (let i = 0; i < 4 && answers.at(-1)?.status !== 429; i++)
    answers.push(await send(port, '127.0.0.4', agent, '/api/events', heavy))
  expect(answers.map((a) => a.status)).toEqual([422, 422, 429])
  const refused = answers.at(-1)!
  expect(refused.json.code).toBe('request.too-busy')
  expect(refused.json.detail).toMatch(/large bodies/)
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)

  // A small body from the same address is not charged: the founding event is taken.
  expect((await send(port, '127.0.0.4', agent, '/api/events', JSON.stringify(first))).status).toBe(
    200,
  )
  // Another address has a budget of its own.
  expect((await send(port, '127.0.0.5', agent, '/api/events', heavy)).status).toBe(422)
  // Once it waited as told, the sender's large body is read again.
  await sleep(Number(refused.headers['retry-after']) * 1_000)
  expect((await send(port, '127.0.0.4', agent, '/api/events', heavy)).status).toBe(422)
  // And its honest large batch is taken whole, after waiting if the hub says so.
  let taken = await send(port, '127.0.0.4', agent, '/api/events', batch)
  for (let i = 0; i < 3 && taken.status === 429; i++) {
    await sleep(Number(taken.headers['retry-after']) * 1_000)
    taken = await send(port, '127.0.0.4', agent, '/api/events', batch)
  }
  expect(taken.status, JSON.stringify(taken.json).slice(0, 300)).toBe(200)
})
