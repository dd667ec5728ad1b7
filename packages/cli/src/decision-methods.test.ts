// Every decision method through the `veche` command: real processes on one data folder open,
// vote in and close a poll of each method and get its winners. (Federation end to end, through a
// hub and the command: federation-city.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { resultWinners } from '@veche/core'
import { veche as vecheIn } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-cli-methods-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function veche(data: string, args: readonly string[]) {
  return vecheIn(root, data, args)
}

/** Runs `veche --as AS ARGS…` and returns its output; fails the test on any refusal. */
async function ok(data: string, as: string, ...args: string[]): Promise<string> {
  const run = await veche(data, ['--as', as, ...args])
  expect(run.err, `veche --as ${as} ${args.join(' ')}`).toBe('')
  expect(run.code).toBe(0)
  return run.out
}

async function json<T>(data: string, as: string, ...args: string[]): Promise<T> {
  return JSON.parse(await ok(data, as, '--json', ...args)) as T
}

test('every decision method through the command: open, vote, close, winners', async () => {
  const data = join(root, 'methods')
  for (const name of ['ana', 'ben', 'cai']) await ok(data, name, 'id', 'new', name)
  const ids = await json<{ name: string; publicKey: string }[]>(data, 'ana', 'id', 'list')
  const space = await ok(data, 'ana', 'assembly', 'create', '--name', 'Methods')
  for (const who of ids.slice(1)) {
    await ok(data, 'ana', 'admit', '--space', space, '--key', who.publicKey, '--name', who.name)
  }
  const cases: { open: string[]; votes: string[][]; winners: string[] }[] = [
    {
      open: ['--method', 'irv'],
      votes: [
        ['--ranking', 'A,B,C'],
        ['--ranking', 'C,A'],
        ['--ranking', 'A'],
      ],
      winners: ['A'],
    },
    {
      open: ['--method', 'approval'],
      votes: [
        ['--approve', 'A,B'],
        ['--approve', 'B'],
        ['--approve', 'B,C'],
      ],
      winners: ['B'],
    },
    {
      open: ['--method', 'score', '--score-range', '0..5'],
      votes: [
        ['--score', 'A=5,B=4,C=0'],
        ['--score', 'A=0,B=4,C=5'],
        ['--score', 'A=1,B=4,C=2'],
      ],
      winners: ['B'],
    },
    {
      open: ['--method', 'borda'],
      votes: [
        ['--ranking', 'B,A,C'],
        ['--ranking', 'B,C,A'],
        ['--ranking', 'A,B,C'],
      ],
      winners: ['B'],
    },
    {
      open: ['--method', 'scottish-stv', '--seats', '2'],
      votes: [
        ['--ranking', 'A,B,C'],
        ['--ranking', 'A,B,C'],
        ['--ranking', 'C,B,A'],
      ],
      winners: ['A', 'C'],
    },
    {
      open: ['--method', 'meek-stv', '--seats', '2'],
      votes: [
        ['--ranking', 'A,B,C'],
        ['--ranking', 'A,B,C'],
        ['--ranking', 'C,B,A'],
      ],
      winners: ['A', 'C'],
    },
    {
      open: ['--method', 'schulze'],
      votes: [
        ['--ranking', 'B,A,C'],
        ['--ranking', 'C,B,A'],
        ['--ranking', 'A,B,C'],
      ],
      winners: ['B'],
    },
  ]
  const polls: string[] = []
  for (const c of cases) {
    polls.push(
      await ok(
        data,
        'ana',
        'poll',
        'open',
        '--space',
        space,
        '--question',
        'Which?',
        '--options',
        'A,B,C',
        ...c.open,
      ),
    )
  }
  // Each voter votes in every poll, the three at once (one author acts in one space at a time).
  await Promise.all(
    ['ana', 'ben', 'cai'].map(async (name, i) => {
      for (const [k, c] of cases.entries()) {
        if (name === 'cai') {
          // A ballot naming no option is refused by the rules, with its code.
          const bad = c.votes[0]![0] === '--score' ? ['--score', 'D=1'] : [c.votes[0]![0]!, 'D']
          const refused = await veche(data, ['--as', 'cai', 'vote', '--poll', polls[k]!, ...bad])
          expect(refused.code).toBe(1)
          expect(refused.err).toContain('rejected: ballot.invalid')
        }
        await ok(data, name, 'vote', '--poll', polls[k]!, ...c.votes[i]!)
      }
    }),
  )
  for (const [k, c] of cases.entries()) {
    const closed = await json<{ result: unknown }>(
      data,
      'ana',
      'poll',
      'close',
      '--poll',
      polls[k]!,
    )
    expect([...resultWinners(closed.result)].sort(), c.open.join(' ')).toEqual(c.winners)
  }
  const verify = await veche(data, ['verify'])
  expect(verify.code).toBe(0)
}, 120_000)
