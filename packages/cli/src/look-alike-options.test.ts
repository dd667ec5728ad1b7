// `veche poll open` refuses, before signing, options a voter could not tell apart ("Yes" and "Yes"
// with a Cyrillic e, a trailing space hidden by the shell's quoting, a zero-width space), in a new
// space and in one founded before the rules refuse them, and says which two look alike.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor, canonicalJson, computeEventId } from '@veche/core'
import type { PublicKey, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner, openSqliteStore } from '@veche/store'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cliOn } from './test-support/cli-processes.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-look-alike-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A space founded before the text rules, with `facilitator` admitted and made facilitator, and a
 * poll on `options` if given, written straight into the store as a Veche from before them did.
 */
async function oldSpace(
  data: string,
  facilitator: PublicKey,
  options?: string[],
): Promise<SpaceId> {
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const space = founder.spaceFor('old-options')
  const at = 1_780_000_000_000
  const events: SignedEvent[] = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce: 'old-options',
        name: 'Hall',
        description: '',
        languages: ['en'],
        founderName: 'Dana',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
          visibility: 'public',
        },
      },
      at,
    ),
    await founder.next(space, 'member.admitted', { member: facilitator, name: 'Aigerim' }, at + 1),
    await founder.next(space, 'role.granted', { member: facilitator, role: 'facilitator' }, at + 2),
  ]
  if (options !== undefined) {
    const poll = {
      question: 'Strike?',
      proposal: null,
      method: 'majority' as const,
      options,
      voters: 'members' as const,
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'old-options-seed',
    }
    events.push(await founder.next(space, 'poll.opened', poll, at + 3))
  }
  const store = await openSqliteStore(join(data, 'veche.db'))
  await store.append(
    events.map((event) => ({
      id: computeEventId(event),
      space,
      author: event.author,
      seq: event.seq,
      type: event.type,
      json: canonicalJson(event),
    })),
  )
  await store.close()
  return space
}

test('look-alike options: veche poll open refuses them before signing, naming the two', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  const me = (await cli.ok('aigerim', 'id', 'new', 'aigerim')) as PublicKey
  const fresh = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Hall')
  const old = await oldSpace(data, me)
  const cases = [
    ['Yes,No,Y\u0435s', 'options 1 ("Yes") and 3 ("Y\u0435s") look alike'],
    ['Yes,Ye\u200bs', 'options 1 ("Yes") and 2 ("Ye\\u200Bs") look alike'],
    [
      'Roof,\uff32\uff4f\uff4f\uff46',
      'options 1 ("Roof") and 2 ("\uff32\uff4f\uff4f\uff46") look alike',
    ],
  ] as const
  for (const space of [fresh, old]) {
    for (const [options, said] of cases) {
      const run = await cli.run([
        '--as',
        'aigerim',
        'poll',
        'open',
        '--space',
        space,
        '--question',
        'Strike?',
        '--options',
        options,
      ])
      expect(run.code, options).toBe(1)
      expect(run.err).toContain(said)
      expect(run.err).not.toContain('rejected:')
    }
    // Nothing was signed: the next poll is this identity's next event in the space.
    await cli.ok(
      'aigerim',
      'poll',
      'open',
      '--space',
      space,
      '--question',
      'Strike?',
      '--options',
      'Yes,No',
    )
  }
  const shown = await cli.json<{ polls: Record<string, { options: string[] }> }>(
    'aigerim',
    'show',
    '--space',
    old,
  )
  expect(Object.values(shown.polls).map((p) => p.options)).toEqual([['Yes', 'No']])
})

test('look-alike options: veche show warns of a poll with them that an old space took', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  const me = (await cli.ok('aigerim', 'id', 'new', 'aigerim')) as PublicKey
  const old = await oldSpace(data, me, ['Yes', 'No', 'Ye\u200bs'])
  const shown = await cli.ok('aigerim', 'show', '--space', old)
  expect(shown).toContain('"Strike?" (majority) open')
  expect(shown).toContain('! options 1 ("Yes") and 3 ("Ye\\u200Bs") look alike')
  await cli.ok('aigerim', 'poll', 'open', '--space', old, '--question', 'Q?', '--options', 'A,B')
  expect((await cli.ok('aigerim', 'show', '--space', old)).match(/look alike/g)).toHaveLength(1)
})
