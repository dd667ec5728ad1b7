// `veche sync` against a hub it cannot use says why, from the real processes: a `veche serve` in a
// hall answers `https://` with a certificate signed by its own authority, which Node does not
// trust, and running the sync again would not help, so the error says what to do instead; a hub
// that is not there says that the connection was refused, what to check, and that running it
// again resumes. A
// pull that held events back until what they depend on came (the demo's council, pulled before
// the assembly it names) counts them on their own space's line and says nothing waits when nothing
// does.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const dirs: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-unreachable-'))
  dirs.push(dir)
  return dir
}

/** Starts `veche serve` (HTTPS and HTTP on one port) on loopback; resolves with its port. */
function startHub(dir: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [BIN, '--data', dir, 'serve', '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve(Number(port))
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

function sync(
  url: string,
  data = dataDir(),
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, '--data', data, 'sync', url], {
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

test("a hall hub's https:// address: the untrusted certificate is named, with what to do", async () => {
  const port = await startHub(dataDir())
  const { status, stderr } = sync(`https://127.0.0.1:${port}`)
  expect(status).toBe(1)
  expect(stderr).toContain(`cannot reach https://127.0.0.1:${port}`)
  expect(stderr).toContain('self-signed certificate in certificate chain')
  expect(stderr).toContain(`http://ADDRESS:PORT instead, or set NODE_EXTRA_CA_CERTS`)
  expect(stderr).not.toContain('run it again')
  // The same hub at its http:// address syncs.
  expect(sync(`http://127.0.0.1:${port}`).status).toBe(0)
})

test('no hub at the address: the refusal is named, and running it again resumes', async () => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  await new Promise((resolve) => server.close(resolve))
  const { status, stderr } = sync(`http://127.0.0.1:${address.port}`)
  expect(status).toBe(1)
  expect(stderr).toContain('ECONNREFUSED')
  // What to check, in the words `veche serve --peer` logs too (serve-peer-hints.test.ts).
  expect(stderr).toContain(
    'nothing listens at that address and port: check that `veche serve` runs',
  )
  expect(stderr).toContain('run it again to resume')
})

test('pulling the demo from a hub: each space counts its own new events, held back or not, and none waits', async () => {
  const hub = dataDir()
  const demo = spawnSync(process.execPath, [BIN, '--data', hub, '--json', 'demo'], {
    encoding: 'utf8',
  })
  const { space, council } = JSON.parse(demo.stdout) as { space: string; council: string }
  const events = (s: string): number =>
    (
      JSON.parse(
        spawnSync(process.execPath, [BIN, '--data', hub, '--json', 'log', '--space', s], {
          encoding: 'utf8',
        }).stdout,
      ) as unknown[]
    ).length
  const inSpace = events(space)
  const inCouncil = events(council)
  const port = await startHub(hub)
  const here = dataDir()
  // The council first: its events name the assembly's, so they wait until the assembly comes.
  const run = spawnSync(
    process.execPath,
    [BIN, '--data', here, 'sync', `http://127.0.0.1:${port}`, '--space', council, '--space', space],
    { encoding: 'utf8' },
  )
  expect(run.status).toBe(0)
  // Each space's line counts its own events, all of them, in one number: the council's held back
  // on arrival and applied once the assembly's came are on the council's line, not the assembly's.
  expect(run.stdout).toContain(`${council}: pulled ${inCouncil} new;`)
  expect(run.stdout).toContain(`${space}: pulled ${inSpace} new;`)
  expect(run.stdout).not.toMatch(/now applied/)
  expect(run.stdout).not.toMatch(/released/)
  expect(run.stdout).not.toMatch(/waiting for events/)
  const pending = spawnSync(process.execPath, [BIN, '--data', here, 'pending'], {
    encoding: 'utf8',
  })
  expect(pending.stdout).toBe('nothing is pending\n')
  // Only the council: its events do wait, and the line says so.
  const alone = dataDir()
  const first = spawnSync(
    process.execPath,
    [BIN, '--data', alone, 'sync', `http://127.0.0.1:${port}`, '--space', council],
    { encoding: 'utf8' },
  )
  // Its creation needs nothing else; the rest name the assembly's events.
  expect(first.stdout).toContain(`${council}: pulled ${inCouncil - 3} new;`)
  expect(first.stdout).toMatch(/; 3 waiting here for events they depend on \(`veche pending`\)/)
})
