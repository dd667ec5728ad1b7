// What `veche poll close` and `veche show` print for the results of every kind of poll: a recall's
// close crashed the command after signing (and `show` crashed on the space from then on), and
// ranked, approval and score results came out as one line of raw JSON. Real processes on a real
// data folder.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-result-text-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(...args: string[]): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [BIN, '--data', join(root, 'hall'), ...args], {
    encoding: 'utf8',
  })
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }
}

/** Runs a command that must succeed silently on standard error; returns its output. */
function ok(...args: string[]): string {
  const run = veche(...args)
  expect(run.err, args.join(' ')).toBe('')
  expect(run.status, args.join(' ')).toBe(0)
  return run.out
}

const aigerim = ok('id', 'new', 'aigerim')
const bolat = ok('id', 'new', 'bolat')
const space = ok('--as', 'aigerim', 'assembly', 'create', '--name', 'Hall')
ok('--as', 'aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')

/**
 * Opens a poll as Aigerim, casts each ballot (as Bolat, then Aigerim) and closes it; returns the
 * poll and what the close printed.
 */
function decide(
  open: readonly string[],
  ballots: readonly (readonly string[])[],
): { poll: string; closed: string } {
  const poll = ok('--as', 'aigerim', 'poll', 'open', '--space', space, ...open)
  for (const [i, ballot] of ballots.entries())
    ok('--as', i === 0 ? 'bolat' : 'aigerim', 'vote', '--poll', poll, ...ballot)
  return { poll, closed: ok('--as', 'aigerim', 'poll', 'close', '--poll', poll) }
}

test('an IRV, an approval and a score poll close with their winners and counts, not raw JSON', () => {
  const irv = decide(
    ['--question', 'Which?', '--method', 'irv', '--options', 'A,B,C'],
    [
      ['--ranking', 'B,A,C'],
      ['--ranking', 'B,C'],
    ],
  ).closed
  expect(irv).toBe(
    'closed: 2 ballot(s) sealed\nresult: decided — "B" (irv)\n' +
      '  A 0, B 2, C 0 at stage 1; 2 ballot(s), no quorum',
  )
  const approval = decide(
    ['--question', 'Which?', '--method', 'approval', '--options', 'A,B,C'],
    [
      ['--approve', 'A,C'],
      ['--approve', 'C'],
    ],
  ).closed
  expect(approval).toContain('result: decided — "C" (approval)\n  A 1, B 0, C 2; 2 ballot(s)')
  const score = decide(
    ['--question', 'Which?', '--method', 'score', '--score-range', '0..5', '--options', 'A,B'],
    [['--score', 'A=3,B=5']],
  ).closed
  expect(score).toContain('result: decided — "B" (score)\n  A 3, B 5; 1 ballot(s)')
  expect(`${irv}${approval}${score}`).not.toContain('{')
})

test('a recall poll closes and prints its result, and show prints the space after it', () => {
  const council = ok('--as', 'aigerim', 'council', 'create', '--name', 'District')
  const kettle = decide(
    ['--question', 'Buy a kettle?', '--options', 'yes,no'],
    [['--choice', 'yes']],
  ).poll
  const refused = veche(
    ...['--as', 'aigerim', 'council', 'join', '--space', space, '--council', council],
    ...['--poll', kettle],
  )
  expect(refused.status).not.toBe(0)
  expect(refused.err).toContain('decision.wrong-subject')
  expect(refused.err).toContain('`veche council poll --on join|leave|mandate|referral`')
  const joinPoll = ok(
    ...['--as', 'aigerim', 'council', 'poll', '--space', space, '--council', council],
    ...['--on', 'join'],
  )
  ok('--as', 'bolat', 'vote', '--poll', joinPoll, '--choice', 'yes')
  ok('--as', 'aigerim', 'poll', 'close', '--poll', joinPoll)
  const decision = ok(
    ...['--as', 'aigerim', 'council', 'join', '--space', space, '--council', council],
    ...['--poll', joinPoll],
  )
  ok('--as', 'aigerim', 'council', 'admit', '--council', council, '--decision', decision)
  const election = ok(
    ...['--as', 'aigerim', 'poll', 'open', '--space', space, '--question', 'Delegate?'],
    ...['--options', `${bolat},${aigerim}`],
  )
  ok('--as', 'bolat', 'vote', '--poll', election, '--choice', bolat)
  ok('--as', 'aigerim', 'poll', 'close', '--poll', election)
  ok(
    ...['--as', 'aigerim', 'delegate', 'elect', '--space', space, '--council', council],
    ...['--poll', election],
  )
  const recall = ok(
    ...['--as', 'aigerim', 'recall', 'start', '--space', space, '--council', council],
    ...['--delegate', bolat],
  )
  ok('--as', 'aigerim', 'vote', '--poll', recall, '--choice', 'recall')
  ok('--as', 'bolat', 'vote', '--poll', recall, '--choice', 'recall')
  const closed = ok('--as', 'aigerim', 'poll', 'close', '--poll', recall)
  expect(closed).toBe(
    'closed: 2 ballot(s) sealed\nresult: recalled\n' +
      '  recall 2, keep 0, abstain 0; 2 recall vote(s) needed (more than 1/2 of 2 member(s))',
  )
  const shown = ok('show', '--space', space)
  expect(shown).toContain('    result: recalled\n      recall 2, keep 0, abstain 0')
})
