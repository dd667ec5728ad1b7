// Replicas converge: a property over real hubs (HTTP on loopback, SQLite). A poll's history is
// scattered over three hubs at random (each event reaches a random set of hubs, each hub sees its
// events in a random order), the hubs sync in a random pattern of pairs, then in a ring; every
// hub ends with the original state hash and nothing waiting.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyEvent, computeEventId, createSpaceState, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { syncWithPeer } from './sync-client.js'
import { castBallots, closePoll, openPoll, signedAssembly } from './test-support/signed-assembly.js'
import { startReplica } from './test-support/replica.js'

test('replicas converge: random delivery to three hubs and random syncs end in one state hash', async () => {
  const assembly = await signedAssembly(6, 'sync-property')
  const { event: opened, poll } = await openPoll(assembly)
  const ballots = await castBallots(assembly, poll)
  const recast = await assembly.members[0]!.next(
    assembly.space,
    'ballot.cast',
    { poll, vote: { choice: 'no' } },
    1,
  )
  const before: SignedEvent[] = [...assembly.events, opened, ...ballots, recast]
  const history = [...before, await closePoll(assembly, before, poll)]
  const state = createSpaceState(assembly.space)
  for (const event of history) expect(applyEvent(state, event, computeEventId(event))).toBeNull()
  const expected = hashSpaceState(state)

  const pair = fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }))
    .filter(([a, b]) => a !== b)
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 7 }), {
        minLength: history.length,
        maxLength: history.length,
      }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: history.length,
        maxLength: history.length,
      }),
      fc.array(pair, { maxLength: 4 }),
      async (reach, order, syncs) => {
        const dir = mkdtempSync(join(tmpdir(), 'veche-converge-'))
        const hubs = await Promise.all(['a', 'b', 'c'].map((n) => startReplica(dir, n)))
        try {
          const shuffled = history
            .map((event, i) => ({ event, i, key: order[i]! }))
            .sort((x, y) => x.key - y.key)
          for (const [h, hub] of hubs.entries()) {
            const mine = shuffled.filter(({ i }) => (reach[i]! & (1 << h)) !== 0)
            // One event at a time, as phones send them: early ones wait, parked.
            for (const { event } of mine) await hub.ledger.submit([event], { park: true })
          }
          for (const [a, b] of syncs) await syncWithPeer(hubs[a]!.ledger, hubs[b]!.url)
          // Then rounds of a ring until one round moves nothing (as `serve --peer` keeps going).
          for (let round = 0, moved = 1; moved > 0 && round < 20; round++) {
            moved = 0
            for (const [a, b] of [
              [0, 1],
              [1, 2],
              [2, 0],
            ] as const) {
              for (const r of await syncWithPeer(hubs[a]!.ledger, hubs[b]!.url)) {
                moved +=
                  r.pulled.accepted + r.pulled.released + r.pushed.accepted + r.pushed.released
              }
            }
          }
          for (const hub of hubs) {
            const got = await hub.ledger.state(assembly.space)
            expect(got && hashSpaceState(got)).toBe(expected)
            expect(await hub.ledger.pending()).toEqual([])
          }
        } finally {
          for (const hub of hubs) await hub.close()
          rmSync(dir, { recursive: true, force: true })
        }
      },
    ),
    { numRuns: 30 },
  )
}, 60_000)
