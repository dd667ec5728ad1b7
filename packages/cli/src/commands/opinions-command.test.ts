// `veche opinions map` as a real process on the shared Pol.is exports, and on broken copies of
// them: the map's JSON shape, agreement with Pol.is, and bad input named by file and line with
// nothing printed on standard output.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { adjustedRandIndex } from '@veche/opinions'
import { veche } from '../test-support/cli-processes.js'
import { MAX_EXPORT_FILE_BYTES } from './opinions-command.js'

const here = dirname(fileURLToPath(import.meta.url))
const polis = join(here, '..', '..', '..', '..', '..', 'shared', 'data', 'polis')
const scratch = mkdtempSync(join(tmpdir(), 'veche-opinions-'))
const data = join(scratch, 'data')

interface MapJson {
  participants: { id: string; group: number | null; projection: [number, number] }[]
  groups: { id: number; size: number; representative: { statement: string; direction: string }[] }[]
  consensus: { agree: string[]; disagree: string[] }
}

async function mapJson(folder: string): Promise<MapJson> {
  const run = await veche(scratch, data, ['opinions', 'map', folder, '--json'])
  expect(run.err).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.out) as MapJson
}

/** A copy of a shared conversation folder, with `change` applied to one of its files. */
function brokenCopy(name: string, file: string, change: (text: string) => string): string {
  const folder = join(scratch, `${name}-${Math.random().toString(36).slice(2)}`)
  mkdirSync(folder)
  for (const f of ['comments.csv', 'votes.csv', 'comments.json', 'votes.json']) {
    try {
      copyFileSync(join(polis, name, f), join(folder, f))
    } catch {
      // not in this export
    }
  }
  writeFileSync(join(folder, file), change(readFileSync(join(polis, name, file), 'utf8')))
  return folder
}

test('veche opinions map --json: vTaiwan UberX, every participant with a position, 1,219 in two groups', async () => {
  const map = await mapJson(join(polis, 'vtaiwan.uberx'))
  expect(map.participants).toHaveLength(1921)
  for (const p of map.participants) {
    expect(typeof p.id).toBe('string')
    expect(p.projection).toHaveLength(2)
    expect(p.projection.every(Number.isFinite)).toBe(true)
  }
  expect(map.participants.filter((p) => p.group === null)).toHaveLength(702)
  expect(map.groups.map((g) => g.id)).toEqual([0, 1])
  expect(map.groups.reduce((n, g) => n + g.size, 0)).toBe(1219)
  for (const g of map.groups) {
    expect(g.representative.length).toBeGreaterThan(0)
    for (const r of g.representative) expect(['agree', 'disagree']).toContain(r.direction)
  }
  expect(map.consensus.agree.length).toBeGreaterThan(0)
  // Pol.is's own groups, from the export's participants-votes.csv
  const rows = readFileSync(join(polis, 'vtaiwan.uberx', 'participants-votes.csv'), 'utf8').split(
    '\n',
  )
  const theirs = new Map(rows.slice(1).map((row) => row.split(',', 2) as [string, string]))
  const placed = map.participants.filter((p) => p.group !== null)
  expect(placed.every((p) => theirs.get(p.id) !== '')).toBe(true)
  const ari = adjustedRandIndex(
    placed.map((p) => theirs.get(p.id) ?? ''),
    placed.map((p) => p.group ?? -1),
  )
  expect(ari).toBeGreaterThan(0.88)
})

test('veche opinions map --json: a red-dwarf fixture gives Pol.is’s groups, representative and consensus statements', async () => {
  const folder = join(polis, 'reddwarf-below-100-ptpts')
  const map = await mapJson(folder)
  const math = JSON.parse(readFileSync(join(folder, 'math-pca2.json'), 'utf8')) as {
    'base-clusters': { members: number[][] }
    'group-clusters': { id: number; members: number[] }[]
    repness: Record<string, { tid: number; 'repful-for': string }[]>
    consensus: { agree: { tid: number }[]; disagree: { tid: number }[] }
  }
  expect(map.consensus).toEqual({
    agree: math.consensus.agree.map((c) => String(c.tid)),
    disagree: math.consensus.disagree.map((c) => String(c.tid)),
  })
  const members = (pids: number[]) => pids.map(String).sort().join(' ')
  const ours = new Map(
    map.groups.map((g) => [
      members(map.participants.filter((p) => p.group === g.id).map((p) => Number(p.id))),
      g.representative.map((r) => `${r.statement} ${r.direction}`),
    ]),
  )
  for (const g of math['group-clusters']) {
    const pids = g.members.flatMap((b) => math['base-clusters'].members[b] ?? [])
    expect(ours.get(members(pids))).toEqual(
      (math.repness[String(g.id)] ?? []).map((r) => `${r.tid} ${r['repful-for']}`),
    )
  }
})

test('veche opinions map: the readable map names the groups, their statements and the consensus', async () => {
  const run = await veche(scratch, data, [
    'opinions',
    'map',
    join(polis, 'reddwarf-below-100-ptpts'),
  ])
  expect(run.code).toBe(0)
  expect(run.out).toContain('35 participants voted on 42 statements')
  expect(run.out).toContain('23 placed in 3 opinion groups')
  expect(run.out).toMatch(
    /group 0: 11 participants\n {2}agree +100% of +6 +#13 +Polis statements can be too simplistic/,
  )
  expect(run.out).toContain('consensus (agree):')
  expect(run.out).toContain('#26')
})

test('veche opinions map: a truncated export is named by file and line, and no map is printed', async () => {
  const midLine = brokenCopy('vtaiwan.uberx', 'votes.csv', (t) =>
    t.slice(0, t.indexOf('\n', 500_000) + 9),
  )
  const run = await veche(scratch, data, ['opinions', 'map', midLine, '--json'])
  expect(run.code).toBe(1)
  expect(run.out).toBe('')
  expect(run.err).toMatch(
    new RegExp(
      `^veche: ${midLine}/votes\\.csv line \\d+: 1 field where the header has 5 \\(is the file cut short\\?\\) \\(opinions\\.parse-error\\)$`,
    ),
  )
  const atLineBreak = brokenCopy('vtaiwan.uberx', 'votes.csv', (t) =>
    t.slice(0, t.indexOf('\n', 500_000) + 1),
  )
  const cut = await veche(scratch, data, ['opinions', 'map', atLineBreak])
  expect(cut.code).toBe(1)
  expect(cut.out).toBe('')
  expect(cut.err).toMatch(
    /comments\.csv line \d+: comment \d+ counts \d+ agree and \d+ disagree votes, but votes\.csv holds/,
  )
  const json = brokenCopy('reddwarf-below-100-ptpts', 'votes.json', (t) => t.slice(0, 50_000))
  const cutJson = await veche(scratch, data, ['opinions', 'map', json])
  expect(cutJson.code).toBe(1)
  expect(cutJson.err).toMatch(
    /votes\.json line \d+: the JSON ends too early \(is the file cut short\?\)/,
  )
})

test('veche opinions map: an unknown statement, or two different votes at the same moment, name their lines', async () => {
  const unknown = brokenCopy('vtaiwan.uberx', 'votes.csv', (t) =>
    t.replace(
      '\n1435656324267,Tue Jun 30 16:25:24 WIB 2015,0,1,1\n',
      '\n1435656324267,Tue Jun 30 16:25:24 WIB 2015,999,1,1\n',
    ),
  )
  const run = await veche(scratch, data, ['opinions', 'map', unknown])
  expect(run.code).toBe(1)
  expect(run.err).toBe(
    `veche: ${unknown}/votes.csv line 3: a vote on comment 999, which comments.csv does not list (opinions.unknown-statement)`,
  )
  // a second vote by voter 1 on comment 0 at the same time, disagreeing (counts kept consistent)
  const clash = brokenCopy('vtaiwan.uberx', 'votes.csv', (t) => `${t}1435656324267,x,0,1,-1\n`)
  const comments = readFileSync(join(polis, 'vtaiwan.uberx', 'comments.csv'), 'utf8')
  writeFileSync(
    join(clash, 'comments.csv'),
    comments.replace(
      /^(\d+,[^,]*,0,\d+,\d+,)(\d+)(,)/m,
      (_, a: string, d: string, b: string) => `${a}${Number(d) + 1}${b}`,
    ),
  )
  const twice = await veche(scratch, data, ['opinions', 'map', clash])
  expect(twice.code).toBe(1)
  expect(twice.out).toBe('')
  expect(twice.err).toMatch(
    new RegExp(
      `^veche: ${clash}/votes\\.csv line 3 \\(and line 49999\\): votes \\d+ and \\d+ are both by participant "1" on statement "0" at the same time, and they differ \\(opinions\\.duplicate-vote\\)$`,
    ),
  )
})

test('veche opinions map: too few participants, or a folder that is not an export, is a clear refusal', async () => {
  const few = join(scratch, 'few')
  mkdirSync(few)
  writeFileSync(
    join(few, 'comments.json'),
    JSON.stringify([0, 1, 2].map((tid) => ({ tid, mod: 1, txt: `s${tid}` }))),
  )
  writeFileSync(
    join(few, 'votes.json'),
    JSON.stringify(
      [0, 1, 2].flatMap((tid) =>
        [0, 1].map((pid) => ({ pid, tid, vote: pid === 0 ? 1 : -1, modified: 1 + tid })),
      ),
    ),
  )
  const run = await veche(scratch, data, ['opinions', 'map', few])
  expect(run.code).toBe(1)
  expect(run.out).toBe('')
  expect(run.err).toBe(
    `veche: ${few}: 2 participants have voted enough to be placed in a group; a map needs at least 3 (opinions.too-few-participants)`,
  )
  const empty = join(scratch, 'empty')
  mkdirSync(empty)
  const notExport = await veche(scratch, data, ['opinions', 'map', empty])
  expect(notExport.code).toBe(1)
  expect(notExport.err).toContain('is not a Pol.is export: expected comments.csv with votes.csv')
  const missing = await veche(scratch, data, ['opinions', 'map', join(scratch, 'nowhere')])
  expect(missing.code).toBe(1)
  expect(missing.err).toContain('ENOENT')
})

test(`veche opinions map: an export file over ${MAX_EXPORT_FILE_BYTES} bytes is refused before it is read`, async () => {
  const big = join(scratch, 'big')
  mkdirSync(big)
  writeFileSync(
    join(big, 'comments.csv'),
    readFileSync(join(polis, 'vtaiwan.uberx', 'comments.csv')),
  )
  writeFileSync(join(big, 'votes.csv'), '')
  truncateSync(join(big, 'votes.csv'), MAX_EXPORT_FILE_BYTES + 1) // sparse: takes no disk space
  const run = await veche(scratch, data, ['opinions', 'map', big])
  expect(run.code).toBe(1)
  expect(run.out).toBe('')
  expect(run.err).toBe(
    `veche: ${big}/votes.csv is ${MAX_EXPORT_FILE_BYTES + 1} bytes; an export file may be at most ${MAX_EXPORT_FILE_BYTES}`,
  )
})
