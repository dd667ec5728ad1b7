// The hub client against a real hub (SQLite, loopback): accepted and refused events are reported
// per event, a refused request is reported for each of its events, pages read to the end, and an
// unreachable hub is "not now" (null), never an error that would lose the outbox.
import type { SignedEvent, SpaceId } from '@veche/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createHubClient } from './hub-client.js'
import { foundHall } from './test-support/hall-assembly.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'
import type { RunningHub } from './test-support/sqlite-hub.js'

let hub: RunningHub
let url = ''

beforeAll(async () => {
  hub = await startSqliteHub()
  url = hub.url
})

afterAll(() => hub.stop())

const founding = () => foundHall('nonce-client')

test('hub client: outcomes per event, pages to the end, an unknown space is empty', async () => {
  const client = createHubClient(url)
  const { author, space, created } = await founding()
  const proposals: SignedEvent[] = []
  for (let i = 0; i < 3; i++)
    proposals.push(await author.next(space, 'proposal.submitted', { title: `p${i}`, text: 'x' }, 2))
  const outcomes = await client.submit([created, ...proposals])
  expect(outcomes?.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
  const again = await client.submit([proposals[0]!])
  expect(again?.map((o) => o.status)).toEqual(['duplicate'])

  const events = await client.readEvents(space, 0)
  expect(events?.map((e) => (e.event as SignedEvent).seq)).toEqual([1, 2, 3, 4])
  expect(await client.readEvents(space, events![1]!.position)).toHaveLength(2)
  expect(await client.readEvents('AAAAAAAAAAAAAAAAAAAAAA' as SpaceId, 0)).toEqual([])
})

test('hub client: a refused request is a refusal for each event; no hub is null', async () => {
  const { created } = await founding()
  const tooMany = Array.from({ length: 1_001 }, () => created)
  const refused = await createHubClient(url).submit(tooMany)
  expect(refused).toHaveLength(1_001)
  expect(refused?.[0]).toMatchObject({ status: 'rejected', code: 'request.too-many-events' })
  expect(await createHubClient('http://127.0.0.1:1').submit([created])).toBeNull()
  expect(await createHubClient('http://127.0.0.1:1').readEvents(created.space, 0)).toBeNull()
})
