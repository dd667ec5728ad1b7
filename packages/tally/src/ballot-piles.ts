// The piles of ballot papers that STV and IRV move between candidates. Each group of identical
// ballots sits on exactly one candidate's pile (or is exhausted) and carries one value, because
// identical ballots always travel together. Moving a pile touches only that pile's groups, so a
// whole count reads each preference about once. This class mutates typed arrays in place for speed
// over a million ballots; it is private to the counting functions that own it.
import type { PackedBallots } from './packed-ballots.js'

/** Candidate states during a count. */
export const CONTINUING = 0
export const ELECTED = 1
export const EXCLUDED = 2

export class BallotPiles {
  /** Index in `prefs` of the candidate each group currently counts for. */
  readonly position: Uint32Array
  /** Linked list through the groups of each pile; -1 ends a list. */
  readonly nextInPile: Int32Array
  readonly head: Int32Array
  /** Candidate states (CONTINUING, ELECTED, EXCLUDED); withdrawn candidates start EXCLUDED. */
  readonly state: Uint8Array
  /** Current value of each group's papers, in the count's units (1 per paper for IRV). */
  readonly value: Float64Array
  readonly totals: Float64Array
  exhausted = 0

  constructor(
    readonly ballots: PackedBallots,
    withdrawn: readonly number[],
    unitValue: number,
  ) {
    const n = ballots.candidateCount
    this.position = new Uint32Array(ballots.groups)
    this.nextInPile = new Int32Array(ballots.groups)
    this.head = new Int32Array(n).fill(-1)
    this.state = new Uint8Array(n)
    for (const c of withdrawn) this.state[c] = EXCLUDED
    this.value = new Float64Array(ballots.groups).fill(unitValue)
    this.totals = new Float64Array(n)
  }

  /**
   * Deals every group to its first preference among continuing candidates. Groups with none are
   * not valid votes: their weight is returned separately and they join no pile.
   */
  dealFirstPreferences(): { readonly valid: number; readonly invalid: number } {
    const { ballots } = this
    let valid = 0
    let invalid = 0
    for (let g = 0; g < ballots.groups; g++) {
      this.position[g] = ballots.offsets[g] as number
      const placed = this.place(g, ballots.offsets[g] as number)
      const w = ballots.weights[g] as number
      if (placed) valid += w
      else invalid += w
    }
    this.exhausted = 0
    return { valid, invalid }
  }

  /**
   * Moves every group on `from`'s pile to its next continuing preference, after `revalue` (if
   * given) sets each group's new value from its old one. Exhausted value is added to `exhausted`.
   * Returns the total value that left the pile at the new values.
   */
  transferPile(from: number, revalue?: (oldValue: number) => number): number {
    // the hot loop of every count: locals instead of property reads, placement inlined
    const { value, nextInPile, position, head, state, totals } = this
    const { weights, offsets, prefs } = this.ballots
    let g = head[from] as number
    head[from] = -1
    let moved = 0
    let exhausted = 0
    while (g >= 0) {
      const next = nextInPile[g] as number
      if (revalue) value[g] = revalue(value[g] as number)
      const amount = (weights[g] as number) * (value[g] as number)
      moved += amount
      const end = offsets[g + 1] as number
      let i = (position[g] as number) + 1
      while (i < end && state[prefs[i] as number] !== CONTINUING) i++
      position[g] = i
      if (i < end) {
        const c = prefs[i] as number
        nextInPile[g] = head[c] as number
        head[c] = g
        totals[c] = (totals[c] as number) + amount
      } else {
        exhausted += amount
      }
      g = next
    }
    this.exhausted += exhausted
    return moved
  }

  /** Puts group g on the pile of its first continuing preference at or after index `from`. */
  private place(g: number, from: number): boolean {
    const { ballots, state } = this
    const end = ballots.offsets[g + 1] as number
    for (let i = from; i < end; i++) {
      const c = ballots.prefs[i] as number
      if (state[c] === CONTINUING) {
        this.position[g] = i
        this.nextInPile[g] = this.head[c] as number
        this.head[c] = g
        this.totals[c] =
          (this.totals[c] as number) + (ballots.weights[g] as number) * (this.value[g] as number)
        return true
      }
    }
    this.position[g] = end
    return false
  }

  /** Distinct values of the groups on a candidate's pile (for reporting transfer values). */
  pileValues(c: number): number[] {
    const seen = new Set<number>()
    for (let g = this.head[c] as number; g >= 0; g = this.nextInPile[g] as number)
      seen.add(this.value[g] as number)
    return [...seen].sort((a, b) => b - a)
  }

  /** Candidates in a given state, in index order. */
  inState(s: number): number[] {
    const out: number[] = []
    for (let c = 0; c < this.state.length; c++) if (this.state[c] === s) out.push(c)
    return out
  }
}
