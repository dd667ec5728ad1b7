// The result type of the opinion map and of the export readers. Expected failures (bad input, a
// conversation too small to map) are values with a stable `code`; bugs throw. Codes are part of the
// public API: tests, the CLI and later the hub match on them, so they never change meaning.

/** Stable codes of the expected failures. */
export type OpinionsErrorCode =
  | 'opinions.duplicate-statement'
  | 'opinions.duplicate-participant'
  | 'opinions.unknown-statement'
  | 'opinions.unknown-participant'
  | 'opinions.invalid-vote'
  | 'opinions.invalid-time'
  | 'opinions.duplicate-vote'
  | 'opinions.too-few-participants'
  | 'opinions.too-few-statements'
  | 'opinions.too-large'
  | 'opinions.parse-error'

/**
 * A failure: a stable code and a human reason. `vote` (and `otherVote` for a duplicate) name
 * votes by their index in the input; `line` names the line of a malformed export file.
 */
export interface OpinionsFailure {
  readonly ok: false
  readonly code: OpinionsErrorCode
  readonly message: string
  readonly vote?: number
  readonly otherVote?: number
  readonly line?: number
}

/** Either a whole result or a failure value: never a partial map. */
export type OpinionsOutcome<R> = { readonly ok: true; readonly report: R } | OpinionsFailure

/** Wraps a result as a successful outcome. */
export function succeed<R>(report: R): { readonly ok: true; readonly report: R } {
  return { ok: true, report }
}

/** Builds a failure value. */
export function fail(
  code: OpinionsErrorCode,
  message: string,
  where: { readonly vote?: number; readonly otherVote?: number; readonly line?: number } = {},
): OpinionsFailure {
  return { ok: false, code, message, ...where }
}
