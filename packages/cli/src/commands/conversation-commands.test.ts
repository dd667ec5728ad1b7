// `veche opinions open|submit|accept|reject|vote|close|show|import|export` as real processes on
// one data folder: a conversation held by members, refusals with their codes, and Pol.is exports
// brought in and written out again with the same opinion map.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { cliOn } from '../test-support/cli-processes.js'

const here = dirname(fileURLToPath(import.meta.url))
const polis = join(here, '..', '..', '..', '..', '..', 'shared', 'data', 'polis')
const scratch = mkdtempSync(join(tmpdir(), 'veche-conversations-'))

interface Shown {
  status: string
  participants: number
  statements: Record<
    string,
    { status: string; reason: string | null; agree: number; disagree: number; pass: number }
  >
  map: { groups?: unknown[]; participants?: { id: string; group: number | null }[]; code?: string }
}

/** An assembly founded by `chair`, with the other names admitted as members. */
async function assembly(folder: string, names: readonly string[]) {
  const cli = cliOn(scratch, join(scratch, folder))
  const keys: string[] = []
  for (const name of ['chair', ...names]) keys.push(await cli.ok(name, 'id', 'new', name))
  const space = await cli.ok('chair', 'assembly', 'create', '--name', 'Riverside')
  for (const [i, name] of names.entries())
    await cli.ok('chair', 'admit', '--space', space, '--key', keys[i + 1]!, '--name', name)
  return { cli, space, keyOf: (name: string) => keys[['chair', ...names].indexOf(name)]! }
}

test('veche opinions: members submit, a facilitator accepts and rejects, members vote and change their votes, the map shows', async () => {
  const members = ['asel', 'bolat', 'dana', 'erlan']
  const { cli, space, keyOf } = await assembly('held', members)
  const conversation = await cli.ok(
    'chair',
    'opinions',
    'open',
    '--space',
    space,
    '--question',
    'What should the library do on weekends?',
  )
  expect(
    (await cli.run(['--as', 'asel', 'opinions', 'open', '--space', space, '--question', 'x'])).err,
  ).toContain('conversation.not-facilitator')
  const waiting = await cli.json<{ statement: string; status: string }>(
    'asel',
    'opinions',
    'submit',
    '--conversation',
    conversation,
    '--text',
    'Open on Sundays',
  )
  expect(waiting.status).toBe('submitted')
  const early = await cli.run([
    '--as',
    'bolat',
    'opinions',
    'vote',
    '--conversation',
    conversation,
    '--statement',
    waiting.statement,
    '--vote',
    'agree',
  ])
  expect(early.code).toBe(1)
  expect(early.err).toContain('conversation.statement-not-accepted')
  expect(early.out).toBe('')
  await cli.ok(
    'chair',
    'opinions',
    'accept',
    '--conversation',
    conversation,
    '--statement',
    waiting.statement,
  )
  const statements = [waiting.statement]
  for (const text of ['Host a repair café', 'Stay closed'])
    statements.push(
      await cli.ok('chair', 'opinions', 'submit', '--conversation', conversation, '--text', text),
    )
  const spam = await cli.ok(
    'bolat',
    'opinions',
    'submit',
    '--conversation',
    conversation,
    '--text',
    'Buy now',
  )
  await cli.ok(
    'chair',
    'opinions',
    'reject',
    '--conversation',
    conversation,
    '--statement',
    spam.split(' ')[0]!,
    '--reason',
    'Advertising',
  )
  const badVote = await cli.run([
    '--as',
    'asel',
    'opinions',
    'vote',
    '--conversation',
    conversation,
    '--statement',
    statements[0]!,
    '--vote',
    'maybe',
  ])
  expect(badVote.err).toContain('--vote is agree, disagree or pass')
  // two camps: asel and bolat want it open, the others want it closed
  for (const [i, member] of members.entries()) {
    for (const [s, statement] of statements.entries()) {
      const vote = i < 2 === s < 2 ? 'agree' : 'disagree'
      await cli.ok(
        member,
        'opinions',
        'vote',
        '--conversation',
        conversation,
        '--statement',
        statement,
        '--vote',
        vote,
      )
    }
  }
  await cli.ok(
    'erlan',
    'opinions',
    'vote',
    '--conversation',
    conversation,
    '--statement',
    statements[2]!,
    '--vote',
    'pass',
  )
  const shown = await cli.json<Shown>('dana', 'opinions', 'show', '--conversation', conversation)
  expect(shown.statements[statements[0]!]).toMatchObject({
    status: 'accepted',
    agree: 2,
    disagree: 2,
  })
  // erlan changed his agree to a pass: only the latest counts
  expect(shown.statements[statements[2]!]).toMatchObject({ agree: 1, disagree: 2, pass: 1 })
  expect(shown.statements[spam.split(' ')[0]!]).toMatchObject({
    status: 'rejected',
    reason: 'Advertising',
  })
  expect(shown.participants).toBe(4)
  expect(shown.map.groups).toHaveLength(2)
  const groupOf = new Map(shown.map.participants!.map((p) => [p.id, p.group]))
  expect(groupOf.get(keyOf('asel'))).toBe(groupOf.get(keyOf('bolat')))
  expect(groupOf.get(keyOf('asel'))).not.toBe(groupOf.get(keyOf('dana')))
  const text = await cli.ok('dana', 'opinions', 'show', '--conversation', conversation)
  expect(text).toContain('reason: Advertising')
  expect(text).toContain('group 0:')
  expect(await cli.ok('dana', 'show', '--space', space)).toContain(
    'What should the library do on weekends?" open, 4 statement(s) (0 waiting), 4 participant(s)',
  )

  await cli.ok('chair', 'opinions', 'close', '--conversation', conversation)
  const late = await cli.run([
    '--as',
    'asel',
    'opinions',
    'vote',
    '--conversation',
    conversation,
    '--statement',
    statements[1]!,
    '--vote',
    'pass',
  ])
  expect(late.code).toBe(1)
  expect(late.err).toContain('conversation.closed')
}, 300_000)

interface MapJson {
  participants: unknown
  groups: unknown
  consensus: unknown
  statements: unknown
  method: unknown
}

const mapPart = (m: MapJson) => ({
  participants: m.participants,
  groups: m.groups,
  consensus: m.consensus,
  statements: m.statements,
  method: m.method,
})

for (const [name, files] of [
  ['vtaiwan.uberx', ['comments.csv', 'votes.csv', 'summary.csv']],
  ['reddwarf-25ptpt-3gp-no-strict-with-meta', ['comments.json', 'votes.json']],
  ['vtaiwan.uberx', ['comments.csv', 'participants-votes.csv']],
] as const) {
  test(`veche opinions import and export: ${name} (${files.join(', ')}) keeps its map through the round trip`, async () => {
    const source = join(scratch, `${name}-${files.length}`)
    mkdirSync(source)
    for (const file of files) copyFileSync(join(polis, name, file), join(source, file))
    const folder = `import-${name}-${files.length}`
    const { cli, space } = await assembly(folder, ['asel'])
    const imported = await cli.json<{ conversation: string; votes: number; events: number }>(
      'chair',
      'opinions',
      'import',
      source,
      '--space',
      space,
    )
    const conversation = imported.conversation
    const again = await cli.run(['--as', 'chair', 'opinions', 'import', source, '--space', space])
    expect(again.code).toBe(1)
    expect(again.err).toContain('conversation.already-imported')
    const notFacilitator = await cli.run([
      '--as',
      'asel',
      'opinions',
      'import',
      source,
      '--space',
      space,
    ])
    expect(notFacilitator.err).toContain('conversation.not-facilitator')

    const shown = await cli.json<Shown & { map: MapJson }>(
      'asel',
      'opinions',
      'show',
      '--conversation',
      conversation,
    )
    const original = await cli.json<MapJson>(
      'asel',
      'opinions',
      'map',
      source,
      '--seed',
      conversation,
    )
    expect(mapPart(shown.map)).toEqual(mapPart(original))

    const out = join(scratch, `export-${folder}`)
    await cli.ok('asel', 'opinions', 'export', '--conversation', conversation, '--out', out)
    const header = readFileSync(join(out, 'votes.csv'), 'utf8').split('\n')[0]
    expect(header).toBe(
      (files as readonly string[]).includes('participants-votes.csv')
        ? 'comment-id,voter-id,vote'
        : 'timestamp,datetime,comment-id,voter-id,vote',
    )
    const exported = await cli.json<MapJson>('asel', 'opinions', 'map', out, '--seed', conversation)
    expect(mapPart(exported)).toEqual(mapPart(original))

    // carried by hand in a bundle to a hub that had nothing: the same conversation and map
    if (files.includes('votes.json' as never)) {
      const bundle = join(scratch, `${folder}.bundle`)
      await cli.ok('chair', 'bundle', 'export', '--space', space, '--out', bundle)
      const elsewhere = cliOn(scratch, join(scratch, `${folder}-elsewhere`))
      await elsewhere.ok('reader', 'id', 'new', 'reader')
      await elsewhere.ok('reader', 'bundle', 'import', bundle)
      const carried = await elsewhere.json<Shown & { map: MapJson }>(
        'reader',
        'opinions',
        'show',
        '--conversation',
        conversation,
      )
      expect(carried).toEqual(shown)
    }
  }, 300_000)
}
