// A batcher given gatherMs (the secret ballots' route) waits for as many requests as its last
// group answered before it writes: one write (and one rebuild of the ballots' file) for a round of
// clients that answer a few milliseconds apart, instead of one for the first and one for the rest.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { SubmissionBatcher } from './submission-batcher.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'

const opened: { store: EventStore; dir: string }[] = []

afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

async function ledgerOnSqlite(): Promise<Ledger> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-gather-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  opened.push({ store, dir })
  return new Ledger(store, nodeVerifier)
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Four members' proposals: the first sent at once, the others 5 ms apart; the groups written. */
async function staggeredRound(gatherMs: number): Promise<{ writes: number; statuses: string[] }> {
  const ledger = await ledgerOnSqlite()
  const { space, members, events } = await signedAssembly(4, `gather-${gatherMs}`)
  const batcher = new SubmissionBatcher(ledger, undefined, gatherMs)
  await batcher.submit(events)
  const round = (k: number) =>
    Promise.all(
      members.map((m, i) =>
        m.next(space, 'proposal.submitted', { title: `m${i} p${k}`, text: 'x' }, T0 + 100 + k),
      ),
    )
  // A round of four requests at once: one group of four.
  const first = await round(1)
  await Promise.all(first.map((e) => batcher.submit([e])))
  const second = await round(2)
  let writes = 0
  const stop = ledger.onAppend(() => {
    writes += 1
  })
  const answers: Promise<readonly { status: string }[]>[] = []
  for (const e of second) {
    answers.push(batcher.submit([e]))
    await pause(5)
  }
  const statuses = (await Promise.all(answers)).map((o) => o[0]!.status)
  stop()
  return { writes, statuses }
}

test('gathering: four requests 5 ms apart after a group of four are written as one group', async () => {
  const { writes, statuses } = await staggeredRound(2_000)
  expect(statuses).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
  expect(writes).toBe(1)
})

test('without gathering the first of them is written alone (what the ballots route did)', async () => {
  const { writes, statuses } = await staggeredRound(0)
  expect(statuses).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
  expect(writes).toBeGreaterThan(1)
})

test('gathering: a lone request after a group of four is written once gatherMs has passed', async () => {
  const ledger = await ledgerOnSqlite()
  const { space, members, events } = await signedAssembly(4, 'gather-lone')
  const batcher = new SubmissionBatcher(ledger, undefined, 50)
  await batcher.submit(events)
  const proposals = await Promise.all(
    members.map((m, i) =>
      m.next(space, 'proposal.submitted', { title: `m${i}`, text: 'x' }, T0 + 100),
    ),
  )
  await Promise.all(proposals.slice(0, 4).map((e) => batcher.submit([e])))
  const lone = await members[0]!.next(
    space,
    'proposal.submitted',
    { title: 'alone', text: 'x' },
    T0 + 101,
  )
  expect((await batcher.submit([lone]))[0]).toMatchObject({ status: 'accepted' })
  // and the next request alone does not wait for four: the last group was one
  const next = await members[1]!.next(
    space,
    'proposal.submitted',
    { title: 'alone too', text: 'x' },
    T0 + 101,
  )
  expect((await batcher.submit([next]))[0]).toMatchObject({ status: 'accepted' })
  expect(await ledger.store.count(space)).toBe(events.length + 6)
})
