// Breaking ties between candidates during a count, as the Scottish rules do (SSI 2007/42 Sched. 1,
// rules 49 and 51): look back to the most recent preceding stage at which the tied candidates'
// totals differed and take the one with fewer (or more) votes there; when several still share the
// extreme there, keep looking further back among those; if they were equal at every stage, draw a
// seeded lot. `forward` looks from the first stage onwards instead (New Zealand's "ahead at first
// difference"). Each decision is described for the report.
import { drawLot } from './seeded-lot.js'
import type { LotDraw } from './seeded-lot.js'

/** How a tie was settled. */
export interface TieDecision {
  readonly chosen: number
  readonly note: string
  readonly lot: LotDraw | null
}

/**
 * Picks one of `tied` (candidate indices, all with equal current totals). `history[s]` holds every
 * candidate's total at the end of stage s+1, for stages before the current one.
 */
export function breakStageTie(args: {
  readonly tied: readonly number[]
  readonly history: readonly (readonly number[])[]
  readonly pick: 'fewest' | 'most'
  readonly direction: 'back' | 'forward'
  readonly names: readonly string[]
  readonly seed: string
  readonly purpose: string
}): TieDecision {
  const { history, pick, names } = args
  let tied = [...args.tied]
  const stages = history.map((_, s) => s)
  if (args.direction === 'back') stages.reverse()
  const describe = (c: number) => names[c] as string
  for (const s of stages) {
    const totals = history[s] as readonly number[]
    const values = tied.map((c) => totals[c] ?? 0)
    const extreme = pick === 'fewest' ? Math.min(...values) : Math.max(...values)
    const narrowed = tied.filter((c) => (totals[c] ?? 0) === extreme)
    if (narrowed.length < tied.length) tied = narrowed
    if (tied.length === 1) {
      const chosen = tied[0] as number
      return {
        chosen,
        note: `tie among ${args.tied.map(describe).join(', ')} settled by stage ${s + 1}, where ${describe(chosen)} had the ${pick} votes`,
        lot: null,
      }
    }
  }
  const lot = drawLot(args.seed, args.purpose, tied.map(describe))
  const chosenName = lot.order[0] as string
  const chosen = tied.find((c) => describe(c) === chosenName) as number
  return {
    chosen,
    note: `tie among ${tied.map(describe).join(', ')} equal at every stage: ${chosenName} chosen by lot`,
    lot,
  }
}
