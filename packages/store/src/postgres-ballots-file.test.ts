// A PostgreSQL store keeps held secret ballots in a SQLite file beside the hub, never in the
// database (docs/secret-ballot.md, "On PostgreSQL"): no ballot id reaches any table of the schema
// or the server's write-ahead log; the file has the SQLite store's format and bytes; the ballots of
// a schema that held them in its table move into the file on open; several stores (processes)
// share one file; an encrypted hub's file is encrypted. Runs when VECHE_TEST_PG holds a URL of a
// superuser (the WAL is read through pg_read_binary_file).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { EventId, SpaceId } from '@veche/core'
import type { HeldBallot, NewEvent } from './event-store.js'
import { ballotsFileOf } from './ballots-file.js'
import { openPostgresStore } from './postgres-event-store.js'
import { openSqliteStore } from './sqlite-event-store.js'
import { currentLsn, schemaText, walSince } from './test-support/postgres-traces.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''
const SPACE = 'pg-ballots-space-000000' as SpaceId

/** A ballot of a real ballot's size for one of two polls; its id is random, so found only here. */
function aBallot(poll: number): HeldBallot {
  const id = randomBytes(32).toString('base64url') as EventId
  return {
    id,
    space: SPACE,
    poll: `poll-${poll}` as EventId,
    json: JSON.stringify({ id, pad: randomBytes(1_150).toString('base64url') }),
  }
}

/** Header bytes that count writes (file change counter, schema cookie, version-valid-for). */
function withoutWriteCounters(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes)
  for (const at of [24, 40, 92]) copy.fill(0, at, at + 4)
  return copy
}

describe.runIf(PG_URL !== '')('PostgreSQL store: held ballots in a file beside it', () => {
  let schema: string
  let folder: string
  let admin: pg.Client

  beforeEach(async () => {
    schema = `veche_ballots_${randomBytes(6).toString('hex')}`
    folder = await mkdtemp(join(tmpdir(), 'veche-pg-ballots-'))
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
  })
  afterEach(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
    await rm(folder, { recursive: true, force: true })
  })

  test('ballots go to the file, in id order, and never to a table or the WAL of the database', async () => {
    const start = await currentLsn(admin)
    const file = join(folder, 'postgres.ballots')
    const store = await openPostgresStore(PG_URL, { schema, ballotsFile: file })
    const ballots = Array.from({ length: 60 }, (_, i) => aBallot(i % 2))
    try {
      // One at a time, as phones send them, and a group, as a sync round brings them.
      for (const ballot of ballots.slice(0, 40))
        await store.append([], undefined, { ballots: [ballot] })
      await store.append([], undefined, { ballots: ballots.slice(40) })
      const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : 1))
      expect((await store.ballots(SPACE)).map((b) => b.id)).toEqual([
        ...sorted.filter((b) => b.poll === 'poll-0').map((b) => b.id),
        ...sorted.filter((b) => b.poll === 'poll-1').map((b) => b.id),
      ])
      expect(await store.countBallots(SPACE)).toBe(60)
      expect((await store.has([ballots[0]!.id, 'not-held' as EventId])).size).toBe(1)
    } finally {
      await store.close()
    }
    const text = await schemaText(admin, schema)
    const wal = await walSince(admin, start)
    expect(wal.length).toBeGreaterThan(0)
    for (const ballot of ballots) {
      expect(text).not.toContain(ballot.id)
      for (const segment of wal) expect(segment.includes(ballot.id)).toBe(false)
    }
    // The same bytes as a SQLite store's ballots' file holding the same ballots.
    const sqlite = join(folder, 'veche.db')
    const embedded = await openSqliteStore(sqlite)
    await embedded.append([], undefined, { ballots })
    await embedded.close()
    // (compared with equals: a failing toEqual would print every byte)
    const ours = withoutWriteCounters(readFileSync(file))
    expect(ours.equals(withoutWriteCounters(readFileSync(ballotsFileOf(sqlite))))).toBe(true)
  })

  test("a schema's ballots held in its table move into the file, and the schema then needs it", async () => {
    const legacy = await openPostgresStore(PG_URL, { schema })
    const ballots = Array.from({ length: 12 }, (_, i) => aBallot(i % 2))
    const opened: NewEvent = {
      id: 'secret-poll-opened-event' as EventId,
      space: SPACE,
      author: 'author',
      seq: 1,
      type: 'secret.poll-opened',
      json: '{}',
    }
    await legacy.append([opened], undefined, { ballots })
    await legacy.close()
    expect(await schemaText(admin, schema)).toContain(ballots[0]!.id)

    const file = join(folder, 'postgres.ballots')
    const store = await openPostgresStore(PG_URL, { schema, ballotsFile: file })
    expect(await store.countBallots(SPACE)).toBe(12)
    await store.close()
    expect(await schemaText(admin, schema)).not.toContain(ballots[0]!.id)
    const table = await admin.query(
      `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'secret_ballots'`,
      [schema],
    )
    expect(table.rows).toEqual([])
    await expect(openPostgresStore(PG_URL, { schema })).rejects.toThrow(
      `the PostgreSQL schema ${schema} has secret polls, and their ballots are held in a file`,
    )
  })

  test('two stores on one file (two processes of one hub) see each other’s ballots', async () => {
    const file = join(folder, 'postgres.ballots')
    const first = await openPostgresStore(PG_URL, { schema, ballotsFile: file })
    const second = await openPostgresStore(PG_URL, { schema, ballotsFile: file })
    try {
      await first.append([], undefined, { ballots: [aBallot(0)] })
      await second.append([], undefined, { ballots: [aBallot(0), aBallot(1)] })
      expect(await first.countBallots(SPACE)).toBe(3)
      expect(await second.countBallots(SPACE)).toBe(3)
      expect(await first.ballotBoxes(SPACE)).toEqual(await second.ballotBoxes(SPACE))
    } finally {
      await first.close()
      await second.close()
    }
  })

  test('with a key the file is encrypted, and opens again only with it', async () => {
    const file = join(folder, 'postgres.ballots')
    const key = randomBytes(32)
    const ballot = aBallot(0)
    const store = await openPostgresStore(PG_URL, { schema, ballotsFile: file, ballotsKey: key })
    await store.append([], undefined, { ballots: [ballot] })
    await store.close()
    const bytes = readFileSync(file)
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0')
    expect(bytes.includes(ballot.id)).toBe(false)
    await expect(openPostgresStore(PG_URL, { schema, ballotsFile: file })).rejects.toThrow(
      'ballots',
    )
    const again = await openPostgresStore(PG_URL, { schema, ballotsFile: file, ballotsKey: key })
    expect((await again.ballots(SPACE)).map((b) => b.id)).toEqual([ballot.id])
    await again.close()
  })
})
