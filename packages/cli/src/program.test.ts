// The command tree loads only the command a run names: the catalogue must say what each loaded
// command says, and `veche --help` (from the catalogue alone) must read as the full tree's help.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { COMMAND_CATALOGUE, commandName } from './command-catalogue.js'
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
