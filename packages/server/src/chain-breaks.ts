// Forks below the heads: an event refused `chain.wrong-prev` during sync names, as its `prev`, an
// event its author signed at the seq below that is not the one this hub holds there. Its author
// signed two events at that seq (or below), a fork that neither version vectors nor the newest
// events (`heads`) show: the hub that is behind refuses the other's next event for good, and the
// two keep different states. The side running the pass notes where that happened (in its own
// ledger when pulling, in the other hub's answer when pushing; `breaks` of a push) and pulls the
// other hub's event at the seq below: two validly signed events of one key at one seq, kept as
// fork evidence like any other, after which both hubs send the space whole with its evidence and
// flag the author from the lowest forked seq (sync-client.ts, docs/sync.md).
import type { SubmitOutcome } from '@veche/store'

/** Per author, the lowest seq refused `chain.wrong-prev` (a break in its chain as held here). */
export type ChainBreaks = Map<string, number>

/**
 * Notes in `into` the chain breaks among the first `count` of `events` (decoded, untrusted) given
 * their `outcomes`, one per event in order. A secret ballot's chain is its own (its prev is always
 * null), and a break at seq 1 is no event's fork (its prev must be null): neither is noted.
 */
export function noteChainBreaks(
  into: ChainBreaks,
  events: readonly unknown[],
  outcomes: readonly SubmitOutcome[],
  count = events.length,
): void {
  for (let i = 0; i < Math.min(count, outcomes.length); i++) {
    const outcome = outcomes[i]!
    if (outcome.status !== 'rejected' || outcome.code !== 'chain.wrong-prev') continue
    const event = events[i] as { author?: unknown; seq?: unknown; type?: unknown } | null
    if (typeof event !== 'object' || event === null || event.type === 'secret.ballot') continue
    const { author, seq } = event
    if (typeof author !== 'string' || typeof seq !== 'number' || !Number.isInteger(seq)) continue
    noteChainBreak(into, author, seq)
  }
}

/** Notes a break of `author`'s chain at `seq` in `into`, keeping the lowest; none below seq 2. */
export function noteChainBreak(into: ChainBreaks, author: string, seq: number): void {
  if (seq >= 2) into.set(author, Math.min(seq, into.get(author) ?? seq))
}
