// POST /api/events answered by the fast path (events-fast-path.ts) must be answered exactly as
// Fastify's route answers it: two hubs, one with the fast path and one without, are sent the same
// requests in the same order and must give the same statuses, headers (but the date) and bodies,
// and the same metrics; the fast path must also be the one that answered the plain requests
// (Fastify never saw them) and leave every other one to Fastify.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterEach, expect, test } from 'vitest'
import { createHub } from './hub.js'
import type { HubOptions } from './hub.js'
import { castBallots, openPoll, signedAssembly } from './test-support/signed-assembly.js'

interface Running {
  readonly url: string
  /** Requests that went through Fastify's request cycle (its onRequest hooks). */
  readonly fastifyRequests: () => number
}

const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

async function start(options: Partial<Omit<HubOptions, 'ledger'>>): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-fast-path-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const hub = await createHub({ log: false, ...options, ledger: new Ledger(store, nodeVerifier) })
  let seen = 0
  hub.app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.startsWith('/api/events')) seen += 1
    done()
  })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  closing.push(async () => {
    await hub.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { url, fastifyRequests: () => seen }
}

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

async function send(url: string, body: string, type = 'application/json'): Promise<Answer> {
  const response = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  })
  const headers = Object.fromEntries(response.headers)
  delete headers.date
  return { status: response.status, headers, body: await response.text() }
}

/** `answer` without the hub's clock that an `event.claimed-future` refusal names (the same length). */
function clockless(answer: Answer): Answer {
  return { ...answer, body: answer.body.replace(/clock says [0-9TZ:.-]+/g, 'clock says …') }
}

/** Sends `body` to both hubs; expects the same answer (but the hub's clock); returns it. */
async function sendBoth(fast: Running, slow: Running, body: string, type?: string) {
  const answers = [await send(fast.url, body, type), await send(slow.url, body, type)]
  expect(clockless(answers[0]!)).toEqual(clockless(answers[1]!))
  return answers[0]!
}

function forged(event: SignedEvent): SignedEvent {
  const sig = event.sig.startsWith('A') ? `B${event.sig.slice(1)}` : `A${event.sig.slice(1)}`
  return { ...event, sig } as SignedEvent
}

test('the fast path answers every request as the route does, and takes only the plain ones', async () => {
  const fast = await start({ rateLimit: { perSecond: 0.001, burst: 3 } })
  const slow = await start({ rateLimit: { perSecond: 0.001, burst: 3 }, eventsFastPath: false })
  const assembly = await signedAssembly(4)
  const { event: poll, poll: pollId } = await openPoll(assembly)
  const ballots = await castBallots(assembly, pollId)
  const setup = await sendBoth(fast, slow, JSON.stringify({ events: [...assembly.events, poll] }))
  expect(setup.status).toBe(200)
  expect(fast.fastifyRequests()).toBe(0)

  // Accepted, then a duplicate: answered by the fast path, with the security headers.
  const accepted = await sendBoth(fast, slow, JSON.stringify(ballots[0]))
  expect(accepted.status).toBe(200)
  expect(accepted.headers['x-frame-options']).toBe('DENY')
  expect(accepted.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(JSON.parse(accepted.body)).toMatchObject({ accepted: 1, rejected: 0 })
  expect((await sendBoth(fast, slow, JSON.stringify(ballots[0]))).body).toContain('"duplicate"')
  expect(fast.fastifyRequests()).toBe(0)

  // Refused events (422, 207), refused bodies (400) and types (415): answered by the route.
  // A ballot claiming a time two days ahead of the hubs' clocks: `event.claimed-future`.
  const future = await assembly.members[3]!.next(
    assembly.space,
    'ballot.cast',
    { poll: pollId, vote: { choice: 'yes' } },
    Date.now() + 2 * 24 * 3_600_000,
  )
  const refusals: [string, number, string?][] = [
    [JSON.stringify(future), 422],
    [JSON.stringify(forged(ballots[1]!)), 422],
    [JSON.stringify({ events: [ballots[1], forged(ballots[2]!)] }), 207],
    [JSON.stringify({ ...ballots[3], type: 'secret.ballot' }), 422],
    ['{"v":1,', 400],
    ['{"__proto__":{"events":5}}', 400],
    ['{"constructor":{"prototype":{"events":5}}}', 400],
    ['[1,2]', 400],
    ['{"events":5}', 400],
    [JSON.stringify(ballots[2]), 415, 'text/plain'],
  ]
  for (const [body, status, type] of refusals) {
    const before = fast.fastifyRequests()
    const answer = await sendBoth(fast, slow, body, type)
    expect(answer.status).toBe(status)
    if (body === refusals[0]![0]) expect(answer.body).toContain('"code":"event.claimed-future"')
    expect(fast.fastifyRequests()).toBe(before + 1)
  }
  // The founder's seventh event in an instant is over its rate (burst 3): 429 with retry-after.
  const before = fast.fastifyRequests()
  const { event: second } = await openPoll(assembly, 'A second question?')
  const limited = await sendBoth(fast, slow, JSON.stringify(second))
  expect(limited.status).toBe(429)
  expect(limited.headers['retry-after']).toBeDefined()
  expect(fast.fastifyRequests()).toBe(before + 1)

  const metrics = await Promise.all(
    [fast, slow].map(async (hub) => (await fetch(`${hub.url}/metrics`)).text()),
  )
  expect(metrics[0]).toBe(metrics[1])
  expect(metrics[0]).toContain(
    'veche_http_requests_total{method="POST",route="/api/events",status="200"} 3',
  )
})

test('a hub that logs every request leaves them all to Fastify, which logs them', async () => {
  const lines: string[] = []
  const hub = await start({
    log: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
  })
  const assembly = await signedAssembly(1, 'hub-test-0002')
  const answer = await send(hub.url, JSON.stringify({ events: assembly.events }))
  expect(answer.status).toBe(200)
  expect(hub.fastifyRequests()).toBe(1)
  expect(lines.some((line) => line.includes('"request completed"'))).toBe(true)
})

test('a member past the quota of its window is refused alike on both paths (member.volume-limit)', async () => {
  const quota = { events: 2, windowMs: 3_600_000, now: () => 0 }
  const fast = await start({ volumeLimit: quota })
  const slow = await start({ volumeLimit: quota, eventsFastPath: false })
  // The founder's creation and one admission: its quota.
  const assembly = await signedAssembly(1, 'hub-test-0003')
  expect((await sendBoth(fast, slow, JSON.stringify({ events: assembly.events }))).status).toBe(200)
  expect(fast.fastifyRequests()).toBe(0)
  const { event: poll } = await openPoll(assembly)
  const refused = await sendBoth(fast, slow, JSON.stringify(poll))
  expect(refused.status).toBe(422)
  expect(JSON.parse(refused.body)).toMatchObject({ code: 'member.volume-limit' })
  expect(fast.fastifyRequests()).toBe(1)
})
