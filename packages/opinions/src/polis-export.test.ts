/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { readOpenDataExport, readRedDwarfExport } from './polis-export.js'
import { polisDir, readPolisMath } from './test-data.js'

const vtaiwan = (file: string) => readFileSync(join(polisDir, 'vtaiwan.uberx', file), 'utf8')
const comments = vtaiwan('comments.csv')
const votes = vtaiwan('votes.csv')

test('openData votes.csv: every vote event of vTaiwan, timed, on 197 statements (78 rejected)', () => {
  const outcome = readOpenDataExport({ 'comments.csv': comments, 'votes.csv': votes })
  if (!outcome.ok) throw new Error(outcome.message)
  const c = outcome.report
  expect(c.format).toBe('opendata-votes')
  expect(c.input.statements).toHaveLength(197)
  expect(c.input.statements.filter((s) => s.excluded)).toHaveLength(78)
  expect(c.input.votes.participants).toHaveLength(1921)
  expect(c.input.votes.vote).toHaveLength(49_997)
  expect(c.input.votes.castAt?.[0]).toBe(1435654192085)
  expect(c.voteLines[0]).toBe(2)
  expect(c.texts.get('0')).toBe('我有用過 Uber 叫車。')
})

test('openData participants-votes.csv: current votes and Pol.is’s groups (330 and 889)', () => {
  const outcome = readOpenDataExport({
    'comments.csv': comments,
    'participants-votes.csv': vtaiwan('participants-votes.csv'),
  })
  if (!outcome.ok) throw new Error(outcome.message)
  expect(outcome.report.input.votes.vote).toHaveLength(49_443)
  expect(outcome.report.input.votes.castAt).toBeNull()
  const sizes = new Map<number | null, number>()
  for (const g of outcome.report.polisGroups?.values() ?? []) sizes.set(g, (sizes.get(g) ?? 0) + 1)
  expect([...sizes.values()].sort((a, b) => a - b)).toEqual([330, 702, 889])
})

test('red-dwarf: both fixtures, either key naming, with Pol.is’s moderated-out statements excluded', () => {
  for (const name of ['reddwarf-below-100-ptpts', 'reddwarf-25ptpt-3gp-no-strict-with-meta']) {
    const read = (file: string) => readFileSync(join(polisDir, name, file), 'utf8')
    const outcome = readRedDwarfExport({
      'comments.json': read('comments.json'),
      'votes.json': read('votes.json'),
    })
    if (!outcome.ok) throw new Error(outcome.message)
    const excluded = outcome.report.input.statements.filter((s) => s.excluded).map((s) => s.id)
    const math = readPolisMath(name) as unknown as { 'mod-out': number[] }
    expect(new Set(excluded)).toEqual(new Set(math['mod-out'].map(String)))
    expect(outcome.report.voteLines[0]).toBe(2)
  }
})

const header = 'timestamp,datetime,comment-id,voter-id,vote\n'
const twoComments =
  'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n' +
  '1,x,0,0,1,0,1,"First, with a comma"\n' +
  '2,x,1,0,0,1,-1,Second\n'

function readVotes(votesCsv: string, commentsCsv = twoComments) {
  return readOpenDataExport({ 'comments.csv': commentsCsv, 'votes.csv': votesCsv })
}

test('openData: a votes.csv cut short names its line; cut at a line break, comments.csv’s counts catch it', () => {
  const cut = votes.slice(0, votes.indexOf('\n', 100_000) + 12)
  const lines = cut.split('\n').length
  expect(readOpenDataExport({ 'comments.csv': comments, 'votes.csv': cut })).toMatchObject({
    ok: false,
    code: 'opinions.parse-error',
    file: 'votes.csv',
    line: lines,
    message: expect.stringMatching(
      /^votes\.csv line \d+: 1 field where the header has 5 \(is the file cut short\?\)$/,
    ) as unknown,
  })
  const atBreak = votes.slice(0, votes.indexOf('\n', 100_000) + 1)
  const outcome = readOpenDataExport({ 'comments.csv': comments, 'votes.csv': atBreak })
  expect(outcome).toMatchObject({ ok: false, file: 'comments.csv' })
  expect(outcome.ok ? '' : outcome.message).toMatch(
    /^comments\.csv line \d+: comment \d+ counts \d+ agree and \d+ disagree votes, but votes\.csv holds/,
  )
})

test('openData: bad votes name their line and have their own codes', () => {
  expect(readVotes(`${header}1,x,0,7,1\n2,x,9,7,1\n`)).toMatchObject({
    ok: false,
    code: 'opinions.unknown-statement',
    line: 3,
    message: 'votes.csv line 3: a vote on comment 9, which comments.csv does not list',
  })
  expect(readVotes(`${header}1,x,0,7,2\n`)).toMatchObject({
    ok: false,
    code: 'opinions.invalid-vote',
    line: 2,
  })
  expect(readVotes(`${header}soon,x,0,7,1\n`)).toMatchObject({
    ok: false,
    code: 'opinions.invalid-time',
    line: 2,
  })
  expect(readVotes(`${header}1,x,0,,1\n`)).toMatchObject({
    ok: false,
    code: 'opinions.parse-error',
    line: 2,
  })
  expect(readVotes('when,comment-id,vote\n')).toMatchObject({
    ok: false,
    line: 1,
    message: 'votes.csv line 1: the header lacks "voter-id"',
  })
  expect(
    readVotes(`${header}1,x,0,7,1\n2,x,1,7,-1\n`, `${twoComments}3,x,1,0,0,0,1,Again\n`),
  ).toMatchObject({
    ok: false,
    code: 'opinions.duplicate-statement',
    file: 'comments.csv',
    line: 4,
  })
  expect(readVotes(`${header}1,x,0,7,1\n2,x,1,7,-1\n`).ok).toBe(true)
  expect(readOpenDataExport({ 'comments.csv': twoComments })).toMatchObject({
    ok: false,
    file: 'votes.csv',
  })
})

test('openData participants-votes.csv: a row whose totals disagree with its votes, or a second row, names its line', () => {
  const pv = 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n'
  const read = (text: string) =>
    readOpenDataExport({ 'comments.csv': twoComments, 'participants-votes.csv': text })
  expect(read(`${pv}4,0,0,2,1,1,1,-1\n5,,0,2,1,0,1\n`)).toMatchObject({ ok: false, line: 3 })
  expect(read(`${pv}4,0,0,2,1,1,1,-1\n5,,0,2,1,0,1,-1\n`)).toMatchObject({
    ok: false,
    line: 3,
    code: 'opinions.parse-error',
  })
  expect(read(`${pv}4,0,0,2,1,1,1,-1\n4,0,0,2,1,1,1,-1\n`)).toMatchObject({
    ok: false,
    line: 3,
    code: 'opinions.duplicate-vote',
  })
  expect(read(pv.replace(',1\n', ',1,7\n'))).toMatchObject({
    ok: false,
    line: 1,
    code: 'opinions.unknown-statement',
  })
  expect(read(`${pv}4,0,0,2,1,1,1,-1\n`).ok).toBe(true)
})

const json = (value: unknown) => JSON.stringify(value, null, 1)
const dwarfComments = json([
  { tid: 0, mod: 1, txt: 'a', agree_count: 1, disagree_count: 0, pass_count: 0 },
  { tid: 1, mod: -1, txt: 'b', agree_count: 0, disagree_count: 1, pass_count: 0 },
])
const dwarfVotes = [
  { pid: 3, tid: 0, vote: 1, modified: '100' },
  { pid: 3, tid: 1, vote: -1, modified: '101' },
]

test('red-dwarf: a votes.json cut short, a vote given twice or on an unknown statement names its line', () => {
  const read = (text: string) =>
    readRedDwarfExport({ 'comments.json': dwarfComments, 'votes.json': text })
  expect(read(json(dwarfVotes)).ok).toBe(true)
  const text = json(dwarfVotes)
  expect(read(text.slice(0, text.length - 20))).toMatchObject({
    ok: false,
    file: 'votes.json',
    message: expect.stringMatching(
      /^votes\.json line \d+: the JSON ends too early \(is the file cut short\?\)$/,
    ) as unknown,
  })
  expect(read(json([...dwarfVotes, { pid: 3, tid: 0, vote: 0, modified: '102' }]))).toMatchObject({
    ok: false,
    code: 'opinions.duplicate-vote',
    line: 14,
    message: expect.stringContaining('(the first is on line 2)') as unknown,
  })
  expect(read(json([{ pid: 3, tid: 5, vote: 1, modified: 1 }]))).toMatchObject({
    ok: false,
    code: 'opinions.unknown-statement',
    line: 2,
  })
  expect(read(json([dwarfVotes[0]]))).toMatchObject({ ok: false, file: 'comments.json', line: 10 })
  expect(read('{"votes": []}')).toMatchObject({
    ok: false,
    message: 'votes.json line 1: the file does not hold a JSON array',
  })
})
