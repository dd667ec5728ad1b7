// A member space's seats in a council, as the fold of its seat changes. Three things change a
// tie's `delegates` and `alternates`: an election, the space leaving, and a recall's close. Each
// is noted in `tie.seatChanges` as it is folded, and the seats are always what these changes give
// in that order. So when a recall poll's close in effect changes (two closes signed on two hubs,
// the lower id arriving second: docs/events.md, "Two closes"), the seats are derived again from
// the changes, with that recall's outcome read from the close now in effect, and every replica
// holds the seats it would hold had that close been the poll's only one.
// Invariant: the seats equal `rederiveSeats` of the changes at every step.
import type { CouncilTie, SeatStatus } from './council-state.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import type { RecallResult } from './recall-rules.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** An election: the seated lose their seats, the elected take them, the alternates are these. */
export function seatElected(
  tie: CouncilTie,
  delegates: readonly PublicKey[],
  alternates: readonly PublicKey[],
  election: EventId,
): void {
  tie.seatChanges.push({ kind: 'elected', election, delegates, alternates })
  electSeats(tie, delegates, alternates)
}

/**
 * A fork's loser taken out (docs/federation.md, "Order of a space's elections and counts"): the
 * seats derived again from the changes without it, as if it had never taken effect.
 */
export function unseatElection(state: SpaceState, tie: CouncilTie, election: EventId): void {
  const at = tie.seatChanges.findIndex((c) => c.kind === 'elected' && c.election === election)
  if (at < 0) return
  tie.seatChanges.splice(at, 1)
  deriveSeats(state, tie, tie, null)
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
  recallSeat(tie, poll, poll.result)
}

/**
 * The seats of this space in `council` derived again from its seat changes, each recall's outcome
 * taken from its poll's close in effect now.
 */
export function rederiveSeats(state: SpaceState, council: SpaceId): void {
  const tie = state.federation.ties.get(council)
  if (tie === undefined) return
  deriveSeats(state, tie, tie, null)
}

/**
 * Whether `key` holds a seat of this tie, or would hold one had a superseded close of one of its
 * recall polls been in effect instead. A `recall.started` rests on the seat as an election rests
 * on a close, so it is accepted on either (docs/events.md, "Two closes"): else a replica that got
 * the superseded close first (the alternate seated) would accept it and one that got the close in
 * effect first would wait for it for good.
 */
export function seatedUnderAnyClose(state: SpaceState, tie: CouncilTie, key: PublicKey): boolean {
  if (tie.delegates.get(key) === 'seated') return true
  for (const change of tie.seatChanges) {
    if (change.kind !== 'recall') continue
    for (const close of pollOf(state, change.poll).superseded ?? []) {
      const seats: Seats = { delegates: new Map(), alternates: [] }
      deriveSeats(state, tie, seats, { poll: change.poll, result: close.result })
      if (seats.delegates.get(key) === 'seated') return true
    }
  }
  return false
}

/** A tie's seats, or a scratch copy of them. */
interface Seats {
  readonly delegates: Map<PublicKey, SeatStatus>
  alternates: PublicKey[]
}

/** `tie`'s seat changes folded into `seats`; `instead` replaces one recall poll's result. */
function deriveSeats(
  state: SpaceState,
  tie: CouncilTie,
  seats: Seats,
  instead: { readonly poll: EventId; readonly result: unknown } | null,
): void {
  seats.delegates.clear()
  seats.alternates = []
  for (const change of tie.seatChanges) {
    if (change.kind === 'elected') electSeats(seats, change.delegates, change.alternates)
    else if (change.kind === 'left') endSeats(seats)
    else {
      const poll = pollOf(state, change.poll)
      recallSeat(seats, poll, instead?.poll === change.poll ? instead.result : poll.result)
    }
  }
}

function electSeats(
  seats: Seats,
  delegates: readonly PublicKey[],
  alternates: readonly PublicKey[],
): void {
  for (const key of seats.delegates.keys()) {
    if (seats.delegates.get(key) === 'seated') seats.delegates.set(key, 'ended')
  }
  for (const key of delegates) seats.delegates.set(key, 'seated')
  seats.alternates = [...alternates]
}

function endSeats(seats: Seats): void {
  for (const key of seats.delegates.keys()) seats.delegates.set(key, 'ended')
  seats.alternates = []
}

function recallSeat(seats: Seats, poll: PollRecord, result: unknown): void {
  if ((result as RecallResult).outcome !== 'recalled') return
  const delegate = poll.recall!.delegate
  if (seats.delegates.get(delegate) !== 'seated') return
  seats.delegates.set(delegate, 'recalled')
  const next = seats.alternates.shift()
  if (next !== undefined) seats.delegates.set(next, 'seated')
}

function pollOf(state: SpaceState, id: EventId): PollRecord {
  const poll = state.polls.get(id)
  if (poll === undefined) throw new Error(`seat change of recall poll ${id}: no such poll`)
  return poll
}
