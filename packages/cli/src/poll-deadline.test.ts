// Poll deadlines through the `veche` command, real processes on a real SQLite data folder
// (docs/events.md, "Deadlines"): the options that set one and their refusals, a ballot before the
// deadline counted, one after it refused with `poll.deadline-passed`, and `veche serve --tend`
// closing the poll by itself once the deadline has passed. No timing is asserted: the test only
// waits, with a generous bound, for the close to appear. A secret poll with a deadline: the
// tending hub, as its opener, seals it once the deadline has passed and counts it, and
// `veche verify` re-checks it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliOn, hubOutput, startHub } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-deadline-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface SecretStatus {
  phase: string
  closesAt?: number
  sealed: number
  result: { outcome: string; winner: string | null } | null
}

interface PollView {
  status: string
  voters: number
  sealed: number
  closesAt?: number
  result: { outcome: string; winner: string | null } | null
}

test('veche serve --tend closes a poll once its deadline has passed; a ballot after the deadline is refused', async () => {
  const data = join(root, 'hall')
  const cli = cliOn(root, data)
  const keys: string[] = []
  for (const name of ['aigerim', 'bolat', 'dana'])
    keys.push((await cli.run(['id', 'new', name])).out)
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Deadline hall')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', keys[1]!, '--name', 'Bolat')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', keys[2]!, '--name', 'Dana')
  const open = ['poll', 'open', '--space', space, '--question', 'Strike?', '--options', 'yes,no']
  for (const [args, message] of [
    [['--closes-in', 'soon'], '--closes-in takes a duration'],
    [['--closes-at', 'tomorrow'], '--closes-at takes a time'],
    [['--closes-at', '2001-01-01T00:00Z'], 'has already passed'],
    [['--closes-in', '5m', '--closes-at', '2099-01-01T00:00Z'], 'not both'],
  ] as const) {
    const refused = await cli.run(['--as', 'aigerim', ...open, ...args])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(message)
  }
  // A few seconds ahead: enough for one vote before it, with the machine busy.
  const poll = await cli.ok('aigerim', ...open, '--closes-in', '6s')
  await cli.ok('bolat', 'vote', '--poll', poll, '--choice', 'yes')
  const before = await cli.json<{ polls: Record<string, PollView> }>(
    'aigerim',
    'show',
    '--space',
    space,
  )
  expect(before.polls[poll]).toMatchObject({ status: 'open', voters: 1 })
  expect(before.polls[poll]!.closesAt).toBeGreaterThan(Date.now() - 60_000)
  expect(await cli.ok('aigerim', 'show', '--space', space)).toMatch(
    /closes at \d{4}-|voting ended at/,
  )

  const hub = await startHub(data, { before: ['--as', 'aigerim'], after: ['--tend'] })
  try {
    let view = before.polls[poll]!
    for (let i = 0; i < 240 && view.status === 'open'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      view = (
        await cli.json<{ polls: Record<string, PollView> }>('aigerim', 'show', '--space', space)
      ).polls[poll]!
    }
    expect(hubOutput.get(hub.child)!.text).toContain('closing polls at their deadline')
    expect(view).toMatchObject({
      status: 'closed',
      sealed: 1,
      result: { outcome: 'adopted', winner: 'yes' },
    })
    expect(hubOutput.get(hub.child)!.text).toContain(
      `tend: ${poll}: closed at its deadline, 1 ballot(s) sealed`,
    )
    // After the deadline: the ballot is refused by its own claimed time, and nothing is written.
    const late = await cli.run(['--as', 'dana', 'vote', '--poll', poll, '--choice', 'no'])
    expect(late.code).not.toBe(0)
    expect(late.err).toContain('poll.deadline-passed')
    expect(await cli.ok('aigerim', 'show', '--space', space)).toContain('deadline ')
    // A second close (another facilitator late to the same deadline) is refused, not a fork.
    const again = await cli.run(['--as', 'aigerim', 'poll', 'close', '--poll', poll])
    expect(again.code).toBe(1)
    expect(again.err).toContain('already closed')
  } finally {
    await hub.stop()
  }
}, 120_000)

test('veche serve --tend as the opener seals a secret poll at its deadline and counts it; veche verify re-checks it; a vote after it is refused', async () => {
  const data = join(root, 'secret-hall')
  const cli = cliOn(root, data)
  const keys: string[] = []
  for (const name of ['aigerim', 'bolat', 'dana'])
    keys.push((await cli.run(['id', 'new', name])).out)
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Secret deadline hall')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', keys[1]!, '--name', 'Bolat')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', keys[2]!, '--name', 'Dana')
  // Long enough for one secret vote (three commands) before it, with the machine busy.
  const poll = await cli.ok(
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--secret',
    '--question',
    'Occupy the square?',
    '--options',
    'yes,no',
    '--closes-in',
    '30s',
  )
  const status = () => cli.json<SecretStatus>('aigerim', 'secret', 'status', '--poll', poll)
  expect(await status()).toMatchObject({ phase: 'open' })
  expect(typeof (await status()).closesAt).toBe('number')
  expect(await cli.ok('aigerim', 'secret', 'status', '--poll', poll)).toMatch(
    /voting closes at \d{4}-/,
  )
  expect(await cli.ok('aigerim', 'show', '--space', space)).toMatch(/closes at \d{4}-/)
  expect((await cli.run(['--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes'])).code).toBe(
    75,
  )
  await cli.ok('aigerim', 'secret', 'tend')
  await cli.ok('bolat', 'secret', 'tend')

  const hub = await startHub(data, { before: ['--as', 'aigerim'], after: ['--tend'] })
  try {
    let view = await status()
    for (let i = 0; i < 360 && view.phase !== 'counted'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      view = await status()
    }
    expect(view).toMatchObject({
      phase: 'counted',
      sealed: 1,
      result: { outcome: 'adopted', winner: 'yes' },
    })
    expect(hubOutput.get(hub.child)!.text).toContain(
      `tend: ${poll}: sealed at its deadline, 1 ballot(s) sealed`,
    )
    // After the deadline a vote is refused before anything is signed.
    const late = await cli.run(['--as', 'dana', 'vote', '--poll', poll, '--choice', 'no'])
    expect(late.code).not.toBe(0)
    expect(late.err).toContain('poll.deadline-passed')
    const verified = await cli.json<{ ok: boolean }>('dana', 'verify')
    expect(verified.ok).toBe(true)
  } finally {
    await hub.stop()
  }
}, 180_000)
