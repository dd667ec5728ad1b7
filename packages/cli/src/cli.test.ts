// The `veche` command as a newcomer uses it: real processes on a real data folder.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { vecheIn } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const { veche, ok } = vecheIn(root)

function json<T>(data: string, ...args: string[]): T {
  return JSON.parse(ok(data, '--json', ...args)) as T
}

/** A data folder with an assembly, two admitted members and a closed majority poll. */
function decide(data: string): { space: string; poll: string; hash: string } {
  const keys = ['aigerim', 'bolat', 'dana'].map((name) => ok(data, 'id', 'new', name))
  const space = ok(
    data,
    '--as',
    'aigerim',
    'assembly',
    'create',
    '--name',
    'Almaty Workers Assembly',
    '--languages',
    'kk,ru',
  )
  ok(data, '--as', 'aigerim', 'admit', '--space', space, '--key', keys[1]!, '--name', 'Bolat')
  ok(data, '--as', 'aigerim', 'admit', '--space', space, '--key', keys[2]!, '--name', 'Dana')
  const proposal = ok(
    data,
    '--as',
    'bolat',
    'propose',
    '--space',
    space,
    '--title',
    'Eight-hour day',
    '--text',
    'We demand it.',
  )
  const poll = ok(
    data,
    '--as',
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--proposal',
    proposal,
    '--method',
    'majority',
    '--options',
    'yes,no',
  )
  ok(data, '--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes')
  ok(data, '--as', 'dana', 'vote', '--poll', poll, '--choice', 'no')
  ok(data, '--as', 'dana', 'vote', '--poll', poll, '--choice', 'yes')
  ok(data, '--as', 'aigerim', 'vote', '--poll', poll, '--choice', 'abstain')
  const closed = json<{
    ballots: number
    result: { outcome: string; winner: string; abstentions: number }
  }>(data, '--as', 'aigerim', 'poll', 'close', '--poll', poll)
  expect(closed).toMatchObject({
    ballots: 3,
    result: { outcome: 'adopted', winner: 'yes', abstentions: 1 },
  })
  const verified = json<{ ok: boolean; spaces: { space: string; hash: string; events: number }[] }>(
    data,
    'verify',
  )
  expect(verified.ok).toBe(true)
  expect(verified.spaces).toHaveLength(1)
  expect(verified.spaces[0]).toMatchObject({ space, events: 10 })
  return { space, poll, hash: verified.spaces[0]!.hash }
}

test('cli: a newcomer decides, verifies, exports and imports into an empty folder with the same hash', () => {
  const data = join(root, 'hall')
  const { space, poll, hash } = decide(data)
  const human = ok(data, 'show', '--space', space)
  expect(human).toContain('Almaty Workers Assembly')
  expect(human).toContain('result: adopted — "yes"')
  expect(ok(data, 'verify')).toBe(`${space} state ${hash} (10 events)`)
  const state = json<{ polls: Record<string, { status: string; voters: number }>; hash: string }>(
    data,
    'show',
    '--space',
    space,
  )
  expect(state.hash).toBe(hash)
  expect(state.polls[poll]).toMatchObject({ status: 'closed', voters: 3 })
  const log = json<{ event: { type: string } }[]>(data, 'log', '--space', space)
  expect(log.map((row) => row.event.type)).toEqual([
    'assembly.created',
    'member.admitted',
    'member.admitted',
    'proposal.submitted',
    'poll.opened',
    'ballot.cast',
    'ballot.cast',
    'ballot.cast',
    'ballot.cast',
    'poll.closed.3',
  ])

  const file = join(root, 'hall.veche')
  ok(data, 'export', '--space', space, '--out', file)
  const other = join(root, 'elsewhere')
  expect(json(other, 'import', file)).toMatchObject({ events: 10, written: 10, duplicates: 0 })
  expect(ok(other, 'verify')).toBe(`${space} state ${hash} (10 events)`)
  // Idempotent: the same file again writes nothing.
  expect(json(other, 'import', file)).toMatchObject({ written: 0, duplicates: 10 })
  expect(ok(other, 'verify')).toBe(`${space} state ${hash} (10 events)`)
})

test('cli: a tampered or truncated file is refused with the reason, and nothing is written', () => {
  const data = join(root, 'source')
  const { space } = decide(data)
  const file = join(root, 'source.veche')
  ok(data, 'export', '--space', space, '--out', file)
  const text = readFileSync(file, 'utf8')
  const tampered = join(root, 'tampered.veche')
  writeFileSync(tampered, text.replace('We demand it.', 'We demand iT.'))
  const target = join(root, 'target')
  const refused = veche(target, 'import', tampered)
  expect(refused.code).toBe(1)
  expect(refused.err).toMatch(/line 5: rejected: event\.bad-signature: .* nothing was imported/)
  expect(json<{ spaces: unknown[] }>(target, 'verify').spaces).toEqual([])
  const truncated = join(root, 'truncated.veche')
  writeFileSync(truncated, text.slice(0, text.length - 40))
  const cut = veche(target, 'import', truncated)
  expect(cut.code).toBe(1)
  expect(cut.err).toContain('line 11: not JSON')
  expect(json<{ spaces: unknown[] }>(target, 'verify').spaces).toEqual([])
})

test('cli: bad input gets a specific message and exit code 1', () => {
  const data = join(root, 'errors')
  const { space, poll } = decide(data)
  const closedPoll = veche(data, '--as', 'bolat', 'vote', '--poll', poll, '--choice', 'maybe')
  expect(closedPoll).toMatchObject({ code: 1 })
  expect(closedPoll.err).toContain('this poll is already closed')
  const open = ok(
    data,
    '--as',
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--question',
    'Which day?',
    '--options',
    'Monday,Friday',
  )
  const maybe = veche(data, '--as', 'bolat', 'vote', '--poll', open, '--choice', 'maybe')
  expect(maybe.code).toBe(1)
  expect(maybe.err).toBe(
    'veche: "maybe" is not an option; choose one of: Monday, Friday, or abstain',
  )
  expect(
    veche(
      data,
      '--as',
      'aigerim',
      'poll',
      'open',
      '--space',
      space,
      '--question',
      'Q',
      '--options',
      'a,b',
      '--threshold',
      '3/2',
    ).err,
  ).toContain('--threshold must be a fraction below 1')
  const outsider = join(root, 'outsider')
  ok(outsider, 'id', 'new', 'stranger')
  expect(veche(outsider, 'show', '--space', space).err).toContain(`no space ${space}`)
  expect(veche(data, 'show', '--space', 'nope').err).toContain('"nope" is not a space id')
  expect(veche(data, 'propose', '--space', space, '--title', 't', '--text', 'x').err).toContain(
    'several identities exist',
  )
  const keyFile = join(data, 'identities', 'dana.json')
  chmodSync(keyFile, 0o644)
  const leaked = veche(
    data,
    '--as',
    'dana',
    'propose',
    '--space',
    space,
    '--title',
    't',
    '--text',
    'x',
  )
  expect(leaked.code).toBe(1)
  expect(leaked.err).toContain(`key file ${keyFile} has permissions 644`)
  expect(leaked.err).toContain(`chmod 600 ${keyFile}`)
  chmodSync(keyFile, 0o600)
  expect(veche(data, 'id', 'new', 'dana').err).toContain('identity "dana" already exists')
})

test('cli: a consent poll is stopped by one block, and the reason is recorded', () => {
  const data = join(root, 'consent')
  const { space } = decide(data)
  const poll = ok(
    data,
    '--as',
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--method',
    'consent',
    '--question',
    'Occupy the square?',
  )
  ok(data, '--as', 'bolat', 'vote', '--poll', poll, '--choice', 'agree')
  expect(veche(data, '--as', 'dana', 'vote', '--poll', poll, '--choice', 'block').err).toContain(
    'a block needs a --reason',
  )
  ok(
    data,
    '--as',
    'dana',
    'vote',
    '--poll',
    poll,
    '--choice',
    'block',
    '--reason',
    'Not safe this week',
  )
  const closed = json<{ result: { outcome: string; blockReasons: string[] } }>(
    data,
    '--as',
    'aigerim',
    'poll',
    'close',
    '--poll',
    poll,
  )
  expect(closed.result).toMatchObject({ outcome: 'blocked', blockReasons: ['Not safe this week'] })
  expect(json<{ ok: boolean }>(data, 'verify').ok).toBe(true)
})

test('cli: `veche demo` fills an empty folder once with a real, verifiable assembly, its statement and its council', () => {
  const data = join(root, 'demo')
  const first = json<{
    space: string
    hash: string
    openPoll: string
    statement: string
    council: string
    identities: string[]
  }>(data, 'demo')
  expect(first.identities).toEqual(['aigerim', 'bolat', 'dana'])
  const again = json<{ space: string; hash: string }>(data, 'demo')
  expect(again).toMatchObject({ space: first.space, hash: first.hash })
  // verify re-folds every event the demo wrote to the hash the demo reported.
  const events = ok(data, 'log', '--space', first.space).split('\n').length
  expect(events).toBeGreaterThan(20)
  expect(ok(data, 'verify').split('\n')).toContain(
    `${first.space} state ${first.hash} (${events} events)`,
  )
  const statement = ok(data, 'statement', 'show', '--statement', first.statement)
  expect(statement).toContain('Clean water for every yard (en, version 1, adopted)')
  expect(statement).toContain('translations: ru reviewed')
  const council = json<{
    council: { voters: string[] }
    members: Record<string, { name: string }>
  }>(data, 'show', '--space', first.council)
  const bolat = Object.entries(
    json<{ members: Record<string, { name: string }> }>(data, 'show', '--space', first.space)
      .members,
  ).find(([, m]) => m.name === 'Bolat')![0]
  expect(council.council.voters).toEqual([bolat])
  ok(data, '--as', 'dana', 'vote', '--poll', first.openPoll, '--choice', 'agree')
  ok(data, '--as', 'bolat', 'vote', '--poll', first.openPoll, '--choice', 'agree')
  const closed = json<{ result: { outcome: string } }>(
    data,
    '--as',
    'aigerim',
    'poll',
    'close',
    '--poll',
    first.openPoll,
  )
  expect(closed.result.outcome).toBe('adopted')
})

test('cli: invite --hub prints a link to the web join screen, and join takes the link', () => {
  const data = join(root, 'invite-link')
  const { space } = decide(data)
  const link = ok(
    data,
    '--as',
    'aigerim',
    'invite',
    '--space',
    space,
    '--hub',
    'http://10.0.0.5:8080/',
  )
  expect(link).toMatch(new RegExp(`^http://10\\.0\\.0\\.5:8080/#/join/veche-invite:${space}\\.`))
  ok(data, 'id', 'new', 'galym')
  expect(ok(data, '--as', 'galym', 'join', link, '--name', 'Galym')).toBe(
    `joined ${space} as Galym`,
  )
})

test('cli: an invitation code lets a new key join, as many times as it allows', () => {
  const data = join(root, 'invite')
  const { space } = decide(data)
  const code = ok(data, '--as', 'aigerim', 'invite', '--space', space, '--uses', '1')
  ok(data, 'id', 'new', 'erlan')
  ok(data, 'id', 'new', 'farida')
  expect(ok(data, '--as', 'erlan', 'join', code, '--name', 'Erlan')).toBe(
    `joined ${space} as Erlan`,
  )
  const usedUp = veche(data, '--as', 'farida', 'join', code, '--name', 'Farida')
  expect(usedUp.code).toBe(1)
  expect(usedUp.err).toContain('rejected: invitation.used-up')
  const forged = code.slice(0, -3) + (code.endsWith('AAA') ? 'BBB' : 'AAA')
  expect(veche(data, '--as', 'farida', 'join', forged, '--name', 'Farida').err).toMatch(
    /damaged|invitation\.bad-proof/,
  )
  const members = json<{ members: Record<string, { name: string; status: string }> }>(
    data,
    'show',
    '--space',
    space,
  ).members
  expect(
    Object.values(members)
      .map((m) => m.name)
      .sort(),
  ).toEqual(['Aigerim', 'Bolat', 'Dana', 'Erlan'])
  expect(veche(data, '--as', 'bolat', 'invite', '--space', space).err).toContain(
    'rejected: member.not-facilitator',
  )
  // A leaked code for many is revoked: it lets no one in any more; the list shows its state.
  const leaked = ok(
    data,
    '--as',
    'aigerim',
    'invite',
    '--space',
    space,
    '--uses',
    '50',
    '--expires',
    '7d',
    '--note',
    'hall',
  )
  const key = leaked.split('.')[1]!
  const listed = json<{ key: string; uses: number; expires: number; note: string }[]>(
    data,
    'invite',
    '--space',
    space,
    '--list',
  )
  expect(listed.find((r) => r.key === key)).toMatchObject({ uses: 50, note: 'hall' })
  ok(
    data,
    '--as',
    'aigerim',
    'invite',
    '--space',
    space,
    '--revoke',
    key,
    '--reason',
    'posted online',
  )
  const revoked = veche(data, '--as', 'farida', 'join', leaked, '--name', 'Farida')
  expect(revoked.code).toBe(1)
  expect(revoked.err).toContain('rejected: invitation.revoked')
  expect(
    veche(data, '--as', 'aigerim', 'invite', '--space', space, '--expires', 'soon').err,
  ).toContain('--expires takes a duration')
})
