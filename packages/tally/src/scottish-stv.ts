// Scottish STV: the count of the Scottish Local Government Elections Order 2007 (SSI 2007/42),
// Schedule 1, rules 45-52, re-enacted in SSI 2011/399 and used in the 2017 council elections.
// Rule numbers below are those of the 2007 Order.
//
//   45  first stage: each valid paper counts 1 for its first preference
//   46  quota = floor(valid votes / (seats + 1)) + 1
//   47  a candidate reaching the quota is elected
//   48  a surplus moves all the candidate's papers; each paper's new value is
//       surplus x (its value) / (candidate's total), to five decimals, remainder ignored
//   49  the largest surplus first; equal surpluses: the candidate with more votes at the most
//       recent stage at which they differed, else by lot
//   50  with no surplus left, exclude the candidate with fewest votes, all papers at their value
//   51  tie for fewest: fewer votes at the most recent stage at which they differed, else by lot
//   52  when continuing candidates = vacancies left, they are elected, no further transfer
//
// Arithmetic is exact: every value is an integer number of 0.00001 votes (`scale` 100000), and the
// truncating division uses BigInt. Invariant at every stage:
//   elected + continuing totals + exhausted + lost to truncation = valid votes.
// `transferFinalExclusion` reproduces electronic counts that still transfer the last excluded
// candidate's papers before applying rule 52 (allowed by a 2021 amendment; winners unchanged).
import { CONTINUING, ELECTED, EXCLUDED, BallotPiles } from './ballot-piles.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { hasEqualRankings } from './packed-ballots.js'
import { checkElection } from './ranked-election.js'
import type { RankedElection } from './ranked-election.js'
import type { LotDraw } from './seeded-lot.js'
import { breakStageTie } from './stage-ties.js'
import { totalsChange } from './stv-report.js'
import type { CountReport, CountStage, StageAction } from './stv-report.js'

/** Units per vote: five decimal places. */
export const SCOTTISH_SCALE = 100_000

/** Options of {@link tallyScottishStv}. */
export interface ScottishStvOptions {
  /** Seats to fill; default the election's seats. */
  readonly seats?: number | undefined
  /** Seed for the lot when rules 49 or 51 find candidates equal at every stage. */
  readonly tieBreakSeed: string
  /** Transfer the last excluded candidate's papers before rule 52 (as some published counts do). */
  readonly transferFinalExclusion?: boolean | undefined
}

/** Counts an election by the Scottish STV rules. */
export function tallyScottishStv(
  election: RankedElection,
  options: ScottishStvOptions,
): TallyOutcome<CountReport<'scottish-stv'>> {
  const seats = options.seats ?? election.seats
  const checked = checkElection(election, seats, {
    method: 'Scottish STV',
    unitsPerVote: SCOTTISH_SCALE,
  })
  if (!checked.ok) return checked
  if (hasEqualRankings(election.ballots)) {
    return fail(
      'tally.equal-ranking',
      'STV needs strict rankings; some ballot ranks candidates equal',
    )
  }
  const names = election.candidates
  const S = SCOTTISH_SCALE
  const piles = new BallotPiles(election.ballots, election.withdrawn, S)
  const { valid, invalid } = piles.dealFirstPreferences()
  if (valid === 0) return fail('tally.no-ballots', 'no ballot ranks a standing candidate')
  const quota = (Math.floor(valid / (seats + 1)) + 1) * S
  const { totals, state } = piles
  const history: number[][] = []
  const stages: CountStage[] = []
  const winners: string[] = []
  const pendingSurplus: number[] = []
  let lost = 0
  let action: StageAction = { kind: 'first-preferences' }
  let previous = new Array<number>(names.length).fill(0)
  let excludedOrSurplus = -1

  for (let stage = 1; ; stage++) {
    const notes: string[] = []
    const lots: LotDraw[] = []
    const elected: number[] = []
    const excluded: number[] = []
    const tie = (tied: number[], pick: 'fewest' | 'most', purpose: string) => {
      const d = breakStageTie({
        tied,
        history,
        pick,
        direction: 'back',
        names,
        seed: options.tieBreakSeed,
        purpose,
      })
      notes.push(d.note)
      if (d.lot) lots.push(d.lot)
      return d.chosen
    }
    const byVotes = (cs: number[], purpose: string) => orderByVotes(cs, totals, tie, purpose)

    // rule 47: everyone reaching the quota is elected, most votes first
    const reached = piles.inState(CONTINUING).filter((c) => (totals[c] as number) >= quota)
    for (const c of byVotes(reached, `order of election at stage ${stage}`)) {
      state[c] = ELECTED
      elected.push(c)
      winners.push(names[c] as string)
      pendingSurplus.push(c)
      notes.push(`${names[c]} reached the quota (rule 47)`)
    }
    let next: StageAction | null = null
    let continuing = piles.inState(CONTINUING)
    const left = seats - winners.length
    if (left > 0 && continuing.length === left) {
      // rule 52: the continuing candidates fill the last vacancies
      for (const c of byVotes(continuing, `order of election at stage ${stage}`)) {
        state[c] = ELECTED
        elected.push(c)
        winners.push(names[c] as string)
        notes.push(`${names[c]} elected: continuing candidates equal the vacancies left (rule 52)`)
      }
    } else if (left > 0) {
      const withSurplus = pendingSurplus.filter((c) => (totals[c] as number) > quota)
      if (withSurplus.length > 0) {
        // rule 49: largest surplus first
        const largest = Math.max(...withSurplus.map((c) => totals[c] as number))
        const tied = withSurplus.filter((c) => totals[c] === largest)
        const from =
          tied.length === 1
            ? (tied[0] as number)
            : tie(tied, 'most', `surplus order at stage ${stage}`)
        pendingSurplus.splice(pendingSurplus.indexOf(from), 1)
        next = { kind: 'surplus', candidate: names[from] as string, surplus: 0, transferValues: [] }
        excludedOrSurplus = from
      } else {
        // rule 50: exclude the candidate with fewest votes
        const fewest = Math.min(...continuing.map((c) => totals[c] as number))
        const tied = continuing.filter((c) => totals[c] === fewest)
        const x =
          tied.length === 1 ? (tied[0] as number) : tie(tied, 'fewest', `exclude at stage ${stage}`)
        state[x] = EXCLUDED
        excluded.push(x)
        notes.push(`${names[x]} excluded with the fewest votes (rule 50)`)
        continuing = piles.inState(CONTINUING)
        if (continuing.length === left && !options.transferFinalExclusion) {
          for (const c of byVotes(continuing, `order of election at stage ${stage}`)) {
            state[c] = ELECTED
            elected.push(c)
            winners.push(names[c] as string)
            notes.push(
              `${names[c]} elected: continuing candidates equal the vacancies left (rule 52)`,
            )
          }
        } else {
          next = { kind: 'exclusion', candidates: [names[x] as string] }
          excludedOrSurplus = x
        }
      }
    }
    const snapshot = Array.from(totals)
    stages.push({
      stage,
      action,
      totals: snapshot,
      changes: totalsChange(previous, snapshot),
      exhausted: piles.exhausted,
      lostToTruncation: lost,
      quota,
      elected: elected.map((c) => names[c] as string),
      excluded: excluded.map((c) => names[c] as string),
      notes,
      lots,
    })
    history.push(snapshot)
    previous = snapshot
    if (next === null) break

    // the next stage's transfer
    const from = excludedOrSurplus
    if (next.kind === 'surplus') {
      const total = totals[from] as number
      const surplus = total - quota
      const cache = new Map<number, number>()
      let lastValue = -1
      let lastTransferValue = 0
      const transferValue = (v: number) => {
        if (v === lastValue) return lastTransferValue
        let tv = cache.get(v)
        if (tv === undefined) {
          // rule 48: surplus x value / total, to five decimals, remainder ignored
          tv = Number((BigInt(surplus) * BigInt(v)) / BigInt(total))
          cache.set(v, tv)
        }
        lastValue = v
        lastTransferValue = tv
        return tv
      }
      const moved = piles.transferPile(from, transferValue)
      totals[from] = quota
      lost += surplus - moved
      action = { ...next, surplus, transferValues: [...cache.values()].sort((a, b) => b - a) }
    } else {
      piles.transferPile(from)
      totals[from] = 0
      action = next
    }
  }
  return succeed({
    method: 'scottish-stv',
    title: election.title,
    candidates: names,
    withdrawn: election.withdrawn.map((c) => names[c] as string),
    seats,
    scale: S,
    validVotes: valid,
    invalidVotes: invalid,
    stages,
    winners,
  })
}

/** Orders candidates by votes, most first; equal totals are ordered by `tie` (most votes earlier). */
export function orderByVotes(
  cs: readonly number[],
  totals: ArrayLike<number>,
  tie: (tied: number[], pick: 'most', purpose: string) => number,
  purpose: string,
): number[] {
  const rest = [...cs]
  const out: number[] = []
  while (rest.length > 0) {
    const most = Math.max(...rest.map((c) => totals[c] as number))
    const tied = rest.filter((c) => totals[c] === most)
    const c = tied.length === 1 ? (tied[0] as number) : tie(tied, 'most', purpose)
    out.push(c)
    rest.splice(rest.indexOf(c), 1)
  }
  return out
}
