// Ranked ballots packed into typed arrays, with identical ballots grouped into one entry carrying
// their total weight. Every ranked method reads this form; the file readers (BLT, Debian, JSON)
// write it. Invariants: candidate indices are 0-based and below `candidateCount`; no candidate
// appears twice in a ballot; weights are positive safe integers and so is their sum (the packer
// refuses a ballot that would take it past MAX_EXACT_TOTAL); `tiers` (present only when some
// ballot ranks candidates equal) gives each preference its rank level, non-decreasing within a ballot.
import { MAX_EXACT_TOTAL, totalTooLarge } from './exact-total.js'
import { fail } from './outcome.js'
import type { TallyFailure } from './outcome.js'

/** Ranked ballots in typed arrays: group g ranks prefs[offsets[g] .. offsets[g+1]) with weight[g]. */
export interface PackedBallots {
  readonly candidateCount: number
  /** Number of distinct ballots (groups). */
  readonly groups: number
  /** Voters per group; positive integers. */
  readonly weights: Float64Array
  /** Start of each group in `prefs`; length groups + 1. */
  readonly offsets: Uint32Array
  /** Candidate indices in order of preference. */
  readonly prefs: Uint16Array
  /** Rank level of each preference (equal levels = ranked equal), or null when all are strict. */
  readonly tiers: Uint16Array | null
  /** Sum of weights: the number of voters; at most MAX_EXACT_TOTAL. */
  readonly totalWeight: number
}

/**
 * Builds {@link PackedBallots}, grouping identical ballots. This is a mutable builder on purpose: it
 * takes a million ballots without allocating an object per ballot.
 */
export class BallotPacker {
  private readonly index = new Map<string, number>()
  private weights = new Float64Array(1024)
  private offsets = new Uint32Array(1025)
  private prefs = new Uint16Array(4096)
  /** Allocated only once some ballot ranks candidates equal. */
  private tiers: Uint16Array | null = null
  private groups = 0
  private length = 0
  private total = 0
  private readonly seen: Int32Array
  private stamp = 0

  constructor(readonly candidateCount: number) {
    if (!Number.isInteger(candidateCount) || candidateCount < 0 || candidateCount > 65535) {
      throw new RangeError(`candidateCount must be an integer in 0..65535, got ${candidateCount}`)
    }
    this.seen = new Int32Array(candidateCount)
  }

  /**
   * Adds one ballot of `weight` voters ranking `prefs` (candidate indices, most preferred first).
   * `tiers`, when given, holds each preference's rank level (equal numbers = ranked equal).
   * Returns a failure for an unknown candidate, a candidate ranked twice, a bad weight, or a weight
   * that takes the total past MAX_EXACT_TOTAL (`tally.total-too-large`).
   */
  add(weight: number, prefs: ArrayLike<number>, tiers?: ArrayLike<number>): TallyFailure | null {
    if (!Number.isSafeInteger(weight) || weight <= 0) {
      return fail(
        'tally.invalid-weight',
        `a ballot weight must be a whole number > 0, got ${weight}`,
      )
    }
    // exact: both sides are safe integers, and so is their difference
    if (weight > MAX_EXACT_TOTAL - this.total) {
      return totalTooLarge('the ballot weights up to this one', BigInt(this.total) + BigInt(weight))
    }
    const n = prefs.length
    this.stamp += 1
    for (let i = 0; i < n; i++) {
      const c = prefs[i] as number
      if (!Number.isInteger(c) || c < 0 || c >= this.candidateCount) {
        return fail(
          'tally.unknown-candidate',
          `candidate ${c + 1} does not exist (there are ${this.candidateCount})`,
        )
      }
      if (this.seen[c] === this.stamp) {
        return fail('tally.duplicate-ranking', `candidate ${c + 1} is ranked twice in one ballot`)
      }
      this.seen[c] = this.stamp
    }
    let key = ''
    for (let i = 0; i < n; i++) key += String.fromCharCode(prefs[i] as number)
    let tierEqual = false
    if (tiers !== undefined) {
      for (let i = 1; i < n; i++) {
        const a = tiers[i - 1] as number
        const b = tiers[i] as number
        if (b < a) throw new RangeError('tiers must be non-decreasing')
        if (a === b) tierEqual = true
      }
      if (tierEqual) key += `|${normaliseTiers(tiers, n).join(',')}`
    }
    const existing = this.index.get(key)
    this.total += weight
    if (existing !== undefined) {
      this.weights[existing] = (this.weights[existing] as number) + weight
      return null
    }
    this.ensure(n)
    const g = this.groups
    this.index.set(key, g)
    this.weights[g] = weight
    for (let i = 0; i < n; i++) this.prefs[this.length + i] = prefs[i] as number
    if (tierEqual && tiers !== undefined && this.tiers === null) this.startTiers()
    if (this.tiers !== null) {
      const levels = tiers !== undefined ? normaliseTiers(tiers, n) : null
      for (let i = 0; i < n; i++) this.tiers[this.length + i] = levels?.[i] ?? i
    }
    this.length += n
    this.groups += 1
    this.offsets[this.groups] = this.length
    return null
  }

  /** Number of voters added so far. */
  get totalWeight(): number {
    return this.total
  }

  /** Returns the packed ballots; the builder must not be used afterwards. */
  finish(): PackedBallots {
    return {
      candidateCount: this.candidateCount,
      groups: this.groups,
      weights: this.weights.slice(0, this.groups),
      offsets: this.offsets.slice(0, this.groups + 1),
      prefs: this.prefs.slice(0, this.length),
      tiers: this.tiers === null ? null : this.tiers.slice(0, this.length),
      totalWeight: this.total,
    }
  }

  private ensure(n: number): void {
    if (this.groups + 1 >= this.weights.length) {
      const w = new Float64Array(this.weights.length * 2)
      w.set(this.weights)
      this.weights = w
      const o = new Uint32Array(this.offsets.length * 2)
      o.set(this.offsets)
      this.offsets = o
    }
    if (this.length + n > this.prefs.length) {
      const size = Math.max(this.prefs.length * 2, this.length + n)
      const p = new Uint16Array(size)
      p.set(this.prefs)
      this.prefs = p
      if (this.tiers !== null) {
        const t = new Uint16Array(size)
        t.set(this.tiers)
        this.tiers = t
      }
    }
  }

  /** Creates the tier array, giving every earlier (strict) ballot levels 0, 1, 2… */
  private startTiers(): void {
    const tiers = new Uint16Array(this.prefs.length)
    for (let g = 0; g < this.groups; g++) {
      const start = this.offsets[g] as number
      const end = this.offsets[g + 1] as number
      for (let i = start; i < end; i++) tiers[i] = i - start
    }
    this.tiers = tiers
  }
}

/** Renumbers rank levels 0, 1, 2… keeping equalities, so "1 1 3" and "2 2 5" group together. */
function normaliseTiers(tiers: ArrayLike<number>, n: number): number[] {
  const out: number[] = []
  let level = 0
  for (let i = 0; i < n; i++) {
    if (i > 0 && tiers[i] !== tiers[i - 1]) level += 1
    out.push(level)
  }
  return out
}

/** True when some ballot ranks two candidates equal. */
export function hasEqualRankings(ballots: PackedBallots): boolean {
  return ballots.tiers !== null
}
