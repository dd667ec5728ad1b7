// Every file the `veche` command writes is its user's alone (0600) and every folder it makes 0700,
// under a permissive umask (022) and in a data folder that already existed (issue #13, hole 11).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-modes-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `veche --data DATA ARGS…` with umask 022, as a user's shell commonly has it. */
function spawnVeche(data: string, args: readonly string[]) {
  const shell = ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BIN, '--data', data]
  return spawn('/bin/sh', [...shell, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
}

function veche(data: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnVeche(data, args)
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`veche ${args.join(' ')}: ${err}`)),
    )
  })
}

/** `veche serve` on a free loopback port, once it listens. */
async function serve(data: string): Promise<ChildProcess> {
  const child = spawnVeche(data, ['serve', '--host', '127.0.0.1', '--port', '0'])
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  while (!/listening on port \d+/.test(out)) {
    if (child.exitCode !== null) throw new Error(`the hub exited: ${out}`)
    await sleep(50)
  }
  return child
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)

test('files: the store, its -wal and -shm, identities and every export are 0600 in a data folder that existed', async () => {
  const data = join(dir, 'data')
  mkdirSync(data, { mode: 0o755 })
  chmodSync(data, 0o755)
  const demo = JSON.parse(await veche(data, '--json', 'demo')) as {
    space: string
    statement: string
    openPoll: string
  }

  // The -wal and -shm live while a process holds the store open: look while a hub runs.
  const hub = await serve(data)
  try {
    await veche(data, '--as', 'dana', 'vote', '--poll', demo.openPoll, '--choice', 'agree')
    for (const file of ['veche.db', 'veche.db-wal', 'veche.db-shm']) {
      expect(mode(join(data, file)), file).toBe('600')
    }
  } finally {
    hub.kill('SIGTERM')
    await once(hub, 'exit')
  }
  expect(mode(join(data, 'identities'))).toBe('700')
  for (const file of readdirSync(join(data, 'identities'))) {
    expect(mode(join(data, 'identities', file)), file).toBe('600')
  }

  // An export over a file that others could read takes their rights away too.
  const events = join(dir, 'hall.veche')
  writeFileSync(events, 'old')
  chmodSync(events, 0o644)
  await veche(data, 'export', '--space', demo.space, '--out', events)
  await veche(data, 'bundle', 'export', '--out', join(dir, 'hall.bundle'))
  await veche(data, 'bundle', 'vector', '--out', join(dir, 'hall.vector'))
  await veche(data, 'bundle', 'qr', join(dir, 'hall.bundle'), '--out', join(dir, 'codes'))
  await veche(data, 'bundle', 'qr', join(dir, 'hall.bundle'), '--svg', '--out', join(dir, 'svg'))
  await veche(data, 'bundle', 'unqr', join(dir, 'codes'), '--out', join(dir, 'back.bundle'))
  for (const format of ['json', 'md', 'pdf']) {
    await veche(
      data,
      'statement',
      'export',
      '--statement',
      demo.statement,
      '--format',
      format,
      '--out',
      join(dir, `resolution.${format}`),
    )
  }
  const written = [
    events,
    join(dir, 'hall.bundle'),
    join(dir, 'hall.vector'),
    join(dir, 'back.bundle'),
    join(dir, 'resolution.json'),
    join(dir, 'resolution.md'),
    join(dir, 'resolution.pdf'),
    ...readdirSync(join(dir, 'codes')).map((f) => join(dir, 'codes', f)),
    ...readdirSync(join(dir, 'svg')).map((f) => join(dir, 'svg', f)),
  ]
  expect(written.length).toBeGreaterThan(8)
  for (const file of written) expect(mode(file), file).toBe('600')
  expect(mode(join(dir, 'codes'))).toBe('700')
  expect(mode(join(dir, 'svg'))).toBe('700')
  // The data folder the user made keeps its own mode; what Veche put in it does not.
  expect(mode(data)).toBe('755')
})
