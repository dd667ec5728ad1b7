// A resolution of an assembly that also held a secret vote: its proof file carries the held
// ballots each seal names, so it verifies offline. Before, the proof left them out and
// `veche verify-statement` said INVALID (`poll.unknown-ballot` on the seal) for every statement
// of such a space. Real processes on a real data folder.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-secret-proof-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(...args: string[]): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [BIN, '--data', join(root, 'hall'), ...args], {
    encoding: 'utf8',
  })
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }
}

function ok(...args: string[]): string {
  const run = veche(...args)
  expect(run.err, args.join(' ')).toBe('')
  expect(run.status, args.join(' ')).toBe(0)
  return run.out
}

test('verify-statement: a resolution of a space with a sealed secret poll verifies', () => {
  ok('id', 'new', 'aigerim')
  const bolat = ok('id', 'new', 'bolat')
  const space = ok('--as', 'aigerim', 'assembly', 'create', '--name', 'Hall')
  ok('--as', 'aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')

  // The README's secret poll: Bolat's vote waits for Aigerim's credential, then is cast and sealed.
  const secret = ok(
    ...['--as', 'aigerim', 'poll', 'open', '--space', space, '--secret'],
    ...['--question', 'Strike?', '--options', 'yes,no'],
  )
  expect(veche('--as', 'bolat', 'vote', '--poll', secret, '--choice', 'yes').status).toBe(75)
  ok('--as', 'aigerim', 'secret', 'tend')
  ok('--as', 'bolat', 'secret', 'tend')
  expect(ok('--as', 'aigerim', 'poll', 'close', '--poll', secret)).toContain(
    'counted: 1 secret ballot(s) sealed',
  )

  const draft = join(root, 'statement.json')
  writeFileSync(
    draft,
    JSON.stringify({
      language: 'en',
      title: 'Eight hours',
      lead: [],
      paragraphs: ['We demand the eight-hour day.'],
      closing: [],
      references: [],
      notes: '',
    }),
  )
  const statement = ok('--as', 'bolat', 'statement', 'draft', '--space', space, '--file', draft)
  const poll = ok('--as', 'aigerim', 'statement', 'poll', '--statement', statement)
  ok('--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes')
  ok('--as', 'aigerim', 'poll', 'close', '--poll', poll)
  ok('--as', 'aigerim', 'statement', 'adopt', '--statement', statement, '--poll', poll)

  const proof = join(root, 'resolution.json')
  ok('statement', 'export', '--statement', statement, '--format', 'json', '--out', proof)
  const verified = veche('verify-statement', proof)
  expect(verified.err).toBe('')
  expect(verified.out).toMatch(/^valid: /)
  expect(verified.status).toBe(0)
  const types = (
    JSON.parse(readFileSync(proof, 'utf8')) as { spaces: Record<string, { type: string }[]> }
  ).spaces[space]!.map((e) => e.type)
  // The held ballot goes just before the seal that names it.
  expect(types[types.indexOf('secret.poll-sealed') - 1]).toBe('secret.ballot')
})
