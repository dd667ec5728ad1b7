// The stores a hub test runs on: a fresh SQLite file always, and a fresh PostgreSQL schema when
// VECHE_TEST_PG is set (skipped otherwise), each with the hub options that store needs and a
// cleanup that removes what it made.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresStore, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import pg from 'pg'
import type { HubOptions } from '../hub.js'
import { createPostgresNotifier } from '../postgres-notifier.js'

export interface StoreUnderTest {
  readonly store: EventStore
  readonly options: Partial<HubOptions>
  cleanup(): Promise<void>
}

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres'
  readonly skip: boolean
  /** A fresh store; its cleanup runs after the test. */
  open(): Promise<StoreUnderTest>
}

/** SQLite and PostgreSQL; `prefix` names the temporary folder and schema (say, `hub`). */
export function storeDialects(prefix: string): StoreDialect[] {
  const url = process.env.VECHE_TEST_PG
  return [
    {
      name: 'sqlite',
      skip: false,
      async open() {
        const dir = mkdtempSync(join(tmpdir(), `veche-${prefix}-`))
        const store = await openSqliteStore(join(dir, 'veche.db'))
        return {
          store,
          options: {},
          cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        }
      },
    },
    {
      name: 'postgres',
      skip: url === undefined,
      async open() {
        const schema = `${prefix.replaceAll('-', '_')}_test_${Math.random().toString(36).slice(2, 10)}`
        const store = await openPostgresStore(url!, { schema, announceAppends: true })
        return {
          store,
          options: { notifier: createPostgresNotifier(url!, schema), storeKind: 'postgres' },
          async cleanup() {
            const client = new pg.Client({ connectionString: url })
            await client.connect()
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
            await client.end()
          },
        }
      },
    },
  ]
}
