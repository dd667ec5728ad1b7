// `veche import` counts what it took as `veche export` counted what it wrote: the space's events,
// then its held secret ballots (the README's tour exports "15 events, and 1 held secret
// ballot(s)"; the import said "16 new event(s)"), and a bundle import says that events wait only
// when they still do. Real processes on real data folders.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-import-count-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(data: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [BIN, '--data', join(root, data), ...args], {
    encoding: 'utf8',
  })
  return { status: run.status, out: run.stdout.trim() }
}

test('an export with a held secret ballot imports as the same events and ballot', () => {
  veche('hall', 'id', 'new', 'aigerim')
  const bolat = veche('hall', 'id', 'new', 'bolat').out
  const space = veche('hall', '--as', 'aigerim', 'assembly', 'create', '--name', 'Hall').out
  veche('hall', '--as', 'aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  const poll = veche(
    'hall',
    '--as',
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--secret',
    '--question',
    'Strike?',
    '--options',
    'yes,no',
  ).out
  expect(veche('hall', '--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes').status).toBe(75)
  veche('hall', '--as', 'aigerim', 'secret', 'tend')
  veche('hall', '--as', 'bolat', 'secret', 'tend')
  expect(veche('hall', '--as', 'aigerim', 'poll', 'close', '--poll', poll).status).toBe(0)
  const file = join(root, 'hall.veche')
  const exported = veche('hall', 'export', '--space', space, '--out', file).out
  const events = Number(
    /^exported (\d+) events to .*, and 1 held secret ballot\(s\)$/.exec(exported)?.[1],
  )
  expect(events).toBeGreaterThan(0)
  expect(veche('elsewhere', 'import', file).out).toBe(
    `imported ${events} new event(s) and 1 held secret ballot(s) from ${file}`,
  )
  expect(veche('elsewhere', 'import', file).out).toBe(
    `imported 0 new event(s) from ${file}; ${events + 1} already known`,
  )
  // A bundle of the same space: the secret poll's events held back on arrival and released by
  // the rest of the bundle are not reported as waiting, since nothing waits.
  const bundle = join(root, 'hall.bundle')
  expect(veche('hall', 'bundle', 'export', '--space', space, '--out', bundle).status).toBe(0)
  const imported = veche('bundled', 'bundle', 'import', bundle).out
  expect(imported).toMatch(/^imported \d+ new event\(s\) from /)
  expect(imported).not.toContain('waiting')
  expect(veche('bundled', 'pending').out).toBe('nothing is pending')
})
