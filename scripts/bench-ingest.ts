// Ingest: events signed beforehand, then parsed, verified, checked by the rules and appended to
// SQLite through the ledger in batches of 500, two in flight, as a hub receives them: once with signatures checked
// on every core (as the CLI and the hub run), once on the calling thread alone. Floor: a bare
// Ed25519 verify loop on one core over the same events in the same run; the goal is a ratio of at
// least 0.8.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeBase64url, computeEventId, signingBytes } from '@veche/core'
import type { EventId, SignatureVerifier, SignedEvent } from '@veche/core'
import {
  createParallelVerifier,
  Ledger,
  nodeVerifier,
  openSqliteStore,
  verifyEd25519,
} from '@veche/store'
import type { SubmitReport } from '@veche/store'
import { foundBenchAssembly } from './assembly-fixture.js'
import { emitBench, peakMemoryMiB } from './bench-line.js'

const MEMBERS = 500
const POLLS = 40
const BATCH = 500

async function signedAssembly(): Promise<SignedEvent[]> {
  const { founder, members, space, events } = await foundBenchAssembly('bench-ingest-1', MEMBERS)
  for (let p = 0; p < POLLS; p++) {
    const open = await founder.next(
      space,
      'poll.opened',
      {
        question: `Question ${p}`,
        proposal: null,
        method: 'majority',
        options: ['yes', 'no', 'later'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'bench-seed-0001',
      },
      p,
    )
    events.push(open)
    const poll: EventId = computeEventId(open)
    for (const [i, m] of members.entries()) {
      events.push(
        await m.next(
          space,
          'ballot.cast',
          { poll, vote: { choice: ['yes', 'no', 'later'][(i + p) % 3]! } },
          p,
        ),
      )
    }
  }
  return events
}

const events = await signedAssembly()
const wire = events.map((e) => JSON.stringify(e))

// Floor: verify every signature, nothing else (keys, messages and signatures prepared beforehand).
const prepared = events.map(
  (e) => [decodeBase64url(e.author)!, signingBytes(e), decodeBase64url(e.sig)!] as const,
)
const start = process.hrtime.bigint()
for (const [key, message, sig] of prepared) {
  if (!verifyEd25519(key, message, sig)) throw new Error('bad signature in the floor loop')
}
const floorSeconds = Number(process.hrtime.bigint() - start) / 1e9
const floorRate = events.length / floorSeconds

/** Ingests every event into a fresh SQLite store; returns events per second. */
async function ingest(verifier: SignatureVerifier, key?: Uint8Array): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-'))
  const store = await openSqliteStore(join(dir, 'veche.db'), key === undefined ? {} : { key })
  const ledger = new Ledger(store, verifier)
  const begin = process.hrtime.bigint()
  // Two submissions in flight, as when several phones post at once: the ledger checks the
  // signatures of one while it applies the other.
  const inFlight: { readonly report: Promise<SubmitReport>; readonly size: number }[] = []
  const settleOldest = async (): Promise<void> => {
    const { report, size } = inFlight.shift()!
    const { written, outcomes } = await report
    if (written !== size) {
      throw new Error(JSON.stringify(outcomes.find((o) => o.status !== 'accepted')))
    }
  }
  for (let i = 0; i < wire.length; i += BATCH) {
    const batch = wire.slice(i, i + BATCH).map((text) => JSON.parse(text) as unknown)
    inFlight.push({ report: ledger.submit(batch), size: batch.length })
    if (inFlight.length === 2) await settleOldest()
  }
  while (inFlight.length > 0) await settleOldest()
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return events.length / seconds
}

const oneThread = await ingest(nodeVerifier)
const parallel = createParallelVerifier()
const allCores = await ingest(parallel)
// The same into a store encrypted with SQLCipher (a random key: the key derivation is left out,
// it happens once when a hub starts).
const encrypted = await ingest(parallel, randomBytes(32))
await parallel.close()

emitBench({
  bench: 'verify.floor',
  value: Math.round(floorRate),
  unit: 'events/s',
  ratio: 1,
  events: events.length,
})
emitBench({
  bench: 'ingest.sqlite',
  value: Math.round(allCores),
  unit: 'events/s',
  ratio: Number((allCores / floorRate).toFixed(3)),
  events: events.length,
  batch: BATCH,
  verifyThreads: parallel.threads + 1,
  peakMemoryMiB: peakMemoryMiB(),
})
emitBench({
  bench: 'ingest.sqlite.encrypted',
  value: Math.round(encrypted),
  unit: 'events/s',
  ratio: Number((encrypted / floorRate).toFixed(3)),
  plainRatio: Number((encrypted / allCores).toFixed(3)),
  events: events.length,
  batch: BATCH,
  verifyThreads: parallel.threads + 1,
})
emitBench({
  bench: 'ingest.sqlite.one-thread',
  value: Math.round(oneThread),
  unit: 'events/s',
  ratio: Number((oneThread / floorRate).toFixed(3)),
  events: events.length,
  batch: BATCH,
  verifyThreads: 1,
})
