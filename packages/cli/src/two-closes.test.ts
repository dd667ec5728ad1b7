// Two facilitators closing one poll at once on two hubs, carried both ways by bundles, through the
// `veche` command as real processes (issue #15): `veche verify` prints the same state hash on both
// data folders, and `veche show` lists the close that lost in one line (docs/events.md, "Two
// closes"). The events are signed here and written through the store, as a hub would have.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor, computeEventId, proposeClose } from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Ledger } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { hubAt, swapBundles, verifiedStates } from './test-support/two-hubs.js'

const root = mkdtempSync(join(tmpdir(), 'veche-two-closes-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const author = () => new EventAuthor(nodeSigner(generateKeyPair()))

async function accept(hub: Ledger, events: readonly SignedEvent[]): Promise<void> {
  for (const o of (await hub.submit(events, { refuseStaleCloses: true })).outcomes)
    expect(o).toMatchObject({ status: 'accepted' })
}

async function closeOn(
  hub: Ledger,
  closer: EventAuthor,
  space: SpaceId,
  poll: EventId,
  at: number,
): Promise<SignedEvent> {
  const state = (await hub.state(space))!
  const close = proposeClose(state, state.polls.get(poll)!, at)
  if (!close.ok) throw new Error(close.message)
  const event = await closer.next(space, 'poll.closed.3', close.value, at)
  await accept(hub, [event])
  return event
}

test('veche: two closes of one poll on two hubs, carried both ways by bundles: verify prints one hash on both; show lists the superseded close', async () => {
  const [dataA, dataB] = [join(root, 'a'), join(root, 'b')]
  const [a, b] = [await hubAt(dataA), await hubAt(dataB)]
  const [f1, f2, v1, v2] = [author(), author(), author(), author()]
  const nonce = 'two-closes-cli-1'
  const space = f1.spaceFor(nonce)
  let t = 1_780_000_000_000
  const rules = {
    proposeRight: 'member',
    inviteRight: 'facilitator',
    quorum: { ballots: 0, percent: 0 },
    defaultMethod: 'majority',
    visibility: 'public',
  } as const
  const setup = [
    await f1.next(
      space,
      'assembly.created',
      { nonce, name: 'Depot', description: '', languages: ['en'], founderName: 'F1', rules },
      t++,
    ),
    await f1.next(space, 'member.admitted', { member: f2.publicKey, name: 'F2' }, t++),
    await f1.next(space, 'member.admitted', { member: v1.publicKey, name: 'V1' }, t++),
    await f1.next(space, 'member.admitted', { member: v2.publicKey, name: 'V2' }, t++),
    await f1.next(space, 'role.granted', { member: f2.publicKey, role: 'facilitator' }, t++),
  ]
  const opened = await f1.next(
    space,
    'poll.opened',
    {
      question: 'Strike on Monday?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'seed-two-closes-cli',
    },
    t++,
  )
  const poll = computeEventId(opened)
  setup.push(opened)
  await accept(a, setup)
  await accept(b, setup)
  // Hub A hears V1's "yes", hub B hears V2's "no"; each facilitator closes on their own hub.
  await accept(a, [await v1.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, t++)])
  await accept(b, [await v2.next(space, 'ballot.cast', { poll, vote: { choice: 'no' } }, t++)])
  const closes = [await closeOn(a, f1, space, poll, t++), await closeOn(b, f2, space, poll, t++)]
  await Promise.all([a.store.close(), b.store.close()])
  const [winner, loser] = [...closes].sort((x, y) =>
    computeEventId(x) < computeEventId(y) ? -1 : 1,
  ) as [SignedEvent, SignedEvent]

  const [cliA, cliB] = await swapBundles(root, dataA, dataB)
  const hashes = await verifiedStates([cliA, cliB])
  expect(hashes[0]).toEqual([expect.any(String), String(setup.length + 4)])
  expect(hashes[1]).toEqual(hashes[0])
  const shown = await cliB.run(['show', '--space', space])
  expect(shown.code).toBe(0)
  const lines = shown.out.split('\n').filter((l) => l.includes('superseded close'))
  expect(lines).toEqual([
    expect.stringContaining(
      `superseded close ${computeEventId(loser)} by ${loser.author.slice(0, 8)}…: 1 ballot(s), result:`,
    ),
  ])
  expect(lines[0]).toContain(`close ${computeEventId(winner)} has the lower id and counts`)
})
