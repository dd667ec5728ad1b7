// Quorum: the minimum number of ballots, abstentions included, for a poll's result to stand.
import { fail } from './outcome.js'
import type { TallyFailure } from './outcome.js'

/** How a report states the quorum. */
export interface QuorumReport {
  readonly required: number
  readonly ballots: number
  readonly met: boolean
}

/** Checks a quorum argument; returns the report or a failure. */
export function checkQuorum(
  quorum: number | undefined,
  ballots: number,
): QuorumReport | TallyFailure {
  const required = quorum ?? 0
  if (!Number.isSafeInteger(required) || required < 0) {
    return fail('tally.invalid-quorum', `quorum must be a whole number >= 0, got ${String(quorum)}`)
  }
  return { required, ballots, met: ballots >= required }
}
