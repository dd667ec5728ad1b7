// Live streams of councils and of the assemblies that join them, over a real hub on SQLite (and on
// PostgreSQL when VECHE_TEST_PG is set): after every submission, every space's stream has sent a
// state update whose hash and event count are what `veche verify` computes for the same events. A
// council's state depends on the events of other spaces it references (the decisions to join, the
// delegates' elections, the referral answers), and an assembly's on the council decisions it
// records, so a stream that folded its space alone would drift from the hub's own answer.
import { Writable } from 'node:stream'
import { computeReferralResult } from '@veche/core'
import type { SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, verifyStore } from '@veche/store'
import type { EventStore, SubmitOptions, SubmitReport } from '@veche/store'
import { afterEach, describe, expect, test } from 'vitest'
import { foundAssembly, submitAll } from '../../store/src/test-support/assembly-fixture.js'
import {
  castAndClose,
  decide,
  electDelegates,
  foundCouncil,
  joinCouncil,
  notice,
  tick,
} from '../../store/src/test-support/federation-fixture.js'
import type { Body } from '../../store/src/test-support/federation-fixture.js'
import { lastEventOfType } from '../../store/src/test-support/federation-scenario.js'
import { createHub } from './hub.js'
import { storeDialects } from './test-support/store-dialects.js'
import { openSse } from './test-support/sse-client.js'
import type { SseStream } from './test-support/sse-client.js'

const DIALECTS = storeDialects('live-feed')

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface StateUpdate {
  readonly position: number
  readonly hash: string
  readonly events: number
}

/** One open stream, its state updates kept as they arrive. */
class FollowedStream {
  readonly updates: StateUpdate[] = []
  #arrived: () => void = () => undefined

  constructor(
    readonly space: SpaceId,
    readonly stream: SseStream,
  ) {
    void this.#read()
  }

  async #read(): Promise<void> {
    for await (const frame of this.stream.frames) {
      if (frame.event !== 'state') continue
      this.updates.push(JSON.parse(frame.data) as StateUpdate)
      this.#arrived()
    }
  }

  /** The state update at `position`, once it arrives (10 s at most). */
  async at(position: number): Promise<StateUpdate> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const update = this.updates.findLast((u) => u.position >= position)
      if (update !== undefined) return update
      if (Date.now() > deadline) {
        const last = JSON.stringify(this.updates.at(-1))
        throw new Error(`the stream of ${this.space} sent no state at ${position}; last: ${last}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250)
        this.#arrived = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }
}

/** A ledger that, after each submission, checks every stream against `veche verify`. */
class CheckedLedger extends Ledger {
  afterEach: () => Promise<void> = () => Promise.resolve()
  checks = 0

  override async submit(
    inputs: readonly unknown[],
    options?: SubmitOptions,
  ): Promise<SubmitReport> {
    const report = await super.submit(inputs, options)
    await this.afterEach()
    return report
  }
}

async function lastPosition(store: EventStore, space: SpaceId): Promise<number> {
  let last = 0
  for await (const stored of store.read(space)) last = stored.position
  return last
}

/** Every stream's latest state equals what `veche verify` computes now, for every space. */
async function expectStreamsVerified(
  store: EventStore,
  streams: ReadonlyMap<SpaceId, readonly FollowedStream[]>,
): Promise<void> {
  for (const verdict of await verifyStore(store, nodeVerifier)) {
    expect(verdict.fault).toBeNull()
    const position = await lastPosition(store, verdict.space)
    for (const followed of streams.get(verdict.space) ?? []) {
      expect(await followed.at(position), `the stream of ${verdict.space}`).toMatchObject({
        position,
        hash: verdict.hash,
        events: verdict.events,
      })
    }
  }
}

/**
 * Two assemblies join a council (its admissions reference their decisions), elect delegates (its
 * notices reference the elections), the delegates vote in the council, an assembly records the
 * council's decision, and a referral is answered by both and its close recorded in an assembly.
 */
async function federate(ledger: Ledger, store: EventStore): Promise<void> {
  const district = await foundCouncil(ledger, 'District council')
  const bodies: (Body & { alice: Body['facilitator']; bob: Body['facilitator'] })[] = []
  for (let i = 0; i < 2; i++) {
    const { space, founder, alice, bob } = await foundAssembly(ledger)
    const body = { space, facilitator: founder, voters: [founder, alice, bob], alice, bob }
    await joinCouncil(ledger, body, district)
    await electDelegates(ledger, body, district.council, [alice], [bob], bob)
    bodies.push(body)
  }
  const [north, south] = bodies as [(typeof bodies)[0], (typeof bodies)[0]]
  const { council, convenor } = district

  const [councilPoll] = await submitAll(ledger, [
    await convenor.next(
      council,
      'poll.opened.2',
      {
        question: 'Open the night bus line?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'night-bus-1',
      },
      tick(),
    ),
  ])
  await castAndClose(ledger, council, convenor, councilPoll!, [
    [north.alice, { choice: 'yes' }],
    [south.alice, { choice: 'yes' }],
  ])
  const councilClose = await lastEventOfType(store, council, 'poll.closed')
  await submitAll(ledger, [
    await north.bob.next(north.space, 'council.reported', { reference: councilClose }, tick()),
  ])

  const [motion] = await submitAll(ledger, [
    await convenor.next(council, 'proposal.submitted', { title: 'Rent cap', text: 'Cap.' }, tick()),
  ])
  const [referral] = await submitAll(ledger, [
    await convenor.next(council, 'referral.opened', { motion: motion!, rule: 'both' }, tick()),
  ])
  for (const body of bodies) {
    const poll = await decide(
      ledger,
      body.space,
      body.facilitator,
      { method: 'majority', options: ['yes', 'no'] },
      body.voters.map((v) => [v, { choice: 'yes' }] as const),
    )
    const [answer] = await submitAll(ledger, [
      await body.facilitator.next(
        body.space,
        'referral.answered',
        { council, referral: referral!, poll, for: 3, against: 0, abstain: 0 },
        tick(),
      ),
    ])
    await notice(ledger, body.bob, council, answer!)
  }
  const state = (await ledger.state(council))!.council!
  const result = computeReferralResult(state, state.referrals.get(referral!)!)
  expect(result.outcome).toBe('ratified')
  await submitAll(ledger, [
    await convenor.next(council, 'referral.closed', { referral: referral!, result }, tick()),
  ])
  const referralClose = await lastEventOfType(store, council, 'referral.closed')
  await submitAll(ledger, [
    await south.bob.next(south.space, 'council.reported', { reference: referralClose }, tick()),
  ])
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`live feed on ${dialect.name}`, () => {
    test("a council's and its assemblies' streams give verify's state hash after every submission", async () => {
      const opened = await dialect.open()
      const { store } = opened
      const log: string[] = []
      const ledger = new CheckedLedger(store, nodeVerifier)
      const hub = await createHub({
        ledger,
        log: {
          level: 'warn',
          stream: new Writable({
            write(chunk: Buffer, _encoding, done) {
              log.push(chunk.toString())
              done()
            },
          }),
        },
        ...opened.options,
      })
      const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
      const streams = new Map<SpaceId, FollowedStream[]>()
      cleanups.push(async () => {
        for (const followed of [...streams.values()].flat()) followed.stream.close()
        await hub.close()
        await store.close()
        await opened.cleanup()
      })
      const follow = async (space: SpaceId, after?: number): Promise<FollowedStream> => {
        const query = after === undefined ? '' : `?after=${after}`
        const stream = await openSse(`${url}/api/spaces/${space}/stream${query}`)
        expect(stream.status).toBe(200)
        return new FollowedStream(space, stream)
      }

      // Each new space is followed from its first event on; every stream is checked each time.
      ledger.afterEach = async () => {
        for (const space of await store.spaces()) {
          if (!streams.has(space)) streams.set(space, [await follow(space)])
        }
        await expectStreamsVerified(store, streams)
        ledger.checks += 1
      }
      await federate(ledger, store)
      expect(ledger.checks).toBeGreaterThan(40)
      expect(streams.size).toBe(3)

      // A stream that replays the whole log first ends at the same state.
      ledger.afterEach = () => Promise.resolve()
      for (const [space, followed] of streams) followed.push(await follow(space, 0))
      await expectStreamsVerified(store, streams)
      expect(log.join('')).not.toContain('live feed')
    })
  })
}
