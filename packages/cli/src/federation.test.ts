// Federation and every decision method through the `veche` command: real processes on one data
// folder. Six neighbourhood assemblies join two district councils, which join a city council;
// delegates are elected, mandated and recalled; a motion is referred down and added up; a new hub
// takes it all in one sync and verifies to the same hashes.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { resultWinners } from '@veche/core'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-cli-federation-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

function veche(data: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data', data, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, out: out.trim(), err: err.trim() }))
  })
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

/** Opens a poll in `space`, casts each (voter, vote flags) and closes it; returns the poll id. */
async function decide(
  data: string,
  space: string,
  facilitator: string,
  open: readonly string[],
  votes: readonly (readonly [string, ...string[]])[],
): Promise<string> {
  const poll = await ok(
    data,
    facilitator,
    'poll',
    'open',
    '--space',
    space,
    '--question',
    'Decide',
    ...open,
  )
  for (const [voter, ...flags] of votes) await ok(data, voter, 'vote', '--poll', poll, ...flags)
  await ok(data, facilitator, 'poll', 'close', '--poll', poll)
  return poll
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

/** Starts `veche serve` on a free loopback port; resolves when it prints its port. */
function startHub(
  data: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [BIN, '--data', data, 'serve', '--host', '127.0.0.1', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`hub did not start: ${out}`))
    }, 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve({ child, url: `http://127.0.0.1:${port}`, exited })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  })
}

interface CouncilView {
  seated: string[]
  spaces: { space: string; delegates: string[]; alternates: string[] }[]
}

/** The districts' half: six assemblies, three to a district, each with a founder, a delegate and an alternate. */
interface Hood {
  readonly i: number
  readonly founder: string
  readonly delegate: string
  readonly alternate: string
  keys: { delegate: string; alternate: string }
  space: string
}

test('three levels through the command: membership is the current delegates, a recall ends a seat at once, a referral adds up, verify agrees', async () => {
  const data = join(root, 'federation')
  const made = async (name: string, what: readonly string[]): Promise<string> => {
    await ok(data, name, 'id', 'new', name)
    return ok(data, name, ...what)
  }
  const [city, north, south] = (await Promise.all(
    (['city', 'north', 'south'] as const).map((name) =>
      made(`${name}-convenor`, ['council', 'create', '--name', `${name} council`]),
    ),
  )) as [string, string, string]
  const districtOf = (i: number): { council: string; convenor: string } =>
    i < 3
      ? { council: north, convenor: 'north-convenor' }
      : { council: south, convenor: 'south-convenor' }

  // Each assembly is founded, admits its two members and decides to join its district.
  const hoods: Hood[] = []
  const decisions = await Promise.all(
    [0, 1, 2, 3, 4, 5].map(async (i) => {
      const hood: Hood = {
        i,
        founder: `f${i}`,
        delegate: `d${i}`,
        alternate: `a${i}`,
        keys: { delegate: '', alternate: '' },
        space: '',
      }
      hoods[i] = hood
      await ok(data, hood.founder, 'id', 'new', hood.founder)
      hood.keys.delegate = await ok(data, hood.delegate, 'id', 'new', hood.delegate)
      hood.keys.alternate = await ok(data, hood.alternate, 'id', 'new', hood.alternate)
      hood.space = await ok(data, hood.founder, 'assembly', 'create', '--name', `Hood ${i}`)
      for (const [name, key] of [
        [hood.delegate, hood.keys.delegate],
        [hood.alternate, hood.keys.alternate],
      ] as const) {
        await ok(data, hood.founder, 'admit', '--space', hood.space, '--key', key, '--name', name)
      }
      const poll = await decide(
        data,
        hood.space,
        hood.founder,
        ['--options', 'join,stay out'],
        [[hood.founder, '--choice', 'join']],
      )
      return ok(
        data,
        hood.founder,
        'council',
        'join',
        '--space',
        hood.space,
        '--council',
        districtOf(i).council,
        '--poll',
        poll,
      )
    }),
  )
  // Each convenor admits its spaces (one author acts in one space at a time).
  await Promise.all(
    [0, 3].map(async (first) => {
      for (let i = first; i < first + 3; i++) {
        const { council, convenor } = districtOf(i)
        await ok(
          data,
          convenor,
          'council',
          'admit',
          '--council',
          council,
          '--decision',
          decisions[i]!,
        )
      }
    }),
  )
  // Each assembly elects its delegate (STV, one seat) with an alternate; the alternate notices it.
  await Promise.all(
    hoods.map(async (h) => {
      const poll = await decide(
        data,
        h.space,
        h.founder,
        [
          '--method',
          'scottish-stv',
          '--seats',
          '1',
          '--options',
          `${h.keys.delegate},${h.keys.alternate}`,
        ],
        [[h.founder, '--ranking', `${h.keys.delegate},${h.keys.alternate}`]],
      )
      const elected = await ok(
        data,
        h.founder,
        'delegate',
        'elect',
        '--space',
        h.space,
        '--council',
        districtOf(h.i).council,
        '--poll',
        poll,
        '--alternates',
        h.keys.alternate,
        '--term',
        'one year',
      )
      await ok(data, h.alternate, 'notice', '--council', districtOf(h.i).council, '--ref', elected)
    }),
  )
  const northView = await json<CouncilView>(data, 'f0', 'council', 'show', '--council', north)
  expect(northView.seated).toEqual(
    hoods
      .slice(0, 3)
      .map((h) => h.keys.delegate)
      .sort(),
  )

  // North joins the city: its delegates vote; it elects d0 with d1 as alternate.
  const northJoin = await decide(
    data,
    north,
    'north-convenor',
    ['--options', 'join,stay out'],
    [
      ['d0', '--choice', 'join'],
      ['d1', '--choice', 'join'],
    ],
  )
  const northDecision = await ok(
    data,
    'north-convenor',
    'council',
    'join',
    '--space',
    north,
    '--council',
    city,
    '--poll',
    northJoin,
  )
  await ok(
    data,
    'city-convenor',
    'council',
    'admit',
    '--council',
    city,
    '--decision',
    northDecision,
  )
  const [d0, d1] = [hoods[0]!.keys.delegate, hoods[1]!.keys.delegate]
  const cityElection = await decide(
    data,
    north,
    'north-convenor',
    ['--method', 'scottish-stv', '--seats', '1', '--options', `${d0},${d1}`],
    [
      ['d0', '--ranking', `${d0},${d1}`],
      ['d1', '--ranking', `${d0},${d1}`],
    ],
  )
  const cityElected = await ok(
    data,
    'north-convenor',
    'delegate',
    'elect',
    '--space',
    north,
    '--council',
    city,
    '--poll',
    cityElection,
    '--alternates',
    d1,
  )
  await ok(data, 'north-convenor', 'notice', '--council', city, '--ref', cityElected)
  expect(
    (await json<CouncilView>(data, 'f0', 'council', 'show', '--council', city)).seated,
  ).toEqual([d0])

  // A council poll; hood 1 mandates its delegate to vote yes; hood 0 recalls its delegate.
  const councilPoll = await ok(
    data,
    'north-convenor',
    'poll',
    'open',
    '--space',
    north,
    '--question',
    'Night buses?',
    '--options',
    'yes,no',
  )
  const [h0, h1] = [hoods[0]!, hoods[1]!]
  await Promise.all([
    (async () => {
      const decided = await decide(
        data,
        h1.space,
        h1.founder,
        ['--options', 'instruct,do not'],
        [[h1.founder, '--choice', 'instruct']],
      )
      const mandate = await ok(
        data,
        h1.founder,
        'mandate',
        '--space',
        h1.space,
        '--council',
        north,
        '--council-poll',
        councilPoll,
        '--position',
        'for',
        '--poll',
        decided,
      )
      await ok(data, h1.alternate, 'notice', '--council', north, '--ref', mandate)
    })(),
    (async () => {
      const recall = await ok(
        data,
        h0.alternate,
        'recall',
        'start',
        '--space',
        h0.space,
        '--council',
        north,
        '--delegate',
        h0.keys.delegate,
        '--reason',
        'broke the mandate',
      )
      await Promise.all([
        ok(data, h0.founder, 'vote', '--poll', recall, '--choice', 'recall'),
        ok(data, h0.delegate, 'vote', '--poll', recall, '--choice', 'keep'),
      ])
      await ok(data, h0.alternate, 'vote', '--poll', recall, '--choice', 'recall')
      const closed = await json<{ event: string; result: { outcome: string; needed: number } }>(
        data,
        h0.founder,
        'poll',
        'close',
        '--poll',
        recall,
      )
      expect(closed.result).toMatchObject({ outcome: 'recalled', needed: 2 })
      await ok(data, h0.alternate, 'notice', '--council', north, '--ref', closed.event)
    })(),
  ])
  const afterRecall = await json<CouncilView>(data, 'f0', 'council', 'show', '--council', north)
  expect(afterRecall.seated).toEqual(
    [h0.keys.alternate, h1.keys.delegate, hoods[2]!.keys.delegate].sort(),
  )
  // The recalled key's council ballot is refused with its code.
  const late = await veche(data, ['--as', 'd0', 'vote', '--poll', councilPoll, '--choice', 'yes'])
  expect(late.code).toBe(1)
  expect(late.err).toContain('rejected: delegate.seat-ended')
  await Promise.all([
    ok(data, 'a0', 'vote', '--poll', councilPoll, '--choice', 'yes'),
    ok(data, 'd1', 'vote', '--poll', councilPoll, '--choice', 'no'),
    ok(data, 'd2', 'vote', '--poll', councilPoll, '--choice', 'yes'),
  ])
  const councilClose = await json<{
    event: string
    result: { winner: string; mandates: unknown[] }
  }>(data, 'north-convenor', 'poll', 'close', '--poll', councilPoll)
  expect(councilClose.result.winner).toBe('yes')
  expect(councilClose.result.mandates).toEqual([
    expect.objectContaining({
      delegate: h1.keys.delegate,
      mandate: 'for',
      cast: 'against',
      kept: false,
    }),
  ])
  await ok(data, h1.alternate, 'report', '--space', h1.space, '--ref', councilClose.event)

  // South refers a motion down; each hood answers by its own poll; the total is the sum of parts.
  const motion = await ok(
    data,
    'south-convenor',
    'propose',
    '--space',
    south,
    '--title',
    'Rent cap',
    '--text',
    'Cap rents.',
  )
  const referral = await ok(
    data,
    'south-convenor',
    'referral',
    'open',
    '--council',
    south,
    '--motion',
    motion,
    '--rule',
    'both',
  )
  const choices = [
    ['yes', 'yes', 'no'],
    ['no', 'no', 'yes'],
    ['yes', 'yes', 'yes'],
  ]
  await Promise.all(
    hoods.slice(3).map(async (h, k) => {
      const poll = await ok(
        data,
        h.founder,
        'poll',
        'open',
        '--space',
        h.space,
        '--question',
        'Rent cap?',
        '--options',
        'yes,no',
      )
      await Promise.all(
        [h.founder, h.delegate, h.alternate].map((name, j) =>
          ok(data, name, 'vote', '--poll', poll, '--choice', choices[k]![j]!),
        ),
      )
      await ok(data, h.founder, 'poll', 'close', '--poll', poll)
      const answer = await json<{ event: string; for: number }>(
        data,
        h.founder,
        'referral',
        'answer',
        '--space',
        h.space,
        '--referral',
        referral,
        '--poll',
        poll,
      )
      expect(answer.for).toBe(choices[k]!.filter((c) => c === 'yes').length)
      await ok(data, h.alternate, 'notice', '--council', south, '--ref', answer.event)
    }),
  )
  const added = await json<{
    result: {
      outcome: string
      totals: { for: number; against: number; abstain: number }
      parts: { for: number; against: number; abstain: number }[]
    }
  }>(data, 'south-convenor', 'referral', 'close', '--council', south, '--referral', referral)
  expect(added.result).toMatchObject({
    outcome: 'ratified',
    totals: { for: 6, against: 3, abstain: 0 },
  })
  for (const key of ['for', 'against', 'abstain'] as const) {
    expect(added.result.parts.reduce((s, p) => s + p[key], 0)).toBe(added.result.totals[key])
  }

  // verify replays everything from nothing: every space verifies, with the hashes `show` gives.
  const verified = await json<{ ok: boolean; spaces: { space: string; hash: string }[] }>(
    data,
    'f0',
    'verify',
  )
  expect(verified.ok).toBe(true)
  expect(verified.spaces).toHaveLength(9)
  for (const space of [city, north, south, h0.space]) {
    const shown = await json<{ hash: string }>(data, 'f0', 'show', '--space', space)
    expect(verified.spaces.find((s) => s.space === space)?.hash).toBe(shown.hash)
  }

  // A new hub takes the whole federation in one sync, in whatever order the pages come (councils
  // may arrive before the spaces they reference: those events wait), and verifies to the same hashes.
  const hubData = join(root, 'hub')
  const hub = await startHub(hubData)
  try {
    await ok(data, 'f0', 'sync', hub.url)
  } finally {
    hub.child.kill('SIGTERM')
    await hub.exited
  }
  const replica = await json<{ ok: boolean; spaces: { space: string; hash: string }[] }>(
    hubData,
    'f0',
    'verify',
  )
  expect(replica.ok).toBe(true)
  expect(new Map(replica.spaces.map((s) => [s.space, s.hash]))).toEqual(
    new Map(verified.spaces.map((s) => [s.space, s.hash])),
  )
}, 240_000)
