// `veche tally --method M [--seats N] FILE [--json]`: counts a ballot file (BLT, a Debian tally
// sheet or JSON ballots, detected by extension and content) with one of the @veche/tally methods,
// and prints the winners and a stage-by-stage table, or the report as JSON. Reading a large file
// shows a progress bar on standard error when it is a terminal. A bad file is a CliError naming
// the line (exit code 1, no stack trace).
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import { Command, Option } from '../commander.js'
import type * as CliProgress from 'cli-progress'
import {
  looksLikeDebianTallySheet,
  readBlt,
  readDebianTallySheet,
  readJsonBallots,
  tallyApproval,
  tallyBorda,
  tallyDebian,
  tallyIrv,
  tallyMeekStv,
  tallyPlurality,
  tallySchulze,
  tallyScore,
  tallyScottishStv,
} from '@veche/tally'
import type { RankedElection, ScoreBallot, TallyOutcome } from '@veche/tally'
import { CliError } from '../cli-error.js'
import { displayWidth, padToWidth } from '../terminal-width.js'
import { jsonSafe, terminalSafe } from '../terminal-text.js'

export const TALLY_METHODS = [
  'scottish-stv',
  'meek-stv',
  'irv',
  'schulze',
  'debian',
  'approval',
  'score',
  'borda',
  'plurality',
] as const
export type TallyMethod = (typeof TALLY_METHODS)[number]

/** A ballot file as read: the ranked form, plus scores when the file holds score ballots. */
export interface BallotFile {
  readonly format: 'blt' | 'debian' | 'json'
  readonly election: RankedElection
  readonly scores: readonly ScoreBallot[] | null
}

/** Options of one count from the command line. */
export interface TallyRequest {
  readonly method: TallyMethod
  readonly seats?: number | undefined
  readonly seed: string
  readonly transferFinalExclusion?: boolean | undefined
  readonly defaultOption?: string | undefined
}

/** What every method's report shares, as far as printing goes. */
interface AnyReport {
  readonly method: string
  readonly candidates: readonly string[]
  readonly winners: readonly string[]
  readonly scale?: number
  readonly ranking?: readonly (readonly string[])[]
  readonly stages: readonly {
    readonly totals: readonly number[]
    readonly elected: readonly string[]
    readonly excluded: readonly string[]
    readonly exhausted?: number
    readonly quota?: number | null
    readonly notes?: readonly string[]
  }[]
}

/** The `tally` command. */
export function tallyCommand(): Command {
  return new Command('tally')
    .description(
      'count a ballot file (.blt, Debian tally sheet or JSON ballots) and show every stage',
    )
    .argument('<file>', 'the ballot file')
    .addOption(
      new Option('--method <method>', 'the counting method')
        .choices(TALLY_METHODS)
        .makeOptionMandatory(),
    )
    .option('--seats <n>', 'seats to fill (default: from the file, or 1)', parseSeats)
    .option('--seed <text>', 'seed of the lot that breaks ties equal at every stage', 'veche')
    .option(
      '--transfer-final-exclusion',
      'scottish-stv: transfer the last excluded papers before rule 52',
    )
    .option('--default-option <name>', 'debian: the default option (default: None Of The Above)')
    .option('--json', 'print the whole report as JSON')
    .action((file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{
        method: TallyMethod
        seats?: number
        seed: string
        transferFinalExclusion?: boolean
        defaultOption?: string
        json?: boolean
      }>()
      const ballots = loadBallotFile(file, process.stderr.isTTY === true)
      const report = runTally(ballots, {
        method: options.method,
        seats: options.seats,
        seed: options.seed,
        transferFinalExclusion: options.transferFinalExclusion,
        defaultOption: options.defaultOption,
      })
      process.stdout.write(
        options.json === true
          ? `${jsonSafe(JSON.stringify(tallyJson(report), null, 2))}\n`
          : terminalSafe(formatTally(report)),
      )
    })
}

function parseSeats(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CliError(`--seats must be a whole number >= 1, got "${value}"`)
  return n
}

/** Reads and parses a ballot file; `showProgress` draws a bar for large files. */
export function loadBallotFile(path: string, showProgress = false): BallotFile {
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    )
  }
  const bar =
    showProgress && size >= 4 * 1024 * 1024
      ? new (progressBars().SingleBar)(
          { format: 'tally [{bar}] {percentage}% {task}', stream: process.stderr },
          progressBars().Presets.shades_classic,
        )
      : null
  bar?.start(200, 0, { task: 'reading' })
  let bytes: Uint8Array
  try {
    bytes = readWhole(path, size, (read) =>
      bar?.update(Math.floor((100 * read) / Math.max(1, size))),
    )
  } catch (error) {
    bar?.stop()
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    )
  }
  try {
    return parseBallotBytes(bytes, path, (fraction) =>
      bar?.update(100 + Math.floor(100 * fraction), { task: 'parsing' }),
    )
  } finally {
    bar?.stop()
  }
}

/** The progress-bar library, loaded only when a bar is drawn (most counts never draw one). */
function progressBars(): typeof CliProgress {
  return createRequire(import.meta.url)('cli-progress') as typeof CliProgress
}

/** Bytes read from a file at a time, between updates of the progress bar. */
const READ_CHUNK = 4 * 1024 * 1024

/**
 * Reads a whole file into one array sized from `expected` (grown if the file turns out longer), so
 * the bytes are copied once; `onRead` hears how many bytes are in after each chunk.
 */
function readWhole(path: string, expected: number, onRead: (read: number) => void): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    let bytes = new Uint8Array(Math.max(1, expected))
    let read = 0
    for (;;) {
      if (read === bytes.length) {
        const grown = new Uint8Array(bytes.length * 2)
        grown.set(bytes)
        bytes = grown
      }
      const n = readSync(fd, bytes, read, Math.min(READ_CHUNK, bytes.length - read), null)
      if (n === 0) return bytes.subarray(0, read)
      read += n
      onRead(read)
    }
  } finally {
    closeSync(fd)
  }
}

/** Parses ballot bytes, choosing the format by extension, then by content. */
export function parseBallotBytes(
  bytes: Uint8Array,
  name: string,
  onProgress?: (fraction: number) => void,
): BallotFile {
  const ext = extname(name).toLowerCase()
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64 * 1024))
  const fail = (outcome: { readonly message: string }): never => {
    throw new CliError(`${name}: ${outcome.message}`)
  }
  if (ext === '.json' || (ext !== '.blt' && head.trimStart().startsWith('{'))) {
    const parsed = readJsonBallots(bytes)
    if (!parsed.ok) return fail(parsed)
    return { format: 'json', election: parsed.report.election, scores: parsed.report.scores }
  }
  if (ext !== '.blt' && looksLikeDebianTallySheet(head)) {
    const parsed = readDebianTallySheet(bytes)
    if (!parsed.ok) return fail(parsed)
    return { format: 'debian', election: parsed.report, scores: null }
  }
  const parsed = readBlt(bytes, { onProgress })
  if (!parsed.ok) return fail(parsed)
  return { format: 'blt', election: parsed.report, scores: null }
}

/** Runs the requested method; an expected failure becomes a CliError. */
export function runTally(file: BallotFile, request: TallyRequest): AnyReport {
  const { election } = file
  const seed = request.seed
  const seats = request.seats
  const outcome = ((): TallyOutcome<AnyReport> => {
    switch (request.method) {
      case 'scottish-stv':
        return tallyScottishStv(election, {
          seats,
          tieBreakSeed: seed,
          transferFinalExclusion: request.transferFinalExclusion,
        })
      case 'meek-stv':
        return tallyMeekStv(election, { seats, tieBreakSeed: seed })
      case 'irv':
        if (seats !== undefined && seats !== 1)
          throw new CliError(
            'irv elects one candidate; use scottish-stv or meek-stv for more seats',
          )
        return tallyIrv(election, { tieBreakSeed: seed })
      case 'schulze':
        return tallySchulze(election, { seats, tieBreakSeed: seed })
      case 'debian':
        return tallyDebian(election, { tieBreakSeed: seed, defaultOption: request.defaultOption })
      case 'approval':
        return tallyApproval(election, { seats, tieBreakSeed: seed })
      case 'borda':
        return tallyBorda(election, { seats, tieBreakSeed: seed })
      case 'plurality':
        return tallyPlurality(election, { seats, tieBreakSeed: seed })
      case 'score':
        if (file.scores === null) throw new CliError('score needs JSON ballots with "scores"')
        return tallyScore({
          candidates: election.candidates,
          ballots: file.scores,
          seats: seats ?? election.seats,
          tieBreakSeed: seed,
        })
      default:
        return assertNever(request.method)
    }
  })()
  if (!outcome.ok) throw new CliError(`${request.method}: ${outcome.message} (${outcome.code})`)
  return outcome.report
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`)
}

/**
 * The JSON the command prints: `winners`, and `stages[].totals` keyed by candidate name in votes
 * (STV units divided by the report's scale), `stages[].elected`, `stages[].excluded`; the
 * library's own report follows under `report`.
 */
export function tallyJson(report: AnyReport): unknown {
  const scale = report.scale ?? 1
  return {
    method: report.method,
    winners: report.winners,
    stages: report.stages.map((stage, i) => ({
      stage: i + 1,
      totals: Object.fromEntries(
        report.candidates.map((name, c) => [name, (stage.totals[c] ?? 0) / scale]),
      ),
      elected: stage.elected,
      excluded: stage.excluded,
      ...(stage.exhausted === undefined ? {} : { exhausted: stage.exhausted / scale }),
      ...(stage.quota === undefined || stage.quota === null ? {} : { quota: stage.quota / scale }),
    })),
    report,
  }
}

/**
 * The readable output: winners, then one row per candidate and one column per stage, and a last
 * column saying at which stage each candidate was elected or excluded. (Names of the elected in a
 * row under the stages widened every column to a list of names, so the numbers no longer lined up
 * under their stage.)
 */
export function formatTally(report: AnyReport): string {
  const scale = report.scale ?? 1
  const decimals = Math.round(Math.log10(scale))
  const show = (units: number) => (units / scale).toFixed(decimals)
  const lines: string[] = [
    `method: ${report.method}`,
    `winners: ${report.winners.join(', ') || '(none)'}`,
  ]
  if (report.ranking !== undefined) {
    lines.push(`ranking: ${report.ranking.map((tier) => tier.join(' = ')).join(' > ')}`)
  }
  lines.push('')
  const outcome = (name: string): string => {
    const elected = report.stages.findIndex((s) => s.elected.includes(name))
    if (elected >= 0) return `elected at stage ${elected + 1}`
    const excluded = report.stages.findIndex((s) => s.excluded.includes(name))
    return excluded >= 0 ? `excluded at stage ${excluded + 1}` : ''
  }
  const header = ['', ...report.stages.map((_, i) => `stage ${i + 1}`), 'outcome']
  const rows: string[][] = report.candidates.map((name, c) => [
    name,
    ...report.stages.map((s) => show(s.totals[c] ?? 0)),
    outcome(name),
  ])
  if (report.stages.some((s) => s.exhausted !== undefined)) {
    rows.push(['exhausted', ...report.stages.map((s) => show(s.exhausted ?? 0)), ''])
  }
  if (report.stages.some((s) => s.quota !== undefined && s.quota !== null)) {
    rows.push([
      'quota',
      ...report.stages.map((s) => (s.quota === undefined || s.quota === null ? '' : show(s.quota))),
      '',
    ])
  }
  const table = [header, ...rows]
  const last = header.length - 1
  // Widths in terminal columns: a Korean or Chinese name takes two per character.
  const widths = header.map((_, col) =>
    Math.max(...table.map((row) => displayWidth(row[col] ?? ''))),
  )
  for (const row of table) {
    lines.push(
      row
        .map((cell, col) =>
          padToWidth(cell, widths[col] ?? 0, col === 0 || col === last ? 'left' : 'right'),
        )
        .join('  ')
        .trimEnd(),
    )
  }
  const notes = report.stages.flatMap((s, i) =>
    (s.notes ?? []).map((note) => `stage ${i + 1}: ${note}`),
  )
  if (notes.length > 0) lines.push('', ...notes)
  return `${lines.join('\n')}\n`
}
