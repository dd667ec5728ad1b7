// The result type every tally returns. Expected failures (bad input, impossible requests) are values
// with a stable `code`; bugs throw. Codes are part of the public API: tests, the CLI and the hub
// match on them, so they never change meaning.

/** Stable codes of the expected failures of a tally. */
export type TallyErrorCode =
  | 'tally.no-options'
  | 'tally.duplicate-option'
  | 'tally.unknown-option'
  | 'tally.invalid-threshold'
  | 'tally.invalid-quorum'
  | 'tally.invalid-seats'
  | 'tally.too-many-seats'
  | 'tally.no-ballots'
  | 'tally.unknown-candidate'
  | 'tally.duplicate-ranking'
  | 'tally.equal-ranking'
  | 'tally.invalid-weight'
  | 'tally.total-too-large'
  | 'tally.invalid-score'
  | 'tally.invalid-ballot'
  | 'tally.all-withdrawn'
  | 'tally.parse-error'

/** A failed tally: a stable code and a human reason. `line` names the line of a malformed file. */
export interface TallyFailure {
  readonly ok: false
  readonly code: TallyErrorCode
  readonly message: string
  readonly line?: number
}

/** Either a full report or a failure value. */
export type TallyOutcome<R> = { readonly ok: true; readonly report: R } | TallyFailure

/** Wraps a report as a successful outcome. */
export function succeed<R>(report: R): { readonly ok: true; readonly report: R } {
  return { ok: true, report }
}

/** Builds a failure value; `line` is set only for file formats. */
export function fail(code: TallyErrorCode, message: string, line?: number): TallyFailure {
  return line === undefined ? { ok: false, code, message } : { ok: false, code, message, line }
}
