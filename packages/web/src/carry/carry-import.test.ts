// Carrying a space phone to phone: phone A's folded events become a bundle and a QR series;
// phone B, behind (it has only what the hub gave it before it lost the network), reads the
// series in any order and reaches A's state; every carried event is checked as a hub's would be;
// the hub's copies of carried events, when the network is back, are skipped without complaint.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import {
  canonicalJson,
  countJsonMembers,
  hashSpaceState,
  MAX_EVENT_MEMBERS,
  QrSeriesCollector,
  splitIntoQrTexts,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { expect, test } from 'vitest'
import { memoryStore } from '../lib/key-value-store.js'
import { foundHall } from '../lib/test-support/hall-assembly.js'
import { SpaceReplica } from '../lib/space-replica.js'
import { importCarriedBundle } from './carry-import.js'
import { encodeSpaceBundle, readBundle } from './event-bundle.js'

async function hallLog(): Promise<SignedEvent[]> {
  const { author, space, created } = await foundHall('nonce-0001')
  const events = [created]
  for (let i = 1; i <= 3; i++)
    events.push(
      await author.next(space, 'proposal.submitted', { title: `Heat ${i}`, text: 'Now' }, 1 + i),
    )
  return events
}

async function carriedSeries(replica: SpaceReplica): Promise<Uint8Array> {
  const bytes = await encodeSpaceBundle(
    replica.space,
    replica.carried().events.map((e) => canonicalJson(e)),
    [],
  )
  const collector = new QrSeriesCollector()
  const codes = splitIntoQrTexts(bytes, 200)
  expect(codes.length).toBeGreaterThan(3)
  // Read in a camera's order: from the middle, wrapping round, each code twice.
  const start = Math.floor(codes.length / 2)
  for (let k = 0; k < codes.length * 2; k++) collector.add(codes[(start + k) % codes.length]!.text)
  const joined = collector.join()
  if (!joined.ok) throw new Error(joined.code)
  return joined.bundle
}

test('carry: a phone behind reaches the carrying phone’s state; the hub’s copies are skipped later', async () => {
  const events = await hallLog()
  const a = new SpaceReplica(events[0]!.space)
  await a.receive(events.map((event, i) => ({ position: i + 1, event })))
  const storeB = memoryStore()
  const b = new SpaceReplica(events[0]!.space)
  await b.receive([{ position: 1, event: events[0] }])
  await b.save(storeB)

  const imported = await importCarriedBundle(storeB, await carriedSeries(a))
  expect(imported).toEqual({
    ok: true,
    spaces: [{ space: a.space, name: 'Hall', folded: 3, known: 1, refused: 0 }],
  })
  const after = await SpaceReplica.load(storeB, a.space)
  expect(hashSpaceState(after.state)).toBe(hashSpaceState(a.state))
  expect(after.cursor).toBe(1)

  // The network is back: the hub sends what follows B's cursor, which B already holds.
  expect(await after.receive(events.slice(1).map((event, i) => ({ position: i + 2, event })))).toBe(
    0,
  )
  expect(after.refused).toBe(0)
  expect(after.cursor).toBe(4)
  expect(hashSpaceState(after.state)).toBe(hashSpaceState(a.state))

  // The same series scanned again adds nothing.
  const again = await importCarriedBundle(storeB, await carriedSeries(a))
  expect(again.ok && again.spaces[0]).toMatchObject({ folded: 0, known: 4, refused: 0 })
})

test('carry: a forged event in a carried bundle is refused; the signed ones fold', async () => {
  const events = await hallLog()
  const forged = { ...events[3]!, body: { title: 'Forged', text: 'Now' } } as SignedEvent
  const bytes = await encodeSpaceBundle(
    events[0]!.space,
    [...events.slice(0, 3), forged].map((e) => canonicalJson(e)),
    [],
  )
  const store = memoryStore()
  const imported = await importCarriedBundle(store, bytes)
  expect(imported.ok && imported.spaces[0]).toMatchObject({ folded: 3, refused: 1 })
  const b = await SpaceReplica.load(store, events[0]!.space)
  expect([...b.state.proposals.values()].map((p) => p.title)).toEqual(['Heat 1', 'Heat 2'])
})

/** A bundle as `veche bundle export` writes it (bundle-file.ts in the CLI). */
function hubBundle(header: Record<string, unknown>, lines: readonly string[]): Uint8Array {
  const content = lines.map((l) => `${l}\n`).join('')
  const sha256 = createHash('sha256').update(content).digest('base64url')
  return gzipSync(`${JSON.stringify({ ...header, sha256 })}\n${content}`)
}

test('carry: a hub’s bundle is read, leaving out the events that hub held back', async () => {
  const events = await hallLog()
  const space = events[0]!.space
  const lines = events.map((e) => canonicalJson(e))
  const read = await readBundle(
    hubBundle(
      {
        format: 'veche-bundle',
        version: 2,
        events: 4,
        spaces: { [space]: 4 },
        held: { [space]: 1 },
      },
      lines,
    ),
  )
  expect(read.ok && read.spaces.get(space)?.events.length).toBe(3)
})

test('carry: a damaged bundle or a decompression bomb is refused before any event is looked at', async () => {
  const events = await hallLog()
  const space = events[0]!.space
  const lines = events.map((e) => canonicalJson(e))
  const good = { format: 'veche-bundle', version: 1, events: 4, spaces: { [space]: 4 } }
  const content = lines.map((l) => `${l}\n`).join('')
  const wrongSum = gzipSync(`${JSON.stringify({ ...good, sha256: 'A'.repeat(43) })}\n${content}`)
  expect(await readBundle(wrongSum)).toEqual({ ok: false, code: 'bundle.damaged' })
  expect(await readBundle(Uint8Array.of(1, 2, 3))).toEqual({ ok: false, code: 'bundle.damaged' })
  expect(await readBundle(hubBundle({ ...good, events: 5 }, lines))).toEqual({
    ok: false,
    code: 'bundle.damaged',
  })
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20))
  expect(await readBundle(bomb)).toEqual({ ok: false, code: 'bundle.too-large' })
})

/** A bundle of `lines` as `veche bundle export` writes it, its header counting them in `space`. */
function bundleOf(space: string, lines: readonly string[]): Uint8Array {
  return hubBundle(
    { format: 'veche-bundle', version: 1, events: lines.length, spaces: { [space]: lines.length } },
    lines,
  )
}

/**
 * An event-shaped line of `space` whose body holds `keys` keys, the first one an array of
 * `1 + extra` zeros: 2 × keys + 4 + extra JSON members.
 */
function lineWithKeys(space: string, keys: number, extra = 0): string {
  const first = `"k0":[${Array.from({ length: 1 + extra }, () => 0).join(',')}]`
  const rest = Array.from({ length: keys - 1 }, (_, i) => `,"k${i + 1}":0`).join('')
  return `{"space":"${space}","type":"proposal.submitted","body":{${first}${rest}}}`
}

test('carry: a line past the JSON member budget is refused before it is parsed; one at it is read', async () => {
  const space = (await hallLog())[0]!.space
  const keys = (MAX_EVENT_MEMBERS - 4) / 2
  const atLimit = lineWithKeys(space, keys)
  const pastLimit = lineWithKeys(space, keys, 1)
  expect(countJsonMembers(atLimit)).toBe(MAX_EVENT_MEMBERS)
  expect(countJsonMembers(pastLimit)).toBe(MAX_EVENT_MEMBERS + 1)
  // At the budget the line is parsed (and its event, not a signed one, is left to the fold).
  const read = await readBundle(bundleOf(space, [atLimit]))
  expect(read.ok && read.spaces.get(space)?.events.length).toBe(1)
  // One past it, the whole bundle is refused with its own code: nothing is added.
  expect(await readBundle(bundleOf(space, [atLimit, pastLimit]))).toEqual({
    ok: false,
    code: 'bundle.too-many-members',
  })
  const store = memoryStore()
  expect(await importCarriedBundle(store, bundleOf(space, [pastLimit]))).toEqual({
    ok: false,
    code: 'bundle.too-many-members',
  })
  // A header line past the budget too.
  const members = Object.fromEntries(
    Array.from({ length: MAX_EVENT_MEMBERS }, (_, i) => [`s${i}`, 1]),
  )
  const bigHeader = hubBundle(
    { format: 'veche-bundle', version: 1, events: 0, spaces: {}, held: members },
    [],
  )
  expect(await readBundle(bigHeader)).toEqual({ ok: false, code: 'bundle.too-many-members' })
})
