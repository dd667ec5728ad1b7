// `veche serve --demo` as a newcomer meets it: the hub seeds the demo assembly and prints a link
// that lets a phone join it; here a second key joins with that link and the hub shows it at once.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'veche-serve-demo-'))
let hub: ChildProcess | undefined

/** Every `npm start` this file began, stopped at the end whatever a test left running. */
const started: ChildProcess[] = []

afterAll(() => {
  hub?.kill('SIGKILL')
  // SIGTERM, which npm passes on to veche serve (SIGKILL would leave it running)
  for (const child of started) child.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

function veche(...args: string[]): string {
  const run = spawnSync(process.execPath, [BIN, '--data', dir, ...args], { encoding: 'utf8' })
  expect(run.stderr.trim(), `veche ${args.join(' ')}`).toBe('')
  expect(run.status).toBe(0)
  return run.stdout.trim()
}

test('serve --demo prints a join link for the demo assembly, and a new key joins with it', async () => {
  hub = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', '--data', dir, '--host', '127.0.0.1', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const printed = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no join link printed: ${out}`)), 20_000)
    hub!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (/Join the demo assembly: \S+/.test(out) && out.includes('Stop: Ctrl+C')) {
        clearTimeout(timer)
        resolve(out)
      }
    })
    hub!.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  })
  const link = /Join the demo assembly: (\S+)/.exec(printed)![1]!
  const port = /listening on port (\d+)/.exec(printed)![1]!
  expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#/join/veche-invite:`))
  const space = /api\/spaces\/([A-Za-z0-9_-]{22})/.exec(printed)![1]!
  // The fingerprint of the web app it serves, as GET /api/hub gives it (docs/web.md).
  const announced = (await (await fetch(`http://127.0.0.1:${port}/api/hub`)).json()) as {
    app: { sha256: string } | null
  }
  expect(printed).toContain(
    announced.app === null
      ? 'Web app: not built'
      : `Web app fingerprint: sha256 ${announced.app.sha256}`,
  )

  veche('id', 'new', 'erlan')
  expect(veche('--as', 'erlan', 'join', link, '--name', 'Erlan')).toBe(`joined ${space} as Erlan`)
  const state = (await (await fetch(`http://127.0.0.1:${port}/api/spaces/${space}`)).json()) as {
    members: Record<string, { name: string; status: string }>
  }
  expect(
    Object.values(state.members)
      .map((m) => m.name)
      .sort(),
  ).toEqual(['Aigerim', 'Bolat', 'Dana', 'Erlan'])
})

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Everything `child` (kept in `started`) prints on stdout and stderr until it prints how to stop
 * it; fails, showing `what` and the output, if that takes more than 30 s.
 */
function untilStopHint(child: ChildProcess, what: string): Promise<string> {
  started.push(child)
  return new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`${what} printed: ${text}`)), 30_000)
    const take = (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('Stop: Ctrl+C')) {
        clearTimeout(timer)
        resolve(text)
      }
    }
    child.stdout!.on('data', take)
    child.stderr!.on('data', take)
  })
}

/** `npm start` as the README runs it, on `port` (through PORT), until it prints its links. */
async function npmStart(data: string, port: number): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn('npm', ['start', '--', '--data', data, '--host', '127.0.0.1'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return { child, out: await untilStopHint(child, 'npm start') }
}

const REPO = fileURLToPath(new URL('../../../../', import.meta.url))

test('npm start listens on PORT, stops with npm, prints no terminal escapes into a log, and a restart prints the same join link', async () => {
  const data = join(dir, 'npm-start')
  const port = await freePort()
  const first = await npmStart(data, port)
  expect(first.out).toContain(`listening on port ${port}`)
  expect(first.out).not.toContain('\u001b[')
  const link = /Join the demo assembly: (\S+)/.exec(first.out)![1]!
  expect((await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).status).toBe(200)
  // Stopping npm stops the hub: the signal reaches `veche serve`, which closes its port.
  first.child.kill('SIGTERM')
  await new Promise((resolve) => first.child.once('exit', resolve))
  let closed = false
  for (let i = 0; i < 50 && !closed; i++) {
    closed = await fetch(`http://127.0.0.1:${port}/api/openapi.json`).then(
      () => false,
      () => true,
    )
    if (!closed) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(closed, 'veche serve kept running after npm stopped').toBe(true)

  const second = await npmStart(data, port)
  try {
    expect(/Join the demo assembly: (\S+)/.exec(second.out)![1]).toBe(link)
  } finally {
    second.child.kill('SIGTERM')
    await new Promise((resolve) => second.child.once('exit', resolve))
  }
})

/** `veche serve --demo` over `data` on a free port, until it prints how to stop it. */
async function serveDemo(data: string): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', '--data', data, '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return { child, out: await untilStopHint(child, 'veche serve') }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

test('serve --demo: after someone founds another assembly on the demo hub, a restart still shows the demo assembly and its join link', async () => {
  const data = join(dir, 'demo-and-another')
  const first = await serveDemo(data)
  await stop(first.child)
  const demo = /api\/spaces\/([A-Za-z0-9_-]{22})/.exec(first.out)![1]!
  const link = /Join the demo assembly: \S+#\/join\/(\S+)/.exec(first.out)![1]!
  // A newcomer founds their own assembly on the same hub; its id sorts before the demo's (space
  // ids are hashes, so found again until one does).
  const run = (...args: string[]) => {
    const done = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8' })
    expect(done.status, done.stderr).toBe(0)
    return done.stdout.trim()
  }
  run('id', 'new', 'zhanna')
  let own = demo
  for (let i = 0; i < 40 && own >= demo; i++)
    own = run('--as', 'zhanna', 'assembly', 'create', '--name', `Zhanna's assembly ${i}`)
  expect(own < demo, 'no assembly id sorted before the demo one').toBe(true)

  const second = await serveDemo(data)
  await stop(second.child)
  expect(/api\/spaces\/([A-Za-z0-9_-]{22})/.exec(second.out)?.[1]).toBe(demo)
  expect(/Join the demo assembly: \S+#\/join\/(\S+)/.exec(second.out)?.[1]).toBe(link)
})
