// The held ballots' file of a SQLite store is history-independent (docs/secret-ballot.md, "What
// a seizure of a SQLite hub sees"): once a write of ballots has returned, its bytes depend on which
// ballots it holds, not on the order or the groups they came in. Only three header fields differ:
// SQLite's file change counter, the counter that goes with it, and the schema cookie that each
// rebuild adds one to; they count writes, and say nothing of which ballot came when.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { EventId, SpaceId } from '@veche/core'
import type { HeldBallot } from './event-store.js'
import { ballotsFileOf, openSqliteStore } from './sqlite-event-store.js'

let folder: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'veche-ballots-file-'))
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

/** Header bytes that count writes (file change counter, schema cookie, version-valid-for). */
const WRITE_COUNTERS = [24, 40, 92] as const

function withoutWriteCounters(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes)
  for (const at of WRITE_COUNTERS) copy.fill(0, at, at + 4)
  return copy
}

/** A ballot of a real ballot's size (1.6 KB) for one of two polls of one space. */
function aBallot(poll: number): HeldBallot {
  const id = randomBytes(32).toString('base64url') as EventId
  return {
    id,
    space: 'ballots-file-space' as SpaceId,
    poll: `poll-${poll}` as EventId,
    json: JSON.stringify({ id, pad: randomBytes(1_150).toString('base64url') }),
  }
}

/** The ballots' file after `groups` were written one after another into a new store. */
async function fileAfter(
  name: string,
  groups: readonly (readonly HeldBallot[])[],
): Promise<Buffer> {
  const file = join(folder, `${name}.db`)
  const store = await openSqliteStore(file)
  try {
    for (const group of groups) await store.append([], undefined, { ballots: group })
  } finally {
    await store.close()
  }
  return readFileSync(ballotsFileOf(file))
}

/** Cuts `items` into consecutive groups at the given sizes (the rest is the last group). */
function cut<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const groups: T[][] = []
  let at = 0
  for (const size of sizes) {
    if (at >= items.length) break
    groups.push(items.slice(at, at + size))
    at += size
  }
  if (at < items.length) groups.push(items.slice(at))
  return groups
}

test('ballots file: the same ballots written in any order and any groups give the same bytes', async () => {
  const ballots = Array.from({ length: 120 }, (_, i) => aBallot(i % 2))
  const indexes = ballots.map((_, i) => i)
  let run = 0
  await fc.assert(
    fc.asyncProperty(
      // the order the ballots arrive in, and the sizes of the groups they are written in
      fc.shuffledSubarray(indexes, { minLength: indexes.length }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
      async (order, sizes) => {
        run += 1
        const arriving = order.map((i) => ballots[i]!)
        const arrived = await fileAfter(`arrived-${run}`, cut(arriving, sizes))
        const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : 1))
        const inOne = await fileAfter(`in-one-${run}`, [sorted])
        expect(arrived.length).toBe(inOne.length)
        expect(withoutWriteCounters(arrived).equals(withoutWriteCounters(inOne))).toBe(true)
      },
    ),
    { numRuns: 5 },
  )
})
