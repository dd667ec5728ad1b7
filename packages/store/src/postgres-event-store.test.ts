// What only the PostgreSQL store must show, beyond the shared suite in event-store.test.ts: a
// reader paging by cursor never skips an append that commits late, an append is announced at its
// commit when asked to (never one refused), and clear errors on opening.
// Runs when VECHE_TEST_PG holds a connection URL.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { appendChannel } from './append-channel.js'
import { CAUGHT_UP_LIMIT } from './event-store.js'
import type { EventStore, StoredEvent } from './event-store.js'
import { openPostgresStore } from './postgres-event-store.js'
import {
  sampleAuthor,
  sampleEvent,
  sampleEvents,
  sampleSpace,
} from './test-support/sample-events.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''

describe.runIf(PG_URL !== '')('PostgreSQL event store', () => {
  const space = sampleSpace('pg')
  let schema: string
  let admin: pg.Client

  beforeEach(async () => {
    schema = `veche_test_${randomBytes(6).toString('hex')}`
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
  })
  afterEach(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  async function readAfter(store: EventStore, after: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = []
    for await (const event of store.readAll({ after })) events.push(event)
    return events
  }

  test('an append that commits late is not skipped by a reader paging by position', async () => {
    const first = await openPostgresStore(PG_URL, { schema })
    const second = await openPostgresStore(PG_URL, { schema })
    const slow = sampleEvents(space, sampleAuthor('slow'), 1, 3)
    const fast = sampleEvents(space, sampleAuthor('fast'), 1, 2)
    const blocker = slow[2]!
    try {
      // Another connection holds an uncommitted row with the slow batch's last id, so the slow
      // append takes its first positions and then waits on that row before it can commit.
      await admin.query('BEGIN')
      await admin.query(
        `INSERT INTO ${schema}.events (id, space, author, seq, type, json) VALUES ($1, $2, 'x', 1, 'x', '{}')`,
        [blocker.id, space],
      )
      const slowAppend = first.append(slow)
      await waitFor(async () => {
        const waiting = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'veche' AND wait_event_type = 'Lock'`,
        )
        return waiting.rows.length > 0
      })
      const fastAppend = second.append(fast)
      await Promise.race([fastAppend, sleep(300)])
      const seenEarly = await readAfter(second, 0)
      await admin.query('ROLLBACK')
      await Promise.all([slowAppend, fastAppend])
      const seenLate = await readAfter(second, seenEarly.at(-1)?.position ?? 0)
      const seen = [...seenEarly, ...seenLate].map((e) => e.id)
      expect(seen.sort(), 'the reader skipped events').toEqual(
        [...slow, ...fast].map((e) => e.id).sort(),
      )
    } finally {
      await first.close()
      await second.close()
    }
  })

  test('an append checked while another held the append lock sees what that one committed', async () => {
    const first = await openPostgresStore(PG_URL, { schema })
    const second = await openPostgresStore(PG_URL, { schema })
    const [seed] = await first.append([sampleEvent(space, sampleAuthor('seed'), 1)])
    const held = sampleEvents(space, sampleAuthor('held'), 1, 3)
    const late = sampleEvent(space, sampleAuthor('late'), 1)
    try {
      // The first append takes the append lock, then waits on a row another connection holds.
      await admin.query('BEGIN')
      await admin.query(
        `INSERT INTO ${schema}.events (id, space, author, seq, type, json) VALUES ($1, $2, 'x', 1, 'x', '{}')`,
        [held[2]!.id, space],
      )
      const heldAppend = first.append(held)
      await waitFor(async () => (await waiting('Lock', 'transactionid')) > 0)
      // The second was checked against the seed alone, and waits for the append lock.
      const lateAppend = second.append([late], new Map([[space, seed!]])).then(
        () => null,
        (e: unknown) => e,
      )
      await waitFor(async () => (await waiting('Lock', 'advisory')) > 0)
      await admin.query('ROLLBACK')
      const heldPositions = await heldAppend
      expect(await lateAppend).toMatchObject({
        name: 'StoreConflictError',
        kind: 'stale',
        message: expect.stringContaining(
          `space ${space} has events up to position ${heldPositions.at(-1)}, but this append was checked against position ${seed}`,
        ) as unknown,
      })
      expect(await second.count(space)).toBe(4)
    } finally {
      await first.close()
      await second.close()
    }
  })

  test('the duplicate look-up and the catch-up read in one go answer as has and read do', async () => {
    const store = await openPostgresStore(PG_URL, { schema })
    const other = sampleSpace('pg-other')
    const busy = sampleSpace('pg-busy')
    try {
      const mine = sampleEvents(space, sampleAuthor('mine'), 1, 5)
      const theirs = sampleEvents(other, sampleAuthor('theirs'), 1, 3)
      const many = sampleEvents(busy, sampleAuthor('many'), 1, CAUGHT_UP_LIMIT + 2)
      const positions = await store.append([...mine, ...theirs, ...many])
      const unknown = sampleEvent(space, sampleAuthor('unknown'), 1).id
      const ids = [mine[1]!.id, unknown, theirs[2]!.id]
      const after = new Map([
        [space, positions[2]!],
        [other, positions[mine.length + theirs.length - 1]!],
        [sampleSpace('pg-empty'), 0],
        [busy, 0],
      ])
      const read = await store.hasAndEventsAfter!(ids, { heldBallots: false }, after)
      expect(read.stored).toEqual(await store.has(ids))
      expect([...read.stored].sort()).toEqual([mine[1]!.id, theirs[2]!.id].sort())
      // Each space whole after its position; one with more than the limit is left out, to be read
      // page by page.
      expect([...read.caughtUp.keys()].sort()).toEqual(
        [space, other, sampleSpace('pg-empty')].sort(),
      )
      for (const [readSpace, events] of read.caughtUp) {
        expect(events).toEqual(
          await collect(store.read(readSpace, { after: after.get(readSpace)! })),
        )
      }
      expect(read.caughtUp.get(space)!.map((e) => e.id)).toEqual(mine.slice(3).map((e) => e.id))
      expect(read.caughtUp.get(other)).toEqual([])
    } finally {
      await store.close()
    }
  })

  test('an announced append is heard once committed, with each space and its last position, and a refused one never', async () => {
    const store = await openPostgresStore(PG_URL, { schema, announceAppends: true })
    const other = sampleSpace('pg-other')
    const listener = new pg.Client({ connectionString: PG_URL })
    await listener.connect()
    // On each notification, what another session reads then: the events must be there.
    const heard: { payload: string; stored: number }[] = []
    const reads: Promise<void>[] = []
    listener.on('notification', (message) => {
      const [heardSpace = ''] = (message.payload ?? '').split(' ')
      reads.push(
        admin
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${schema}.events WHERE space = $1`,
            [heardSpace],
          )
          .then(
            (result) => void heard.push({ payload: message.payload!, stored: result.rows[0]!.n }),
          ),
      )
    })
    await listener.query(`LISTEN "${appendChannel(schema)}"`)
    try {
      expect(store.announcesAppends).toBe(true)
      const mine = sampleEvents(space, sampleAuthor('mine'), 1, 3)
      const theirs = sampleEvents(other, sampleAuthor('theirs'), 1, 2)
      // One round trip (BEGIN, the checked insert, COMMIT sent at once), two spaces.
      const positions = await store.append([mine[0]!, theirs[0]!, mine[1]!, theirs[1]!], new Map())
      await waitFor(() => Promise.resolve(heard.length === 2))
      expect(heard.map((h) => h.payload).sort()).toEqual(
        [`${space} ${positions[2]}`, `${other} ${positions[3]}`].sort(),
      )
      expect(heard.map((h) => h.stored)).toEqual([2, 2])
      // Rolled back: an id another session commits first (the append waits on its row, then fails).
      const late = sampleEvents(space, sampleAuthor('late'), 1, 2)
      await admin.query('BEGIN')
      await admin.query(
        `INSERT INTO ${schema}.events (id, space, author, seq, type, json) VALUES ($1, $2, 'x', 1, 'x', '{}')`,
        [late[1]!.id, space],
      )
      const failed = store.append(late, new Map([[space, positions[2]!]])).catch((e: unknown) => e)
      await waitFor(async () => (await waiting('Lock', 'transactionid')) > 0)
      await admin.query('COMMIT')
      expect(await failed).toMatchObject({ name: 'StoreConflictError', kind: 'id' })
      // Stale: checked against a position the space has passed; nothing is written.
      const stale = await store
        .append([mine[2]!], new Map([[space, positions[0]!]]))
        .catch((e: unknown) => e)
      expect(stale).toMatchObject({ name: 'StoreConflictError', kind: 'stale' })
      // Written statement by statement (with a held event beside it): announced at its commit too.
      const [last] = await store.append([mine[2]!], undefined, {
        park: [
          {
            ...theirs[0]!,
            id: sampleEvent(other, sampleAuthor('held'), 1).id,
            code: 'x',
            at: 1,
            stranger: false,
          },
        ],
      })
      await waitFor(() => Promise.resolve(heard.length === 3))
      await Promise.all(reads)
      // The blocker's row is the only event of the space stored besides the announced ones.
      expect(heard.slice(2)).toEqual([{ payload: `${space} ${last}`, stored: 4 }])
    } finally {
      await listener.end()
      await store.close()
    }
  })

  test('a store opened without announceAppends announces nothing', async () => {
    const store = await openPostgresStore(PG_URL, { schema })
    const listener = new pg.Client({ connectionString: PG_URL })
    await listener.connect()
    const heard: string[] = []
    listener.on('notification', (message) => heard.push(message.payload ?? ''))
    await listener.query(`LISTEN "${appendChannel(schema)}"`)
    try {
      expect(store.announcesAppends).toBe(false)
      await store.append([sampleEvent(space, sampleAuthor('quiet'), 1)], new Map())
      // A notification of our own, sent after the append: heard after anything the append sent.
      await admin.query('SELECT pg_notify($1, $2)', [appendChannel(schema), 'marker'])
      await waitFor(() => Promise.resolve(heard.length > 0))
      expect(heard).toEqual(['marker'])
    } finally {
      await listener.end()
      await store.close()
    }
  })

  /** How many of the stores' connections wait on a lock of this type. */
  async function waiting(event: string, lock: string): Promise<number> {
    const found = await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'veche' AND wait_event_type = $1 AND wait_event = $2`,
      [event, lock],
    )
    return found.rows.length
  }

  test('an unreachable server is named in a clear error', async () => {
    const url = 'postgres://veche:secret@127.0.0.1:1/nowhere'
    const error = await openPostgresStore(url, { schema }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /cannot open the PostgreSQL event store at postgres:\/\/veche:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
    )
    expect((error as Error).cause).toBeDefined()
  })

  test('a schema name that is not a plain identifier is refused', async () => {
    await expect(openPostgresStore(PG_URL, { schema: 'x; DROP TABLE y' })).rejects.toThrow(
      /schema name must be letters, digits and _/,
    )
  })

  test('opening one new schema from two pools at once migrates it once', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(PG_URL, { schema })))
    try {
      await stores[0]!.append([sampleEvent(space, sampleAuthor('a'), 1)])
      expect(await stores[2]!.count()).toBe(1)
      const version = await admin.query(`SELECT version FROM ${schema}.schema_version`)
      expect(version.rows).toEqual([{ version: 4 }])
    } finally {
      await Promise.all(stores.map((store) => store.close()))
    }
  })
})

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await sleep(20)
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = []
  for await (const item of items) found.push(item)
  return found
}
