// `veche bundle` as people carrying events between hubs use it: real processes, real data folders,
// real files.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, expect, test } from 'vitest'
import { sha256 } from './bundle-file.js'
import * as previous from './test-support/previous-vector-file.js'
import { HEADS_ENTRY, parseVectorFile } from './vector-file.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-bundle-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(data: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, '--data', data, ...args], {
    encoding: 'utf8',
    cwd: root,
  })
  return { code: run.status ?? -1, out: run.stdout.trim(), err: run.stderr.trim() }
}

function ok(data: string, ...args: string[]): string {
  const run = veche(data, ...args)
  expect(run.err, `veche ${args.join(' ')}`).toBe('')
  expect(run.code).toBe(0)
  return run.out
}

function hashes(data: string): string {
  return ok(data, 'verify')
}

/** An assembly with a proposal, founded in a new folder by five `veche` runs; returns its space id. */
function foundNew(data: string): string {
  const bolat = (ok(data, 'id', 'new', 'aigerim'), ok(data, 'id', 'new', 'bolat'))
  const space = ok(data, '--as', 'aigerim', 'assembly', 'create', '--name', 'Dock assembly')
  ok(data, '--as', 'aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  ok(data, '--as', 'bolat', 'propose', '--space', space, '--title', 'Shade', '--text', 'Awnings.')
  return space
}

/** The assembly the first `found` made: later ones copy its folder rather than run five `veche`s. */
let founded: { readonly dir: string; readonly space: string } | null = null

/**
 * An assembly with a proposal in a new folder: the same one (its keys and space) every time, which
 * is all these tests need of it, as each works in its own folders. Returns its space id.
 */
function found(data: string): string {
  if (founded === null) {
    const dir = join(root, 'founded')
    founded = { dir, space: foundNew(dir) }
  }
  cpSync(founded.dir, data, { recursive: true })
  return founded.space
}

test('bundle: export, import into an empty hub, same hash; importing again changes nothing', () => {
  const hall = join(root, 'hall')
  const space = found(hall)
  const file = join(root, 'hall.bundle')
  expect(ok(hall, 'bundle', 'export', '--out', file)).toMatch(/exported 3 event\(s\) of 1 space/)
  const far = join(root, 'far')
  expect(ok(far, 'bundle', 'import', file)).toBe(`imported 3 new event(s) from ${file}`)
  expect(hashes(far)).toBe(hashes(hall))
  expect(ok(far, 'bundle', 'import', file)).toBe(
    `imported 0 new event(s) from ${file}; 3 already known`,
  )
  expect(hashes(far)).toContain(space)
})

test('bundle: --since a vector file carries only what the other side lacks', () => {
  const hall = join(root, 'since-hall')
  const space = found(hall)
  const far = join(root, 'since-far')
  const first = join(root, 'since-1.bundle')
  ok(hall, 'bundle', 'export', '--space', space, '--out', first)
  ok(far, 'bundle', 'import', first)
  // The hall decides more; the far hub sends its vector; the hall sends only the new events.
  ok(hall, '--as', 'bolat', 'propose', '--space', space, '--title', 'Water', '--text', 'Taps.')
  ok(hall, '--as', 'aigerim', 'propose', '--space', space, '--title', 'Rest', '--text', 'Chairs.')
  const vector = join(root, 'far.vector')
  ok(far, 'bundle', 'vector', '--out', vector)
  const stated = JSON.parse(readFileSync(vector, 'utf8')) as { spaces: Record<string, object> }
  expect(Object.values(stated.spaces[space]!).sort()).toEqual([1, 2])
  const second = join(root, 'since-2.bundle')
  expect(ok(hall, 'bundle', 'export', '--since', vector, '--out', second)).toMatch(
    /exported 2 event\(s\)/,
  )
  expect(ok(far, 'bundle', 'import', second)).toBe(`imported 2 new event(s) from ${second}`)
  expect(hashes(far)).toBe(hashes(hall))
})

/** The header line of a bundle file. */
function headerOf(file: string): Record<string, unknown> {
  const text = gunzipSync(readFileSync(file)).toString('utf8')
  return JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>
}

test('bundle: ballots held back at a hub without their poll travel on and are accepted where the poll is', () => {
  const hall = join(root, 'held-hall')
  const space = found(hall)
  // The relay hub knows the assembly but never got the poll.
  const relay = join(root, 'held-relay')
  const early = join(root, 'held-early.bundle')
  ok(hall, 'bundle', 'export', '--out', early)
  expect(headerOf(early)).toMatchObject({ version: 1, events: 3 })
  ok(relay, 'bundle', 'import', early)
  const poll = ok(hall, '--as', 'aigerim', 'poll', 'open', '--space', space, '--method', 'majority', '--options', 'yes,no', '--question', 'Awnings?') // prettier-ignore
  // The far hub has the poll.
  const far = join(root, 'held-far')
  const withPoll = join(root, 'held-poll.bundle')
  ok(hall, 'bundle', 'export', '--out', withPoll)
  ok(far, 'bundle', 'import', withPoll)
  const beforeVotes = join(root, 'held-hall.vector')
  ok(hall, 'bundle', 'vector', '--out', beforeVotes)
  ok(hall, '--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes')
  ok(hall, '--as', 'aigerim', 'vote', '--poll', poll, '--choice', 'no')
  // Only the ballots leave the hall, and reach the relay, which holds them back.
  const ballots = join(root, 'held-ballots.bundle')
  expect(ok(hall, 'bundle', 'export', '--since', beforeVotes, '--out', ballots)).toMatch(
    /^exported 2 event\(s\) of 1 space\(s\) to \S+ \(\d+ bytes\)$/,
  )
  expect(ok(relay, 'bundle', 'import', ballots)).toBe(
    `imported 0 new event(s) from ${ballots}; 2 waiting for events they depend on`,
  )
  // The relay passes them on to the far hub: they are what it holds back that far lacks.
  const farVector = join(root, 'held-far.vector')
  ok(far, 'bundle', 'vector', '--out', farVector)
  const onward = join(root, 'held-onward.bundle')
  expect(ok(relay, 'bundle', 'export', '--since', farVector, '--out', onward)).toMatch(
    /^exported 2 event\(s\) of 1 space\(s\) to \S+ \(\d+ bytes\); 2 of them held back here, waiting for events they depend on$/,
  )
  expect(headerOf(onward)).toMatchObject({
    version: 2,
    events: 2,
    spaces: { [space]: 2 },
    held: { [space]: 2 },
  })
  expect(ok(far, 'bundle', 'import', onward)).toBe(
    `imported 2 new event(s) from ${onward} (2 of the bundle's events were held back by the hub that wrote it)`,
  )
  expect(hashes(far)).toBe(hashes(hall))
  expect(ok(far, 'pending')).toBe('nothing is pending')
  // Importing it again changes nothing; without --since the relay sends everything, held included.
  expect(ok(far, 'bundle', 'import', onward)).toContain('0 new event(s)')
  const all = join(root, 'held-all.bundle')
  expect(ok(relay, 'bundle', 'export', '--out', all)).toMatch(
    /exported 5 event\(s\).*; 2 of them held/,
  )
  // A header that announces more held events of a space than the space has is refused.
  const text = gunzipSync(readFileSync(onward)).toString('utf8')
  const newline = text.indexOf('\n')
  const lying = { ...headerOf(onward), held: { [space]: 3 } }
  const lyingFile = join(root, 'held-lying.bundle')
  writeFileSync(lyingFile, gzipSync(`${JSON.stringify(lying)}\n${text.slice(newline + 1)}`))
  const refused = veche(join(root, 'held-nowhere'), 'bundle', 'import', lyingFile)
  expect(refused.code).toBe(1)
  expect(refused.err).toContain(
    `announces 3 held-back events of space ${space} but only 2 events of it; nothing was imported`,
  )
})

test('bundle: a damaged, re-checksummed or foreign file is refused with the reason; nothing written', () => {
  const hall = join(root, 'tamper-hall')
  found(hall)
  const file = join(root, 'tamper.bundle')
  ok(hall, 'bundle', 'export', '--out', file)
  const bytes = readFileSync(file)
  const target = join(root, 'tamper-far')
  const expectRefused = (name: string, data: Uint8Array, reason: RegExp) => {
    const path = join(root, name)
    writeFileSync(path, data)
    const run = veche(target, 'bundle', 'import', path)
    expect(run.code).toBe(1)
    expect(run.err).toMatch(reason)
    expect(run.err).toContain('nothing was imported')
    expect(ok(target, 'verify')).toBe('no spaces')
  }
  // One flipped byte in the compressed data: gzip's check or ours refuses it.
  const flipped = Buffer.from(bytes)
  flipped[Math.floor(flipped.length / 2)]! ^= 0x20
  expectRefused('flipped.bundle', flipped, /damaged/)
  expectRefused('cut.bundle', bytes.subarray(0, bytes.length - 30), /damaged or truncated/)
  expectRefused('foreign.bundle', Buffer.from('hello'), /not a Veche bundle/)
  // An edited event with the checksum recomputed: the checksum passes, the signature does not.
  const text = gunzipSync(bytes).toString('utf8')
  const newline = text.indexOf('\n')
  const content = text.slice(newline + 1).replace('Awnings.', 'Awnings!')
  const header = { ...(JSON.parse(text.slice(0, newline)) as object), sha256: sha256(content) }
  expectRefused(
    'edited.bundle',
    gzipSync(`${JSON.stringify(header)}\n${content}`),
    /event 3: rejected: event\.bad-signature/,
  )
  // The checksum left as it was: refused before any event is looked at.
  expectRefused(
    'stale-sum.bundle',
    gzipSync(`${text.slice(0, newline)}\n${content}`),
    /does not match its checksum/,
  )
  // Bounded before anything is parsed: a decompression bomb (a few KB inflating to 64 MB), a
  // header announcing 20 million events, and a million lines where the header announces 2.
  const bomb = `${JSON.stringify(header)}\n${'x'.repeat(64 * 1024 * 1024)}`
  expectRefused('bomb.bundle', gzipSync(bomb, { level: 9 }), /refused as a decompression bomb/)
  expectRefused(
    'many.bundle',
    gzipSync(`${JSON.stringify({ ...header, events: 20_000_000 })}\n${content}`),
    /announces 20000000 events; a bundle holds at most 1000000/,
  )
  const keys = Array.from({ length: 250_000 }, (_, i) => `"k${i}":${i}`).join(',')
  const wide = `{${keys}}\n{"n":1}\n`
  expectRefused(
    'wide.bundle',
    gzipSync(`${JSON.stringify({ ...header, events: 2, sha256: sha256(wide) })}\n${wide}`),
    /event 1: more than 450000 JSON members, more than any event holds/,
  )
  const wideHeader = { ...header, extra: Object.fromEntries(keys.split(',').map((k, i) => [k, i])) }
  expectRefused(
    'wide-header.bundle',
    gzipSync(
      `${JSON.stringify({ ...wideHeader, more: Object.fromEntries(keys.split(',').map((k, i) => [`m${k}`, i])) })}\n${content}`,
    ),
    /the bundle header holds more than 450000 JSON members/,
  )
  const lines = Array.from({ length: 1_000_000 }, (_, i) => `{"n":${i * 7919}}\n`).join('')
  expectRefused(
    'lines.bundle',
    gzipSync(`${JSON.stringify({ ...header, events: 2, sha256: sha256(lines) })}\n${lines}`),
    /announces 2 events but the bundle holds more lines/,
  )
})

test('bundle qr: a series of real PNG codes reads back in any order; a missing or foreign code is named', () => {
  const hall = join(root, 'qr-hall')
  found(hall)
  const file = join(root, 'qr.bundle')
  ok(hall, 'bundle', 'export', '--out', file)
  const dir = join(root, 'codes')
  expect(ok(hall, 'bundle', 'qr', file, '--out', dir, '--chunk', '300')).toMatch(/wrote \d+ QR/)
  const pngs = readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
  expect(pngs.length).toBeGreaterThan(2)
  expect(readFileSync(pngs[0]!).subarray(1, 4).toString()).toBe('PNG')
  const back = join(root, 'back.bundle')
  ok(hall, 'bundle', 'unqr', ...[...pngs].reverse(), pngs[1]!, '--out', back)
  expect(readFileSync(back).equals(readFileSync(file))).toBe(true)
  const far = join(root, 'qr-far')
  ok(far, 'bundle', 'import', back)
  expect(hashes(far)).toBe(hashes(hall))
  // One code left out: named, and no bundle written.
  const incomplete = veche(
    hall,
    'bundle',
    'unqr',
    ...pngs.filter((_, i) => i !== 1),
    '--out',
    join(root, 'x.bundle'),
  )
  expect(incomplete.code).toBe(1)
  expect(incomplete.err).toMatch(new RegExp(`missing code\\(s\\) 2 of ${pngs.length}`))
  // A code of another bundle: named as foreign.
  const other = join(root, 'other-hall')
  // Another assembly, not a copy: its bundle's codes are a series of their own.
  foundNew(other)
  ok(other, 'bundle', 'export', '--out', join(root, 'other.bundle'))
  ok(other, 'bundle', 'qr', join(root, 'other.bundle'), '--out', join(root, 'other-codes'))
  const foreign = readdirSync(join(root, 'other-codes')).map((n) =>
    join(root, 'other-codes', n),
  )[0]!
  const mixed = veche(hall, 'bundle', 'unqr', ...pngs, foreign, '--out', join(root, 'y.bundle'))
  expect(mixed.code).toBe(1)
  expect(mixed.err).toContain(`${foreign} belongs to another series`)
  // A small file declaring a huge image (12,000 × 12,000 pixels) is refused before decoding.
  const huge = Buffer.from(readFileSync(pngs[0]!))
  huge.writeUInt32BE(12_000, 16)
  huge.writeUInt32BE(12_000, 20)
  const hugeFile = join(root, 'huge.png')
  writeFileSync(hugeFile, huge)
  const refusedHuge = veche(
    hall,
    'bundle',
    'unqr',
    ...pngs,
    hugeFile,
    '--out',
    join(root, 'z.bundle'),
  )
  expect(refusedHuge.code).toBe(1)
  expect(refusedHuge.err).toContain(`${hugeFile}: an image of 12000 × 12000 pixels is larger`)
  expect(existsSync(join(root, 'z.bundle'))).toBe(false)
  // SVG for printing.
  ok(hall, 'bundle', 'qr', file, '--out', join(root, 'svg'), '--svg')
  const svg = readdirSync(join(root, 'svg'))[0]!
  expect(readFileSync(join(root, 'svg', svg), 'utf8')).toMatch(/^<svg/)
})

test('bundle: one key signing on two hubs is a fork; after bundles both ways both hubs agree and keep the evidence', () => {
  const hall = join(root, 'fork-hall')
  const space = found(hall)
  const far = join(root, 'fork-far')
  const start = join(root, 'fork-start.bundle')
  ok(hall, 'bundle', 'export', '--out', start)
  ok(far, 'bundle', 'import', start)
  // Bolat's key is copied to the far hub (a stolen or cloned phone) and signs there too.
  mkdirSync(join(far, 'identities'), { recursive: true })
  copyFileSync(join(hall, 'identities', 'bolat.json'), join(far, 'identities', 'bolat.json'))
  chmodSync(join(far, 'identities', 'bolat.json'), 0o600)
  ok(hall, '--as', 'bolat', 'propose', '--space', space, '--title', 'Strike', '--text', 'Monday.')
  ok(far, '--as', 'bolat', 'propose', '--space', space, '--title', 'Strike', '--text', 'Never.')
  const there = join(root, 'fork-there.bundle')
  const back = join(root, 'fork-back.bundle')
  ok(hall, 'bundle', 'export', '--out', there)
  ok(far, 'bundle', 'export', '--out', back)
  expect(ok(far, 'bundle', 'import', there)).toContain('1 kept as fork evidence')
  expect(ok(hall, 'bundle', 'import', back)).toContain('1 kept as fork evidence')
  expect(hashes(far)).toBe(hashes(hall))
  const shown = JSON.parse(ok(hall, '--json', 'verify')) as { spaces: { heldBack?: number }[] }
  expect(shown.spaces[0]!.heldBack).toBe(1)
  // Carried on to a third hub, the evidence travels with the space and gives the same state.
  const third = join(root, 'fork-third')
  const onward = join(root, 'fork-onward.bundle')
  ok(hall, 'bundle', 'export', '--out', onward)
  ok(third, 'bundle', 'import', onward)
  expect(hashes(third)).toBe(hashes(hall))
  expect(ok(third, 'bundle', 'import', onward)).toContain('already known')
  expect(hashes(third)).toBe(hashes(hall))

  // The facilitator sees the fork, resolves it, and Bolat's chain counts again from there.
  const keys = JSON.parse(ok(hall, '--json', 'id', 'list')) as { name: string; publicKey: string }[]
  const keyOf = (name: string): string => keys.find((k) => k.name === name)!.publicKey
  const bolat = keyOf('bolat')
  expect(ok(hall, 'fork', 'list', '--space', space)).toContain(`${bolat}: seq 2 forked; flagged`)
  const listed = JSON.parse(ok(hall, '--json', 'fork', 'list', '--space', space)) as {
    forks: { author: string; seqs: number[]; resolved: boolean; evidence: string[] }[]
  }
  expect(listed.forks).toMatchObject([{ author: bolat, seqs: [2], resolved: false }])
  expect(listed.forks[0]!.evidence).toHaveLength(1)
  const refused = veche(
    hall,
    '--as',
    'aigerim',
    'fork',
    'resolve',
    '--space',
    space,
    '--member',
    keyOf('aigerim'),
  )
  expect(refused.code).toBe(1)
  expect(refused.err).toContain('has no fork in space')
  const resolved = JSON.parse(
    ok(
      hall,
      '--json',
      '--as',
      'aigerim',
      'fork',
      'resolve',
      '--space',
      space,
      '--member',
      bolat,
      '--note',
      'Bolat re-keyed his phone',
    ),
  ) as { event: string; next: number }
  expect(resolved.next).toBe(3)
  expect(ok(hall, 'fork', 'list', '--space', space)).toContain(
    `resolved by ${resolved.event}, resumes at seq 3`,
  )
  ok(hall, '--as', 'bolat', 'propose', '--space', space, '--title', 'Strike Tuesday', '--text', '.')
  expect(ok(hall, 'show', '--space', space)).toContain('"Strike Tuesday" open')
  // Carried to the far hub, the resolution and the new proposal give the same state there.
  const after = join(root, 'fork-after.bundle')
  ok(hall, 'bundle', 'export', '--out', after)
  ok(far, 'bundle', 'import', after)
  expect(hashes(far)).toBe(hashes(hall))
  expect(ok(far, 'pending')).toBe('nothing is pending')
}, 120_000)

test('bundle: a fork below the newest events, carried with --since both ways, is flagged on both hubs, one state', () => {
  const hall = join(root, 'below-hall')
  const space = found(hall)
  const far = join(root, 'below-far')
  const start = join(root, 'below-start.bundle')
  ok(hall, 'bundle', 'export', '--out', start)
  ok(far, 'bundle', 'import', start)
  // Bolat's key on a second phone that reaches only the far hub: both sign seq 2, and the second
  // phone signs seq 3 on its own seq 2, so the far hub is ahead and the hall's seq 2 differs.
  mkdirSync(join(far, 'identities'), { recursive: true })
  copyFileSync(join(hall, 'identities', 'bolat.json'), join(far, 'identities', 'bolat.json'))
  chmodSync(join(far, 'identities', 'bolat.json'), 0o600)
  ok(hall, '--as', 'bolat', 'propose', '--space', space, '--title', 'Strike', '--text', 'Monday.')
  ok(far, '--as', 'bolat', 'propose', '--space', space, '--title', 'Strike', '--text', 'Never.')
  ok(far, '--as', 'bolat', 'propose', '--space', space, '--title', 'Picnic', '--text', 'Sunday.')
  // Each side carries only what the other's vector says it lacks.
  const hallVector = join(root, 'below-hall.vector')
  ok(hall, 'bundle', 'vector', '--out', hallVector)
  const there = join(root, 'below-there.bundle')
  ok(far, 'bundle', 'export', '--since', hallVector, '--out', there)
  expect(ok(hall, 'bundle', 'import', there)).toContain('1 kept as fork evidence')
  const farVector = join(root, 'below-far.vector')
  ok(far, 'bundle', 'vector', '--out', farVector)
  const back = join(root, 'below-back.bundle')
  ok(hall, 'bundle', 'export', '--since', farVector, '--out', back)
  expect(ok(far, 'bundle', 'import', back)).toContain('1 kept as fork evidence')
  // One state; the hall holds the far phone's seq 3 back (its author is flagged), so it stores
  // one event fewer.
  const state = (data: string): string => hashes(data).replace(/ \(\d+ events\)$/, '')
  expect(state(far)).toBe(state(hall))
  expect(ok(hall, 'pending')).toContain('fork.author-flagged')
  for (const data of [hall, far])
    expect(ok(data, 'fork', 'list', '--space', space)).toContain('seq 2 forked; flagged')
  // Hubs not upgraded yet read these files (version 1, the heads an entry of no space there), and
  // this one reads theirs (no heads: export carries what it did before).
  const written = readFileSync(farVector, 'utf8')
  const read = parseVectorFile(written)
  if (!read.ok) throw new Error(read.message)
  const prior = previous.parseVectorFile(written)
  if (!prior.ok) throw new Error(`the previous release refuses it: ${prior.message}`)
  expect(Object.keys(read.vector)).toEqual([space])
  expect(Object.keys(prior.vector).sort()).toEqual([space, HEADS_ENTRY].sort())
  expect(prior.vector[space]).toEqual(read.vector[space])
  const old = join(root, 'below-old.vector')
  writeFileSync(old, previous.vectorFileText(read.vector))
  expect(
    ok(hall, 'bundle', 'export', '--since', old, '--out', join(root, 'below-old.bundle')),
  ).toMatch(/^exported \d+ event\(s\)/)
}, 120_000)
