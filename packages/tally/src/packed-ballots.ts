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

/** Initial size of the packer's table of groups (a power of two; it doubles as groups arrive). */
const INITIAL_SLOTS = 1024

/**
 * Builds {@link PackedBallots}, grouping identical ballots. This is a mutable builder on purpose: it
 * takes a million ballots without allocating an object per ballot. Identical ballots are found
 * through an open-addressing hash table of group numbers over the packed arrays themselves, so no
 * key is built per ballot.
 */
export class BallotPacker {
  private weights = new Float64Array(1024)
  private offsets = new Uint32Array(1025)
  private prefs = new Uint16Array(4096)
  /** Allocated only once some ballot ranks candidates equal. */
  private tiers: Uint16Array | null = null
  /** Hash of each group's ballot, kept to grow the table without rehashing the ballots. */
  private hashes = new Int32Array(1024)
  /** Group number + 1 in each slot; 0 is empty. */
  private slots = new Int32Array(INITIAL_SLOTS)
  private groups = 0
  private length = 0
  private total = 0
  private readonly seen: Int32Array
  private stamp = 0
  /** The rank levels of the ballot being added, renumbered 0, 1, 2… */
  private readonly levels: Uint16Array

  constructor(readonly candidateCount: number) {
    if (!Number.isInteger(candidateCount) || candidateCount < 0 || candidateCount > 65535) {
      throw new RangeError(`candidateCount must be an integer in 0..65535, got ${candidateCount}`)
    }
    this.seen = new Int32Array(candidateCount)
    this.levels = new Uint16Array(candidateCount)
  }

  /**
   * Adds one ballot of `weight` voters ranking `prefs` (candidate indices, most preferred first).
   * `tiers`, when given, holds each preference's rank level (equal numbers = ranked equal).
   * Returns a failure for an unknown candidate, a candidate ranked twice, a bad weight, or a weight
   * that takes the total past MAX_EXACT_TOTAL (`tally.total-too-large`).
   */
  add(weight: number, prefs: ArrayLike<number>, tiers?: ArrayLike<number>): TallyFailure | null {
    return this.addFirst(weight, prefs, prefs.length, tiers)
  }

  /** As {@link add}, for the first `n` preferences (and tiers) only: readers reuse one buffer. */
  addFirst(
    weight: number,
    prefs: ArrayLike<number>,
    n: number,
    tiers?: ArrayLike<number>,
  ): TallyFailure | null {
    if (Number.isInteger(weight) && weight > MAX_EXACT_TOTAL) {
      return fail(
        'tally.total-too-large',
        `a ballot weight of ${weight} (as read) is more than ${MAX_EXACT_TOTAL} (2^53 - 1), the ` +
          'largest total counted exactly',
      )
    }
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
    const stamp = ++this.stamp
    const seen = this.seen
    const candidateCount = this.candidateCount
    let hash = 0x811c9dc5 ^ n
    for (let i = 0; i < n; i++) {
      const c = prefs[i] as number
      if (!Number.isInteger(c) || c < 0 || c >= candidateCount) {
        return fail(
          'tally.unknown-candidate',
          `candidate ${c + 1} does not exist (there are ${candidateCount})`,
        )
      }
      if (seen[c] === stamp) {
        return fail('tally.duplicate-ranking', `candidate ${c + 1} is ranked twice in one ballot`)
      }
      seen[c] = stamp
      hash = Math.imul(hash ^ c, 0x01000193)
    }
    // rank levels renumbered 0, 1, 2… keeping equalities, so "1 1 3" and "2 2 5" group together;
    // a strict ballot (levels 0, 1, 2…) leaves the hash alone
    let tierEqual = false
    const levels = this.levels
    if (tiers !== undefined) {
      let level = 0
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          const a = tiers[i - 1] as number
          const b = tiers[i] as number
          if (b < a) throw new RangeError('tiers must be non-decreasing')
          if (a === b) tierEqual = true
          else level += 1
        }
        levels[i] = level
      }
      if (tierEqual)
        for (let i = 0; i < n; i++) hash = Math.imul(hash ^ (levels[i] as number), 0x01000193)
    }
    // murmur3's finaliser, so that the low bits the table uses depend on every preference
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
    hash ^= hash >>> 16
    this.total += weight
    const existing = this.findGroup(hash, prefs, n, tierEqual)
    if (existing >= 0) {
      this.weights[existing] = (this.weights[existing] as number) + weight
      return null
    }
    this.ensure(n)
    const g = this.groups
    const at = this.length
    this.weights[g] = weight
    this.hashes[g] = hash
    for (let i = 0; i < n; i++) this.prefs[at + i] = prefs[i] as number
    if (tierEqual && this.tiers === null) this.startTiers()
    const stored = this.tiers
    if (stored !== null)
      for (let i = 0; i < n; i++) stored[at + i] = tierEqual ? (levels[i] as number) : i
    this.length = at + n
    this.groups = g + 1
    this.offsets[g + 1] = at + n
    this.placeGroup(g)
    return null
  }

  /**
   * The group holding exactly these preferences, ranked strictly or (`tierEqual`) at the levels in
   * `this.levels`; or -1.
   */
  private findGroup(hash: number, prefs: ArrayLike<number>, n: number, tierEqual: boolean): number {
    const { slots, hashes, offsets, tiers, levels } = this
    const packed = this.prefs
    const mask = slots.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number
      if (entry === 0) return -1
      const g = entry - 1
      if (hashes[g] !== hash) continue
      const start = offsets[g] as number
      if ((offsets[g + 1] as number) - start !== n) continue
      let same = true
      for (let i = 0; i < n && same; i++) same = packed[start + i] === prefs[i]
      if (tiers !== null)
        for (let i = 0; i < n && same; i++) same = tiers[start + i] === (tierEqual ? levels[i] : i)
      else if (tierEqual) same = false
      if (same) return g
    }
  }

  /** Enters group `g` in the table, doubling the table when it is half full. */
  private placeGroup(g: number): void {
    if (this.groups * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2)
      for (let h = 0; h < this.groups - 1; h++) this.enter(h)
    }
    this.enter(g)
  }

  private enter(g: number): void {
    const mask = this.slots.length - 1
    let slot = (this.hashes[g] as number) & mask
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask
    this.slots[slot] = g + 1
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
      const h = new Int32Array(this.hashes.length * 2)
      h.set(this.hashes)
      this.hashes = h
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

/** True when some ballot ranks two candidates equal. */
export function hasEqualRankings(ballots: PackedBallots): boolean {
  return ballots.tiers !== null
}
