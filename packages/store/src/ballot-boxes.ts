// Summaries of held secret ballots per poll (count and a digest of the sorted ids), so two hubs
// see at a glance whether they hold the same ballots of a poll without sending every id.
import { hashBase64url } from '@veche/core/replay'
import type { EventId } from '@veche/core'
import type { BallotBoxSummary } from './event-store.js'

/** Summaries from (poll, id) rows sorted by poll, then id. */
export function summariseBallotBoxes(
  rows: readonly { readonly poll: string; readonly id: string }[],
): BallotBoxSummary[] {
  const summaries: BallotBoxSummary[] = []
  let at = 0
  while (at < rows.length) {
    const poll = rows[at]!.poll
    const ids: string[] = []
    for (; at < rows.length && rows[at]!.poll === poll; at++) ids.push(rows[at]!.id)
    summaries.push({
      poll: poll as EventId,
      count: ids.length,
      digest: hashBase64url(ids.join('\n')),
    })
  }
  return summaries
}
