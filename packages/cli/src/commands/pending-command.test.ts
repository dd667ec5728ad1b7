// `veche pending` and `veche pending purge` as real processes on a data folder that a running hub
// (`veche serve`) uses: junk pushed to the hub is listed with who sent it and since when, purged
// by author or whole space while the hub runs, and the hub then has room to hold again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventAuthor, SignedEvent, SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, openPostgresStore } from '@veche/store'
import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import {
  newAuthor,
  openPoll,
  signedAssembly,
  T0,
} from '../../../server/src/test-support/signed-assembly.js'
import { cliOn, startHub } from '../test-support/cli-processes.js'
import type { Hub } from '../test-support/cli-processes.js'

const PG = process.env.VECHE_TEST_PG
const root = mkdtempSync(join(tmpdir(), 'veche-pending-cli-'))
const hubs: Hub[] = []
afterAll(async () => {
  for (const hub of hubs) await hub.stop()
  rmSync(root, { recursive: true, force: true })
})

async function post(url: string, path: string, events: readonly SignedEvent[]) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  return (await res.json()) as Record<string, unknown>
}

test('pending: junk pushed to a running hub is listed, then purged by author and by space', async () => {
  const data = join(root, 'hall')
  const hub = await startHub(data)
  hubs.push(hub)
  const cli = cliOn(root, data)
  const assembly = await signedAssembly(1, 'pending-cli-01')
  const { event: opened, poll } = await openPoll(assembly)
  expect(await post(hub.url, '/api/events', [...assembly.events, opened])).toMatchObject({
    accepted: 3,
  })
  const flooder = newAuthor()
  const junk: SignedEvent[] = []
  for (let i = 0; i < 3; i++)
    junk.push(
      await flooder.next(assembly.space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, T0 + i),
    )
  const other = await newAuthor().next(
    assembly.space,
    'ballot.cast',
    { poll, vote: { choice: 'no' } },
    T0,
  )
  const push = `/api/sync/${assembly.space}/events`
  expect(await post(hub.url, push, [...junk, other])).toMatchObject({ parked: 4 })

  const listed = await cli.json<{
    pending: { author: string; code: string; stranger: boolean; since: string }[]
  }>('nobody', 'pending', '--space', assembly.space)
  expect(listed.pending).toHaveLength(4)
  expect(listed.pending[0]).toMatchObject({
    author: flooder.publicKey,
    code: 'member.not-member',
    stranger: true,
  })
  expect(Date.parse(listed.pending[0]!.since)).toBeGreaterThan(Date.now() - 60_000)
  expect(await cli.ok('nobody', 'pending')).toContain(', author without standing')

  expect(
    await cli.ok(
      'nobody',
      'pending',
      'purge',
      '--space',
      assembly.space,
      '--author',
      flooder.publicKey,
    ),
  ).toBe(`dropped 3 events held back in ${assembly.space} by ${flooder.publicKey}`)
  expect((await cli.json<{ pending: unknown[] }>('nobody', 'pending')).pending).toHaveLength(1)
  expect(await cli.ok('nobody', 'pending', 'purge', '--space', assembly.space)).toBe(
    `dropped 1 event held back in ${assembly.space}`,
  )
  expect(await cli.ok('nobody', 'pending')).toBe('nothing is pending')
  // The running hub holds what is pushed again, and still takes real events.
  expect(await post(hub.url, push, junk)).toMatchObject({ parked: 3 })
  const { event: second } = await openPoll(assembly, 'Strike?')
  expect(await post(hub.url, '/api/events', [second])).toMatchObject({ accepted: 1 })

  const bad = await cli.run(['pending', 'purge', '--space', 'nope'])
  expect(bad.code).not.toBe(0)
  expect(bad.err).toContain('--space: "nope" is not a space id')
  const none = await cli.run(['pending', 'purge'])
  expect(none.err).toContain('--space: which space to purge is required')
})

test.skipIf(PG === undefined)('pending purge: on the PostgreSQL database a hub uses', async () => {
  const schema = `pending_cli_${Math.random().toString(36).slice(2, 10)}`
  const store = await openPostgresStore(PG!, { schema })
  try {
    const ledger = new Ledger(store, nodeVerifier)
    const assembly = await signedAssembly(0, 'pending-cli-02')
    await ledger.submit(assembly.events.slice(0, 1))
    const gap = await chainAfterGap(assembly.founder, assembly.space)
    await ledger.submit(gap, { park: true })
    expect(await store.countPending({ space: assembly.space })).toBe(2)
    const cli = cliOn(root, join(root, 'unused'))
    expect(
      await cli.ok(
        'nobody',
        'pending',
        'purge',
        '--database',
        PG!,
        '--schema',
        schema,
        '--space',
        assembly.space,
      ),
    ).toBe(`dropped 2 events held back in ${assembly.space}`)
    expect(await store.countPending()).toBe(0)
  } finally {
    await store.close()
    const client = new pg.Client({ connectionString: PG })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  }
})

/** Two events of `author` after a gap in its chain (the first is never sent). */
async function chainAfterGap(author: EventAuthor, space: SpaceId): Promise<SignedEvent[]> {
  const events: SignedEvent[] = []
  for (let i = 0; i < 3; i++)
    events.push(
      await author.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, T0 + i),
    )
  return events.slice(1)
}
