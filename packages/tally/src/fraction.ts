// Exact shares for thresholds ("more than 2/3 of the votes cast"). Comparisons cross-multiply
// integers, so no share is ever rounded.
import { fail } from './outcome.js'
import type { TallyFailure } from './outcome.js'

/** A share such as 1/2 or 2/3: `num` and `den` are non-negative integers, `den` > 0. */
export interface Fraction {
  readonly num: number
  readonly den: number
}

/** Returns a failure when `f` is not a fraction between 0 and 1 inclusive. */
export function checkFraction(f: Fraction, what: string): TallyFailure | null {
  const ints = Number.isSafeInteger(f.num) && Number.isSafeInteger(f.den)
  if (!ints || f.den <= 0 || f.num < 0 || f.num > f.den) {
    return fail(
      'tally.invalid-threshold',
      `${what} must be a fraction num/den with 0 <= num <= den and den > 0, got ${String(f.num)}/${String(f.den)}`,
    )
  }
  return null
}

/** True when part/whole is strictly more than f (or at least f when `inclusive`). */
export function exceedsShare(part: number, whole: number, f: Fraction, inclusive = false): boolean {
  const lhs = BigInt(part) * BigInt(f.den)
  const rhs = BigInt(f.num) * BigInt(whole)
  return inclusive ? lhs >= rhs : lhs > rhs
}
