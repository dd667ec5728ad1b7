// A member space's seats in a council, as the fold of its seat changes. Three things change a
// tie's `delegates` and `alternates`: an election, the space leaving, and a recall's close. Each
// is noted in `tie.seatChanges` as it is folded, and the seats are always what these changes give
// in that order. So when a recall poll's close in effect changes (two closes signed on two hubs,
// the lower id arriving second: docs/events.md, "Two closes"), the seats are derived again from
// the changes, with that recall's outcome read from the close now in effect, and every replica
// holds the seats it would hold had that close been the poll's only one.
// Invariant: the seats equal `rederiveSeats` of the changes at every step.
import type { CouncilTie } from './council-state.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import type { RecallResult } from './recall-rules.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** An election: the seated lose their seats, the elected take them, the alternates are these. */
export function seatElected(
  tie: CouncilTie,
  delegates: readonly PublicKey[],
  alternates: readonly PublicKey[],
): void {
  tie.seatChanges.push({ kind: 'elected', delegates, alternates })
  electSeats(tie, delegates, alternates)
}

/** The space left the council: every seat ends, no alternates remain. */
export function seatsLeft(tie: CouncilTie): void {
  tie.seatChanges.push({ kind: 'left' })
  endSeats(tie)
}

/**
 * A recall poll's first close folded here: ends the delegate's seat and seats the first
 * alternate when the close in effect recalls; a later close that takes effect calls
 * `rederiveSeats`.
 */
export function seatRecallClosed(tie: CouncilTie, poll: PollRecord): void {
  tie.seatChanges.push({ kind: 'recall', poll: poll.id })
  recallSeat(tie, poll)
}

/**
 * The seats of this space in `council` derived again from its seat changes, each recall's outcome
 * taken from its poll's close in effect now.
 */
export function rederiveSeats(state: SpaceState, council: SpaceId): void {
  const tie = state.federation.ties.get(council)
  if (tie === undefined) return
  tie.delegates.clear()
  tie.alternates = []
  for (const change of tie.seatChanges) {
    if (change.kind === 'elected') electSeats(tie, change.delegates, change.alternates)
    else if (change.kind === 'left') endSeats(tie)
    else recallSeat(tie, pollOf(state, change.poll))
  }
}

function electSeats(
  tie: CouncilTie,
  delegates: readonly PublicKey[],
  alternates: readonly PublicKey[],
): void {
  for (const key of tie.delegates.keys()) {
    if (tie.delegates.get(key) === 'seated') tie.delegates.set(key, 'ended')
  }
  for (const key of delegates) tie.delegates.set(key, 'seated')
  tie.alternates = [...alternates]
}

function endSeats(tie: CouncilTie): void {
  for (const key of tie.delegates.keys()) tie.delegates.set(key, 'ended')
  tie.alternates = []
}

function recallSeat(tie: CouncilTie, poll: PollRecord): void {
  const result = poll.result as RecallResult
  if (result.outcome !== 'recalled') return
  const delegate = poll.recall!.delegate
  if (tie.delegates.get(delegate) !== 'seated') return
  tie.delegates.set(delegate, 'recalled')
  const next = tie.alternates.shift()
  if (next !== undefined) tie.delegates.set(next, 'seated')
}

function pollOf(state: SpaceState, id: EventId): PollRecord {
  const poll = state.polls.get(id)
  if (poll === undefined) throw new Error(`seat change of recall poll ${id}: no such poll`)
  return poll
}
