// The one limit on how much a count may add up. Every figure in a report is a plain JSON number,
// and a number is an exact whole number only up to Number.MAX_SAFE_INTEGER (2^53 - 1): past it,
// adding one vote can change nothing, two totals that differ can compare equal, and a count elects
// the wrong candidate without a sign. So no count adds up past it: the ballot readers refuse a total
// weight beyond it, counts in fractional units (STV) refuse votes x units beyond it, and points
// methods refuse a candidate's total beyond it, each with `tally.total-too-large` naming the total.
import { fail } from './outcome.js'
import type { TallyFailure } from './outcome.js'

/** The largest total any count reaches: 2^53 - 1, the largest whole number a double holds exactly. */
export const MAX_EXACT_TOTAL = Number.MAX_SAFE_INTEGER

/** The refusal of a total past {@link MAX_EXACT_TOTAL}; `what` says what adds up to `total`. */
export function totalTooLarge(what: string, total: bigint, advice = ''): TallyFailure {
  return fail(
    'tally.total-too-large',
    `${what} add up to ${total}, more than ${MAX_EXACT_TOTAL} (2^53 - 1), the largest total ` +
      `counted exactly${advice === '' ? '' : `; ${advice}`}`,
  )
}
