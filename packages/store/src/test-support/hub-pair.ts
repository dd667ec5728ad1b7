// Two hubs of one test that meet by sync: a SQLite file each, and hub B on PostgreSQL when
// VECHE_TEST_PG is set, so a pair may differ in its stores as real hubs do. Their folder and
// schemas go when the test file ends.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { SignedEvent, SpaceId } from '@veche/core'
import { openPostgresStore, openSqliteStore } from '../adapters.js'
import { Ledger, TAMPERED_CODES } from '../ledger.js'
import { nodeVerifier } from '../node-ed25519.js'

/** Opens hubs named `a`, `b`, …, under `prefix` (a folder name, and the schemas' prefix). */
export function hubPair(prefix: string): { newHub: (name: string) => Promise<Ledger> } {
  const root = mkdtempSync(join(tmpdir(), `veche-${prefix}-`))
  const pgUrl = process.env.VECHE_TEST_PG
  const schemas: string[] = []
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true })
    if (pgUrl === undefined || schemas.length === 0) return
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: pgUrl })
    await client.connect()
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  })
  return {
    newHub: async (name) => {
      if (name === 'b' && pgUrl !== undefined) {
        const schema = `${prefix.replaceAll('-', '_')}_${Date.now()}_${Math.floor(Math.random() * 1e9)}`
        schemas.push(schema)
        return new Ledger(await openPostgresStore(pgUrl, { schema }), nodeVerifier)
      }
      return new Ledger(await openSqliteStore(join(root, `${name}.db`)), nodeVerifier)
    },
  }
}

/** Every event hub `from` holds of `space`, submitted to `to` as sync does (parked, not direct). */
export async function pull(from: Ledger, to: Ledger, space: SpaceId): Promise<void> {
  const events: SignedEvent[] = []
  for await (const stored of from.store.read(space))
    events.push(JSON.parse(stored.json) as SignedEvent)
  const report = await to.submit(events, { park: true, refuseOn: TAMPERED_CODES })
  for (const o of report.outcomes)
    if (o.status === 'rejected') throw new Error(`sync refused ${o.id}: ${o.code} ${o.message}`)
}
