// `veche verify --database`: the same replay on the PostgreSQL database a hub (or a cluster of
// hubs, or a restored backup) uses, with the same hash the hub's ledger holds; a database that
// cannot be reached is a clear error. The PostgreSQL case runs when VECHE_TEST_PG is set.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashSpaceState } from '@veche/core'
import { Ledger, nodeVerifier, openPostgresStore } from '@veche/store'
import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import { signedAssembly } from '../../../server/src/test-support/signed-assembly.js'
import { veche } from '../test-support/cli-processes.js'

const PG = process.env.VECHE_TEST_PG
const root = mkdtempSync(join(tmpdir(), 'veche-verify-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test.skipIf(PG === undefined)('verify --database replays a hub PostgreSQL database', async () => {
  const schema = `verify_cli_${Math.random().toString(36).slice(2, 10)}`
  const store = await openPostgresStore(PG!, { schema })
  try {
    const ledger = new Ledger(store, nodeVerifier)
    const assembly = await signedAssembly(3, 'verify-cli-0001')
    await ledger.submit(assembly.events)
    const hash = hashSpaceState((await ledger.state(assembly.space))!)
    const run = await veche(root, join(root, 'unused'), [
      'verify',
      '--database',
      PG!,
      '--schema',
      schema,
    ])
    expect(run.err).toBe('')
    expect(run.out).toBe(`${assembly.space} state ${hash} (4 events)`)
  } finally {
    await store.close()
    const client = new pg.Client({ connectionString: PG })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  }
})

test('verify --database: a database out of reach is named in a clear error', async () => {
  const run = await veche(root, join(root, 'unused'), [
    'verify',
    '--database',
    'postgres://veche@127.0.0.1:1/veche',
  ])
  expect(run.code).not.toBe(0)
  expect(run.err).toContain('cannot open the store: cannot open the PostgreSQL event store at')
})
