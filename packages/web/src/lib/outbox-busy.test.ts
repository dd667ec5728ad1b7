// A hub that asks to wait (429 with a refusal code and Retry-After: its budget of large bodies per
// address, an author's rate) is not "no hub": the client reports the hub's refusal and its wait,
// and the outbox keeps the events pending with that code (shown to the member in their language)
// and sends nothing again before the wait is over. A real HTTP server on loopback answers.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { foundHall } from './test-support/hall-assembly.js'

/** What the server answers next: busy (429) for `retryAfter` seconds, or every event accepted. */
const hub = { busy: true, retryAfter: '1', requests: 0 }
let server: Server
let url = ''

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      hub.requests++
      if (hub.busy) {
        response.writeHead(429, {
          'content-type': 'application/problem+json',
          'retry-after': hub.retryAfter,
        })
        response.end(
          JSON.stringify({
            code: 'request.too-busy',
            title: 'Too many large bodies from here',
            detail: `retry in ${hub.retryAfter} s`,
          }),
        )
        return
      }
      const { events } = JSON.parse(text) as { events: { seq: number }[] }
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({ outcomes: events.map((_, i) => ({ status: 'accepted', id: `e${i}` })) }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

test('hub client: a 429 is the hub refusal with its wait, not an unreachable hub', async () => {
  hub.busy = true
  hub.retryAfter = '7'
  const { created } = await foundHall('nonce-busy-client')
  const outcomes = await createHubClient(url).submit([created, created])
  expect(outcomes).toEqual([
    { status: 'rejected', code: 'request.too-busy', message: 'retry in 7 s', retryAfter: 7 },
    { status: 'rejected', code: 'request.too-busy', message: 'retry in 7 s', retryAfter: 7 },
  ])
})

test('outbox: a busy hub keeps events pending with its code and is not asked before the wait', async () => {
  hub.busy = true
  hub.retryAfter = '1'
  hub.requests = 0
  const outbox = await Outbox.open(memoryStore(), createHubClient(url))
  const { created } = await foundHall('nonce-busy-outbox')
  await outbox.exclusive(() => outbox.append(created))
  expect(await outbox.flush()).toBe(false)
  expect(hub.requests).toBe(1)
  expect(outbox.entries).toMatchObject([{ status: 'pending', code: 'request.too-busy' }])

  // Asked to wait a second: a flush meanwhile (the app's 5 s timer, a reconnect) sends nothing.
  hub.busy = false
  expect(await outbox.flush()).toBe(false)
  expect(hub.requests).toBe(1)
  expect(outbox.entries).toHaveLength(1)

  await new Promise((resolve) => setTimeout(resolve, 1_100))
  expect(await outbox.flush()).toBe(true)
  expect(hub.requests).toBe(2)
  expect(outbox.entries).toEqual([])
})

test('outbox: a Retry-After of hours is waited for at most a few minutes', async () => {
  hub.busy = true
  hub.retryAfter = '86400'
  const outbox = await Outbox.open(memoryStore(), createHubClient(url))
  const { created } = await foundHall('nonce-busy-bound')
  await outbox.exclusive(() => outbox.append(created))
  const before = Date.now()
  expect(await outbox.flush()).toBe(false)
  const until = outbox.waitUntil
  expect(until).toBeGreaterThanOrEqual(before + 1_000)
  expect(until).toBeLessThanOrEqual(Date.now() + 300_000)
})
