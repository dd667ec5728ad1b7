// A live stream when the store fails between sending events and sending their state (a database
// connection lost in a failover): the next check sends the state update it missed, so a stream
// never stays on a state older than the events it was sent. The failure is injected into a real
// SQLite store: one chosen read throws as a lost connection does. Also: a stream sent a poll's
// close by its replay (it subscribed after the close was stored) gets the result in its first
// state update.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { expect, test } from 'vitest'
import {
  foundAssembly,
  newAuthor,
  submitOne,
  T0,
} from '../../store/src/test-support/assembly-fixture.js'
import { LiveFeed } from './live-feed.js'
import type { StreamSink } from './live-feed.js'
import { castBallots, closePoll, openPoll, signedAssembly } from './test-support/signed-assembly.js'

/** `store`, whose `n`-th read from the moment it is armed throws (through its unsynced reader too). */
function failingRead(store: EventStore): { store: EventStore; failReadNumber(n: number): void } {
  let countdown = 0
  const failing = (inner: EventStore): EventStore => {
    const reader = inner.unsyncedReader?.()
    return new Proxy(inner, {
      get(target, property) {
        if (property === 'read') {
          return (...args: Parameters<EventStore['read']>) => {
            if (countdown > 0 && --countdown === 0)
              throw new Error('Connection terminated unexpectedly')
            return target.read(...args)
          }
        }
        if (property === 'unsyncedReader' && reader !== undefined && reader !== inner)
          return () => failing(reader)
        const value = Reflect.get(target, property, target) as unknown
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value
      },
    })
  }
  return { store: failing(store), failReadNumber: (n) => (countdown = n) }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20))
  if (!condition()) throw new Error('timed out waiting for a condition')
}

/** A real SQLite store whose reads can be made to fail, its ledger and feed, one stream's frames. */
async function failingFeed() {
  const dir = mkdtempSync(join(tmpdir(), 'veche-live-feed-failure-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const faulty = failingRead(store)
  const ledger = new Ledger(faulty.store, nodeVerifier)
  const errors: unknown[] = []
  const feed = new LiveFeed(ledger, { pollMs: 60_000 }, (error) => errors.push(error))
  const frames: string[] = []
  const sink: StreamSink = {
    write: (chunk) => frames.push(chunk) > 0,
    writableLength: 0,
    drained: () => Promise.resolve(),
    end: () => undefined,
  }
  const cleanUp = async (): Promise<void> => {
    feed.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { faulty, ledger, errors, feed, frames, sink, cleanUp }
}

test('live feed: a state update lost to a failed read is sent by the next check', async () => {
  const { faulty, ledger, errors, feed, frames, sink, cleanUp } = await failingFeed()
  try {
    const { space, founder } = await foundAssembly(ledger)
    await feed.subscribe(space, null, sink)
    const admitted = await founder.next(
      space,
      'member.admitted',
      { member: newAuthor().publicKey, name: 'carol' },
      T0 + 10,
    )
    expect((await submitOne(ledger, admitted)).status).toBe('accepted')
    const position = await ledger.withState(space, (_state, at) => at)
    // The feed reads the new event (read 1) and sends it; reading the state (read 2) fails.
    faulty.failReadNumber(2)
    feed.signal(space)
    await until(() => errors.length > 0)
    expect(errors).toHaveLength(1)
    expect(frames.some((f) => f.startsWith(`id: ${position}\n`))).toBe(true)
    const states = () => frames.filter((f) => f.startsWith('event: state'))
    expect(states().some((f) => f.includes(`"position":${position},`))).toBe(false)
    // The next check (the once-a-second one, or a notification) finds no new event, yet sends
    // the state the stream was owed.
    feed.signal(space)
    await until(() => states().some((f) => f.includes(`"position":${position},`)))
    expect(errors).toHaveLength(1)
  } finally {
    await cleanUp()
  }
})

test('live feed: a poll closed in a check that failed is named, with its result, by the next state update', async () => {
  const { faulty, ledger, errors, feed, frames, sink, cleanUp } = await failingFeed()
  try {
    const assembly = await signedAssembly(4)
    expect((await ledger.submit(assembly.events)).written).toBe(assembly.events.length)
    await feed.subscribe(assembly.space, null, sink)
    const { event: opened, poll } = await openPoll(assembly)
    const ballots = await castBallots(assembly, poll)
    const close = await closePoll(assembly, [...assembly.events, opened, ...ballots], poll)
    expect((await ledger.submit([opened, ...ballots, close])).written).toBe(6)
    // The feed sends the close's event (read 1); reading the state (read 2) fails.
    faulty.failReadNumber(2)
    feed.signal(assembly.space)
    await until(() => errors.length > 0)
    const states = () =>
      frames
        .filter((f) => f.startsWith('event: state'))
        .map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)) as { closedPolls: object })
    expect(states().some((s) => poll in s.closedPolls)).toBe(false)
    feed.signal(assembly.space)
    await until(() => states().some((s) => poll in s.closedPolls))
    const named = states().find((s) => poll in s.closedPolls)!.closedPolls as Record<
      string,
      { result?: unknown }
    >
    expect(named[poll]?.result).toBeTruthy()
    expect(errors).toHaveLength(1)
  } finally {
    await cleanUp()
  }
})

test('live feed: a poll whose close a stream was replayed is named, with its result, by its first state update', async () => {
  const { ledger, errors, feed, frames, sink, cleanUp } = await failingFeed()
  try {
    const assembly = await signedAssembly(4)
    expect((await ledger.submit(assembly.events)).written).toBe(assembly.events.length)
    // Where the stream route starts a stream that had no Last-Event-ID, before its headers go out.
    const start = await ledger.withState(assembly.space, (_state, at) => at)
    // The poll is opened, voted on and closed before the stream subscribes (the route's headers
    // were slow to go out), so the stream is sent the close by its replay, not live.
    const { event: opened, poll } = await openPoll(assembly)
    const ballots = await castBallots(assembly, poll)
    const close = await closePoll(assembly, [...assembly.events, opened, ...ballots], poll)
    expect((await ledger.submit([opened, ...ballots, close])).written).toBe(6)
    await feed.subscribe(assembly.space, start, sink)
    expect(frames.filter((f) => f.includes('event: event'))).toHaveLength(6)
    const states = frames
      .filter((f) => f.startsWith('event: state'))
      .map(
        (f) =>
          JSON.parse(f.slice(f.indexOf('data: ') + 6)) as {
            closedPolls: Record<string, { result?: unknown }>
          },
      )
    expect(states).toHaveLength(1)
    expect(states[0]!.closedPolls[poll]?.result).toBeTruthy()
    expect(errors).toHaveLength(0)
  } finally {
    await cleanUp()
  }
})
