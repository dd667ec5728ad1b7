// `veche tally`'s table reads as a table: every stage's totals stand right-aligned under their
// stage's heading, and who was elected or excluded, and when, is a column of its own. (#16: a row
// of the elected names under the stages widened each column to a list of names, so the rows no
// longer lined up with their columns.)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { displayWidth } from '../terminal-width.js'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '..', '..', 'bin', 'veche.js')
const ward = join(here, '..', '..', '..', '..', '..', 'shared', 'data', 'elections')
const aberdeen = join(ward, 'scotland-2017', 'aberdeen-2017-ward1.blt')
const scratch = mkdtempSync(join(tmpdir(), 'veche-tally-table-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

test('tally: the STV table keeps each stage in its column and the outcome in its own', () => {
  const run = spawnSync(process.execPath, [BIN, 'tally', '--method', 'scottish-stv', aberdeen], {
    encoding: 'utf8',
  })
  expect(run.stderr).toBe('')
  const lines = run.stdout.split('\n')
  const top = lines.findIndex((line) => line.trimStart().startsWith('stage 1'))
  const header = lines[top]!
  const table = lines.slice(top + 1, lines.indexOf('', top))
  expect(table.map((row) => row.split(/\s{2,}/)[0])).toEqual([
    'Barney CROCKETT (Lab)',
    'Coral DUTHIE (Ind)',
    'Graeme Stephen LAWRENCE (Lab)',
    'Neil MACGREGOR (SNP)',
    'Avril MACKENZIE (Con)',
    'Dorothy PEARCE (LD)',
    'Gill SAMARAI (SNP)',
    'exhausted',
    'quota',
  ])
  // Each stage's numbers end where its heading ends.
  for (let stage = 1; stage <= 5; stage++) {
    const end = header.indexOf(`stage ${stage}`) + `stage ${stage}`.length
    for (const row of table) {
      expect(row.slice(0, end), `stage ${stage}: ${row}`).toMatch(/\d\.\d{5}$/)
      expect(row.charAt(end), `stage ${stage}: ${row}`).toMatch(/^( |)$/)
    }
  }
  const outcome = header.indexOf('outcome')
  const outcomes = Object.fromEntries(
    table
      .slice(0, 7)
      .map((row): [string, string] => [row.split(/\s{2,}/)[0] ?? '', row.slice(outcome)]),
  )
  expect(outcomes).toEqual({
    'Barney CROCKETT (Lab)': 'elected at stage 5',
    'Coral DUTHIE (Ind)': 'excluded at stage 5',
    'Graeme Stephen LAWRENCE (Lab)': 'excluded at stage 3',
    'Neil MACGREGOR (SNP)': 'elected at stage 1',
    'Avril MACKENZIE (Con)': 'elected at stage 1',
    'Dorothy PEARCE (LD)': 'excluded at stage 4',
    'Gill SAMARAI (SNP)': 'elected at stage 5',
  })
  expect(table.every((row) => !row.includes(','))).toBe(true)
})

test('tally: Korean names, two terminal columns a letter, keep the table lined up', () => {
  const file = join(scratch, 'korean.blt')
  writeFileSync(
    file,
    [
      '3 1',
      '4 1 2 0',
      '3 2 1 0',
      '2 3 1 0',
      '0',
      '"김민준"',
      '"Aigerim Bekova"',
      '"이서연"',
      '"Vote"',
    ].join('\n'),
  )
  const run = spawnSync(process.execPath, [BIN, 'tally', '--method', 'scottish-stv', file], {
    encoding: 'utf8',
  })
  expect(run.stderr).toBe('')
  const lines = run.stdout.split('\n')
  const top = lines.findIndex((line) => line.trimStart().startsWith('stage 1'))
  const header = lines[top]!
  const end = displayWidth(header.slice(0, header.indexOf('stage 1') + 'stage 1'.length))
  const table = lines.slice(top + 1, lines.indexOf('', top))
  expect(table.length).toBeGreaterThanOrEqual(3)
  for (const row of table) {
    // The first total ends in the same terminal column as its heading.
    const total = /\d+\.\d{5}/.exec(row)!
    expect(displayWidth(row.slice(0, total.index + total[0].length)), row).toBe(end)
  }
})
