// Following a peer's change notices over real HTTP, against small servers that misbehave the way
// networks and hostile peers do: a stream that goes silent is dropped and reopened, a notice
// names its spaces, an unreadable notice still says something changed, a peer without the route
// is named, and a peer that sends a line or a frame past the bounds is dropped (at the bound and
// one past it).
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { SpaceId } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import { followPeerChanges, MAX_FRAME_LINES, MAX_LINE_BYTES } from './peer-changes.js'

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

/** Follows `url` until `done`; returns the notices and the drops seen. */
async function follow(url: string, done: (seen: unknown[], drops: string[]) => boolean) {
  const controller = new AbortController()
  const seen: (readonly SpaceId[] | 'all')[] = []
  const drops: { message: string; retryInMs: number }[] = []
  const following = followPeerChanges(url, {
    signal: controller.signal,
    maxBackoffMs: 60_000,
    onReady: () => undefined,
    onChange: (spaces) => seen.push(spaces),
    onDrop: (error, retryInMs) => drops.push({ message: error.message, retryInMs }),
  })
  await waitFor(
    () =>
      done(
        seen,
        drops.map((d) => d.message),
      ),
    'the peer to be read or dropped',
  )
  controller.abort()
  await following
  return { seen, drops }
}

test('peer changes: a line of exactly the bound is read; one byte more drops the peer for the longest wait', async () => {
  let closed = 0
  const notice = `event: appended\ndata: {"spaces":["${SPACE}"]}\n\n`
  const url = await peer((res, n) => {
    res.on('close', () => (closed += 1))
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('event: ready\ndata: {}\n\n')
    // A comment line of exactly MAX_LINE_BYTES bytes (CRLF-terminated the first time), then a notice.
    const length = n === 1 ? MAX_LINE_BYTES : MAX_LINE_BYTES + 1
    res.write(`:${'x'.repeat(length - 1)}${n === 1 ? '\r' : ''}\n\n`)
    res.write(notice)
  })
  const atBound = await follow(url, (seen) => seen.length > 0)
  expect(atBound.seen).toEqual([[SPACE]])
  expect(atBound.drops).toEqual([])
  const past = await follow(url, (_, drops) => drops.length > 0)
  expect(past.seen).toEqual([])
  expect(past.drops).toEqual([
    {
      message: `${url} sent a line of more than ${MAX_LINE_BYTES} bytes in its change notices: dropped`,
      retryInMs: 60_000,
    },
  ])
  await waitFor(() => closed === 2, 'the hostile connection to be closed')
})

test('peer changes: a frame of the most lines is read; a longer one, never ended, drops the peer', async () => {
  const url = await peer((res, n) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('event: ready\ndata: {}\n\n')
    res.write('event: appended\n')
    const lines = n === 1 ? MAX_FRAME_LINES - 2 : MAX_FRAME_LINES * 50
    res.write(': padding\n'.repeat(lines))
    res.write(`data: {"spaces":["${SPACE}"]}\n\n`)
  })
  const atBound = await follow(url, (seen) => seen.length > 0)
  expect(atBound.seen).toEqual([[SPACE]])
  const past = await follow(url, (_, drops) => drops.length > 0)
  expect(past.seen).toEqual([])
  expect(past.drops[0]!.message).toBe(
    `${url} sent a change notice of more than ${MAX_FRAME_LINES} lines: dropped`,
  )
})
