// `veche serve --demo` as a newcomer meets it: the hub seeds the demo assembly and prints a link
// that lets a phone join it; here a second key joins with that link and the hub shows it at once.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'veche-serve-demo-'))
let hub: ChildProcess | undefined

afterAll(() => {
  hub?.kill('SIGKILL')
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
