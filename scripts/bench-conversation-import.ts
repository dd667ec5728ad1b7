// Importing a Pol.is conversation into a space (`npm run bench -- conversation`), against a floor
// measured in the same run: reading the export, which every import does first.
//
// - opinions.import-vtaiwan: vTaiwan UberX (197 statements, 1,921 participants, 49,997 vote
//   records) into a fresh SQLite store: the bodies (packages/cli/src/polis-import.ts), signing the
//   27 events, and the ledger's submission (parse, signatures, fold, write); median of three, each
//   into a new store (goal ≤ 2 s). Also the first opinion map of the imported conversation.
// Timings on this shared machine are noisy: compare ratios between runs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId, conversationOpinionMap, EventAuthor } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { readOpenDataExport } from '@veche/opinions'
import type { PolisConversation } from '@veche/opinions'
import {
  createParallelVerifier,
  generateKeyPair,
  Ledger,
  nodeSigner,
  openSqliteStore,
} from '@veche/store'
import type * as PolisImportModule from '../packages/cli/dist/polis-import.js'
import { emitBench } from './bench-line.js'

const here = dirname(fileURLToPath(import.meta.url))
const vtaiwan = join(here, '..', '..', '..', 'shared', 'data', 'polis', 'vtaiwan.uberx')

function read(): PolisConversation {
  const outcome = readOpenDataExport({
    'comments.csv': readFileSync(join(vtaiwan, 'comments.csv'), 'utf8'),
    'votes.csv': readFileSync(join(vtaiwan, 'votes.csv'), 'utf8'),
  })
  if (!outcome.ok) throw new Error(outcome.message)
  return outcome.report
}

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function importOnce(
  conversation: PolisConversation,
  importBodies: typeof PolisImportModule.importBodies,
): Promise<{ seconds: number; events: number; mapSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-import-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const verifier = createParallelVerifier()
  try {
    const ledger = new Ledger(store, verifier)
    const chair = new EventAuthor(nodeSigner(generateKeyPair()))
    const space = chair.spaceFor('bench-import')
    await ledger.submit([
      await chair.next(
        space,
        'assembly.created',
        {
          nonce: 'bench-import',
          name: 'Bench',
          description: '',
          languages: ['zh'],
          founderName: 'Chair',
          rules: {
            proposeRight: 'member',
            inviteRight: 'facilitator',
            quorum: { ballots: 0, percent: 0 },
            defaultMethod: 'majority',
            visibility: 'public',
          },
        },
        1,
      ),
    ])
    const start = process.hrtime.bigint()
    const opened = await chair.next(
      space,
      'conversation.opened',
      {
        question: 'UberX',
        source: { kind: 'polis', name: 'vtaiwan.uberx', digest: 'a'.repeat(64) },
      },
      2,
    )
    const id: EventId = computeEventId(opened)
    const bodies = importBodies(conversation, id)
    const events: SignedEvent[] = [opened]
    for (const body of bodies.statements)
      events.push(await chair.next(space, 'conversation.statements-imported', body, 3))
    for (const body of bodies.votes)
      events.push(await chair.next(space, 'conversation.votes-imported', body, 3))
    const report = await ledger.submit(events)
    const seconds = since(start)
    if (report.outcomes.some((o) => o.status !== 'accepted'))
      throw new Error('an event was refused')
    const state = await ledger.state(space)
    const mapStart = process.hrtime.bigint()
    const map = conversationOpinionMap(state!.conversations.get(id)!)
    const mapSeconds = since(mapStart)
    if (!map.ok) throw new Error(map.message)
    return { seconds, events: events.length, mapSeconds }
  } finally {
    await store.close()
    await verifier.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const modulePath = new URL('../../packages/cli/dist/polis-import.js', import.meta.url)
  const { importBodies } = (await import(modulePath.href)) as typeof PolisImportModule
  let floor = Infinity
  let conversation: PolisConversation | null = null
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint()
    conversation = read()
    floor = Math.min(floor, since(start))
  }
  const runs = []
  for (let r = 0; r < 3; r++) runs.push(await importOnce(conversation!, importBodies))
  runs.sort((a, b) => a.seconds - b.seconds)
  const median = runs[1]!
  emitBench({
    bench: 'opinions.import-vtaiwan',
    value: round(median.seconds),
    unit: 's',
    ratio: round(median.seconds / floor, 2),
    floorSeconds: round(floor),
    events: median.events,
    votes: conversation!.input.votes.voter.length,
    firstMapSeconds: round(median.mapSeconds),
    goal: '≤ 2 s',
  })
}

function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits))
}

await main()
