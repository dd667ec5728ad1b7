// What nearly everyone agrees (or disagrees) on, by Pol.is's rules
// (math/src/polismath/math/repness.clj, select-consensus-comments; conversation.clj,
// group-aware-consensus).
//
// - Consensus, over every participant who voted (clustered or not): a statement is an agree
//   consensus when its smoothed agree share pa = (1+na)/(2+n) is above 1/2 and its one-proportion
//   z test is above 1.2816; the top five by pa × z, in canonical order on ties. The same for
//   disagree.
// - Group-informed consensus, over the opinion groups: the product over groups of each group's
//   smoothed agree share (1+na)/(2+n), so a statement scores high only if every group agrees
//   (Pol.is publishes the agree form; the disagree form, as red-dwarf computes it, is given too).
import { proportionTest, shareAboveHalf, smoothedShare, Z_90 } from './statement-stats.js'
import type { VoteCounts } from './statement-stats.js'

/** Consensus statements listed per direction. */
export const MAX_CONSENSUS = 5

/** A consensus statement with the figures it was chosen by. */
export interface ConsensusStatement {
  /** Canonical statement index. */
  readonly statement: number
  readonly nSuccess: number
  readonly nTrials: number
  readonly pSuccess: number
  readonly pTest: number
}

/** Agree and disagree consensus from everyone's counts per statement (`statements` in order). */
export function selectConsensus(
  counts: readonly VoteCounts[],
  statements: readonly number[],
): { readonly agree: ConsensusStatement[]; readonly disagree: ConsensusStatement[] } {
  const top = (direction: 'agree' | 'disagree'): ConsensusStatement[] =>
    statements
      .map((s) => {
        const c = counts[s] as VoteCounts
        const success = direction === 'agree' ? c.agree : c.disagree
        return {
          statement: s,
          nSuccess: success,
          nTrials: c.seen,
          pSuccess: smoothedShare(success, c.seen),
          pTest: proportionTest(success, c.seen),
          aboveHalf: shareAboveHalf(success, c.seen),
        }
      })
      .filter((x) => x.aboveHalf && x.pTest > Z_90)
      .map((x, i) => ({ x, i, metric: x.pSuccess * x.pTest }))
      .sort((a, b) => b.metric - a.metric || a.i - b.i)
      .slice(0, MAX_CONSENSUS)
      .map(({ x: { aboveHalf: _aboveHalf, ...rest } }) => rest)
  return { agree: top('agree'), disagree: top('disagree') }
}

/** Group-informed consensus of one statement: Π over groups of (1 + n)/(2 + seen). */
export function groupInformedConsensus(groupCounts: readonly VoteCounts[]): {
  readonly agree: number
  readonly disagree: number
} {
  let agree = 1
  let disagree = 1
  for (const c of groupCounts) {
    agree *= (c.agree + 1) / (c.seen + 2)
    disagree *= (c.disagree + 1) / (c.seen + 2)
  }
  return { agree, disagree }
}
