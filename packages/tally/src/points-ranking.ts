// The shared ending of every method that adds up points (plurality, approval, score, dot voting,
// Borda): order candidates by total, take the winners, draw a seeded lot when a tie straddles the
// last seat, and give the report the common `stages` shape the CLI prints.
import { drawLot } from './seeded-lot.js'
import type { LotDraw } from './seeded-lot.js'

/** The one stage of a points count, shaped like an STV stage for uniform output. */
export interface PointsStage {
  readonly stage: 1
  readonly totals: readonly number[]
  readonly elected: readonly string[]
  readonly excluded: readonly string[]
}

/** The report of a points method. `totals` and `stages[0].totals` align with `candidates`. */
export interface PointsReport<M extends string> {
  readonly method: M
  readonly candidates: readonly string[]
  readonly withdrawn: readonly string[]
  readonly seats: number
  /** Number of voters counted (sum of ballot weights). */
  readonly voters: number
  readonly totals: readonly number[]
  /** Candidates from most to fewest points; equal totals share a tier. Withdrawn are left out. */
  readonly ranking: readonly (readonly string[])[]
  readonly winners: readonly string[]
  readonly tieBreak: LotDraw | null
  readonly stages: readonly PointsStage[]
}

/** Builds the common report from totals; `standing` lists the candidates who may win. */
export function rankByPoints<M extends string>(args: {
  readonly method: M
  readonly candidates: readonly string[]
  readonly standing: readonly number[]
  readonly seats: number
  readonly voters: number
  readonly totals: readonly number[]
  readonly seed: string
}): PointsReport<M> {
  const { candidates, standing, seats, totals } = args
  const byTotal = new Map<number, number[]>()
  for (const c of standing) {
    const t = totals[c] ?? 0
    const tier = byTotal.get(t)
    if (tier) tier.push(c)
    else byTotal.set(t, [c])
  }
  const tiers = [...byTotal.entries()].sort((a, b) => b[0] - a[0]).map(([, cs]) => cs)
  const winners: string[] = []
  let tieBreak: LotDraw | null = null
  for (const tier of tiers) {
    const left = seats - winners.length
    if (left <= 0) break
    const names = tier.map((c) => candidates[c] as string)
    if (tier.length <= left) {
      winners.push(...names)
    } else {
      tieBreak = drawLot(
        args.seed,
        `${args.method}: fill ${left} of ${seats} seats among candidates tied on points`,
        names,
      )
      winners.push(...tieBreak.order.slice(0, left))
    }
  }
  const withdrawn = candidates.filter((_, i) => !standing.includes(i))
  return {
    method: args.method,
    candidates,
    withdrawn,
    seats,
    voters: args.voters,
    totals,
    ranking: tiers.map((tier) => tier.map((c) => candidates[c] as string)),
    winners,
    tieBreak,
    stages: [{ stage: 1, totals, elected: winners, excluded: [] }],
  }
}
