// Instant-runoff voting (the alternative vote): one winner. Each round counts every ballot for its
// first continuing preference. A candidate with more than half of the votes still counting wins;
// otherwise the candidate with fewest votes is excluded and their ballots move on, at full value.
// Ties for fewest are broken like the Scottish rule 51: fewer votes at the most recent earlier
// round where the tied candidates differed; if they were equal in every round, a seeded lot
// (recorded in the report). When one candidate is left, they win.
// With one seat and no surplus, Scottish STV makes the same exclusions and elects the same winner.
import { BallotPiles, CONTINUING, ELECTED, EXCLUDED } from './ballot-piles.js'
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { hasEqualRankings } from './packed-ballots.js'
import { checkElection } from './ranked-election.js'
import type { RankedElection } from './ranked-election.js'
import type { LotDraw } from './seeded-lot.js'
import { breakStageTie } from './stage-ties.js'
import { totalsChange } from './stv-report.js'
import type { CountReport, CountStage, StageAction } from './stv-report.js'

/** Options of {@link tallyIrv}. */
export interface IrvOptions {
  readonly tieBreakSeed: string
}

/** Counts an instant-runoff election; reports one stage per round (totals in whole votes). */
export function tallyIrv(
  election: RankedElection,
  options: IrvOptions,
): TallyOutcome<CountReport<'irv'>> {
  const checked = checkElection(election, 1)
  if (!checked.ok) return checked
  if (hasEqualRankings(election.ballots)) {
    return fail(
      'tally.equal-ranking',
      'IRV needs strict rankings; some ballot ranks candidates equal',
    )
  }
  const names = election.candidates
  const piles = new BallotPiles(election.ballots, election.withdrawn, 1)
  const { valid, invalid } = piles.dealFirstPreferences()
  if (valid === 0) return fail('tally.no-ballots', 'no ballot ranks a standing candidate')
  const { totals, state } = piles
  const history: number[][] = []
  const stages: CountStage[] = []
  let action: StageAction = { kind: 'first-preferences' }
  let previous = new Array<number>(names.length).fill(0)
  let winner = -1
  for (let stage = 1; ; stage++) {
    const notes: string[] = []
    const lots: LotDraw[] = []
    const continuing = piles.inState(CONTINUING)
    const active = continuing.reduce((sum, c) => sum + (totals[c] as number), 0)
    const leader = continuing.find((c) => 2 * (totals[c] as number) > active)
    let excluded = -1
    if (leader !== undefined || continuing.length === 1) {
      winner = leader ?? (continuing[0] as number)
      state[winner] = ELECTED
      notes.push(
        leader !== undefined
          ? `${names[winner]} has more than half of the ${active} votes still counting`
          : `${names[winner]} is the last candidate left`,
      )
    } else {
      const fewest = Math.min(...continuing.map((c) => totals[c] as number))
      const tied = continuing.filter((c) => totals[c] === fewest)
      if (tied.length === 1) {
        excluded = tied[0] as number
      } else {
        const d = breakStageTie({
          tied,
          history,
          pick: 'fewest',
          direction: 'back',
          names,
          seed: options.tieBreakSeed,
          purpose: `exclude at stage ${stage}`,
        })
        excluded = d.chosen
        notes.push(d.note)
        if (d.lot) lots.push(d.lot)
      }
      state[excluded] = EXCLUDED
      notes.push(`${names[excluded]} excluded with the fewest votes`)
    }
    const snapshot = Array.from(totals)
    stages.push({
      stage,
      action,
      totals: snapshot,
      changes: totalsChange(previous, snapshot),
      exhausted: piles.exhausted,
      lostToTruncation: 0,
      quota: null,
      elected: winner >= 0 ? [names[winner] as string] : [],
      excluded: excluded >= 0 ? [names[excluded] as string] : [],
      notes,
      lots,
    })
    history.push(snapshot)
    previous = snapshot
    if (winner >= 0) break
    piles.transferPile(excluded)
    totals[excluded] = 0
    action = { kind: 'exclusion', candidates: [names[excluded] as string] }
  }
  return succeed({
    method: 'irv',
    title: election.title,
    candidates: names,
    withdrawn: election.withdrawn.map((c) => names[c] as string),
    seats: 1,
    scale: 1,
    validVotes: valid,
    invalidVotes: invalid,
    stages,
    winners: [names[winner] as string],
  })
}
