// What the fuzzer feeds: every parser that takes input from outside (an event or a batch over
// HTTP, a carried bundle, a QR series, a BLT file, a Debian tally sheet, JSON ballots, a Pol.is
// export), each as a function of bytes. A target returns normally for every input: a refusal is an
// outcome with a code or message, never an exception, a hang or unbounded memory. Anything else is
// a finding (docs/fuzzing.md). Whatever a target accepts it carries one step further (a parsed
// event is folded, a parsed ballot file counted, a joined QR series decoded), so the fuzzer reaches
// what a stranger's input reaches.
import { readFileSync } from 'node:fs'
import { applyEvent, computeEventId, createSpaceState, parseEvent } from '@veche/core'
import type { EventId, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { mapOpinions, readOpenDataExport, readRedDwarfExport } from '@veche/opinions'
import {
  readBlt,
  readDebianTallySheet,
  readJsonBallots,
  tallyDebian,
  tallyIrv,
  tallyMeekStv,
  tallySchulze,
  tallyScottishStv,
} from '@veche/tally'
import type { RankedElection } from '@veche/tally'
import { decodeBundle } from '../bundle-file.js'
import { joinQrTexts } from '../qr-series.js'
import { FUZZ_DIR } from './fuzz-files.js'

export interface FuzzTarget {
  readonly name: string
  /** What it reads, for the report. */
  readonly description: string
  /** Longest input the fuzzer makes for it. */
  readonly maxLength: number
  /** Tokens the mutator splices in (keywords of the format). */
  readonly dictionary: readonly string[]
  /** Runs one input; throws only on a bug. */
  run(input: Uint8Array): void | Promise<void>
}

const decoder = new TextDecoder()
const text = (input: Uint8Array): string => decoder.decode(input)

/** A refused input must say why: an empty message is a finding too. */
function refusal(outcome: { ok: boolean; message?: string }, target: string): void {
  if (!outcome.ok && (typeof outcome.message !== 'string' || outcome.message.length === 0)) {
    throw new Error(`${target}: a refusal without a message`)
  }
}

const SEED = 'fuzz'

/** Counts a parsed ranked election every way the CLI can, as `veche tally` would. */
function countEveryWay(election: RankedElection): void {
  for (const outcome of [
    tallyScottishStv(election, { tieBreakSeed: SEED }),
    tallyMeekStv(election, { tieBreakSeed: SEED, maxIterations: 200 }),
    tallyIrv(election, { tieBreakSeed: SEED }),
    tallySchulze(election, { tieBreakSeed: SEED }),
    tallyDebian(election, { tieBreakSeed: SEED }),
  ]) {
    refusal(outcome, 'count')
  }
}

// --- events -------------------------------------------------------------------------------------

interface Fixture {
  readonly states: ReadonlyMap<SpaceId, SpaceState>
  readonly foreign: ReadonlyMap<EventId, SignedEvent>
}

let fixture: Fixture | null = null

/**
 * The demo hub's spaces (fuzz/fixture/demo-events.ndjson, signed events of `veche serve --demo`),
 * folded once: each fuzzed event is applied to a copy of its space's state, so a mutation of a
 * real ballot, close or statement reaches the rules that check it.
 */
function demoFixture(): Fixture {
  if (fixture !== null) return fixture
  const lines = readFileSync(new URL('fixture/demo-events.ndjson', FUZZ_DIR), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
  const foreign = new Map<EventId, SignedEvent>()
  const states = new Map<SpaceId, SpaceState>()
  for (const line of lines) {
    const parsed = parseEvent(JSON.parse(line))
    if (!parsed.ok) throw new Error(`fixture event refused: ${parsed.message}`)
    const event = parsed.value.event
    const id = computeEventId(event)
    let state = states.get(event.space)
    if (state === undefined) {
      state = createSpaceState(event.space)
      states.set(event.space, state)
    }
    const rejected = applyEvent(state, event, id, { foreign })
    if (rejected !== null) throw new Error(`fixture event refused: ${rejected.message}`)
    foreign.set(id, event)
  }
  fixture = { states, foreign }
  return fixture
}

function foldOne(value: unknown): void {
  const parsed = parseEvent(value)
  if (!parsed.ok) {
    refusal({ ok: false, message: parsed.message }, 'parseEvent')
    return
  }
  const event = parsed.value.event
  const { states, foreign } = demoFixture()
  const base = states.get(event.space)
  const state = base === undefined ? createSpaceState(event.space) : structuredClone(base)
  const rejected = applyEvent(state, event, computeEventId(event), { foreign })
  if (rejected !== null && rejected.message.length === 0)
    throw new Error('fold: a rejection without a message')
}

const EVENT_WORDS = [
  '"v":1',
  '"seq":',
  '"prev":null',
  '"at":',
  '"body":{}',
  '"type":"ballot.cast"',
  '"type":"poll.closed.2"',
  '"type":"poll.closed.3"',
  '"type":"poll.opened.3"',
  '"type":"member.joined"',
  '"type":"statement.adopted"',
  '"type":"secret.ballot"',
  '"type":"council.notice"',
  '"choice":',
  '"ranking":[',
  '"seal":[',
  '"seen":{',
  '9007199254740993',
  '-1',
  '1e309',
  '0.5',
  '"\\u0000"',
  '"\\u202e"',
  '[]',
  '{}',
  'null',
  'true',
]

// --- the targets --------------------------------------------------------------------------------

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'event',
    description: 'one event or a batch, as POST /api/events and sync read them, then the fold',
    maxLength: 16_384,
    dictionary: EVENT_WORDS,
    run(input) {
      let value: unknown
      try {
        value = JSON.parse(text(input))
      } catch {
        return // the hub answers 400 before anything reads it
      }
      const batch =
        typeof value === 'object' &&
        value !== null &&
        Array.isArray((value as { events?: unknown }).events)
          ? (value as { events: unknown[] }).events
          : [value]
      for (const item of batch.slice(0, 100)) foldOne(item)
    },
  },
  {
    name: 'bundle',
    description: 'a carried bundle file (veche bundle import)',
    maxLength: 65_536,
    dictionary: [
      '{"format":"veche-bundle"',
      '"version":',
      '"events":',
      '"spaces":{',
      '"sha256":"',
      '\n',
    ],
    run(input) {
      const decoded = decodeBundle(input)
      refusal(decoded, 'decodeBundle')
      if (decoded.ok) for (const event of decoded.events.slice(0, 100)) foldOne(event)
    },
  },
  {
    name: 'qr',
    description: 'the texts of a QR series, one per line (veche bundle unqr)',
    maxLength: 16_384,
    dictionary: ['veche-qr/1 ', ' 1/1 ', ' 1/2 ', ' 2/2 ', '999999/999999', '\n'],
    run(input) {
      const codes = text(input)
        .split('\n')
        .map((line, i) => ({ source: `line ${i + 1}`, text: line }))
      const joined = joinQrTexts(codes)
      refusal(joined, 'joinQrTexts')
      if (joined.ok) refusal(decodeBundle(joined.bundle), 'decodeBundle')
    },
  },
  {
    name: 'blt',
    description: 'a BLT ballot file (veche tally), then every count',
    maxLength: 16_384,
    dictionary: [' 0\n', '-1', '=', '"', '\n0\n', '1e9', '9007199254740993', ' 1 2 3 0\n'],
    run(input) {
      const read = readBlt(input)
      refusal(read, 'readBlt')
      if (read.ok) countEveryWay(read.report)
    },
  },
  {
    name: 'debian',
    description: 'a Debian tally sheet (veche tally), then every count',
    maxLength: 16_384,
    dictionary: ['Option 1--->: ', 'Option 2--->: ', 'V: ', '-', '1', '\n'],
    run(input) {
      const read = readDebianTallySheet(input)
      refusal(read, 'readDebianTallySheet')
      if (read.ok) countEveryWay(read.report)
    },
  },
  {
    name: 'json-ballots',
    description: 'a JSON ballot file (veche tally), then every count',
    maxLength: 16_384,
    dictionary: [
      '"candidates":[',
      '"seats":',
      '"ballots":[',
      '"ranking":[',
      '"weight":',
      '"scores":{',
      '[[',
      ']]',
    ],
    run(input) {
      const read = readJsonBallots(input)
      refusal(read, 'readJsonBallots')
      if (read.ok) countEveryWay(read.report.election)
    },
  },
  {
    name: 'polis-opendata',
    description: 'a Pol.is openData export: comments.csv, then votes.csv after a form feed',
    maxLength: 32_768,
    dictionary: ['comment-id,', 'voter-id', 'moderated', '"', ',', '\n', '\f', '-1', '1'],
    run(input) {
      const [comments = '', votes = ''] = text(input).split('\f')
      const read = readOpenDataExport({ 'comments.csv': comments, 'votes.csv': votes })
      refusal(read, 'readOpenDataExport')
      if (read.ok) refusal(mapOpinions(read.report.input, { seed: SEED }), 'mapOpinions')
    },
  },
  {
    name: 'polis-reddwarf',
    description: 'a red-dwarf Pol.is fixture: comments.json, then votes.json after a form feed',
    maxLength: 32_768,
    dictionary: ['"tid":', '"pid":', '"vote":', '"txt":"', '"modified":', '\f', '-1', 'null'],
    run(input) {
      const [comments = '', votes = ''] = text(input).split('\f')
      const read = readRedDwarfExport({ 'comments.json': comments, 'votes.json': votes })
      refusal(read, 'readRedDwarfExport')
      if (read.ok) refusal(mapOpinions(read.report.input, { seed: SEED }), 'mapOpinions')
    },
  },
]

/**
 * A target with three planted faults, for the fuzzer's own test (fuzz-run.test.ts): it throws on
 * a `!`, loops for ever on a `~` and allocates without end on a `^`. Never among FUZZ_TARGETS.
 */
export const PLANTED_FAULTS: FuzzTarget = {
  name: 'planted-faults',
  description: 'the fuzzer finding faults planted for its own test',
  maxLength: 64,
  dictionary: [],
  run(input) {
    if (input.includes(0x21)) throw new Error('planted fault')
    if (input.includes(0x7e)) for (;;);
    if (input.includes(0x5e)) {
      const hoard: number[][] = []
      for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i))
    }
  },
}

export function fuzzTarget(name: string): FuzzTarget {
  if (name === PLANTED_FAULTS.name && process.env.VECHE_FUZZ_DIR !== undefined)
    return PLANTED_FAULTS
  const target = FUZZ_TARGETS.find((t) => t.name === name)
  if (target === undefined) {
    throw new Error(
      `no fuzz target ${name}; the targets are ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`,
    )
  }
  return target
}
