// One key sealing a secret poll at its deadline on two devices (a hub tending as the opener and the
// opener's open app), through a real ledger on SQLite (docs/events.md, "Deadlines"): the seals
// claim the deadline, so two devices holding the same ballots sign one event, a duplicate; two
// that held different ballots sign two, and the second, submitted directly, is refused
// (`poll.closed-by-author`) with no fork evidence. Replication, where nobody dropped either,
// still keeps such a pair as fork evidence, as for any two events at one seq.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { closeClaimedAt, draftNext, secretSealDraft, signEvent } from '@veche/core'
import type { EventAuthor, SignedEvent, SpaceState } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { secretPollOnLedger } from './test-support/secret-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-own-close-repeat-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0
const newLedger = async (): Promise<Ledger> =>
  new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)

/** The opener's seal of `poll` from `state`, signed as a device does once the deadline passed. */
async function sealAt(opener: EventAuthor, state: SpaceState, poll: string, now: number) {
  const record = state.polls.get(poll as never)!
  const { body } = secretSealDraft(state, record.id)
  return signEvent(
    draftNext(
      state,
      state.space,
      opener.publicKey,
      'secret.poll-sealed',
      body,
      closeClaimedAt(record, now),
    ),
    opener.signer,
  )
}

test('one key sealing at a deadline on two devices: the same ballots give one event (a duplicate); other ballots are refused (poll.closed-by-author), not a fork; replication keeps the pair as a fork', async () => {
  const hub = await newLedger()
  const p = await secretPollOnLedger(hub, { members: 4, closesIn: 60_000 })
  const closesAt = p.log.find((e) => e.type === 'secret.poll-opened')!.body as { closesAt: number }
  await p.submit([await p.vote(p.members[1]!, 'yes')])
  const last = await p.vote(p.members[2]!, 'no')
  // The app's copy before the last ballot reached it (its credential was issued before).
  const appState = structuredClone(await p.state())
  await p.submit([last])
  const held = await p.state()
  const tender = await sealAt(p.founder, held, p.poll, closesAt.closesAt + 1)
  expect(tender.at).toBe(closesAt.closesAt)
  // The same ballots, the timer firing later on another clock: the same bytes.
  const same = await sealAt(p.founder, held, p.poll, closesAt.closesAt + 900)
  expect(same).toEqual(tender)
  const fromApp = await sealAt(p.founder, appState, p.poll, closesAt.closesAt + 400)
  expect(fromApp.seq).toBe(tender.seq)

  const direct = (event: SignedEvent) => hub.submit([event], { refuseStaleCloses: true })
  expect((await direct(tender)).outcomes).toMatchObject([{ status: 'accepted' }])
  expect((await direct(same)).outcomes).toMatchObject([{ status: 'duplicate' }])
  expect((await direct(fromApp)).outcomes).toMatchObject([
    { status: 'rejected', code: 'poll.closed-by-author' },
  ])
  expect(await hub.store.forks(p.space)).toEqual([])
  expect((await p.state()).forks.size).toBe(0)

  // Carried by sync or a bundle, the pair is two events at one seq, kept as evidence.
  const replica = await newLedger()
  await replica.submit([...p.log.filter((e) => e.type !== 'secret.poll-sealed')], { park: true })
  for (const ballot of await hub.store.ballots(p.space))
    await replica.submit([JSON.parse(ballot.json)], { park: true })
  expect((await replica.submit([tender], { park: true })).outcomes).toMatchObject([
    { status: 'accepted' },
  ])
  expect((await replica.submit([fromApp], { park: true })).outcomes).toMatchObject([
    { status: 'rejected', code: 'chain.fork' },
  ])
  expect(await replica.store.forks(p.space)).toHaveLength(1)
})
