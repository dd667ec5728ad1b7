// Representative statements of each opinion group, by Pol.is's rules
// (math/src/polismath/math/repness.clj, conv-repness and select-rep-comments). For every group and
// statement (moderated-out ones left out, statements in canonical order):
//
// - within the group: agree share pa = (1+na)/(2+n) and its test pat (one-proportion z), the
//   same for disagree;
// - against the rest of the clustered participants: ratio ra = pa / pa(rest) and the
//   two-proportion z test rat, the same for disagree;
// - "repful" direction: agree when rat > rdt, else disagree; metric = ratio × z × share × z.
//
// A statement is representative when both its ratio test and its share test pass the one-sided
// 90% threshold (1.2816) in one direction. The group's list is those, sorted by the metric, with
// the group's "best agree" statement put first, cut to five, agrees before disagrees. If none
// passes, the best agree statement alone, or else the one with the strongest ratio test. As in
// Pol.is, the ratio test stored with a statement is rounded to single precision (Math.fround), and
// comparisons against the best so far use that rounded value.
import type { VoteCounts } from './statement-stats.js'
import {
  proportionTest,
  shareAboveHalf,
  shareRatio,
  shareRatioAboveOne,
  smoothedShare,
  twoProportionTest,
  Z_90,
} from './statement-stats.js'

/** Most representative statements listed per group. */
export const MAX_REPRESENTATIVE = 5

/** A representative statement of a group, with the figures it was chosen by. */
export interface RepresentativeStatement {
  /** Canonical statement index. */
  readonly statement: number
  readonly direction: 'agree' | 'disagree'
  /** Group members who voted that way, and who voted at all (pass included). */
  readonly nSuccess: number
  readonly nTrials: number
  /** (1 + nSuccess) / (2 + nTrials) and its z test. */
  readonly pSuccess: number
  readonly pTest: number
  /** The group's share over the rest's, and its z test (single precision, as Pol.is). */
  readonly repness: number
  readonly repnessTest: number
  /** Put first as the group's best agreed statement. */
  readonly bestAgree: boolean
}

interface Stats {
  readonly statement: number
  readonly na: number
  readonly nd: number
  readonly ns: number
  readonly pa: number
  readonly pd: number
  readonly pat: number
  readonly pdt: number
  readonly ra: number
  readonly rd: number
  readonly rat: number
  readonly rdt: number
  readonly raAboveOne: boolean
  readonly paAboveHalf: boolean
}

/**
 * Per group, its representative statements. `counts[g][s]` are group g's votes on statement s;
 * `statements` lists the canonical indices taken into account, in order.
 */
export function selectRepresentative(
  counts: readonly (readonly VoteCounts[])[],
  statements: readonly number[],
): RepresentativeStatement[][] {
  const groups = counts.length
  const sufficient: RepresentativeStatement[][] = Array.from({ length: groups }, () => [])
  const best: (RepresentativeStatement | null)[] = Array.from({ length: groups }, () => null)
  const bestAgree: (Stats | null)[] = Array.from({ length: groups }, () => null)
  for (const s of statements) {
    let totalAgree = 0
    let totalDisagree = 0
    let totalSeen = 0
    for (let g = 0; g < groups; g++) {
      const c = (counts[g] as readonly VoteCounts[])[s] as VoteCounts
      totalAgree += c.agree
      totalDisagree += c.disagree
      totalSeen += c.seen
    }
    for (let g = 0; g < groups; g++) {
      const c = (counts[g] as readonly VoteCounts[])[s] as VoteCounts
      const stats = statsOf(s, c, {
        agree: totalAgree - c.agree,
        disagree: totalDisagree - c.disagree,
        seen: totalSeen - c.seen,
      })
      const passes =
        (stats.rat > Z_90 && stats.pat > Z_90) || (stats.rdt > Z_90 && stats.pdt > Z_90)
      if (passes) (sufficient[g] as RepresentativeStatement[]).push(finalize(stats, false))
      const currentBest = best[g] as RepresentativeStatement | null
      if (
        (sufficient[g] as RepresentativeStatement[]).length === 0 &&
        (currentBest === null || Math.max(stats.rat, stats.rdt) > currentBest.repnessTest)
      ) {
        best[g] = finalize(stats, false)
      }
      if (beatsBestAgree(stats, bestAgree[g] as Stats | null)) bestAgree[g] = stats
    }
  }
  return sufficient.map((list, g) => {
    const agreed = bestAgree[g] as Stats | null
    const head = agreed === null ? null : finalize(agreed, true)
    if (list.length === 0) {
      const only = head ?? best[g] ?? null
      return only === null ? [] : [only]
    }
    const rest = list.filter((r) => agreed === null || r.statement !== agreed.statement)
    const sorted = rest
      .map((r, i) => ({ r, i, metric: metricOf(r) }))
      .sort((a, b) => b.metric - a.metric || a.i - b.i)
      .map((x) => x.r)
    const top = [...(head === null ? [] : [head]), ...sorted].slice(0, MAX_REPRESENTATIVE)
    return [
      ...top.filter((r) => r.direction === 'agree'),
      ...top.filter((r) => r.direction === 'disagree'),
    ]
  })
}

function statsOf(statement: number, group: VoteCounts, rest: VoteCounts): Stats {
  return {
    statement,
    na: group.agree,
    nd: group.disagree,
    ns: group.seen,
    pa: smoothedShare(group.agree, group.seen),
    pd: smoothedShare(group.disagree, group.seen),
    pat: proportionTest(group.agree, group.seen),
    pdt: proportionTest(group.disagree, group.seen),
    ra: shareRatio(group.agree, rest.agree, group.seen, rest.seen),
    rd: shareRatio(group.disagree, rest.disagree, group.seen, rest.seen),
    rat: twoProportionTest(group.agree, rest.agree, group.seen, rest.seen),
    rdt: twoProportionTest(group.disagree, rest.disagree, group.seen, rest.seen),
    raAboveOne: shareRatioAboveOne(group.agree, rest.agree, group.seen, rest.seen),
    paAboveHalf: shareAboveHalf(group.agree, group.seen),
  }
}

/** Pol.is's beats-best-agr?: the group's most agreed, most distinctive statement so far. */
function beatsBestAgree(s: Stats, current: Stats | null): boolean {
  if (s.na === 0 && s.nd === 0) return false
  if (current !== null && current.raAboveOne) {
    return s.ra * s.rat * s.pa * s.pat > current.ra * current.rat * current.pa * current.pat
  }
  if (current !== null) return s.pa * s.pat > current.pa * current.pat
  return s.pat > Z_90 || (s.raAboveOne && s.paAboveHalf)
}

function finalize(s: Stats, bestAgree: boolean): RepresentativeStatement {
  const agree = s.rat > s.rdt
  return {
    statement: s.statement,
    direction: agree ? 'agree' : 'disagree',
    nSuccess: agree ? s.na : s.nd,
    nTrials: s.ns,
    pSuccess: agree ? s.pa : s.pd,
    pTest: agree ? s.pat : s.pdt,
    repness: agree ? s.ra : s.rd,
    repnessTest: Math.fround(agree ? s.rat : s.rdt),
    bestAgree,
  }
}

function metricOf(r: RepresentativeStatement): number {
  return r.repness * r.repnessTest * r.pSuccess * r.pTest
}
