// One suite for every EventStore adapter (Kysely's `for (const dialect of DIALECTS)`): SQLite
// always, in a fresh temp folder per test; PostgreSQL when VECHE_TEST_PG holds a connection URL,
// in a fresh schema per test that is dropped afterwards. Real databases, no mocks.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { EventId, SpaceId } from '@veche/core'
import { openPostgresStore, openSqliteStore } from './adapters.js'
import { StoreConflictError } from './event-store.js'
import type { EventStore, HeldBallot, NewEvent, ReadOptions, StoredEvent } from './event-store.js'
import { PAGE_SIZE } from './paged-read.js'
import {
  sampleAuthor,
  sampleEvent,
  sampleEvents,
  sampleSpace,
} from './test-support/sample-events.js'

/** Where one test's store lives; `open` may be called again to reopen it. */
interface Place {
  open(): Promise<EventStore>
  /** Marks the stored schema as written by a later Veche. */
  setSchemaVersion(version: number): Promise<void>
  /** The current schema version of this adapter. */
  readonly schemaVersion: number
  /** Each author's newest event, read with the query the store used before its skip-scan. */
  groupedHeads(): Promise<{ space: string; author: string; seq: number | string; id: string }[]>
  drop(): Promise<void>
}

interface Adapter {
  readonly name: string
  readonly enabled: boolean
  newPlace(): Promise<Place>
}

const PG_URL = process.env.VECHE_TEST_PG ?? ''

const ADAPTERS: readonly Adapter[] = [
  {
    name: 'SQLite',
    enabled: true,
    async newPlace() {
      const folder = await mkdtemp(join(tmpdir(), 'veche-store-'))
      const file = join(folder, 'events.sqlite')
      return {
        open: () => openSqliteStore(file),
        schemaVersion: 5,
        setSchemaVersion: (version) => {
          const db = new Database(file)
          db.pragma(`user_version = ${version}`)
          db.close()
          return Promise.resolve()
        },
        groupedHeads: () => {
          const db = new Database(file, { readonly: true })
          try {
            const sql =
              'SELECT space, author, max(seq) AS seq, id FROM events GROUP BY space, author'
            return Promise.resolve(
              db.prepare<[], { space: string; author: string; seq: number; id: string }>(sql).all(),
            )
          } finally {
            db.close()
          }
        },
        drop: () => rm(folder, { recursive: true, force: true }),
      }
    },
  },
  {
    name: 'PostgreSQL',
    enabled: PG_URL !== '',
    newPlace() {
      const schema = `veche_test_${randomBytes(6).toString('hex')}`
      const admin = async <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string) => {
        const client = new pg.Client({ connectionString: PG_URL })
        await client.connect()
        try {
          return (await client.query<R>(sql)).rows
        } finally {
          await client.end()
        }
      }
      return Promise.resolve({
        open: () => openPostgresStore(PG_URL, { schema }),
        schemaVersion: 4,
        setSchemaVersion: async (version) => {
          await admin(`UPDATE ${schema}.schema_version SET version = ${version}`)
        },
        groupedHeads: () =>
          admin<{ space: string; author: string; seq: string; id: string }>(
            `SELECT DISTINCT ON (space, author) space, author, seq, id FROM ${schema}.events ` +
              'ORDER BY space, author, seq DESC',
          ),
        drop: async () => {
          await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        },
      })
    },
  },
]

const spaceA = sampleSpace('a')
const spaceB = sampleSpace('b')
const alice = sampleAuthor('alice')
const bob = sampleAuthor('bob')

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = []
  for await (const event of events) all.push(event)
  return all
}

const ids = (events: readonly { readonly id: EventId }[]) => events.map((e) => e.id)

async function appendInBatches(store: EventStore, events: readonly NewEvent[], size: number) {
  for (let start = 0; start < events.length; start += size) {
    await store.append(events.slice(start, start + size))
  }
}

function expectIncreasing(positions: readonly number[]) {
  for (const [i, position] of positions.entries()) {
    expect(Number.isSafeInteger(position)).toBe(true)
    if (i > 0) expect(position).toBeGreaterThan(positions[i - 1] ?? Infinity)
  }
}

for (const adapter of ADAPTERS) {
  describe.runIf(adapter.enabled)(`event store on ${adapter.name}`, () => {
    let place: Place
    let store: EventStore

    beforeEach(async () => {
      place = await adapter.newPlace()
      store = await place.open()
    })
    afterEach(async () => {
      await store.close()
      await place.drop()
    })

    test('appended events read back in order with their exact JSON text', async () => {
      const events = [
        sampleEvent(spaceA, alice, 1, { text: 'Вече — 会議 🗳️ "quoted" \\ back\u2028slash' }),
        sampleEvent(spaceA, alice, 2, { text: 'control \u0000\u001f and lone \ud800 escaped' }),
        sampleEvent(spaceA, bob, 1, { paragraphs: ['x'.repeat(60_000)] }),
      ]
      await store.append(events)
      const read = await collect(store.read(spaceA))
      expect(read.map(({ id, space, json }) => ({ id, space, json }))).toEqual(
        events.map(({ id, space, json }) => ({ id, space, json })),
      )
      expect((await store.get(events[1]!.id))?.json).toBe(events[1]!.json)
    })

    test('positions increase strictly across batches and spaces, in append order', async () => {
      const appended: NewEvent[] = []
      for (let round = 0; round < 4; round++) {
        const space = round % 2 === 0 ? spaceA : spaceB
        const batch = sampleEvents(space, alice, Math.floor(round / 2) * 30 + 1, 30)
        await store.append(batch)
        appended.push(...batch)
      }
      const all = await collect(store.readAll())
      expect(ids(all)).toEqual(ids(appended))
      expectIncreasing(all.map((e) => e.position))
      const inA = await collect(store.read(spaceA))
      expect(ids(inA)).toEqual(ids(appended.filter((e) => e.space === spaceA)))
    })

    test('after and limit page through a space', async () => {
      const events = sampleEvents(spaceA, alice, 1, 50)
      await store.append(sampleEvents(spaceB, alice, 1, 5))
      await store.append(events)
      const all = await collect(store.read(spaceA))
      const page = (options: ReadOptions) => collect(store.read(spaceA, options)).then(ids)
      expect(await page({ limit: 10 })).toEqual(ids(events.slice(0, 10)))
      expect(await page({ after: all[9]!.position, limit: 10 })).toEqual(ids(events.slice(10, 20)))
      expect(await page({ after: all[44]!.position })).toEqual(ids(events.slice(45)))
      expect(await page({ after: all[49]!.position })).toEqual([])
      expect(await page({ limit: 0 })).toEqual([])
      expect(await collect(store.readAll({ after: all[48]!.position }))).toHaveLength(1)
      await expect(page({ after: -1 })).rejects.toThrow(RangeError)
      await expect(page({ limit: 1.5 })).rejects.toThrow(RangeError)
    })

    test('reads thousands of events across several internal pages', async () => {
      const inA = sampleEvents(spaceA, alice, 1, 2 * PAGE_SIZE + 700)
      const inB = sampleEvents(spaceB, bob, 1, 2 * PAGE_SIZE + 300)
      await appendInBatches(store, inA.concat(inB), 500)
      expect(ids(await collect(store.read(spaceA)))).toEqual(ids(inA))
      expect(ids(await collect(store.read(spaceB)))).toEqual(ids(inB))
      const all = await collect(store.readAll())
      expect(all).toHaveLength(inA.length + inB.length)
      expectIncreasing(all.map((e) => e.position))
      const limited = await collect(store.readAll({ after: all[10]!.position, limit: 2500 }))
      expect(ids(limited)).toEqual(ids(all.slice(11, 2511)))
    })

    test('has, get, count and spaces', async () => {
      const events = sampleEvents(spaceB, alice, 1, 600).concat(sampleEvents(spaceA, bob, 1, 400))
      await store.append(events)
      const missing = sampleEvents(spaceA, bob, 401, 11_000).map((e) => e.id)
      const asked = missing.slice(0, 6000).concat(ids(events), missing.slice(6000))
      expect(await store.has(asked)).toEqual(new Set(ids(events)))
      expect(await store.has([])).toEqual(new Set())
      // A held secret ballot is found unless the caller says none of the ids can be one.
      const held = randomBytes(32).toString('base64url') as EventId
      await store.append([], undefined, {
        ballots: [
          { id: held, space: spaceA, poll: events[0]!.id, json: JSON.stringify({ id: held }) },
        ],
      })
      const both = [events[0]!.id, held, missing[0]!]
      expect(await store.has(both)).toEqual(new Set([events[0]!.id, held]))
      expect(await store.has(both, { heldBallots: true })).toEqual(new Set([events[0]!.id, held]))
      expect(await store.has(both, { heldBallots: false })).toEqual(new Set([events[0]!.id]))
      const stored = await store.get(events[700]!.id)
      expect(stored).toMatchObject({ id: events[700]!.id, space: spaceA, json: events[700]!.json })
      expect(await store.get(missing[0]!)).toBeNull()
      expect(await store.count()).toBe(1000)
      expect(await store.count(spaceA)).toBe(400)
      expect(await store.count(sampleSpace('nobody'))).toBe(0)
      expect(await store.spaces()).toEqual([spaceA, spaceB].sort())
    })

    test('version vectors give the highest seq per author; readMissing sends exactly what the other side lacks', async () => {
      const carol = sampleAuthor('carol')
      const bobs = sampleEvents(spaceA, bob, 1, 3)
      const alices = sampleEvents(spaceA, alice, 6, 1200)
      await store.append(sampleEvents(spaceA, alice, 1, 5))
      await store.append(sampleEvents(spaceB, alice, 1, 2).concat(bobs))
      await store.append(alices)
      expect(await store.vector(spaceA)).toEqual({ [spaceA]: { [alice]: 1205, [bob]: 3 } })
      // Each author's newest event, as a pass names it (`heads`), without replaying the space.
      expect(await store.heads(spaceA)).toEqual(
        new Map([
          [alice, { seq: 1205, id: alices.at(-1)!.id }],
          [bob, { seq: 3, id: bobs.at(-1)!.id }],
        ]),
      )
      expect(await store.heads(sampleSpace('nobody'))).toEqual(new Map())
      expect(await store.vector()).toEqual({
        [spaceA]: { [alice]: 1205, [bob]: 3 },
        [spaceB]: { [alice]: 2 },
      })
      expect(await store.vector(sampleSpace('nobody'))).toEqual({})
      // The other side holds alice up to 1000 and bob up to 3, and an author we never saw.
      const missing = await collect(
        store.readMissing(spaceA, { [alice]: 1000, [bob]: 3, [carol]: 9 }),
      )
      expect(ids(missing)).toEqual(ids(sampleEvents(spaceA, alice, 1001, 205)))
      expectIncreasing(missing.map((e) => e.position))
      // Knowing nothing gets the whole space in store order, paged past PAGE_SIZE.
      expect(ids(await collect(store.readMissing(spaceA, {})))).toEqual(
        ids(await collect(store.read(spaceA))),
      )
      expect(await collect(store.readMissing(spaceA, { [alice]: 1205, [bob]: 3 }))).toEqual([])
      expect(await collect(store.readMissing(spaceA, {}, { limit: 2 }))).toHaveLength(2)
    })

    test('an empty store is empty', async () => {
      expect(await store.count()).toBe(0)
      expect(await store.spaces()).toEqual([])
      expect(await collect(store.readAll())).toEqual([])
      await store.append([])
      expect(await store.count()).toBe(0)
    })

    test('a batch repeating a stored id is refused whole; earlier events stay', async () => {
      const first = sampleEvents(spaceA, alice, 1, 10)
      await store.append(first)
      const again = sampleEvents(spaceA, bob, 1, 5).concat([first[3]!])
      const error = await store.append(again).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StoreConflictError)
      expect(await store.has(ids(again))).toEqual(new Set([first[3]!.id]))
      expect(ids(await collect(store.readAll()))).toEqual(ids(first))
      // The same id under another (space, author, seq) is refused as a taken id, named.
      const sameId: NewEvent = { ...sampleEvent(spaceB, bob, 1), id: first[0]!.id }
      await expect(store.append([sameId])).rejects.toThrow(
        new RegExp(`event ${first[0]!.id} is already stored`),
      )
      expect(await store.count()).toBe(10)
    })

    test('a second event for a taken (space, author, seq) is refused as a fork', async () => {
      await store.append(sampleEvents(spaceA, alice, 1, 3))
      const fork = sampleEvent(spaceA, alice, 2, { text: 'a different second event' })
      const error = await store.append([fork]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StoreConflictError)
      expect((error as Error).message).toMatch(`author ${alice} already has an event with seq 2`)
      expect(await store.get(fork.id)).toBeNull()
      // The same seq in another space, or by another author, is no conflict.
      await store.append([sampleEvent(spaceB, alice, 2), sampleEvent(spaceA, bob, 2)])
      expect(await store.count()).toBe(5)
    })

    test('a batch that conflicts in its last event writes none of its first events', async () => {
      await store.append(sampleEvents(spaceA, alice, 1, 1))
      const batch = sampleEvents(spaceB, bob, 1, 2500).concat([sampleEvent(spaceA, alice, 1, {})])
      await expect(store.append(batch)).rejects.toThrow(StoreConflictError)
      expect(await store.count()).toBe(1)
      expect(await store.has(ids(batch))).toEqual(new Set())
      await store.append(batch.slice(0, -1))
      expect(await store.count()).toBe(2501)
    })

    test('a batch that holds one id twice is refused whole', async () => {
      const [one, two] = sampleEvents(spaceA, alice, 1, 2) as [NewEvent, NewEvent]
      await expect(store.append([one, two, one])).rejects.toThrow(StoreConflictError)
      expect(await store.count()).toBe(0)
    })

    test('events survive closing and reopening the store', async () => {
      const events = sampleEvents(spaceA, alice, 1, 1200)
      await appendInBatches(store, events, 500)
      await store.close()
      store = await place.open()
      expect(ids(await collect(store.read(spaceA)))).toEqual(ids(events))
      await expect(store.append([events[0]!])).rejects.toThrow(StoreConflictError)
      await store.append(sampleEvents(spaceA, alice, 1201, 1))
      expectIncreasing((await collect(store.readAll())).map((e) => e.position))
    })

    test('two stores on the same data append concurrently; a tailing reader misses nothing', async () => {
      const other = await place.open()
      try {
        const writers = [alice, bob].map(async (author, w) => {
          const target = w === 0 ? store : other
          const batches = Array.from({ length: 12 }, (_, b) =>
            sampleEvents(b % 2 === 0 ? spaceA : spaceB, author, b * 50 + 1, 50),
          )
          await Promise.all(batches.map((batch) => target.append(batch)))
        })
        const seen: StoredEvent[] = []
        // A tailing reader lets the event loop run between polls, as any poll loop must: a store's
        // append may finish on the event loop (a SQLite append's sync comes back from libuv's
        // thread pool, a PostgreSQL one from the network), and a loop of reads that never yields
        // would keep the writers' appends from ever finishing.
        const tail = async () => {
          while (seen.length < 1200) {
            const after = seen.at(-1)?.position ?? 0
            seen.push(...(await collect(other.readAll({ after, limit: 97 }))))
            await new Promise((resolve) => setImmediate(resolve))
          }
        }
        await Promise.all([...writers, tail()])
        expectIncreasing(seen.map((e) => e.position))
        expect(new Set(ids(seen)).size).toBe(1200)
        expect(ids(await collect(store.readAll()))).toEqual(ids(seen))
        expect(await other.count()).toBe(1200)
        await expect(other.append([sampleEvent(spaceA, alice, 1)])).rejects.toThrow(
          StoreConflictError,
        )
      } finally {
        await other.close()
      }
    })

    test('held events: kept once in order, counted and dropped by filter, read by id', async () => {
      const [one, two, three] = sampleEvents(spaceA, alice, 1, 3)
      const held = (event: NewEvent, code: string, at: number, stranger: boolean) => ({
        ...event,
        code,
        at,
        stranger,
      })
      const other = sampleEvent(spaceB, bob, 1)
      await store.append([], undefined, {
        park: [
          held(three!, 'chain.seq-gap', 1_000, false),
          held(two!, 'chain.seq-gap', 2_000, false),
          held(other, 'member.not-member', 3_000, true),
        ],
      })
      // Held again: it keeps its place, its time and its flag, and takes the new code.
      await store.append([], undefined, { park: [held(three!, 'poll.unknown', 9_999, true)] })
      expect(await store.pending(spaceA)).toMatchObject([
        { id: three!.id, code: 'poll.unknown', at: 1_000, stranger: false, seq: 3 },
        { id: two!.id, code: 'chain.seq-gap', at: 2_000, stranger: false, seq: 2 },
      ])
      expect(ids(await store.pendingByIds([other.id, two!.id, one!.id, three!.id]))).toEqual([
        three!.id,
        two!.id,
        other.id,
      ])
      expect(await store.countPending()).toBe(3)
      expect(await store.countPending({ space: spaceA })).toBe(2)
      expect(await store.countPending({ space: spaceA, author: alice, seq: 2 })).toBe(1)
      expect(await store.countPending({ stranger: true })).toBe(1)
      expect(await store.countPending({ before: 2_000 })).toBe(1)
      expect(await store.dropPending({ before: 2_001 })).toEqual(
        expect.arrayContaining([three!.id, two!.id]),
      )
      expect(await store.dropPending({ space: spaceB, author: bob })).toEqual([other.id])
      expect(await store.countPending()).toBe(0)
      await expect(store.dropPending({})).rejects.toThrow(/needs a filter/)
    })

    test('syncStates: per space with events, its newest event per author, ballot boxes, fork evidence and held events but strangers', async () => {
      const inA = sampleEvents(spaceA, alice, 1, 4)
      const bobs = sampleEvents(spaceA, bob, 1, 2)
      await store.append([...inA, ...bobs, ...sampleEvents(spaceB, bob, 1, 1)])
      const forked = sampleEvent(spaceA, alice, 2, { text: 'the other branch' })
      const [six, seven] = sampleEvents(spaceA, alice, 6, 2)
      const ballot = (n: number): HeldBallot => {
        const id = randomBytes(32).toString('base64url') as EventId
        return { id, space: spaceA, poll: inA[n]!.id, json: JSON.stringify({ id }) }
      }
      const ballots = [ballot(0), ballot(0), ballot(1)]
      await store.append([], undefined, {
        forks: [forked],
        ballots,
        park: [
          { ...six!, code: 'chain.seq-gap', at: 1, stranger: false },
          { ...seven!, code: 'member.not-member', at: 2, stranger: true },
          // Held in a space with no event here: no state of its own.
          { ...sampleEvent(sampleSpace('nobody'), bob, 3), code: 'x', at: 3, stranger: false },
        ],
      })
      const all = await store.syncStates()
      expect([...all.keys()].sort()).toEqual([spaceA, spaceB].sort())
      expect(all.get(spaceA)).toEqual({
        heads: new Map([
          [alice, { seq: 4, id: inA[3]!.id }],
          [bob, { seq: 2, id: bobs[1]!.id }],
        ]),
        ballots: await store.ballotBoxes(spaceA),
        forks: [forked.id],
        pending: [six!.id],
      })
      expect((await store.ballotBoxes(spaceA)).map((b) => b.count).sort()).toEqual([1, 2])
      expect(await store.syncStates(spaceA)).toEqual(new Map([[spaceA, all.get(spaceA)]]))
      expect(all.get(spaceB)).toMatchObject({ ballots: [], forks: [], pending: [] })
      expect(await store.syncStates(sampleSpace('nobody'))).toEqual(new Map())
    })

    test('heads and syncStates: the newest event of every author, as the grouped query read them, with many authors, forks and held events', async () => {
      // Authors that differ in case and punctuation only (collations order them apart), one with
      // a single event, spaces with one author and with forty, events appended out of order.
      const odd = ['Ab-c', 'ab_c', 'abc', 'ABC', 'ab', 'a', 'b-', 'zz']
      let random = 7
      const next = (n: number): number => {
        random = (random * 1103515245 + 12345) % 2147483648
        return random % n
      }
      const events: NewEvent[] = []
      const newest = new Map<string, Map<string, { seq: number; id: EventId }>>()
      for (let i = 0; i < 14; i++) {
        const space = sampleSpace(`many-${i}`)
        const authors =
          i === 0
            ? [alice]
            : [...odd, ...Array.from({ length: 1 + next(32) }, (_, k) => sampleAuthor(`${i}-${k}`))]
        const heads = new Map<string, { seq: number; id: EventId }>()
        for (const author of authors) {
          const written = sampleEvents(space, author, 1, i === 0 ? 1 : 1 + next(12))
          heads.set(author, { seq: written.length, id: written.at(-1)!.id })
          events.push(...written)
        }
        newest.set(space, heads)
      }
      for (let i = events.length - 1; i > 0; i--) {
        const j = next(i + 1)
        ;[events[i], events[j]] = [events[j]!, events[i]!]
      }
      await appendInBatches(store, events, 97)
      const space = sampleSpace('many-3')
      await store.append([], undefined, {
        forks: [sampleEvent(space, 'abc', 1, { text: 'the other branch' })],
        park: [
          { ...sampleEvent(space, 'abc', 40), code: 'chain.seq-gap', at: 1, stranger: false },
          { ...sampleEvent(space, 'new', 1), code: 'member.not-member', at: 2, stranger: true },
        ],
      })
      const grouped = new Map<string, Map<string, { seq: number; id: EventId }>>()
      for (const row of await place.groupedHeads()) {
        if (!grouped.has(row.space)) grouped.set(row.space, new Map())
        grouped.get(row.space)!.set(row.author, { seq: Number(row.seq), id: row.id as EventId })
      }
      expect(grouped).toEqual(newest)
      const states = await store.syncStates()
      expect(new Map([...states].map(([id, state]) => [id, state.heads]))).toEqual(grouped)
      for (const [id, heads] of grouped) {
        expect(await store.heads(id as SpaceId)).toEqual(heads)
        expect((await store.syncStates(id as SpaceId)).get(id as SpaceId)?.heads).toEqual(heads)
      }
      // In the order of the grouped query: by space, then by author.
      expect([...states.keys()]).toEqual([...grouped.keys()])
      for (const [id, state] of states) {
        expect([...state.heads.keys()]).toEqual([...grouped.get(id)!.keys()])
      }
    })

    test('a store written by a newer Veche is refused with a clear error', async () => {
      await store.close()
      await place.setSchemaVersion(99)
      await expect(place.open()).rejects.toThrow(/schema version 99.*open it with a newer Veche/)
      await place.setSchemaVersion(place.schemaVersion)
      store = await place.open()
    })
  })
}
