// `veche serve --peer` says what to do when a peer cannot be used, as `veche sync` does and in the
// same words (explainPeerFailure in the server): from a real `veche serve` whose peer is a closed
// port on loopback, both the failed pass and the change stream it follows name the refusal and
// how to fix it, and the hub keeps serving; a --sync-space neither hub holds is said once, with
// what to check.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-serve-peer-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

/** A loopback port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  await new Promise((resolve) => server.close(resolve))
  return address.port
}

function serve(data: string, args: string[]): ChildProcess {
  const child = spawn(
    process.execPath,
    [BIN, '--data', data, 'serve', '--host', '127.0.0.1', '--port', '0', '--no-tls', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  return child
}

/**
 * Runs `veche serve` with `args` until its log holds every one of `wanted`, and `lingerMs` more;
 * stops it and returns the log.
 */
function serveUntil(data: string, args: string[], wanted: RegExp[], lingerMs = 0): Promise<string> {
  const child = serve(data, args)
  return new Promise((resolve, reject) => {
    let log = ''
    let done = false
    const timer = setTimeout(() => reject(new Error(`not logged in 20 s:\n${log}`)), 20_000)
    const read = (chunk: Buffer) => {
      log += chunk.toString()
      if (done || !wanted.every((re) => re.test(log))) return
      done = true
      clearTimeout(timer)
      setTimeout(() => {
        child.removeAllListeners('exit')
        child.kill('SIGTERM')
        resolve(log)
      }, lingerMs)
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)))
  })
}

/** Starts a hub with nothing in it; resolves with its port. */
function startHub(data: string): Promise<number> {
  const child = serve(data, [])
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve(Number(port))
    })
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

test('serve --peer at a closed port: the failed pass and the followed stream say how to fix it', async () => {
  const port = await closedPort()
  const peer = `http://127.0.0.1:${port}`
  const hint = 'nothing listens at that address and port: check that `veche serve` runs there'
  const log = await serveUntil(
    join(root, 'closed'),
    ['--peer', peer],
    [
      /listening on port \d+/,
      new RegExp(`sync with ${peer} failed: .*ECONNREFUSED.*; nothing listens`),
      new RegExp(`following ${peer}: .*ECONNREFUSED.*; nothing listens`),
    ],
  )
  const failures = log
    .split('\n')
    .filter((line) => line.includes(peer) && /failed|following/.test(line))
  for (const line of failures) {
    expect(line).toContain(hint)
    expect(line).toMatch(/; (retrying|trying again) in \d+ s$/)
  }
})

test('serve --peer with a --sync-space neither hub holds: said once, with what to check', async () => {
  const port = await startHub(join(root, 'peer'))
  const space = 'AAAAAAAAAAAAAAAAAAAAAA'
  const log = await serveUntil(
    join(root, 'follower'),
    ['--peer', `http://127.0.0.1:${port}`, '--sync-space', space, '--sync-interval', '1'],
    [new RegExp(`${space} left out: neither hub holds it.*check the space id`)],
    3_000,
  )
  // Passes ran every second meanwhile; the space is named once, not once a pass.
  expect(log.split(`${space} left out`).length - 1).toBe(1)
})
