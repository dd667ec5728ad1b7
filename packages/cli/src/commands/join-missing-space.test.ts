// `veche join LINK` in a folder that does not hold the assembly yet (a new member's own device)
// says how to bring it there, from the hub the link names. Real processes on real data folders.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-join-missing-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(
  data: string,
  ...args: string[]
): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [BIN, '--data', join(root, data), ...args], {
    encoding: 'utf8',
  })
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }
}

test('joining an assembly this folder lacks names the sync that brings it', () => {
  veche('hall', 'id', 'new', 'aigerim')
  const space = veche('hall', 'assembly', 'create', '--name', 'Hall').out
  const link = veche('hall', 'invite', '--space', space, '--hub', 'http://10.0.0.5:8080').out
  veche('phone', 'id', 'new', 'erlan')
  const run = veche('phone', 'join', link, '--name', 'Erlan')
  expect(run.status).toBe(1)
  expect(run.err).toContain(`no space ${space} in ${join(root, 'phone')}: bring the assembly here`)
  expect(run.err).toContain(`\`veche sync http://10.0.0.5:8080 --space ${space}\``)
})
