// Names and texts with control characters, bidi controls or invisible-only content are refused with
// their `text.*` code; nothing the command prints carries a raw control character, even from events
// an older Veche stored; look-alike member names are marked in `veche show` (issue #13, hole 8).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor, canonicalJson, computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { generateKeyPair, nodeSigner, openSqliteStore } from '@veche/store'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cliOn } from './test-support/cli-processes.js'

/** Control characters a terminal acts on: C0 but tab and LF, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-texts-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('texts: a name with an escape sequence, a bidi override or nothing visible is refused with its code', async () => {
  const cli = cliOn(dir, join(dir, 'data'))
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Hall')
  const key = 'A'.repeat(43)
  const cases = [
    ['Bolat\u001b[2J\u001b[31m', 'text.control-character'],
    ['Bolat\u0007', 'text.control-character'],
    ['\u202enimda', 'text.bidi-control'],
    ['\u200b\u200b', 'text.invisible'],
  ] as const
  for (const [name, code] of cases) {
    const run = await cli.run([
      '--as',
      'aigerim',
      'admit',
      '--space',
      space,
      '--key',
      key,
      '--name',
      name,
    ])
    expect(run.code, name).toBe(1)
    expect(run.err).toContain(`rejected: ${code}`)
    expect(run.err).not.toMatch(RAW)
  }
  // A decomposed name (e + combining acute) is signed as NFC, so it is accepted as "Café".
  await cli.ok('aigerim', 'admit', '--space', space, '--key', key, '--name', 'Cafe\u0301')
  const shown = await cli.json<{ members: Record<string, { name: string }> }>(
    'aigerim',
    'show',
    '--space',
    space,
  )
  expect(shown.members[key]?.name).toBe('Caf\u00e9')
})

test('texts: veche show marks a look-alike of the founder and prints no raw control character from an old store', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  // Events as a Veche from before the text rules would have stored them, written straight in.
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const space = founder.spaceFor('old-store-1')
  const events: SignedEvent[] = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce: 'old-store-1',
        name: 'Hall\u001b]0;pwned\u0007\u001b[2J',
        description: 'moved \u009b31m',
        languages: ['en'],
        founderName: 'Aigerim',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 50 },
          defaultMethod: 'majority',
          visibility: 'public',
        },
      },
      1_780_000_000_000,
    ),
  ]
  const cyrillic = new EventAuthor(nodeSigner(generateKeyPair()))
  events.push(
    await founder.next(
      space,
      'member.admitted',
      { member: cyrillic.publicKey, name: '\u0410igerim' },
      1_780_000_001_000,
    ),
    await founder.next(
      space,
      'member.admitted',
      { member: 'B'.repeat(43), name: 'Dana\u202e' },
      1_780_000_002_000,
    ),
  )
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

  const text = await cli.ok('aigerim', 'show', '--space', space)
  expect(text).not.toMatch(RAW)
  expect(text).toContain('Hall\\u001B]0;pwned\\u0007\\u001B[2J')
  expect(text).toContain('Dana\\u202E')
  expect(text).toContain(`! looks like the name of ${founder.publicKey.slice(0, 8)}…`)
  const json = await cli.ok('aigerim', '--json', 'show', '--space', space)
  expect(json).not.toMatch(RAW)
  const view = JSON.parse(json) as {
    assembly: { name: string }
    members: Record<string, { looksLike?: string[] }>
  }
  expect(view.assembly.name).toBe('Hall\u001b]0;pwned\u0007\u001b[2J')
  expect(view.members[founder.publicKey]?.looksLike).toEqual([cyrillic.publicKey])
  expect(view.members[cyrillic.publicKey]?.looksLike).toEqual([founder.publicKey])
  expect(view.members['B'.repeat(43)]?.looksLike).toBeUndefined()
})
