// `veche serve` keeps an idle kept-alive connection open longer than its clients do. Node's
// default (5 s) closed it about when clients gave it up themselves, so a client whose thread was
// busy for a moment sent its next request into a connection the hub had just closed ("other side
// closed"). Here a client on a real hub process, over loopback, sends its second request on the
// same connection after 8 s idle: it is answered on that connection.
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, expect, test } from 'vitest'
import { startHub } from '../test-support/cli-processes.js'

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** The next whole response on `socket` (head and a Content-Length body), or why none came. */
function nextResponse(socket: Socket): Promise<{ head: string; body: string } | string> {
  return new Promise((resolve) => {
    let buffer = ''
    const done = (result: { head: string; body: string } | string) => {
      socket.off('data', onData)
      socket.off('close', onClose)
      socket.off('error', onError)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1')
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buffer.slice(0, end)
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0)
      if (buffer.length >= end + 4 + length) done({ head, body: buffer.slice(end + 4) })
    }
    const onClose = () => done('the hub closed the connection')
    const onError = (error: Error) => done(`connection error: ${error.message}`)
    socket.on('data', onData)
    socket.on('close', onClose)
    socket.on('error', onError)
  })
}

test('serve: a kept-alive connection idle for 8 s (past Node’s 5 s default) still carries the next request', async () => {
  const data = mkdtempSync(join(tmpdir(), 'veche-keep-alive-'))
  cleanups.push(() => rmSync(data, { recursive: true, force: true }))
  const hub = await startHub(data)
  cleanups.push(() => hub.stop())
  const { port } = new URL(hub.url)
  const socket = connect(Number(port), '127.0.0.1')
  cleanups.push(() => void socket.destroy())
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const ask = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n'

  socket.write(ask)
  const first = await nextResponse(socket)
  expect(typeof first === 'string' ? first : first.head).toMatch(/^HTTP\/1\.1 200/)

  const closedEarly = new Promise<string>((resolve) =>
    socket.once('close', () => resolve('closed while idle')),
  )
  const idle = await Promise.race([sleep(8_000, 'still open'), closedEarly])
  expect(idle).toBe('still open')
  socket.write(ask)
  const second = await nextResponse(socket)
  expect(typeof second === 'string' ? second : second.head).toMatch(/^HTTP\/1\.1 200/)
  expect(typeof second === 'string' ? second : JSON.parse(second.body)).toMatchObject({
    status: 'ok',
  })
  // The hint clients go by (Node's agent and undici keep a connection a second less than it).
  expect(typeof first === 'string' ? first : first.head).toMatch(/keep-alive: timeout=65/i)
}, 30_000)
