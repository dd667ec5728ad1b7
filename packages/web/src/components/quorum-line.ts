// The end of a result's ballots line: the quorum it needed and whether it was met, or, for a vote
// with no quorum (its rule needs 0 ballots), that none was required: never "quorum of 0 met".
import type { TFunction } from 'i18next'

/** What a closed vote's result says of its quorum of `needed` ballots. */
export function quorumLine(t: TFunction, needed: number, met: boolean): string {
  if (needed === 0) return t('result.noQuorum')
  return met
    ? t('result.quorumMet', { count: needed })
    : t('result.quorumNotMet', { count: needed })
}
