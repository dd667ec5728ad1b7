// Meek STV, as in I. D. Hill, B. A. Wichmann and D. R. Woodall, "Algorithm 123: Single
// Transferable Vote by Meek's method", The Computer Journal 30(3), 1987, and the New Zealand
// Local Electoral Regulations 2001, Schedule 1A.
//
// Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected candidate
// the share of each vote reaching them that they keep. Each ballot is read from the top: a
// candidate with keep value k keeps k of the value still left and passes the rest on; what is left
// after the last preference is exhausted. The quota is (votes - exhausted) / (seats + 1), truncated
// to 9 decimals, plus 0.000000001. Keep values of elected candidates are then updated to
// k x quota / votes, and the distribution is repeated until the total surplus is below
// `surplusLimit` (default 0.0001, NZ clause 13) or the keep values stop changing. Then every
// hopeful candidate at or above the quota is elected; if none is, the hopeful candidate with fewest
// votes is excluded (ties: "ahead at first difference", the earliest stage at which the tied
// candidates differed, then a seeded lot in place of New Zealand's own generator).
//
// Precision, as the rules state it: every value is an integer number of 0.000000001 votes
// (`scale` 1e9); the amount a candidate keeps from a ballot is rounded up, keep values are rounded
// up, the quota is truncated. Votes are conserved exactly: totals + exhausted = valid votes.
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { hasEqualRankings } from './packed-ballots.js'
import { checkElection } from './ranked-election.js'
import type { RankedElection } from './ranked-election.js'
import type { LotDraw } from './seeded-lot.js'
import { breakStageTie } from './stage-ties.js'
import { totalsChange } from './stv-report.js'
import type { CountReport, CountStage, StageAction } from './stv-report.js'

/** Units per vote: nine decimal places. */
export const MEEK_SCALE = 1_000_000_000

/** Options of {@link tallyMeekStv}. */
export interface MeekStvOptions {
  readonly seats?: number | undefined
  readonly tieBreakSeed: string
  /** Iterate until the total surplus is below this, in units of 1e-9 votes; default 100000 (0.0001). */
  readonly surplusLimit?: number | undefined
  /** Safety cap on iterations per stage; default 10000. */
  readonly maxIterations?: number | undefined
}

/** A Meek stage also reports every candidate's keep value (units of 1e-9). */
export interface MeekStage extends CountStage {
  readonly keepValues: readonly number[]
}

/** The report of a Meek count. */
export interface MeekReport extends CountReport<'meek-stv'> {
  readonly stages: readonly MeekStage[]
}

const HOPEFUL = 0
const ELECTED = 1
const EXCLUDED = 2

/** Counts an election by Meek's method. */
export function tallyMeekStv(
  election: RankedElection,
  options: MeekStvOptions,
): TallyOutcome<MeekReport> {
  const seats = options.seats ?? election.seats
  const checked = checkElection(election, seats, {
    method: 'Meek STV',
    unitsPerVote: MEEK_SCALE,
  })
  if (!checked.ok) return checked
  const standing = checked.report
  if (hasEqualRankings(election.ballots)) {
    return fail(
      'tally.equal-ranking',
      'STV needs strict rankings; some ballot ranks candidates equal',
    )
  }
  const names = election.candidates
  const n = names.length
  const U = MEEK_SCALE
  const limit = options.surplusLimit ?? 100_000
  const maxIterations = options.maxIterations ?? 10_000
  const { ballots } = election
  const state = new Uint8Array(n).fill(EXCLUDED)
  for (const c of standing) state[c] = HOPEFUL
  const keep = new Float64Array(n)
  for (const c of standing) keep[c] = U
  const votes = new Float64Array(n)

  // groups with no standing candidate are not valid votes
  let valid = 0
  for (let g = 0; g < ballots.groups; g++) {
    for (let i = ballots.offsets[g] as number; i < (ballots.offsets[g + 1] as number); i++) {
      if (state[ballots.prefs[i] as number] === HOPEFUL) {
        valid += ballots.weights[g] as number
        break
      }
    }
  }
  if (valid === 0) return fail('tally.no-ballots', 'no ballot ranks a standing candidate')
  const invalid = ballots.totalWeight - valid

  /** One pass over the ballots with the current keep values; returns the exhausted value. */
  const distribute = (): number => {
    votes.fill(0)
    let exhausted = 0
    for (let g = 0; g < ballots.groups; g++) {
      const w = ballots.weights[g] as number
      let rest = U
      const end = ballots.offsets[g + 1] as number
      for (let i = ballots.offsets[g] as number; i < end && rest > 0; i++) {
        const c = ballots.prefs[i] as number
        const k = keep[c] as number
        if (k === 0) continue
        const kept = k === U ? rest : Math.min(rest, mulDivUpByScale(rest, k))
        votes[c] = (votes[c] as number) + kept * w
        rest -= kept
      }
      exhausted += rest * w
    }
    return exhausted
  }

  const history: number[][] = []
  const stages: MeekStage[] = []
  const winners: string[] = []
  let previous = new Array<number>(n).fill(0)
  let action: StageAction = { kind: 'first-preferences' }
  for (let stage = 1; ; stage++) {
    let exhausted = 0
    let quota = 0
    let iterations = 0
    for (;;) {
      exhausted = distribute()
      quota = Math.floor((valid * U - exhausted) / (seats + 1)) + 1
      iterations += 1
      let surplus = 0
      for (let c = 0; c < n; c++) {
        if (state[c] === ELECTED && (votes[c] as number) > quota)
          surplus += (votes[c] as number) - quota
      }
      if (surplus < limit || iterations >= maxIterations) break
      let changed = false
      for (let c = 0; c < n; c++) {
        if (state[c] !== ELECTED || (votes[c] as number) === 0) continue
        const next = updatedKeepValue(keep[c] as number, quota, votes[c] as number)
        if (next !== keep[c]) changed = true
        keep[c] = next
      }
      if (!changed) break
    }
    const notes: string[] = []
    const lots: LotDraw[] = []
    const elected: number[] = []
    const excluded: number[] = []
    if (iterations >= maxIterations) notes.push(`stopped iterating after ${iterations} passes`)
    const reached = standing.filter((c) => state[c] === HOPEFUL && (votes[c] as number) >= quota)
    reached.sort((a, b) => (votes[b] as number) - (votes[a] as number) || a - b)
    for (const c of reached.slice(0, seats - winners.length)) {
      state[c] = ELECTED
      elected.push(c)
      winners.push(names[c] as string)
      notes.push(`${names[c]} reached the quota`)
    }
    const hopeful = standing.filter((c) => state[c] === HOPEFUL)
    let done = winners.length === seats
    if (!done && hopeful.length === seats - winners.length) {
      hopeful.sort((a, b) => (votes[b] as number) - (votes[a] as number) || a - b)
      for (const c of hopeful) {
        state[c] = ELECTED
        elected.push(c)
        winners.push(names[c] as string)
        notes.push(`${names[c]} elected: hopeful candidates equal the vacancies left`)
      }
      done = true
    }
    let next: StageAction = { kind: 'iteration', iterations: 0 }
    if (!done && elected.length === 0) {
      const fewest = Math.min(...hopeful.map((c) => votes[c] as number))
      const tied = hopeful.filter((c) => votes[c] === fewest)
      let x = tied[0] as number
      if (tied.length > 1) {
        const d = breakStageTie({
          tied,
          history,
          pick: 'fewest',
          direction: 'forward',
          names,
          seed: options.tieBreakSeed,
          purpose: `exclude at stage ${stage}`,
        })
        x = d.chosen
        notes.push(d.note)
        if (d.lot) lots.push(d.lot)
      }
      state[x] = EXCLUDED
      keep[x] = 0
      excluded.push(x)
      notes.push(`${names[x]} excluded with the fewest votes`)
      next = { kind: 'exclusion', candidates: [names[x] as string] }
    }
    const snapshot = Array.from(votes)
    stages.push({
      stage,
      action: stage === 1 ? action : { kind: 'iteration', iterations },
      totals: snapshot,
      changes: totalsChange(previous, snapshot),
      exhausted,
      lostToTruncation: 0,
      quota,
      elected: elected.map((c) => names[c] as string),
      excluded: excluded.map((c) => names[c] as string),
      notes:
        stage === 1 || action.kind !== 'exclusion'
          ? notes
          : [`after excluding ${action.candidates.join(', ')}`, ...notes],
      lots,
      keepValues: Array.from(keep),
    })
    history.push(snapshot)
    previous = snapshot
    if (done) break
    action = next
  }
  return succeed({
    method: 'meek-stv',
    title: election.title,
    candidates: names,
    withdrawn: election.withdrawn.map((c) => names[c] as string),
    seats,
    scale: U,
    validVotes: valid,
    invalidVotes: invalid,
    stages,
    winners,
  })
}

/** ceil(a x b / 1e9) for integers 0 <= a, b <= 1e9, exact (the product exceeds 2^53). */
function mulDivUpByScale(a: number, b: number): number {
  const bh = Math.floor(b / 32768)
  const bl = b - bh * 32768
  const t = a * bh
  const q1 = Math.floor(t / MEEK_SCALE)
  const r1 = t - q1 * MEEK_SCALE
  const s = r1 * 32768 + a * bl
  const q2 = Math.floor(s / MEEK_SCALE)
  const r2 = s - q2 * MEEK_SCALE
  return q1 * 32768 + q2 + (r2 > 0 ? 1 : 0)
}

/** New keep value: keep x quota / votes, each step rounded up to 9 decimals (NZ clause 17). */
function updatedKeepValue(keep: number, quota: number, votes: number): number {
  const U = BigInt(MEEK_SCALE)
  const up = (num: bigint, den: bigint) => (num + den - 1n) / den
  const kept = up(BigInt(keep) * BigInt(quota), U)
  const next = up(kept * U, BigInt(votes))
  return Number(next > U ? U : next)
}
