// `veche` outside the checkout: `npm link -w @veche/cli`, as the README says, puts the command on
// the PATH. Linked here under a throwaway npm prefix, it runs from a folder that is not the
// checkout and keeps its data there.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const prefix = mkdtempSync(join(tmpdir(), 'veche-npm-prefix-'))
const elsewhere = mkdtempSync(join(tmpdir(), 'veche-elsewhere-'))

afterAll(() => {
  rmSync(prefix, { recursive: true, force: true })
  rmSync(elsewhere, { recursive: true, force: true })
})

test('npm link puts veche on the PATH, and it runs outside the checkout', () => {
  const link = spawnSync('npm', ['link', '-w', '@veche/cli', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_prefix: prefix },
  })
  expect(link.status, link.stderr).toBe(0)
  const bin = join(prefix, 'bin')
  expect(existsSync(join(bin, 'veche'))).toBe(true)
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` }
  const run = (...args: string[]) =>
    spawnSync('veche', args, { cwd: elsewhere, encoding: 'utf8', env })
  const help = run('--help')
  expect(help.status, help.stderr).toBe(0)
  expect(help.stdout).toContain('Usage: veche')
  const made = run('id', 'new', 'aigerim')
  expect(made.status, made.stderr).toBe(0)
  // The default data folder is ./veche-data of the folder it runs in, not of the checkout.
  expect(existsSync(join(elsewhere, 'veche-data'))).toBe(true)
})
