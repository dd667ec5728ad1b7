// A secret poll on a hub whose store is PostgreSQL (docs/secret-ballot.md, "On PostgreSQL"), real
// processes: `veche serve --tend --database` keeps held ballots in DATA/postgres-<schema>.ballots
// and never in the database, so after casting no ballot id, one-time key, credential, signature or
// ciphertext is in any table of the schema or in the server's write-ahead log written meanwhile;
// a second machine's process on the same database, with a data folder of its own and the first as
// its --peer, comes to hold the same ballots; after the count the database's `veche verify` hash
// is the SQLite replica's; and `veche verify`
// without the ballots' file refuses rather than count a poll without its ballots. Runs when
// VECHE_TEST_PG holds a superuser's URL (the WAL is read through pg_read_binary_file).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import type { EventId, SpaceId } from '@veche/core'
import { openBallotsFile, postgresBallotsFileName } from '@veche/store'
import type { HeldBallot } from '@veche/store'
import { cliOn, hubOutput, startHub } from './test-support/cli-processes.js'
import { currentLsn, schemaText, walSince } from '../../store/src/test-support/postgres-traces.js'

const PG = process.env.VECHE_TEST_PG ?? ''
const root = mkdtempSync(join(tmpdir(), 'veche-secret-pg-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** What names a ballot or its voter's one-time key: id, key, signatures, ciphertext. */
function ballotStrings(ballot: HeldBallot): string[] {
  const event = JSON.parse(ballot.json) as {
    author: string
    sig: string
    body: {
      credentials: { signature: string }[]
      ciphertext: { ephemeral: string; box: string }
    }
  }
  return [
    ballot.id,
    event.author,
    event.sig,
    ...event.body.credentials.map((c) => c.signature),
    event.body.ciphertext.ephemeral,
    event.body.ciphertext.box,
  ]
}

/** How many credentials the hub's output says it issued for `poll`, over all its steps. */
function issued(output: string, poll: string): number {
  const steps = output.matchAll(new RegExp(`^tend: ${poll}: issued (\\d+)$`, 'gm'))
  return [...steps].reduce((sum, [, n]) => sum + Number(n), 0)
}

/** Waits (at most 60 s) until `check` holds. */
async function waitFor(check: () => boolean): Promise<void> {
  for (const until = Date.now() + 60_000; !check();) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${check.toString()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

interface Verified {
  ok: boolean
  spaces: { space: string; hash: string; fault: unknown }[]
}

describe.runIf(PG !== '')('a secret poll on a PostgreSQL hub', () => {
  test('ballots stay out of the database and its WAL; the count verifies as on SQLite', async () => {
    const hubData = join(root, 'hub')
    const home = join(root, 'home')
    const atHub = cliOn(root, hubData)
    const atHome = cliOn(root, home)
    await atHub.run(['id', 'new', 'aigerim'])
    const voters = ['bolat', 'dana', 'erlan']
    const keys: string[] = []
    for (const name of voters) keys.push((await atHome.run(['id', 'new', name])).out)
    const space = await atHub.ok('aigerim', 'assembly', 'create', '--name', 'Hall on a server')
    for (const [i, name] of voters.entries())
      await atHub.ok('aigerim', 'admit', '--space', space, '--key', keys[i]!, '--name', name)
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
    const schema = `secret_pg_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG })
    await admin.connect()
    const start = await currentLsn(admin)
    const database = ['--database', PG, '--schema', schema]
    const hub = await startHub(hubData, {
      before: ['--as', 'aigerim'],
      after: ['--tend', ...database],
    })
    const file = join(hubData, postgresBallotsFileName(schema))
    // A second machine's process on the same database (its own data folder), replicating with the
    // first: it holds the ballots the first took once a pass has carried them over.
    const otherData = join(root, 'other-machine')
    const other = await startHub(otherData, { after: [...database, '--peer', hub.url] })
    const otherFile = join(otherData, postgresBallotsFileName(schema))
    let held: HeldBallot[] = []
    try {
      // It says where ballots are, and that other machines' processes must be its peers.
      expect(hubOutput.get(hub.child)!.text).toContain(
        `Secret ballots held on this machine in ${file}`,
      )
      expect(hubOutput.get(hub.child)!.text).toContain('name them with --cluster-peer')
      await atHub.ok('aigerim', 'sync', hub.url)
      const choices = ['yes', 'no', 'yes']
      for (const [i, name] of voters.entries()) {
        await atHome.ok(name, 'sync', hub.url)
        const asked = await atHome.run([
          '--as',
          name,
          'vote',
          '--poll',
          poll,
          '--choice',
          choices[i]!,
        ])
        expect(asked.code).toBe(75)
      }
      // Requests go up (one sync of the voters' folder carries all three); the hub answers them
      // by itself, and says so; answers come down; votes are cast and their ballots go up.
      await atHome.ok(voters[0]!, 'sync', hub.url)
      await waitFor(() => issued(hubOutput.get(hub.child)!.text, poll) === voters.length)
      for (let round = 0; round < 60 && held.length < voters.length; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 250))
        await atHome.ok(voters[0]!, 'sync', hub.url)
        for (const name of voters) await atHome.ok(name, 'secret', 'tend')
        await atHome.ok(voters[0]!, 'sync', hub.url)
        if (existsSync(file)) {
          const ballots = openBallotsFile(file)
          held = ballots.ballots(space as SpaceId, poll as EventId)
          ballots.close()
        }
      }
      expect(held.map((b) => b.id)).toEqual(held.map((b) => b.id).sort())
      expect(held).toHaveLength(voters.length)
      let there: HeldBallot[] = []
      for (let round = 0; round < 80 && there.length < held.length; round++) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        const ballots = openBallotsFile(otherFile)
        there = ballots.ballots(space as SpaceId, poll as EventId)
        ballots.close()
      }
      expect(there.map((b) => b.id)).toEqual(held.map((b) => b.id))

      // Nothing of a ballot in the database: every row of every table of the schema, as text,
      // and every WAL segment written since the hub started.
      const strings = held.flatMap(ballotStrings)
      expect(strings.every((value) => value.length >= 40)).toBe(true)
      const text = await schemaText(admin, schema)
      expect(text).toContain(space)
      const wal = await walSince(admin, start)
      expect(wal.some((segment) => segment.includes(space))).toBe(true)
      for (const value of strings) {
        expect(text.includes(value), value).toBe(false)
        for (const segment of wal) expect(segment.includes(value), value).toBe(false)
      }

      // The opener seals and counts on her own SQLite store, and the hub takes it by sync.
      await atHub.ok('aigerim', 'sync', hub.url)
      const counted = await atHub.json<{ ballots: number; result: { winner: string | null } }>(
        'aigerim',
        'poll',
        'close',
        '--poll',
        poll,
      )
      expect(counted).toMatchObject({ ballots: 3, result: { winner: 'yes' } })
      await atHub.ok('aigerim', 'sync', hub.url)
    } finally {
      await other.stop()
      await hub.stop()
      await admin.end()
    }
    const onPostgres = await atHub.json<Verified>('aigerim', 'verify', ...database)
    const onSqlite = await atHub.json<Verified>('aigerim', 'verify')
    expect(onPostgres.ok).toBe(true)
    const hashOf = (v: Verified) => v.spaces.find((s) => s.space === space)?.hash
    expect(hashOf(onPostgres)).toBeDefined()
    expect(hashOf(onPostgres)).toBe(hashOf(onSqlite))
    // Elsewhere, without the ballots' file, the database alone is refused.
    const elsewhere = await atHome.run(['verify', ...database])
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.err).toContain('has secret polls, and their ballots are held in a file')

    const cleanup = new pg.Client({ connectionString: PG })
    await cleanup.connect()
    await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await cleanup.end()
  }, 240_000)
})
