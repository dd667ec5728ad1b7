// A secret poll sealed at once on two hubs, followed in the browser's replica (docs/events.md,
// "Two seals of a secret poll"): the app folds hub A's seal and count first; after the hubs
// sync, the other seal names a ballot that reached hub A only with it. That seal waits for the
// held ballot, the replica fetches and folds it, and ends with the hub's state: the lower seal id
// counting, nothing refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '../../../store/src/index.js'
import { afterAll, expect, test } from 'vitest'
import { pull } from '../../../store/src/test-support/hub-pair.js'
import { sealOnTwoHubs } from '../../../store/src/test-support/two-sealers.js'
import type { HubEvent } from './hub-client.js'
import { SpaceReplica } from './space-replica.js'

const dir = mkdtempSync(join(tmpdir(), 'veche-web-two-seals-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('replica: a second seal from another hub waits for the held ballot it names, then the replica agrees with the hub', async () => {
  const [a, b] = await Promise.all(
    ['a', 'b'].map(
      async (name) => new Ledger(await openSqliteStore(join(dir, `${name}.db`)), nodeVerifier),
    ),
  )
  const { p, one, two } = await sealOnTwoHubs(a!, b!)
  const logOf = async (): Promise<HubEvent[]> => {
    const log: HubEvent[] = []
    for await (const s of a!.store.read(p.space))
      log.push({ position: s.position, event: JSON.parse(s.json) as SignedEvent })
    return log
  }
  const heldOf = async () =>
    (await a!.store.ballots(p.space)).map((h) => JSON.parse(h.json) as unknown)
  let answer: unknown[] = await heldOf()
  const replica = new SpaceReplica(
    p.space,
    () => Promise.resolve(new Map()),
    () => Promise.resolve(answer),
  )
  const before = await logOf()
  await replica.receive(before)
  await replica.retry()
  expect(replica.waiting).toBe(0)
  expect(replica.state.polls.get(p.poll)!.secret!.phase).toBe('counted')

  // The hubs sync: hub A now holds hub B's ballot, seal, share, count and later event.
  await a!.submit(
    (await b!.store.ballots(p.space)).map((h) => JSON.parse(h.json) as SignedEvent),
    { park: true },
  )
  await pull(b!, a!, p.space)
  answer = await heldOf()
  await replica.receive((await logOf()).slice(before.length))
  for (let i = 0; i < 3 && replica.waiting > 0; i++) await replica.retry()
  expect(replica.waiting).toBe(0)
  expect(replica.refused).toBe(0)
  const winner = computeEventId(one.seal) < computeEventId(two.seal) ? one : two
  const poll = replica.state.polls.get(p.poll)!
  expect(poll.close?.id).toBe(computeEventId(winner.seal))
  expect(poll.result).toEqual(winner.count.body.result)
  expect(hashSpaceState(replica.state)).toBe(hashSpaceState((await a!.state(p.space))!))
  await Promise.all([a!.store.close(), b!.store.close()])
})
