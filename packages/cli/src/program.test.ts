// The command tree loads only the command a run names: the catalogue must say what each loaded
// command says, and `veche --help` (from the catalogue alone) must read as the full tree's help.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { COMMAND_CATALOGUE, commandName } from './command-catalogue.js'
import { codeCacheCommand } from './program-args.js'
import { buildProgram, namedCommand } from './program.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))

test('catalogue: every entry has the name, help line and description of the command it loads', async () => {
  const full = await buildProgram('all')
  const help = full.createHelp()
  const loaded = await Promise.all(COMMAND_CATALOGUE.map((entry) => entry.load()))
  expect(
    loaded.map((command) => [command.name(), help.subcommandTerm(command), command.description()]),
  ).toEqual(COMMAND_CATALOGUE.map((entry) => [commandName(entry), entry.term, entry.description]))
  expect(new Set(loaded.map((command) => command.name())).size).toBe(loaded.length)
})

test('help: veche --help from the catalogue reads exactly as the help of the fully loaded tree', async () => {
  const full = await buildProgram('all')
  const lazy = await buildProgram(new Set())
  expect(lazy.helpInformation()).toBe(full.helpInformation())
  expect(lazy.helpInformation()).toContain('tally [options] <file>')
})

test('named command: global options and their values are skipped; help names its subject', () => {
  expect(namedCommand(['--data', 'show', '--as', 'tally', 'verify'])).toBe('verify')
  expect(namedCommand(['--json', 'show', '--space', 'x'])).toBe('show')
  expect(namedCommand(['--data=./d', 'tally', 'a.blt'])).toBe('tally')
  expect(namedCommand(['help', 'bundle'])).toBe('bundle')
  expect(namedCommand(['--json', 'help', '--data', 'x', 'sync'])).toBe('sync')
  expect(namedCommand(['help'])).toBeNull()
  expect(namedCommand(['--help'])).toBeNull()
  expect(namedCommand([])).toBeNull()
})

test("code cache's command: a run that asks a command's help is not named as that command", () => {
  // `veche help serve` compiles the help, not serve: named `serve` in the caches it writes, a
  // real `veche serve` would find itself named there and not add its own functions.
  expect(codeCacheCommand(['help', 'serve'])).toBe('serve-help')
  expect(codeCacheCommand(['serve', '--help'])).toBe('serve-help')
  expect(codeCacheCommand(['--data', 'd', 'serve', '-h'])).toBe('serve-help')
  expect(codeCacheCommand(['--data', 'help', 'serve', '--port', '1'])).toBe('serve')
  expect(codeCacheCommand(['--help'])).toBeNull()
  expect(codeCacheCommand([])).toBeNull()
})

function veche(...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr }
}

test('veche: a command named after global options runs with its own options and help', () => {
  const tallyHelp = veche('--data', 'unused', 'help', 'tally')
  expect(tallyHelp.code).toBe(0)
  expect(tallyHelp.out).toContain('Usage: veche tally [options] <file>')
  expect(tallyHelp.out).toContain('--method <method>')
  const bundleImport = veche('bundle', 'import', '--help')
  expect(bundleImport.code).toBe(0)
  expect(bundleImport.out).toContain('Usage: veche bundle import')
})

test('veche: a mistyped command is refused with a suggestion, as before', () => {
  const run = veche('shw')
  expect(run.code).toBe(1)
  expect(run.err).toContain("unknown command 'shw'")
  expect(run.err).toContain('(Did you mean show?)')
})

test('veche: an id that starts with "-" is an argument, not an unknown option; a mistyped option is still refused', () => {
  // One space or event id in 64 starts with '-' (base64url).
  const space = '-E5bV9me5cT_mzQJXrpdVQ'
  const key = veche('replication-key', space)
  expect(key.err).toBe('')
  expect(key.code).toBe(0)
  expect(key.out.trim()).toMatch(new RegExp(`^${space}=[A-Za-z0-9_-]{43}$`))
  // As an option's value, as before.
  const data = mkdtempSync(join(tmpdir(), 'veche-dashed-id-'))
  try {
    expect(veche('--data', data, 'show', '--space', space).err).toContain(`no space ${space}`)
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
  const mistyped = veche('replication-key', '--jsno', space)
  expect(mistyped.code).toBe(1)
  expect(mistyped.err).toContain("unknown option '--jsno'")
})
