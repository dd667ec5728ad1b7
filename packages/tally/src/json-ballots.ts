// JSON ballots: the schema Veche uses to exchange ballots with people and other programs.
//
//   {
//     "format": "veche-ballots/1",            optional
//     "title": "Delegates to the council",     optional
//     "candidates": ["Ana", "Bo", "Cy"],
//     "seats": 2,                              optional, default 1
//     "withdrawn": ["Cy"],                     optional
//     "ballots": [
//       { "ranking": ["Ana", ["Bo", "Cy"]], "weight": 3 },   ranked; an inner list ranks equal
//       { "approve": ["Ana", "Bo"] },                         approval: one equal tier
//       { "choice": "Bo" }, { "choice": null },               a single choice, or a blank ballot
//       { "scores": { "Ana": 5, "Bo": 2 } }                   score (range) ballots
//     ]
//   }
//
// "weight" (default 1) is the number of voters who cast the ballot. Score ballots may not be mixed
// with the other kinds. Syntax errors name the line; other errors name the ballot. Most files are
// read in one pass over their bytes (json-ballot-scanner.ts); the rest by JSON.parse.
import { scanJsonBallots } from './json-ballot-scanner.js'
import { jsonErrorOffset } from './json-error-position.js'
import { fail, succeed } from './outcome.js'
import type { TallyFailure, TallyOutcome } from './outcome.js'
import { buildRankedElection } from './ranked-election.js'
import type { NamedRankedBallot, RankedElection } from './ranked-election.js'
import type { ScoreBallot } from './score.js'
import { decodeBallotText } from './text-decoding.js'

/** What a JSON ballot file holds: the ranked form, and the scores when the ballots are scores. */
export interface JsonBallotFile {
  readonly election: RankedElection
  readonly scores: readonly ScoreBallot[] | null
}

/** Reads JSON ballots (text or bytes). */
export function readJsonBallots(input: string | Uint8Array): TallyOutcome<JsonBallotFile> {
  const scanned = scanJsonBallots(input)
  if (scanned !== null) return succeed(scanned)
  return readJsonBallotsByParsing(input)
}

/**
 * The reference reader: JSON.parse, then every check. {@link scanJsonBallots} reads most files in
 * one pass and hands the rest (and every file with an error) to this one.
 */
export function readJsonBallotsByParsing(input: string | Uint8Array): TallyOutcome<JsonBallotFile> {
  const text = decodeBallotText(input)
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const offset = jsonErrorOffset(text)
    const line = offset < 0 ? 1 : text.slice(0, offset).split('\n').length
    return fail('tally.parse-error', `line ${line}: not valid JSON (${message})`, line)
  }
  const bad = (message: string): TallyFailure => fail('tally.parse-error', message)
  if (!isRecord(data)) return bad('JSON ballots must be an object with "candidates" and "ballots"')
  const { candidates, ballots, seats, title, withdrawn } = data
  if (!isStringArray(candidates)) return bad('"candidates" must be a list of names')
  if (!Array.isArray(ballots)) return bad('"ballots" must be a list')
  if (seats !== undefined && typeof seats !== 'number') return bad('"seats" must be a number')
  if (title !== undefined && typeof title !== 'string') return bad('"title" must be a string')
  if (withdrawn !== undefined && !isStringArray(withdrawn))
    return bad('"withdrawn" must be a list of names')
  const ranked: NamedRankedBallot[] = []
  const scores: ScoreBallot[] = []
  for (const [i, ballot] of (ballots as unknown[]).entries()) {
    const where = `ballot ${i + 1}`
    if (!isRecord(ballot)) return bad(`${where} must be an object`)
    const weight = ballot.weight ?? 1
    if (typeof weight !== 'number') return bad(`${where}: "weight" must be a number`)
    const kinds = ['ranking', 'approve', 'choice', 'scores'].filter((k) => k in ballot)
    if (kinds.length !== 1)
      return bad(`${where} needs exactly one of "ranking", "approve", "choice", "scores"`)
    if ('scores' in ballot) {
      const s = ballot.scores
      if (!isRecord(s) || !Object.values(s).every((v) => typeof v === 'number')) {
        return bad(`${where}: "scores" must map candidate names to numbers`)
      }
      scores.push({ scores: s as Record<string, number>, weight })
      continue
    }
    if ('ranking' in ballot) {
      const r = ballot.ranking
      if (!Array.isArray(r) || !r.every((e) => typeof e === 'string' || isStringArray(e))) {
        return bad(`${where}: "ranking" must list names, or lists of names ranked equal`)
      }
      ranked.push({ ranking: r, weight })
    } else if ('approve' in ballot) {
      if (!isStringArray(ballot.approve)) return bad(`${where}: "approve" must be a list of names`)
      ranked.push({ ranking: ballot.approve.length === 0 ? [] : [ballot.approve], weight })
    } else {
      const c = ballot.choice
      if (c !== null && typeof c !== 'string')
        return bad(`${where}: "choice" must be a name or null`)
      ranked.push({ ranking: c === null ? [] : [c], weight })
    }
  }
  if (scores.length > 0 && ranked.length > 0)
    return bad('score ballots cannot be mixed with other kinds')
  const election = buildRankedElection({ title, candidates, seats, withdrawn, ballots: ranked })
  if (!election.ok) return election
  return succeed({ election: election.report, scores: scores.length > 0 ? scores : null })
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}
