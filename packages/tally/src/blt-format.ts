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
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { BallotPacker } from './packed-ballots.js'
import type { RankedElection } from './ranked-election.js'
import { decodeBallotText } from './text-decoding.js'

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
  const text = decodeBallotText(input)
  const lines = new LineReader(text)
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
  let ended = false
  let progressAt = 0
  for (let line = lines.nextContent(); line !== null; line = lines.nextContent()) {
    const at = lines.lineNumber
    if (options.onProgress && at >= progressAt) {
      options.onProgress(lines.position / Math.max(1, text.length))
      progressAt = at + 50_000
    }
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
      continue
    }
    if (tokens[0]?.startsWith('(')) tokens = tokens.slice(1)
    if (tokens.length === 1 && tokens[0] === '0') {
      ended = true
      break
    }
    const weight = Number(tokens[0])
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
    if (bad) {
      const code = bad.code === 'tally.total-too-large' ? bad.code : 'tally.parse-error'
      return { ...bad, code, message: `line ${at}: ${bad.message}`, line: at }
    }
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

/** Walks the lines of a text, skipping blank lines and `#` comments, counting line numbers. */
class LineReader {
  lineNumber = 0
  position = 0
  constructor(private readonly text: string) {}

  nextContent(): string | null {
    while (this.position < this.text.length) {
      let end = this.text.indexOf('\n', this.position)
      if (end < 0) end = this.text.length
      const line = this.text.slice(this.position, end).trim()
      this.position = end + 1
      this.lineNumber += 1
      if (line !== '' && !line.startsWith('#')) return line
    }
    return null
  }
}
