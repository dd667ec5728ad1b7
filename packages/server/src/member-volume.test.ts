// One member's key, within the per-author rate, could have about 360,000 events an hour accepted
// (open ballot recasts, comments, …), each carried for good by every replica. A hub now refuses,
// for events sent to it directly, a member's open ballot on a poll where it holds 100 of theirs
// (`ballot.recast-limit`, core's ballot-flood.ts) and a member's events in a space past the quota
// of the window by its clock (`member.volume-limit`, member-volume-limit.ts); sync still takes
// what another hub took. A real hub on SQLite (and PostgreSQL when VECHE_TEST_PG is set), a clock
// of the test's own.
import { MAX_OPEN_BALLOTS_PER_POLL } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier } from '@veche/store'
import { afterEach, describe, expect, test } from 'vitest'
import { createHub } from './hub.js'
import type { HubOptions } from './hub.js'
import { openPoll, signedAssembly, T0 } from './test-support/signed-assembly.js'
import type { SignedAssembly } from './test-support/signed-assembly.js'
import { storeDialects } from './test-support/store-dialects.js'
import type { StoreDialect } from './test-support/store-dialects.js'

const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

async function start(dialect: StoreDialect, options: Partial<Omit<HubOptions, 'ledger'>> = {}) {
  const opened = await dialect.open()
  const ledger = new Ledger(opened.store, nodeVerifier)
  const hub = await createHub({ log: false, ...opened.options, ...options, ledger })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  closing.push(async () => {
    await hub.close()
    await opened.store.close()
    await opened.cleanup()
  })
  return { url, ledger }
}

async function post(url: string, path: string, events: readonly SignedEvent[]) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events.length === 1 ? events[0] : { events }),
  })
  const body = (await response.json()) as {
    code?: string
    detail?: string
    accepted?: number
    outcomes?: { status: string; code?: string }[]
  }
  return { status: response.status, body }
}

const direct = (url: string, events: readonly SignedEvent[]) => post(url, '/api/events', events)
const bySync = (url: string, space: string, events: readonly SignedEvent[]) =>
  post(url, `/api/sync/${space}/events`, events)

async function recasts(
  assembly: SignedAssembly,
  poll: EventId,
  count: number,
): Promise<SignedEvent[]> {
  const member = assembly.members[0]!
  const out: SignedEvent[] = []
  for (let i = 0; i < count; i += 1)
    out.push(
      await member.next(
        assembly.space,
        'ballot.cast',
        { poll, vote: { choice: i % 2 === 0 ? 'yes' : 'no' } },
        T0 + i,
      ),
    )
  return out
}

for (const dialect of storeDialects('volume')) {
  describe.skipIf(dialect.skip)(`member volume on ${dialect.name}`, () => {
    test('a hub takes a member’s first 100 ballots on a poll sent directly and refuses the next (ballot.recast-limit); sync still takes it', async () => {
      const hub = await start(dialect)
      const assembly = await signedAssembly(2)
      const { event: opened, poll } = await openPoll(assembly)
      expect((await direct(hub.url, [...assembly.events, opened])).status).toBe(200)
      const ballots = await recasts(assembly, poll, MAX_OPEN_BALLOTS_PER_POLL + 2)
      const first = await direct(hub.url, ballots.slice(0, MAX_OPEN_BALLOTS_PER_POLL))
      expect(first.status).toBe(200)
      expect(first.body.accepted).toBe(MAX_OPEN_BALLOTS_PER_POLL)

      const refused = await direct(hub.url, [ballots[MAX_OPEN_BALLOTS_PER_POLL]!])
      expect(refused.status).toBe(422)
      expect(refused.body.code).toBe('ballot.recast-limit')
      expect(refused.body.detail).toContain('already holds 100 ballots of this member in this poll')
      // Another member's ballot on the same poll is taken.
      const other = await assembly.members[1]!.next(
        assembly.space,
        'ballot.cast',
        { poll, vote: { choice: 'no' } },
        T0,
      )
      expect((await direct(hub.url, [other])).status).toBe(200)

      // What another hub took arrives by sync and is taken: replicas never differ over the limit.
      const synced = await bySync(hub.url, assembly.space, ballots.slice(MAX_OPEN_BALLOTS_PER_POLL))
      expect(synced.status).toBe(200)
      expect(synced.body.accepted).toBe(2)
      expect(await hub.ledger.store.count(assembly.space)).toBe(
        assembly.events.length + 1 + MAX_OPEN_BALLOTS_PER_POLL + 2 + 1,
      )
    })

    test('a hub refuses a member’s events past the quota of its window (member.volume-limit), takes them again after it; sync still takes them', async () => {
      let now = T0
      const hub = await start(dialect, {
        volumeLimit: { events: 5, windowMs: 3_600_000, now: () => now },
      })
      const assembly = await signedAssembly(1)
      const { event: opened, poll } = await openPoll(assembly)
      // The founder's own setup (three events) is within its quota.
      expect((await direct(hub.url, [...assembly.events, opened])).status).toBe(200)
      const ballots = await recasts(assembly, poll, 9)

      // Five taken, the rest of the request refused one by one, keeping their seqs.
      const batch = await direct(hub.url, ballots.slice(0, 7))
      expect(batch.status).toBe(207)
      expect(batch.body.outcomes!.map((o) => o.code ?? o.status)).toEqual([
        ...Array<string>(5).fill('accepted'),
        'member.volume-limit',
        'member.volume-limit',
      ])
      const single = await direct(hub.url, [ballots[5]!])
      expect(single.status).toBe(422)
      expect(single.body.code).toBe('member.volume-limit')
      expect(single.body.detail).toContain('at most 5 events of one member in one space within 1 h')

      // Sync takes what another hub took, past the quota.
      const synced = await bySync(hub.url, assembly.space, ballots.slice(5, 7))
      expect(synced.body.accepted).toBe(2)

      // Still refused within the window, by the hub's clock; taken once the window has passed.
      now += 1_800_000
      expect((await direct(hub.url, [ballots[7]!])).body.code).toBe('member.volume-limit')
      now += 3_600_000
      expect((await direct(hub.url, [ballots[7]!])).status).toBe(200)
      // Nothing accepted was lost: every ballot the hub took is held.
      expect(await hub.ledger.store.count(assembly.space)).toBe(assembly.events.length + 1 + 8)
    })
  })
}
