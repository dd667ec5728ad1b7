// `veche serve` as a real process under a low open-files limit (`ulimit -n 256`, soft and hard):
// one client opening more streams than the process has descriptors gets 503 beyond the hub's
// cap (or, past the connections the limit leaves room for, its connection closed at once), and
// every other client's requests are still answered. Without the caps the streams took
// every descriptor and other clients' connections failed.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { signedAssembly } from '../../../server/src/test-support/signed-assembly.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const cleanups: (() => void)[] = []
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup()
})

/** `veche serve` under `ulimit -n files`; resolves with its URL and what it printed. */
function startLimitedHub(
  files: number,
  extra: readonly string[] = [],
): Promise<{ url: string; out: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-serve-limits-'))
  const child: ChildProcess = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${files} && exec "$0" "$@"`,
      process.execPath,
      BIN,
      'serve',
      '--data',
      dir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  cleanups.push(() => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 20_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined && out.includes('Streams:')) {
        clearTimeout(timer)
        resolve({ url: `http://127.0.0.1:${port}`, out: () => out })
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

test('serve: under a low open-files limit, streams beyond the cap get 503 and other clients are still served', async () => {
  const { url, out } = await startLimitedHub(256)
  expect(out()).toMatch(
    /Streams: at most 16, 256 per client \(the open-files limit, 256, allows no more/,
  )
  const assembly = await signedAssembly(0, 'serve-limits-1')
  const posted = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: assembly.events }),
  })
  expect(posted.status).toBe(200)
  // One client asks for more streams than the process has descriptors.
  const { hostname, port } = new URL(url)
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity })
  const streams: ReturnType<typeof request>[] = []
  const statuses = await Promise.all(
    Array.from(
      { length: 300 },
      () =>
        new Promise<number>((resolve) => {
          const req = request(
            {
              hostname,
              port,
              path: `/api/spaces/${assembly.space}/stream`,
              agent,
              localAddress: '127.0.0.1',
            },
            (res) => {
              if (res.statusCode !== 200) res.resume()
              resolve(res.statusCode ?? 0)
            },
          )
          req.on('error', () => resolve(0))
          req.end()
          streams.push(req)
        }),
    ),
  )
  try {
    expect(statuses.filter((s) => s === 200)).toHaveLength(16)
    // The rest are refused: 503 with Retry-After, or, past the connections the limit leaves room
    // for, closed at once.
    expect(statuses.filter((s) => s === 503 || s === 0)).toHaveLength(300 - 16)
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0)
    // Another client is served while the streams stay open.
    const other = await new Promise<number>((resolve, reject) => {
      const req = request(
        { hostname, port, path: '/api/health', agent, localAddress: '127.0.0.2' },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(other).toBe(200)
  } finally {
    for (const req of streams) req.destroy()
    agent.destroy()
  }
})

test('serve: a peer whose change stream sends an endless line is dropped, and the log says why', async () => {
  const peer = createServer((req, res) => {
    if (req.url === '/api/sync/changes') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('event: ready\ndata: {}\n\n')
      const junk = 'x'.repeat(64 * 1024)
      const more = (): void => {
        while (!res.destroyed && res.write(junk));
      }
      res.on('drain', more)
      more()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"spaces":{},"keys":{}}')
  })
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => {
    peer.closeAllConnections()
    peer.close()
  })
  const peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}`
  const { out } = await startLimitedHub(4096, ['--peer', peerUrl])
  const until = Date.now() + 20_000
  while (!out().includes('change notices: dropped') && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50))
  expect(out()).toContain(
    `following ${peerUrl}: ${peerUrl} sent a line of more than 1048576 bytes in its change notices: dropped; trying again in 60 s`,
  )
})
