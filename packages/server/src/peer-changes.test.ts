// Following a peer's change notices over real HTTP, against small servers that misbehave the way
// networks do: a stream that goes silent is dropped and reopened, a notice names its spaces, an
// unreadable notice still says something changed, and a peer without the route is named.
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { SpaceId } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import { followPeerChanges } from './peer-changes.js'

const SPACE = '1ORZTu-k2QXzmLhd3g-Znw'
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** Serves `/api/sync/changes` with `answer`, called with the connection's number (1, 2…). */
async function peer(answer: (res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    open.add(res)
    res.on('close', () => open.delete(res))
    if (req.url !== '/api/sync/changes') {
      res.statusCode = 404
      res.end('{}')
      return
    }
    n += 1
    answer(res, n)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    for (const res of open) res.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

test('peer changes: a silent stream is dropped and reopened; notices name their spaces', async () => {
  const url = await peer((res, n) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n')
    // The first connection then goes silent, as one a pulled cable left open.
    if (n === 1) return
    res.write(': heartbeat\n\n')
    res.write(`event: appended\ndata: {"spaces":["${SPACE}"]}\n\n`)
    res.write('event: appended\ndata: {"spaces":["not a space"]}\n\n')
    res.write('event: resync\ndata: {}\n\n')
  })
  const controller = new AbortController()
  const seen: (readonly SpaceId[] | 'all')[] = []
  const drops: string[] = []
  let ready = 0
  const following = followPeerChanges(url, {
    signal: controller.signal,
    idleMs: 300,
    onReady: () => (ready += 1),
    onChange: (spaces) => seen.push(spaces),
    onDrop: (error) => drops.push(error.message),
  })
  await waitFor(() => seen.length >= 3, 'three notices from the second connection')
  expect(ready).toBeGreaterThanOrEqual(2)
  expect(drops[0]).toBe(`${url} sent nothing for 0 s`)
  expect(seen.slice(0, 3)).toEqual([[SPACE], 'all', 'all'])
  controller.abort()
  await following
})

test('peer changes: a peer without the route is named, and asked again only much later', async () => {
  const url = await peer((res) => {
    res.statusCode = 404
    res.end('{}')
  })
  const controller = new AbortController()
  const drops: { message: string; retryInMs: number }[] = []
  const following = followPeerChanges(url, {
    signal: controller.signal,
    onReady: () => undefined,
    onChange: () => undefined,
    onDrop: (error, retryInMs) => drops.push({ message: error.message, retryInMs }),
  })
  await waitFor(() => drops.length === 1, 'the peer to be named')
  expect(drops).toEqual([{ message: `${url} sends no change notices`, retryInMs: 600_000 }])
  controller.abort()
  await following
})
