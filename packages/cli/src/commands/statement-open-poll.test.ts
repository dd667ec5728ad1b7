// Adopting or co-signing a statement by a poll that is still open says to close the poll first,
// before anything is signed: docs/statements.md once went from opening the co-signing poll straight
// to `statement cosign`, and the refusal (`statement.decision-not-adopted: poll … is not closed
// yet`) did not say what to run. Real processes on a real data folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliOn } from '../test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-statement-open-poll-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('statement adopt and cosign by an open poll: refused with the close to run, then accepted', async () => {
  const cli = cliOn(root, join(root, 'hall'))
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  await cli.ok('seoyeon', 'id', 'new', 'seoyeon')
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Hall')
  const theirs = await cli.ok('seoyeon', 'assembly', 'create', '--name', 'Union')
  const file = join(root, 'statement.json')
  writeFileSync(
    file,
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
  const s = await cli.ok('aigerim', 'statement', 'draft', '--space', space, '--file', file)
  const hint = (poll: string) =>
    `veche: poll ${poll} is still open: once it is voted on, close it ` +
    `(\`veche poll close --poll ${poll}\`), then run this again`

  const poll = await cli.ok('aigerim', 'statement', 'poll', '--statement', s)
  const early = await cli.run([
    '--as',
    'aigerim',
    'statement',
    'adopt',
    '--statement',
    s,
    '--poll',
    poll,
  ])
  expect(early).toMatchObject({ code: 1, err: hint(poll) })
  await cli.ok('aigerim', 'vote', '--poll', poll, '--choice', 'yes')
  await cli.ok('aigerim', 'poll', 'close', '--poll', poll)
  await cli.ok('aigerim', 'statement', 'adopt', '--statement', s, '--poll', poll)

  const cosignPoll = await cli.ok('seoyeon', 'statement', 'poll', '--statement', s, '--by', theirs)
  const cosign = ['statement', 'cosign', '--statement', s, '--by', theirs, '--poll', cosignPoll]
  expect(await cli.run(['--as', 'seoyeon', ...cosign])).toMatchObject({
    code: 1,
    err: hint(cosignPoll),
  })
  await cli.ok('seoyeon', 'vote', '--poll', cosignPoll, '--choice', 'yes')
  await cli.ok('seoyeon', 'poll', 'close', '--poll', cosignPoll)
  expect(await cli.ok('seoyeon', ...cosign)).toMatch(new RegExp(`^co-signed by ${theirs} `))
})
