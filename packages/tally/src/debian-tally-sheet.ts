// Debian tally sheets, as the Project Secretary publishes them:
//
//      Option 1---------->: Wouter Verhelst
//    /  Option 2--------->: Aigars Mahinovs
//   V: 111111312     5de2d9bdec162e7ad7d475f7a3a912e0
//
// One `V:` line per voter: one character per option in option order, a digit 1-9 being the rank
// (equal digits rank equal, gaps allowed) and `-` meaning unranked; then the voter's hash, which is
// ignored. Bytes that are not valid UTF-8 are read as Latin-1 (the 2007 sheet is Latin-1).
// Every error names its line.
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { BallotPacker } from './packed-ballots.js'
import type { RankedElection } from './ranked-election.js'
import { decodeBallotText } from './text-decoding.js'

const optionLine = /^[\s/|]*Option\s+(\d+)-*>:\s*(.*?)\s*$/
const voteLine = /^V:\s+(\S+)(?:\s+\S+)?\s*$/

/** True when the text looks like a Debian tally sheet (it has `Option N--->:` and `V:` lines). */
export function looksLikeDebianTallySheet(text: string): boolean {
  return /^[\s/|]*Option\s+1-*>:/m.test(text) && /^V:\s/m.test(text)
}

/** Reads a Debian tally sheet; the election has one seat and no title unless one is given. */
export function readDebianTallySheet(
  input: string | Uint8Array,
  title = '',
): TallyOutcome<RankedElection> {
  const text = decodeBallotText(input)
  const lines = text.split('\n')
  const candidates: string[] = []
  const parseError = (line: number, message: string) =>
    fail('tally.parse-error', `line ${line}: ${message}`, line)
  let packer: BallotPacker | null = null
  const prefs: number[] = []
  const tiers: number[] = []
  for (const [i, raw] of lines.entries()) {
    const at = i + 1
    const line = raw.replace(/\r$/, '')
    const option = optionLine.exec(line)
    if (option) {
      if (packer !== null) return parseError(at, 'an option line after the first V: line')
      const number = Number(option[1])
      if (number !== candidates.length + 1) {
        return parseError(at, `expected Option ${candidates.length + 1}, found Option ${number}`)
      }
      const name = option[2] ?? ''
      if (name === '' || candidates.includes(name))
        return parseError(at, `option name "${name}" is empty or repeated`)
      candidates.push(name)
      continue
    }
    if (!line.startsWith('V:')) continue
    const vote = voteLine.exec(line)
    if (!vote) return parseError(at, 'a vote line is "V: <one character per option> <hash>"')
    if (candidates.length === 0)
      return parseError(at, 'a V: line before any "Option N--->: name" line')
    packer ??= new BallotPacker(candidates.length)
    const block = vote[1] ?? ''
    if (block.length !== candidates.length) {
      return parseError(
        at,
        `the vote "${block}" has ${block.length} characters for ${candidates.length} options`,
      )
    }
    const ranked: { option: number; rank: number }[] = []
    for (let k = 0; k < block.length; k++) {
      const ch = block[k] as string
      if (ch === '-') continue
      if (ch < '1' || ch > '9') return parseError(at, `"${ch}" is not a rank (1-9) or "-"`)
      ranked.push({ option: k, rank: Number(ch) })
    }
    ranked.sort((a, b) => a.rank - b.rank || a.option - b.option)
    prefs.length = 0
    tiers.length = 0
    for (const r of ranked) {
      prefs.push(r.option)
      tiers.push(r.rank)
    }
    const bad = packer.add(1, prefs, tiers)
    if (bad) return parseError(at, bad.message)
  }
  const lastLine = Math.max(1, lines.length - (lines.at(-1)?.trim() === '' ? 1 : 0))
  if (candidates.length === 0) return parseError(lastLine, 'no "Option N--->: name" lines found')
  if (packer === null) return parseError(lastLine, 'no "V:" vote lines found')
  return succeed({ title, candidates, seats: 1, withdrawn: [], ballots: packer.finish() })
}
