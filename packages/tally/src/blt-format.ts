// The BLT ballot format (OpenSTV, Droop, the ERS, Loomio's STV export, the Scottish 2017 data):
//
//   12 4                  candidates, seats
//   -3                    optional: withdrawn candidates as negative numbers
//   372 1 10 6 0          weight, preferences (1-based), 0; "(id)" before the weight is ignored;
//   2 1=4 7 0             "a=b" ranks a and b equal (only Schulze-style methods accept it)
//   0                     end of ballots
//   "Euan BLOCKLEY"       one name per candidate, quoted or not
//   "Ward 1 Linn"         the title
//
// Every error names the 1-based line it was found on. Identical ballot lines are grouped.
import { ballotUnits } from './ballot-units.js'
import type { BallotUnits } from './ballot-units.js'
import { MAX_EXACT_TOTAL } from './exact-total.js'
import { fail, succeed } from './outcome.js'
import type { TallyFailure, TallyOutcome } from './outcome.js'
import { BallotPacker } from './packed-ballots.js'
import type { RankedElection } from './ranked-election.js'

/** Options of {@link readBlt}. */
export interface ReadBltOptions {
  /** Called now and then with the share of the text read so far (0..1), for progress bars. */
  readonly onProgress?: ((fraction: number) => void) | undefined
}

/** Reads a BLT file (text or bytes); failures carry code `tally.parse-error` and the line. */
export function readBlt(
  input: string | Uint8Array,
  options: ReadBltOptions = {},
): TallyOutcome<RankedElection> {
  const lines = new LineReader(ballotUnits(input))
  const parseError = (at: number, message: string) => {
    const line = Math.max(1, at)
    return fail('tally.parse-error', `line ${line}: ${message}`, line)
  }

  const header = lines.nextContent()
  if (header === null)
    return parseError(lines.lineNumber, 'the file is empty; expected "<candidates> <seats>"')
  const headerTokens = header.split(/\s+/)
  const candidateCount = Number(headerTokens[0])
  const seats = Number(headerTokens[1])
  if (
    headerTokens.length !== 2 ||
    !isCount(candidateCount) ||
    !isCount(seats) ||
    candidateCount > 65535
  ) {
    return parseError(lines.lineNumber, `expected "<candidates> <seats>", got "${header}"`)
  }
  const packer = new BallotPacker(candidateCount)
  const withdrawn: number[] = []
  const prefs: number[] = []
  const tiers: number[] = []
  const packFailure = (bad: TallyFailure, at: number): TallyFailure => {
    const code = bad.code === 'tally.total-too-large' ? bad.code : 'tally.parse-error'
    return { ...bad, code, message: `line ${at}: ${bad.message}`, line: at }
  }

  /** Reads one content line of the ballot section as text: any form BLT allows, every error. */
  const readBallotLine = (line: string, at: number): 'end' | TallyFailure | null => {
    let tokens = line.split(/\s+/)
    if (tokens[0]?.startsWith('-')) {
      for (const token of tokens) {
        const id = -Number(token)
        if (!Number.isInteger(id) || id < 1 || id > candidateCount) {
          return parseError(
            at,
            `"${token}" is not a withdrawn candidate number between -1 and -${candidateCount}`,
          )
        }
        if (!withdrawn.includes(id - 1)) withdrawn.push(id - 1)
      }
      return null
    }
    if (tokens[0]?.startsWith('(')) tokens = tokens.slice(1)
    if (tokens.length === 1 && tokens[0] === '0') return 'end'
    const weight = Number(tokens[0])
    if (/^[0-9]+$/.test(tokens[0] ?? '') && !Number.isSafeInteger(weight)) {
      const text = tokens[0] ?? ''
      const message = `the ballot weight ${text} is more than ${MAX_EXACT_TOTAL} (2^53 - 1), the largest total counted exactly`
      return packFailure(fail('tally.total-too-large', message), at)
    }
    if (!Number.isSafeInteger(weight) || weight <= 0) {
      return parseError(
        at,
        `a ballot starts with its weight, a whole number > 0; got "${tokens[0] ?? ''}"`,
      )
    }
    if (tokens[tokens.length - 1] !== '0') return parseError(at, 'a ballot line must end with 0')
    prefs.length = 0
    tiers.length = 0
    for (let k = 1; k < tokens.length - 1; k++) {
      const token = tokens[k] as string
      for (const part of token.split('=')) {
        const id = Number(part)
        if (!Number.isInteger(id) || id < 1 || id > candidateCount) {
          return parseError(
            at,
            `"${part}" is not a candidate number between 1 and ${candidateCount}`,
          )
        }
        prefs.push(id - 1)
        tiers.push(k - 1)
      }
    }
    const bad = packer.add(weight, prefs, tiers)
    return bad ? packFailure(bad, at) : null
  }

  // Plain ballot lines ("weight c1 c2 ... 0" in ASCII digits) are read on the code units; any
  // other line (withdrawn candidates, ids, equal ranks, anything unexpected) is read as text by
  // readBallotLine, which gives the same result and the same errors.
  const ranks = new Int32Array(candidateCount)
  const total = lines.units.length
  let ended = false
  let progressAt = 0
  while (lines.position < total) {
    if (options.onProgress && lines.lineNumber >= progressAt) {
      options.onProgress(lines.position / Math.max(1, total))
      progressAt = lines.lineNumber + 50_000
    }
    const scanned = lines.scanBallot(ranks)
    if (scanned === SCANNED_BLANK) continue
    if (scanned === SCANNED_END) {
      ended = true
      break
    }
    if (scanned >= 0) {
      const bad = packer.addFirst(lines.weight, ranks, scanned)
      if (bad) return packFailure(bad, lines.lineNumber)
      continue
    }
    const line = lines.nextContent()
    if (line === null) break
    const read = readBallotLine(line, lines.lineNumber)
    if (read === 'end') {
      ended = true
      break
    }
    if (read !== null) return read
  }
  if (!ended)
    return parseError(lines.lineNumber, 'the file ends before the "0" line that closes the ballots')
  const candidates: string[] = []
  for (let i = 0; i < candidateCount; i++) {
    const name = lines.nextContent()
    if (name === null) {
      return parseError(
        lines.lineNumber,
        `the file ends after ${i} of the ${candidateCount} candidate names`,
      )
    }
    const unquoted = unquote(name)
    if (candidates.includes(unquoted))
      return parseError(lines.lineNumber, `candidate name "${unquoted}" is used twice`)
    candidates.push(unquoted)
  }
  const title = lines.nextContent()
  options.onProgress?.(1)
  return succeed({
    title: title === null ? '' : unquote(title),
    candidates,
    seats,
    withdrawn: withdrawn.sort((a, b) => a - b),
    ballots: packer.finish(),
  })
}

/** Writes an election as BLT text (names and title quoted; equal rankings as "a=b"). */
export function writeBlt(election: RankedElection): string {
  const { ballots } = election
  const out: string[] = [`${election.candidates.length} ${election.seats}`]
  if (election.withdrawn.length > 0) out.push(election.withdrawn.map((i) => `-${i + 1}`).join(' '))
  for (let g = 0; g < ballots.groups; g++) {
    const start = ballots.offsets[g] as number
    const end = ballots.offsets[g + 1] as number
    let line = String(ballots.weights[g])
    for (let i = start; i < end; i++) {
      const sameTier =
        i > start && ballots.tiers !== null && ballots.tiers[i] === ballots.tiers[i - 1]
      line += `${sameTier ? '=' : ' '}${(ballots.prefs[i] as number) + 1}`
    }
    out.push(`${line} 0`)
  }
  out.push('0')
  for (const name of election.candidates) out.push(quote(name))
  out.push(quote(election.title))
  return `${out.join('\n')}\n`
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s
}

function quote(s: string): string {
  return `"${s.replace(/[\r\n]+/g, ' ')}"`
}

/** {@link LineReader.scanBallot}: the line was blank or a comment. */
const SCANNED_BLANK = -1
/** {@link LineReader.scanBallot}: the line was the "0" that ends the ballots. */
const SCANNED_END = -2
/** {@link LineReader.scanBallot}: the line is not a plain ballot; nothing was consumed. */
const SCANNED_OTHER = -3
/** Digits a plain weight may have: more could pass 2^53, so such a line is read as text. */
const MAX_PLAIN_DIGITS = 15

/** ASCII whitespace that String.prototype.trim and /\s/ also take (but not the line feed). */
function isBlank(unit: number): boolean {
  return unit === 32 || unit === 9 || unit === 13 || unit === 11 || unit === 12
}

/**
 * Walks the lines of a ballot file's code units, skipping blank lines and `#` comments, counting
 * line numbers. Mutable by design: one reader walks a file of a million lines.
 */
class LineReader {
  lineNumber = 0
  position: number
  /** The weight of the ballot {@link scanBallot} last read. */
  weight = 0
  readonly units: Uint8Array | Uint16Array
  readonly #decode: (from: number, to: number) => string

  constructor(text: BallotUnits) {
    this.units = text.units
    this.position = text.start
    this.#decode = text.decode
  }

  nextContent(): string | null {
    const units = this.units
    while (this.position < units.length) {
      let end = units.indexOf(10, this.position)
      if (end < 0) end = units.length
      const line = this.#decode(this.position, end).trim()
      this.position = end + 1
      this.lineNumber += 1
      if (line !== '' && !line.startsWith('#')) return line
    }
    return null
  }

  /**
   * Reads the next line when it is blank, a comment, the closing "0", or a plain ballot: ASCII
   * digits and blanks only, a weight of at most 15 digits and > 0, candidates 1..`ranks.length`
   * (at most that many), then a single "0". A plain ballot's candidates (0-based) go to `ranks`,
   * its weight to `weight`, and their count is returned; any other line returns SCANNED_OTHER
   * and is left for {@link nextContent}.
   */
  scanBallot(ranks: Int32Array): number {
    const units = this.units
    const size = units.length
    const candidateCount = ranks.length
    let i = this.position
    let unit = i < size ? (units[i] as number) : 10
    while (isBlank(unit)) unit = ++i < size ? (units[i] as number) : 10
    if (unit === 10 || unit === 35) {
      const end = unit === 10 ? i : units.indexOf(10, i)
      this.position = (end < 0 ? size : end) + 1
      this.lineNumber += 1
      return SCANNED_BLANK
    }
    let tokens = 0
    let weight = 0
    let count = 0
    let value = 0
    let digits = 0
    for (;;) {
      if (unit < 48 || unit > 57) return SCANNED_OTHER
      value = 0
      digits = 0
      while (unit >= 48 && unit <= 57) {
        value = value * 10 + (unit - 48)
        digits += 1
        unit = ++i < size ? (units[i] as number) : 10
      }
      if (digits > MAX_PLAIN_DIGITS) return SCANNED_OTHER
      while (isBlank(unit)) unit = ++i < size ? (units[i] as number) : 10
      tokens += 1
      if (unit === 10) break
      // not the last token: the weight, or a candidate
      if (tokens === 1) {
        if (value === 0) return SCANNED_OTHER
        weight = value
      } else {
        if (value < 1 || value > candidateCount || count === candidateCount) return SCANNED_OTHER
        ranks[count++] = value - 1
      }
    }
    if (value !== 0 || digits !== 1) return SCANNED_OTHER
    this.position = i + 1
    this.lineNumber += 1
    if (tokens === 1) return SCANNED_END
    this.weight = weight
    return count
  }
}
