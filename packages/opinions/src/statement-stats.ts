// Vote counts per statement and Pol.is's test statistics on them (math/src/polismath/math/stats.clj
// and repness.clj). Pol.is computes the proportions as exact fractions; here every proportion is
// one division of whole numbers (exact below 2⁵³), so the doubles are the correctly rounded values
// of Pol.is's fractions, and comparisons with 1/2 or 1 are made on whole numbers.

/** One-sided 90% significance threshold on a z statistic (Pol.is's z-sig-90?). */
export const Z_90 = 1.2816

/** Agree, disagree and seen (agree + disagree + pass) counts of one statement within some people. */
export interface VoteCounts {
  readonly agree: number
  readonly disagree: number
  readonly seen: number
}

/** Laplace-smoothed share of `success` out of `seen`: (1 + success) / (2 + seen). */
export function smoothedShare(success: number, seen: number): number {
  return (1 + success) / (2 + seen)
}

/** Whether the smoothed share is above one half, exactly. */
export function shareAboveHalf(success: number, seen: number): boolean {
  return 2 * (1 + success) > 2 + seen
}

/**
 * Pol.is's one-proportion test: 2·√(n+1)·((s+1)/(n+1) − ½), the z statistic of the share being
 * above one half, with one pseudo-count added to each.
 */
export function proportionTest(success: number, seen: number): number {
  const s = success + 1
  const n = seen + 1
  return 2 * Math.sqrt(n) * (s / n - 0.5)
}

/**
 * Pol.is's two-proportion z test that a group's share (s1 of n1) is above the rest's (s2 of n2),
 * each count plus one; 0 when the pooled share is 1.
 */
export function twoProportionTest(s1: number, s2: number, n1: number, n2: number): number {
  const a = s1 + 1
  const b = s2 + 1
  const m = n1 + 1
  const r = n2 + 1
  const pooled = a + b
  const total = m + r
  if (pooled === total) return 0
  const difference = (a * r - b * m) / (m * r)
  const variance = (pooled * (total - pooled)) / (total * m * r)
  return difference / Math.sqrt(variance)
}

/**
 * The representativeness ratio: the group's smoothed share over the rest's,
 * ((1+s1)/(2+n1)) / ((1+s2)/(2+n2)), as one division.
 */
export function shareRatio(s1: number, s2: number, n1: number, n2: number): number {
  return ((1 + s1) * (2 + n2)) / ((2 + n1) * (1 + s2))
}

/** Whether the representativeness ratio is above 1, exactly. */
export function shareRatioAboveOne(s1: number, s2: number, n1: number, n2: number): boolean {
  return (1 + s1) * (2 + n2) > (2 + n1) * (1 + s2)
}
