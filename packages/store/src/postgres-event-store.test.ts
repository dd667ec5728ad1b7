// What only the PostgreSQL store must show, beyond the shared suite in event-store.test.ts: a
// reader paging by cursor never skips an append that commits late, and clear errors on opening.
// Runs when VECHE_TEST_PG holds a connection URL.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
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
