// Stream caps over real HTTP on loopback, with clients at different loopback addresses (Linux
// routes all of 127/8 to the loopback): one client may hold its share of streams and no more, the
// hub as many as its cap and no more, and beyond either a stream is refused with 503 and
// Retry-After while everyone's ordinary requests are still answered. Also how an IPv6 client is
// counted (by its /64).
import { request } from 'node:http'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { clientKey } from './stream-limits.js'
import { signedAssembly } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

const open: ClientRequest[] = []
afterEach(async () => {
  for (const req of open.splice(0)) req.destroy()
  await closeTestHubs()
})

/** Opens `path` as a stream from local address `from`; resolves with the response head. */
function openFrom(url: string, path: string, from: string): Promise<IncomingMessage> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, localAddress: from }, (res) => {
      if (res.statusCode !== 200) res.resume()
      resolve(res)
    })
    req.on('error', reject)
    req.end()
    open.push(req)
  })
}

test('streams: a client holds at most its share, the hub at most its cap; beyond, 503 with Retry-After', async () => {
  const { ledger, url, hub } = await startTestHub({ maxStreams: 5, maxStreamsPerClient: 3 })
  const assembly = await signedAssembly(0, 'stream-limit-1')
  await ledger.submit(assembly.events)
  const stream = `/api/spaces/${assembly.space}/stream`
  // One client: three streams (its share; one of them the peers' change stream), the fourth refused.
  const first = await Promise.all([
    openFrom(url, stream, '127.0.0.1'),
    openFrom(url, stream, '127.0.0.1'),
    openFrom(url, '/api/sync/changes', '127.0.0.1'),
  ])
  expect(first.map((r) => r.statusCode)).toEqual([200, 200, 200])
  const fourth = await openFrom(url, stream, '127.0.0.1')
  expect(fourth.statusCode).toBe(503)
  expect(fourth.headers['retry-after']).toBe('10')
  // Another client: two more fill the hub (five), the next client's first stream is refused.
  const second = await Promise.all([
    openFrom(url, stream, '127.0.0.2'),
    openFrom(url, stream, '127.0.0.2'),
  ])
  expect(second.map((r) => r.statusCode)).toEqual([200, 200])
  const full = await openFrom(url, stream, '127.0.0.3')
  expect(full.statusCode).toBe(503)
  expect(full.headers['retry-after']).toBe('10')
  // Ordinary requests from anyone are still answered.
  expect((await fetch(`${url}/api/spaces/${assembly.space}`)).status).toBe(200)
  expect(hub.streams.open).toBe(5)
  // A closed stream frees its slot.
  open[0]!.destroy()
  const until = Date.now() + 10_000
  while (hub.streams.open > 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
  expect((await openFrom(url, stream, '127.0.0.3')).statusCode).toBe(200)
})

test('streams: the problem documents name the limit that was reached', async () => {
  const { ledger, url } = await startTestHub({ maxStreams: 1, maxStreamsPerClient: 1 })
  const assembly = await signedAssembly(0, 'stream-limit-2')
  await ledger.submit(assembly.events)
  await openFrom(url, `/api/spaces/${assembly.space}/stream`, '127.0.0.1')
  const refused = await fetch(`${url}/api/spaces/${assembly.space}/stream`)
  expect(refused.status).toBe(503)
  expect(await refused.json()).toMatchObject({ code: 'hub.too-many-streams' })
})

test('streams: a client is its IPv4 address, or its IPv6 /64', () => {
  expect(clientKey('192.0.2.7')).toBe('192.0.2.7')
  expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
  expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1')
  expect(clientKey('2001:db8:0:1:abcd:ef01:2345:6789')).toBe('2001:db8:0:1')
  expect(clientKey('2001:0db8::1')).toBe('2001:db8:0:0')
  expect(clientKey('::1')).toBe('0:0:0:0')
})
