// The PostgreSQL store when a connection is lost in the middle of an append (the server crashed,
// a failover): the append rejects, nothing of it is stored, the process goes on, and the next
// append works on a new connection; its error says the database was out of reach. The loss is real: the server ends the append's session
// (pg_terminate_backend) while it waits on a lock. Runs when VECHE_TEST_PG holds a connection URL.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openPostgresStore } from './postgres-event-store.js'
import { isStoreUnreachable } from './store-unreachable.js'
import { sampleAuthor, sampleEvents, sampleSpace } from './test-support/sample-events.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''

describe.runIf(PG_URL !== '')('PostgreSQL store, connection lost', () => {
  let schema: string
  let admin: pg.Client

  beforeEach(async () => {
    schema = `veche_test_${randomBytes(6).toString('hex')}`
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
  })
  afterEach(async () => {
    await admin.query('ROLLBACK').catch(() => undefined)
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  test('an append whose connection is lost rejects, writes nothing, and the next one works', async () => {
    const store = await openPostgresStore(PG_URL, { schema })
    const [first, second] = sampleEvents(sampleSpace('lost'), sampleAuthor('lost'), 1, 2)
    try {
      // This session holds the events table, so the append waits inside its transaction.
      await admin.query('BEGIN')
      await admin.query(`LOCK TABLE ${schema}.events IN ACCESS EXCLUSIVE MODE`)
      // Its outcome is taken at once: the append may reject before the terminate call returns.
      const outcome = store.append([first!]).then(
        () => null,
        (e: unknown) => e,
      )
      let pid: number | undefined
      for (let i = 0; i < 500 && pid === undefined; i++) {
        const waiting = await admin.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relname = 'events' AND NOT l.granted`,
          [schema],
        )
        pid = waiting.rows[0]?.pid
        if (pid === undefined) await sleep(20)
      }
      expect(pid).toBeDefined()
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
      const error = await outcome
      expect(String(error)).toMatch(/could not append to the PostgreSQL event store/)
      // The hub answers it with 503 store.unavailable (problem.ts), not as a fault of its own.
      expect(isStoreUnreachable(error)).toBe(true)
      await admin.query('ROLLBACK')
      expect(await store.count()).toBe(0)
      // The lost connection left the pool; a new one takes the next append.
      await store.append([first!, second!])
      expect(await store.count()).toBe(2)
    } finally {
      await store.close()
    }
  })
})
