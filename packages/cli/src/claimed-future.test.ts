// An event claiming a time far ahead of the hub's clock (a facilitator's election dated 2100, a
// phone whose clock is a year ahead), through real processes (`veche serve`, the built bin): sent
// to a hub directly it is refused (`event.claimed-future`, naming the claimed time, the hub's and
// the tolerance) and nothing is stored; within the tolerance (24 hours) it is taken; and the same
// kind of event that another hub took reaches this one by sync and is taken, or hubs would split.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { afterAll, expect, test } from 'vitest'
import { signedAssembly } from '../../server/src/test-support/signed-assembly.js'
import { startHub } from './test-support/cli-processes.js'
import type { Hub } from './test-support/cli-processes.js'
import { hubAt } from './test-support/two-hubs.js'

const root = mkdtempSync(join(tmpdir(), 'veche-claimed-future-'))
const hubs: Hub[] = []
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop()))
  rmSync(root, { recursive: true, force: true })
})

const HOUR = 3_600_000

async function post(url: string, events: readonly SignedEvent[]) {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  const body = (await res.json()) as {
    outcomes?: { status: string; code?: string; message?: string }[]
  }
  return { status: res.status, outcomes: body.outcomes ?? [] }
}

async function stored(url: string, event: SignedEvent): Promise<boolean> {
  return (await fetch(`${url}/api/events/${computeEventId(event)}`)).status === 200
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test('a hub refuses an event sent to it claimed two days ahead, takes one within a day, and takes one that another hub took by sync', async () => {
  const [dataA, dataB] = [join(root, 'a'), join(root, 'b')]
  // Hub B took an event dated two days ahead (its tolerance, or its clock, differed): written to
  // its store as replication writes, before it serves.
  const other = await signedAssembly(0, 'future-other-01')
  const farOnB = await other.founder.next(
    other.space,
    'proposal.submitted',
    { title: 'Dated ahead', text: 'Taken by another hub.' },
    Date.now() + 2 * 24 * HOUR,
  )
  const ledgerB = await hubAt(dataB)
  const report = await ledgerB.submit([...other.events, farOnB])
  expect(report.outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted'])
  await ledgerB.store.close()
  const b = await startHub(dataB)
  hubs.push(b)
  const a = await startHub(dataA, { after: ['--peer', b.url, '--sync-interval', '1'] })
  hubs.push(a)

  // Sent to hub A directly.
  const own = await signedAssembly(0, 'future-own-0001')
  expect((await post(a.url, own.events)).outcomes).toEqual([
    expect.objectContaining({ status: 'accepted' }),
  ])
  // Within the tolerance (an hour ahead, a phone's clock a little fast): taken.
  const near = await own.founder.next(
    own.space,
    'proposal.submitted',
    { title: 'A little ahead', text: 'Within a day.' },
    Date.now() + HOUR,
  )
  expect((await post(a.url, [near])).outcomes).toEqual([
    expect.objectContaining({ status: 'accepted' }),
  ])
  expect(await stored(a.url, near)).toBe(true)
  // Two days ahead: refused, naming the claimed time, the hub's and the tolerance; not stored.
  const claimed = Date.now() + 2 * 24 * HOUR
  const far = await own.founder.next(
    own.space,
    'proposal.submitted',
    { title: 'Elected in 2100', text: 'Dated ahead.' },
    claimed,
  )
  const refused = await post(a.url, [far])
  expect(refused.status).toBe(422)
  expect(refused.outcomes).toEqual([
    expect.objectContaining({ status: 'rejected', code: 'event.claimed-future' }),
  ])
  const message = refused.outcomes[0]!.message!
  expect(message).toContain(new Date(claimed).toISOString())
  expect(message).toContain("the hub's clock says 2")
  expect(message).toContain('24 hours')
  expect(await stored(a.url, far)).toBe(false)

  // What hub B took arrives at hub A by sync and is taken, dated two days ahead as it is.
  await waitFor(() => stored(a.url, farOnB), 'hub A to take by sync what hub B took')
}, 120_000)
