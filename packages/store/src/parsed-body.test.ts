// What a hub folds is what an event's id covers. A hub folds an event it takes in the form
// `parseEvent` gives (the schemas' output), and the same event at its next start, in a replica or
// in the app from its stored text (JSON.parse of the canonical JSON). Where the two differ, a log
// folds one way as it arrives and another way from the store: a close whose `seen` held the key
// "__proto__" was taken, then broke its space's replay (proto-key.ts). So over the events of a
// three-level federation and of a secret poll, and bodies altered at random (any value replaced
// by any JSON, keys added, "__proto__" and "constructor" among them), whatever `parseEvent`
// accepts, with or without the hand-written checks, is exactly its canonical text decoded again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import {
  canonicalJson,
  computeEventId,
  parseEvent,
  proposeClose,
  WELL_FORMED_CHECKS,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { buildThreeLevels } from './test-support/federation-scenario.js'
import { secretPollOnLedger } from './test-support/secret-fixture.js'
import { T0, foundAssembly, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-parsed-body-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

/**
 * The places in `value` (itself included) down to `depth`, as paths of keys and indexes: a field,
 * an entry of a list or record, and one level within it (a result's own depths are not the point).
 */
function placesIn(value: Json, depth = 2, path: Path = []): Path[] {
  const places = [path]
  if (depth === 0) return places
  if (Array.isArray(value))
    value.forEach((item, i) => places.push(...placesIn(item, depth - 1, [...path, i])))
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value))
      places.push(...placesIn(item, depth - 1, [...path, key]))
  return places
}

/** `body` with the value at `path` replaced by `value`, or (for an object there) given `key` too. */
function altered(body: Json, path: Path, value: Json, key: string | null): Json {
  // Through text, as every input comes: "__proto__" becomes an own key, as JSON.parse makes it.
  const encode = (at: Json, depth: number): string => {
    if (depth === path.length) {
      if (key !== null && typeof at === 'object' && at !== null && !Array.isArray(at)) {
        const rest = Object.entries(at).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        return `{${[`${JSON.stringify(key)}:${JSON.stringify(value)}`, ...rest].join(',')}}`
      }
      return key === null ? JSON.stringify(value) : JSON.stringify(at)
    }
    const step = path[depth]!
    if (Array.isArray(at))
      return `[${at.map((item, i) => (i === step ? encode(item, depth + 1) : JSON.stringify(item))).join(',')}]`
    const entries = Object.entries(at as Record<string, Json>)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${k === step ? encode(v, depth + 1) : JSON.stringify(v)}`).join(',')}}`
  }
  return JSON.parse(encode(body, 0)) as Json
}

test('whatever parseEvent accepts is exactly its canonical text decoded again, so a hub folds one body as it takes an event and from its store', async () => {
  const ledger = new Ledger(await openSqliteStore(join(root, 'hub.db')), nodeVerifier)
  await buildThreeLevels(ledger, ledger.store)
  const secret = await secretPollOnLedger(ledger, { members: 4, tellers: 2, tellerQuorum: 2 })
  const ballots = [
    await secret.vote(secret.members[1]!, { choice: 'yes' }),
    await secret.vote(secret.members[2]!, { choice: 'no' }),
  ]
  await ledger.submit(ballots)
  await secret.sealAndCount()
  // And a poll closed as every current client closes one: with its view (poll.closed.2).
  const { space, founder, alice } = await foundAssembly(ledger)
  const opened = await founder.next(
    space,
    'poll.opened.3',
    {
      question: 'Open a kitchen?',
      subject: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'parsed-body-seed',
    },
    T0 + 3,
  )
  const poll = computeEventId(opened)
  await submitAll(ledger, [
    opened,
    await alice.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, T0 + 4),
  ])
  const state = (await ledger.state(space))!
  const close = proposeClose(state, state.polls.get(poll)!, T0 + 5)
  if (!close.ok) throw new Error(close.message)
  await submitAll(ledger, [await founder.next(space, 'poll.closed.3', close.value, T0 + 5)])
  const events: SignedEvent[] = [...secret.log, ...ballots]
  for (const space of await ledger.store.spaces())
    for await (const stored of ledger.store.read(space))
      events.push(JSON.parse(stored.json) as SignedEvent)
  // Every type the scenarios use, so that none is left to chance.
  const types = new Set(events.map((e) => e.type))
  expect(types.size).toBeGreaterThan(30)

  const place = fc
    .constantFrom(...types)
    .chain((type) => fc.constantFrom(...events.filter((e) => e.type === type)))
    .chain((event) =>
      fc.tuple(fc.constant(event), fc.constantFrom(...placesIn(event.body as unknown as Json))),
    )
  const key = fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString') },
      { weight: 1, arbitrary: fc.string() },
    ),
    { nil: null },
  )
  let accepted = 0
  fc.assert(
    fc.property(place, fc.jsonValue({ maxDepth: 2 }), key, ([event, path], value, added) => {
      const body = altered(event.body as unknown as Json, path, value as Json, added)
      const input = { ...event, body }
      const text = JSON.stringify(input)
      for (const options of [{}, { wellFormed: WELL_FORMED_CHECKS, text }]) {
        const parsed = parseEvent(JSON.parse(text), options)
        if (!parsed.ok) continue
        accepted += 1
        expect(canonicalJson(parsed.value.event)).toBe(parsed.value.json)
        expect(parsed.value.event).toEqual(JSON.parse(parsed.value.json))
      }
    }),
    { numRuns: 6000 },
  )
  // The alterations reach both sides: some are still accepted (a value for another of its kind).
  expect(accepted).toBeGreaterThan(200)
}, 120_000)
