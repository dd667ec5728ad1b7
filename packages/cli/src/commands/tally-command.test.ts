import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from '../commander.js'
import { afterEach, expect, test, vi } from 'vitest'
import { CliError } from '../cli-error.js'
import {
  formatTally,
  loadBallotFile,
  parseBallotBytes,
  runTally,
  tallyCommand,
  tallyJson,
} from './tally-command.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '..', '..', '..', '..')
const elections = join(repoRoot, '..', 'shared', 'data', 'elections')
const ward1 = join(elections, 'scotland-2017', 'glasgow-2017-ward1.blt')
const debian2007 = join(elections, 'debian', 'leader2007_tally.txt')
const scratch = mkdtempSync(join(tmpdir(), 'veche-tally-'))

afterEach(() => {
  vi.restoreAllMocks()
})

async function run(args: string[]): Promise<string> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  const program = new Command('veche').exitOverride().addCommand(tallyCommand().exitOverride())
  await program.parseAsync(args, { from: 'user' })
  return out
}

test('veche tally: Glasgow ward 1 by Scottish STV prints the winners and an 11-stage table', async () => {
  const out = await run(['tally', '--method', 'scottish-stv', '--transfer-final-exclusion', ward1])
  expect(out).toContain(
    'winners: Glenn ELDER (SNP), Margaret MORGAN (SNP), Malcolm CUNNING (Lab), Euan BLOCKLEY (C)',
  )
  expect(out).toContain('stage 11')
  expect(out).toMatch(/Euan BLOCKLEY \(C\)\s+1395\.00000\s+1410\.00000/)
  expect(out).toContain('quota')
})

test('veche tally --json: winners and stages with totals by name, elected and excluded', async () => {
  const out = await run(['tally', '--method', 'scottish-stv', '--json', ward1])
  const json = JSON.parse(out) as {
    winners: string[]
    stages: { totals: Record<string, number>; elected: string[]; excluded: string[] }[]
  }
  expect(json.winners).toHaveLength(4)
  expect(json.stages[0]?.totals['John COWAN (UKIP)']).toBe(58)
  expect(json.stages[0]?.excluded).toEqual(['John COWAN (UKIP)'])
  expect(json.stages[6]?.totals['Euan BLOCKLEY (C)']).toBe(1429.3315)
})

test('veche tally reads the Latin-1 Debian 2007 tally sheet by content', async () => {
  const out = await run(['tally', '--method', 'debian', debian2007])
  expect(out).toContain('winners: Sam Hocevar')
  expect(out).toContain('ranking: Sam Hocevar > Steve McIntyre > Raphaël Hertzog > Wouter Verhelst')
  expect(out).toContain('Raphaël Hertzog')
})

test('veche tally: every method runs on a JSON ballot file', () => {
  const file = join(scratch, 'ballots.json')
  writeFileSync(
    file,
    JSON.stringify({
      candidates: ['Ana', 'Bo', 'Cy'],
      seats: 1,
      ballots: [
        { ranking: ['Ana', 'Bo'], weight: 4 },
        { ranking: ['Bo', 'Cy'], weight: 3 },
        { ranking: ['Cy', 'Bo'], weight: 2 },
      ],
    }),
  )
  const ballots = parseBallotBytes(new Uint8Array(readFileSync(file)), file)
  const winners = Object.fromEntries(
    (['irv', 'scottish-stv', 'meek-stv', 'schulze', 'approval', 'borda', 'plurality'] as const).map(
      (method) => [method, runTally(ballots, { method, seed: 's' }).winners],
    ),
  )
  expect(winners).toEqual({
    irv: ['Bo'],
    'scottish-stv': ['Bo'],
    'meek-stv': ['Bo'],
    schulze: ['Bo'],
    approval: ['Bo'],
    borda: ['Bo'],
    plurality: ['Ana'],
  })
  expect(() => runTally(ballots, { method: 'score', seed: 's' })).toThrow(
    'score needs JSON ballots with "scores"',
  )
  const scored = parseBallotBytes(
    new TextEncoder().encode(
      JSON.stringify({ candidates: ['Ana', 'Bo'], ballots: [{ scores: { Ana: 2, Bo: 5 } }] }),
    ),
    'x.json',
  )
  expect(runTally(scored, { method: 'score', seed: 's' }).winners).toEqual(['Bo'])
  expect(formatTally(runTally(ballots, { method: 'borda', seed: 's' }))).toContain('winners: Bo')
  expect(tallyJson(runTally(ballots, { method: 'irv', seed: 's' }))).toMatchObject({
    winners: ['Bo'],
  })
})

test('veche tally: a malformed BLT file is a CliError naming the line, not a crash', () => {
  const file = join(scratch, 'bad.blt')
  writeFileSync(file, '3 1\n2 1 2 0\n1 4 0\n0\n"A"\n"B"\n"C"\n"t"\n')
  expect(() => loadBallotFile(file)).toThrow(
    /bad\.blt: line 3: "4" is not a candidate number between 1 and 3/,
  )
  expect(() => loadBallotFile(file)).toThrow(CliError)
  const truncated = join(scratch, 'truncated.blt')
  writeFileSync(truncated, '3 1\n2 1 2 0\n1 3 0\n')
  expect(() => loadBallotFile(truncated)).toThrow(/line 3: the file ends before the "0" line/)
  expect(() => loadBallotFile(join(scratch, 'missing.blt'))).toThrow(
    /cannot read .*missing\.blt: ENOENT/,
  )
})

test('veche tally: more seats than candidates is a clear error', async () => {
  await expect(run(['tally', '--method', 'scottish-stv', '--seats', '20', ward1])).rejects.toThrow(
    'scottish-stv: 20 seats but only 12 standing candidates (tally.too-many-seats)',
  )
})

const main = join(repoRoot, 'packages', 'cli', 'dist', 'main.js')

test('the built veche binary: tally prints winners, and a bad file exits 1 without a stack trace', () => {
  const good = spawnSync(process.execPath, [main, 'tally', '--method', 'irv', ward1], {
    encoding: 'utf8',
  })
  expect(good.status).toBe(0)
  expect(good.stdout).toContain('winners:')
  const file = join(scratch, 'bad-process.blt')
  writeFileSync(file, '3 1\n2 1 1 0\n0\n')
  const bad = spawnSync(process.execPath, [main, 'tally', '--method', 'irv', file], {
    encoding: 'utf8',
  })
  expect(bad.status).toBe(1)
  expect(bad.stderr).toContain('line 2: candidate 1 is ranked twice in one ballot')
  expect(bad.stderr).not.toMatch(/\n\s+at /)
})
