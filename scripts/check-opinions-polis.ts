// Maps Pol.is exports and compares the map's opinion groups with Pol.is's own, conversation by
// conversation, for checks on data beyond ../shared/data (polis-reference.test.ts covers the shared
// conversations). Run by hand, after `npx tsc -b`:
//
//   node scripts/dist/check-opinions-polis.js FOLDER...
//
// Each FOLDER is one export, or a folder of exports (one level down): openData (`comments.csv`
// with `votes.csv`, else `participants-votes.csv`; Pol.is's groups from the `group-id` column of
// `participants-votes.csv`) or red-dwarf (`comments.json`, `votes.json`, Pol.is's groups from
// `math-pca2.json`). One JSON line per conversation: who is placed in groups (the map, Pol.is,
// both), the number of groups of each, the adjusted Rand index over the participants both placed,
// and the silhouette of each number of groups the map tried. A folder without Pol.is's groups, or
// that the readers refuse, gets a line saying why.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import {
  adjustedRandIndex,
  mapOpinions,
  readOpenDataExport,
  readRedDwarfExport,
} from '@veche/opinions'
import type { OpinionsInput } from '@veche/opinions'

interface PolisMathGroups {
  readonly 'base-clusters': {
    readonly id: readonly number[]
    readonly members: readonly (readonly number[])[]
  }
  readonly 'group-clusters': readonly { readonly id: number; readonly members: readonly number[] }[]
}

function read(folder: string, file: string): string | undefined {
  const path = join(folder, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** The map's input and Pol.is's group of each participant, or why the folder cannot be compared. */
function readExport(
  folder: string,
):
  | { input: OpinionsInput; groups: ReadonlyMap<string, number | null>; votes: string }
  | { problem: string } {
  const votesJson = read(folder, 'votes.json')
  if (votesJson !== undefined) {
    const outcome = readRedDwarfExport({
      'comments.json': read(folder, 'comments.json') ?? '',
      'votes.json': votesJson,
    })
    if (!outcome.ok) return { problem: outcome.message }
    const math = read(folder, 'math-pca2.json')
    if (math === undefined) return { problem: 'no math-pca2.json: no Pol.is groups to compare' }
    const parsed = JSON.parse(math) as PolisMathGroups
    const groupOfBase = new Map<number, number>()
    for (const g of parsed['group-clusters']) for (const b of g.members) groupOfBase.set(b, g.id)
    const groups = new Map<string, number | null>()
    parsed['base-clusters'].id.forEach((b, i) => {
      for (const p of parsed['base-clusters'].members[i] ?? [])
        groups.set(String(p), groupOfBase.get(b) ?? null)
    })
    return { input: outcome.report.input, groups, votes: 'votes.json' }
  }
  const comments = read(folder, 'comments.csv')
  const participantsVotes = read(folder, 'participants-votes.csv')
  if (comments === undefined || participantsVotes === undefined)
    return {
      problem: 'not a Pol.is export with Pol.is groups (comments.csv, participants-votes.csv)',
    }
  const current = readOpenDataExport({
    'comments.csv': comments,
    'participants-votes.csv': participantsVotes,
  })
  if (!current.ok) return { problem: current.message }
  const groups = current.report.polisGroups
  if (groups === null) return { problem: 'participants-votes.csv has no group-id column' }
  const votesCsv = read(folder, 'votes.csv')
  if (votesCsv === undefined)
    return { input: current.report.input, groups, votes: 'participants-votes.csv' }
  const timed = readOpenDataExport({ 'comments.csv': comments, 'votes.csv': votesCsv })
  if (!timed.ok) return { problem: timed.message }
  return { input: timed.report.input, groups, votes: 'votes.csv' }
}

function isExport(folder: string): boolean {
  return ['votes.json', 'participants-votes.csv'].some((f) => existsSync(join(folder, f)))
}

function check(folder: string): Record<string, unknown> {
  const read = readExport(folder)
  if ('problem' in read) return { conversation: basename(folder), skipped: read.problem }
  const outcome = mapOpinions(read.input, { seed: 'veche' })
  if (!outcome.ok) return { conversation: basename(folder), skipped: outcome.message }
  const map = outcome.report
  const theirs: number[] = []
  const ours: number[] = []
  let placedByMap = 0
  let placedByPolis = 0
  for (const p of map.participants) {
    const polis = read.groups.get(p.id)
    if (p.group !== null) placedByMap++
    if (polis !== undefined && polis !== null) placedByPolis++
    if (p.group === null || polis === undefined || polis === null) continue
    theirs.push(polis)
    ours.push(p.group)
  }
  return {
    conversation: basename(folder),
    votes: read.votes,
    placed: { map: placedByMap, polis: placedByPolis, both: ours.length },
    groups: { map: map.groups.length, polis: new Set(theirs).size },
    adjustedRand: ours.length === 0 ? null : Number(adjustedRandIndex(theirs, ours).toFixed(3)),
    silhouettes: map.method.silhouettes.map((s) => [s.k, Number(s.silhouette.toFixed(3))]),
  }
}

const folders = process.argv.slice(2)
if (folders.length === 0) {
  process.stderr.write('usage: node scripts/dist/check-opinions-polis.js FOLDER...\n')
  process.exit(2)
}
for (const folder of folders) {
  const exports = isExport(folder)
    ? [folder]
    : readdirSync(folder)
        .sort()
        .map((name) => join(folder, name))
        .filter((path) => statSync(path).isDirectory() && isExport(path))
  if (exports.length === 0)
    process.stdout.write(`${JSON.stringify({ folder, skipped: 'no Pol.is export found' })}\n`)
  for (const path of exports) process.stdout.write(`${JSON.stringify(check(path))}\n`)
}
