// Secret polls through the `veche` command, real processes on real SQLite data folders
// (docs/secret-ballot.md): a whole poll of four members with three tellers, two needed; credential
// requests answered by `veche secret tend`; a recast; the seal, the shares and the count, whose
// result is the plain count of everyone's last choice; each refusal with its own code; wallets
// kept 0600 and forgotten after the count; and a poll run between two stores by carried bundles.
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, expect, test } from 'vitest'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { cliOn, hubOutput, startHub } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-secret-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** What the voters' commands printed, to check that no ballot id was ever among it. */
const printed: string[] = []

/** Every identity runs `veche secret tend` in turn until a whole round does nothing. */
async function tendAll(cli: ReturnType<typeof cliOn>, names: readonly string[]): Promise<void> {
  for (let round = 0; round < 8; round++) {
    let moved = false
    for (const name of names) {
      const out = await cli.ok(name, '--json', 'secret', 'tend')
      printed.push(out)
      if ((JSON.parse(out) as { steps: unknown[] }).steps.length > 0) moved = true
    }
    if (!moved) return
  }
  throw new Error('tending never settled')
}

/**
 * Carries `space` from `cli`'s folder to a fresh one with `veche export` and `veche import`, and
 * returns both folders' `veche verify`, the import's report and the copy's `show`.
 */
async function carriedByExport(cli: ReturnType<typeof cliOn>, as: string, space: string) {
  const n = ++copies
  const file = join(root, `exported-${n}.veche`)
  const copy = cliOn(root, join(root, `copy-${n}`))
  const exported = await cli.json<{ events: number; ballots: number }>(
    as,
    'export',
    '--space',
    space,
    '--out',
    file,
  )
  const run = await copy.run(['--json', 'import', file])
  expect(run.err).toBe('')
  const imported = JSON.parse(run.out) as { written: number }
  const verify = async (c: ReturnType<typeof cliOn>) =>
    JSON.parse((await c.run(['--json', 'verify'])).out) as { ok: boolean; spaces: unknown[] }
  const show = (await copy.run(['show', '--space', space])).out
  return { exported, imported, here: await verify(cli), there: await verify(copy), show }
}
let copies = 0

interface PollStatus {
  phase: string
  requested: number
  issued: number
  held: number
  sealed: number
  result: { outcome: string; winner: string | null; counts: { option: string; votes: number }[] }
  me: { ballot: string; waiting: boolean }
}

test('secret poll through the cli: four members, tellers two of three, a recast, and the count equals the last choices', async () => {
  const data = join(root, 'hall')
  const cli = cliOn(root, data)
  const people = ['aigerim', 'bolat', 'dana', 'erlan']
  const keys: string[] = []
  for (const name of people) keys.push((await cli.run(['id', 'new', name])).out)
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Secret hall')
  for (const [i, name] of people.slice(1).entries())
    await cli.ok('aigerim', 'admit', '--space', space, '--key', keys[i + 1]!, '--name', name)
  // Setup options are checked before anything is signed.
  const open = ['poll', 'open', '--space', space, '--question', 'Strike?', '--options', 'yes,no']
  for (const [args, message] of [
    [['--secret', '--tellers', 'aigerim,nobody'], '"nobody" is not a public key, a local identity'],
    [['--secret', '--tellers', 'aigerim,bolat', '--quorum', '3'], '--quorum must be'],
    [['--issuers', 'bolat'], '--issuers, --tellers and --quorum go with --secret'],
  ] as const) {
    const refused = await cli.run(['--as', 'aigerim', ...open, ...args])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(message)
  }
  const opened = await cli.json<{ poll: string; phase: string }>(
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--secret',
    '--question',
    'Strike on Monday?',
    '--options',
    'yes,no',
    '--issuers',
    'aigerim,bolat',
    '--tellers',
    `aigerim,bolat,${keys[2]!}`,
    '--quorum',
    '2',
  )
  const poll = opened.poll
  // The opener's own key and share key are signed with the poll; the others' wait for them.
  expect(opened.phase).toBe('setup')
  const early = await cli.run(['--as', 'dana', 'vote', '--poll', poll, '--choice', 'yes'])
  expect(early.code).toBe(1)
  expect(early.err).toContain('secret.setup')
  await tendAll(cli, people)
  const status = (as: string) => cli.json<PollStatus>(as, 'secret', 'status', '--poll', poll)
  expect((await status('erlan')).phase).toBe('open')

  // A first vote asks for a credential; until both issuers answer it waits, and says so. Bolat,
  // an issuer, answers every request in when he votes: Aigerim's, asked before, is then complete.
  const choices: Record<string, string> = { aigerim: 'no', bolat: 'yes', dana: 'no', erlan: 'yes' }
  for (const name of people) {
    const run = await cli.run([
      '--as',
      name,
      '--json',
      'vote',
      '--poll',
      poll,
      '--choice',
      choices[name]!,
    ])
    expect(run.code, `${name}: ${run.err}`).toBe(75)
    expect(JSON.parse(run.out)).toMatchObject({ waiting: 'credential' })
    printed.push(run.out)
  }
  expect(await status('erlan')).toMatchObject({ requested: 4, issued: 1, me: { waiting: true } })
  // A wallet others can read is refused; a lost one cannot ask again (one request per member).
  const erlanDir = join(data, 'secrets', keys[3]!)
  const erlanWallet = join(erlanDir, `${poll}.json`)
  chmodSync(erlanWallet, 0o644)
  const exposed = await cli.run(['--as', 'erlan', 'secret', 'status', '--poll', poll])
  expect(exposed.code).toBe(1)
  expect(exposed.err).toContain(`chmod 600 ${erlanWallet}`)
  chmodSync(erlanWallet, 0o600)
  renameSync(erlanWallet, `${erlanWallet}.away`)
  const lost = await cli.run(['--as', 'erlan', 'vote', '--poll', poll, '--choice', 'yes'])
  expect(lost.code).toBe(1)
  expect(lost.err).toContain('secret.already-requested')
  renameSync(`${erlanWallet}.away`, erlanWallet)
  await tendAll(cli, people)
  expect(await status('erlan')).toMatchObject({
    requested: 4,
    issued: 4,
    held: 4,
    me: { ballot: 'held', waiting: false },
  })
  // Dana changes her mind: a recast under the same one-time key; the count of held keys stays.
  const recast = await cli.json<{ recast: boolean }>(
    'dana',
    'vote',
    '--poll',
    poll,
    '--choice',
    'yes',
  )
  expect(recast.recast).toBe(true)
  printed.push(JSON.stringify(recast))
  choices.dana = 'yes'
  const bad = await cli.run(['--as', 'dana', 'vote', '--poll', poll, '--choice', 'maybe'])
  expect(bad.code).toBe(1)
  expect(bad.err).toContain('"maybe" is not an option')
  const show = await cli.ok('erlan', 'show', '--space', space)
  expect(show).toContain('secret vote, open: 4 asked for a credential, 4 issued')
  expect(show).toContain('4 ballot(s) held')
  expect(show).toContain('Secret vote')
  // Carried by `veche export`, the held ballots of the open poll go along: the copy holds them.
  const whileOpen = await carriedByExport(cli, 'erlan', space)
  expect(whileOpen.exported.ballots).toBe(5)
  expect(whileOpen.imported.written).toBe(whileOpen.exported.events + 5)
  expect(whileOpen.there).toEqual(whileOpen.here)
  expect(whileOpen.show).toContain('4 ballot(s) held')

  // The seal; the closer is a teller, so one share is in and one more is needed.
  const sealed = await cli.run(['--as', 'aigerim', '--json', 'poll', 'close', '--poll', poll])
  expect(sealed.code).toBe(75)
  expect(JSON.parse(sealed.out)).toMatchObject({ ballots: 4, waiting: 'shares', revealed: 1 })
  const late = await cli.run(['--as', 'erlan', 'vote', '--poll', poll, '--choice', 'no'])
  expect(late.code).toBe(1)
  expect(late.err).toContain('secret.sealed')
  expect(await status('dana')).toMatchObject({ phase: 'sealed', me: { ballot: 'sealed' } })
  await cli.ok('bolat', 'secret', 'tend')
  const counted = await cli.json<{ ballots: number; result: PollStatus['result'] }>(
    'aigerim',
    'poll',
    'close',
    '--poll',
    poll,
  )
  const yes = Object.values(choices).filter((c) => c === 'yes').length
  expect(counted.ballots).toBe(4)
  expect(counted.result.counts).toEqual([
    { option: 'yes', votes: yes },
    { option: 'no', votes: 4 - yes },
  ])
  expect(counted.result.winner).toBe('yes')
  expect(await cli.ok('erlan', 'show', '--space', space)).toContain('result: adopted — "yes"')

  // Every wallet is the owner's only; after the count a member's status forgets the one-time key.
  const danaDir = join(data, 'secrets', keys[2]!)
  const file = join(
    danaDir,
    readdirSync(danaDir).find((f) => f.endsWith('.json'))!,
  )
  expect(statSync(file).mode & 0o777).toBe(0o600)
  expect(readFileSync(file, 'utf8')).toContain('pseudonymSeed')
  expect(await status('dana')).toMatchObject({ phase: 'counted', me: { ballot: 'counted' } })
  expect(readFileSync(file, 'utf8')).not.toContain('pseudonym')
  expect(readFileSync(file, 'utf8')).not.toContain('"cast"')
  expect(await status('dana')).toMatchObject({ me: { ballot: 'counted' } })
  const verified = await cli.json<{ ok: boolean }>('erlan', 'verify')
  expect(verified.ok).toBe(true)
  // Carried by `veche export` after the count, the seal finds its ballots in the copy: same hash.
  const counted2 = await carriedByExport(cli, 'erlan', space)
  expect(counted2.exported.ballots).toBe(5)
  expect(counted2.there).toEqual(counted2.here)
  expect(counted2.there.ok).toBe(true)
  expect(counted2.show).toContain('result: adopted — "yes"')
  // Nothing a voter's command printed names a ballot: a terminal's scrollback outlives the wallet.
  const log = await cli.json<{ event: { type: string; body: { ballots?: string[] } } }[]>(
    'erlan',
    'log',
    '--space',
    space,
  )
  const ballotIds = log.find((row) => row.event.type === 'secret.poll-sealed')!.event.body.ballots!
  expect(ballotIds).toHaveLength(4)
  for (const id of ballotIds) for (const out of printed) expect(out).not.toContain(id)
}, 240_000)

test('secret poll by carried files: bundles take requests, credentials and held ballots (sorted by id) across, and both stores end at the same hash', async () => {
  const hub = join(root, 'hub')
  const village = join(root, 'village')
  const atHub = cliOn(root, hub)
  const atVillage = cliOn(root, village)
  await atHub.run(['id', 'new', 'aigerim'])
  const bolat = (await atVillage.run(['id', 'new', 'bolat'])).out
  const dana = (await atVillage.run(['id', 'new', 'dana'])).out
  const space = await atHub.ok('aigerim', 'assembly', 'create', '--name', 'Carried hall')
  await atHub.ok('aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  await atHub.ok('aigerim', 'admit', '--space', space, '--key', dana, '--name', 'Dana')
  // The defaults: the opener is the one issuer and the one teller, quorum 1: open at once.
  const opened = await atHub.json<{ poll: string; phase: string }>(
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--secret',
    '--question',
    'Keep the night school?',
    '--options',
    'yes,no',
  )
  expect(opened.phase).toBe('open')
  const poll = opened.poll
  let files = 0
  const carry = async (
    from: ReturnType<typeof cliOn>,
    to: ReturnType<typeof cliOn>,
    as: [string, string],
  ) => {
    const file = join(root, `carried-${++files}.veche`)
    const exported = await from.json<{ version: number; ballots: Record<string, number> }>(
      as[0],
      'bundle',
      'export',
      '--out',
      file,
    )
    const imported = await to.json<{ rejected: number; ballots: number }>(
      as[1],
      'bundle',
      'import',
      file,
    )
    expect(imported.rejected).toBe(0)
    return { file, exported, imported }
  }
  await carry(atHub, atVillage, ['aigerim', 'bolat'])
  for (const [name, choice] of [
    ['bolat', 'yes'],
    ['dana', 'no'],
  ] as const) {
    const run = await atVillage.run(['--as', name, 'vote', '--poll', poll, '--choice', choice])
    expect(run.code).toBe(75)
    expect(run.out).toContain('veche secret tend')
  }
  await carry(atVillage, atHub, ['bolat', 'aigerim'])
  expect(
    (await atHub.json<{ steps: { step: string; count?: number }[] }>('aigerim', 'secret', 'tend'))
      .steps,
  ).toEqual([expect.objectContaining({ step: 'issued', count: 2 })])
  await carry(atHub, atVillage, ['aigerim', 'bolat'])
  await atVillage.ok('bolat', 'secret', 'tend')
  await atVillage.ok('dana', 'secret', 'tend')
  await atVillage.ok('dana', 'vote', '--poll', poll, '--choice', 'yes')

  // The village's held ballots go to the hub in a version-3 bundle, sorted by id.
  const sent = await carry(atVillage, atHub, ['bolat', 'aigerim'])
  expect(sent.exported.version).toBe(3)
  expect(sent.exported.ballots).toEqual({ [space]: 3 })
  expect(sent.imported.ballots).toBe(3)
  const lines = gunzipSync(readFileSync(sent.file)).toString('utf8').trim().split('\n').slice(1)
  const ballots = lines
    .map((line) => JSON.parse(line) as SignedEvent)
    .filter((e) => e.type === 'secret.ballot')
    .map(computeEventId)
  expect(ballots).toHaveLength(3)
  expect(ballots).toEqual([...ballots].sort())
  const shown = await atHub.json<{ held: Record<string, number> }>(
    'aigerim',
    'show',
    '--space',
    space,
  )
  expect(shown.held[poll]).toBe(2)

  // A header that claims a line that is no ballot as one is refused whole.
  const text = gunzipSync(readFileSync(sent.file)).toString('utf8')
  const lied = join(root, 'lied.veche')
  writeFileSync(
    lied,
    gzipSync(text.replace(`"ballots":{"${space}":3}`, `"ballots":{"${space}":4}`)),
  )
  const refused = await atHub.run(['--as', 'aigerim', 'bundle', 'import', lied])
  expect(refused.code).toBe(1)
  expect(refused.err).toContain('not all secret ballots')

  // The hub seals and counts what the village cast; the result goes back; both agree.
  const counted = await atHub.json<{ ballots: number; result: PollStatus['result'] }>(
    'aigerim',
    'poll',
    'close',
    '--poll',
    poll,
  )
  expect(counted.ballots).toBe(2)
  expect(counted.result.counts).toEqual([
    { option: 'yes', votes: 2 },
    { option: 'no', votes: 0 },
  ])
  await carry(atHub, atVillage, ['aigerim', 'bolat'])
  const hubHash = await atHub.json<{ spaces: { hash: string }[] }>('aigerim', 'verify')
  const villageHash = await atVillage.json<{ spaces: { hash: string }[] }>('bolat', 'verify')
  expect(villageHash.spaces).toEqual(hubHash.spaces)
  expect(
    await atVillage.json<PollStatus>('dana', 'secret', 'status', '--poll', poll),
  ).toMatchObject({ phase: 'counted', me: { ballot: 'counted' } })
}, 240_000)

test('two `secret tend` of one identity at once make one issuer key and one dealing, never two', async () => {
  const data = join(root, 'race')
  const cli = cliOn(root, data)
  await cli.run(['id', 'new', 'aigerim'])
  const bolat = (await cli.run(['id', 'new', 'bolat'])).out
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Race hall')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  const { poll } = await cli.json<{ poll: string }>(
    'aigerim',
    ...['poll', 'open', '--space', space, '--secret', '--question', 'Strike?'],
    ...['--options', 'yes,no', '--issuers', 'bolat', '--tellers', 'bolat'],
  )
  const runs = await Promise.all(
    [1, 2, 3].map(() => cli.run(['--as', 'bolat', '--json', 'secret', 'tend'])),
  )
  expect(runs.map((r) => [r.code, r.err])).toEqual([
    [0, ''],
    [0, ''],
    [0, ''],
  ])
  const steps = runs.flatMap((r) => (JSON.parse(r.out) as { steps: { step: string }[] }).steps)
  expect(steps.map((s) => s.step).sort()).toEqual(['issuer-key', 'teller-dealt'])
  // The key kept is the key published: a credential made under it verifies, and the vote is cast.
  expect((await cli.run(['--as', 'aigerim', 'vote', '--poll', poll, '--choice', 'no'])).code).toBe(
    75,
  )
  await cli.ok('bolat', 'secret', 'tend')
  await cli.ok('aigerim', 'secret', 'tend')
  expect(await cli.json<PollStatus>('aigerim', 'secret', 'status', '--poll', poll)).toMatchObject({
    phase: 'open',
    issued: 1,
    me: { ballot: 'held' },
  })
}, 120_000)

test('an encrypted data folder seals its secret-poll wallets: veche encrypt seals those before it, and nothing secret is left readable', async () => {
  const data = join(root, 'sealed')
  const cli = cliOn(root, data)
  await cli.run(['id', 'new', 'aigerim'])
  const bolat = (await cli.run(['id', 'new', 'bolat'])).out
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Sealed hall')
  await cli.ok('aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  const { poll } = await cli.json<{ poll: string }>(
    'aigerim',
    ...['poll', 'open', '--space', space, '--secret', '--question', 'Strike?'],
    ...['--options', 'yes,no'],
  )
  expect((await cli.run(['--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes'])).code).toBe(
    75,
  )
  const walletText = () =>
    readdirSync(join(data, 'secrets'))
      .flatMap((key) =>
        readdirSync(join(data, 'secrets', key))
          .filter((f) => f.endsWith('.json'))
          .map((f) => join(data, 'secrets', key, f)),
      )
      .map((file) => readFileSync(file, 'utf8'))
  // Plain before: the issuer's RSA key, the teller's secret, Bolat's one-time key and his vote.
  expect(walletText().join('\n')).toContain('issuerPrivateKey')
  expect(walletText().join('\n')).toContain('pseudonymSeed')

  const pass = join(root, 'sealed-pass')
  writeFileSync(pass, 'the square is ours\n', { mode: 0o600 })
  const withPass = ['--passphrase-file', pass]
  const encrypted = await cli.json<{ wallets: number }>(
    'aigerim',
    ...withPass,
    'encrypt',
    '--scrypt-log-n',
    '14',
  )
  expect(encrypted.wallets).toBe(2)
  for (const text of walletText()) {
    expect(text).toContain('"sealed"')
    for (const secret of ['issuerPrivateKey', 'tellerSecret', 'pseudonym', 'blinding', 'waiting'])
      expect(text).not.toContain(secret)
  }
  // Without the passphrase nothing opens; with it the poll goes on to its count.
  expect((await cli.run(['--as', 'bolat', 'secret', 'status', '--poll', poll])).code).toBe(1)
  await cli.ok('aigerim', ...withPass, 'secret', 'tend')
  expect(
    (await cli.json<{ steps: { step: string }[] }>('bolat', ...withPass, 'secret', 'tend')).steps,
  ).toEqual([expect.objectContaining({ step: 'cast' })])
  for (const text of walletText()) expect(text).not.toContain('pseudonym')
  const counted = await cli.json<{ result: PollStatus['result'] }>(
    'aigerim',
    ...withPass,
    'poll',
    'close',
    '--poll',
    poll,
  )
  expect(counted.result.winner).toBe('yes')
  expect(
    await cli.json<PollStatus>('bolat', ...withPass, 'secret', 'status', '--poll', poll),
  ).toMatchObject({ phase: 'counted', me: { ballot: 'counted' } })
}, 180_000)

/** The hub's stores: SQLite in its data folder always, PostgreSQL when VECHE_TEST_PG is set. */
const PG = process.env.VECHE_TEST_PG
const HUB_STORES = PG === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const)
const schemas: string[] = []
afterAll(async () => {
  if (PG === undefined || schemas.length === 0) return
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: PG })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
})

test.each(HUB_STORES)(
  'veche serve --tend on %s: the hub answers a credential request that reaches it by sync, as its own identity',
  async (store) => {
    const hubData = join(root, `tending-hub-${store}`)
    const home = join(root, `tending-home-${store}`)
    const atHub = cliOn(root, hubData)
    const atHome = cliOn(root, home)
    await atHub.run(['id', 'new', 'aigerim'])
    const bolat = (await atHome.run(['id', 'new', 'bolat'])).out
    const space = await atHub.ok('aigerim', 'assembly', 'create', '--name', 'Tended hall')
    await atHub.ok('aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
    const poll = await atHub.ok(
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
    )
    const schema = `secret_cli_${Date.now()}`
    if (store === 'postgres') schemas.push(schema)
    const hub = await startHub(hubData, {
      before: ['--as', 'aigerim'],
      after: ['--tend', ...(store === 'postgres' ? ['--database', PG!, '--schema', schema] : [])],
    })
    try {
      expect(hubOutput.get(hub.child)!.text).toContain('Tending secret polls as aigerim')
      // On PostgreSQL the hub starts empty: the assembly goes up from the folder it was made in.
      if (store === 'postgres') await atHub.ok('aigerim', 'sync', hub.url)
      await atHome.ok('bolat', 'sync', hub.url)
      const asked = await atHome.run(['--as', 'bolat', 'vote', '--poll', poll, '--choice', 'yes'])
      expect(asked.code).toBe(75)
      // The request goes up; the hub answers it by itself (and says so); the answer comes down;
      // the vote is cast.
      await atHome.ok('bolat', 'sync', hub.url)
      const answered = `tend: ${poll}: issued 1`
      for (const until = Date.now() + 30_000; !hubOutput.get(hub.child)!.text.includes(answered);) {
        expect(Date.now(), 'the hub to answer the request').toBeLessThan(until)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      let cast: { steps: { step: string }[] } = { steps: [] }
      for (let i = 0; i < 40 && cast.steps.length === 0; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 250))
        await atHome.ok('bolat', 'sync', hub.url)
        cast = await atHome.json('bolat', 'secret', 'tend')
      }
      expect(cast.steps).toEqual([expect.objectContaining({ step: 'cast' })])
      expect(hubOutput.get(hub.child)!.text).toContain(`tend: ${poll}: issued 1`)
      expect(
        await atHome.json<PollStatus>('bolat', 'secret', 'status', '--poll', poll),
      ).toMatchObject({ phase: 'open', issued: 1, me: { ballot: 'held' } })
    } finally {
      await hub.stop()
    }
  },
  120_000,
)
