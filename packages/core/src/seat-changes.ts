// A member space's seats in a council, as the fold of its seat changes. Three things change a
// tie's `delegates` and `alternates`: an election, the space leaving, and a recall's close. Each
// is noted in `tie.seatChanges` as it is folded, and the seats are always what these changes give
// in that order. So when a recall poll's close in effect changes (two closes signed on two hubs,
// the lower id arriving second: docs/events.md, "Two closes"), the seats are derived again from
// the changes, with that recall's outcome read from the close now in effect, and every replica
// holds the seats it would hold had that close been the poll's only one.
// From a tie's first `delegate.elected.3` in effect on, the changes are not taken in fold order:
// each recall goes right after the last election of the chain that names its key, so a recall
// folded before or after a later election gives the same seats (docs/federation.md).
// Invariant: the seats equal `rederiveSeats` of the changes at every step.
import type { CouncilTie, SeatChange, SeatStatus } from './council-state.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import type { RecallResult } from './recall-rules.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** An election: the seated lose their seats, the elected take them, the alternates are these. */
export function seatElected(
  state: SpaceState,
  tie: CouncilTie,
  delegates: readonly PublicKey[],
  alternates: readonly PublicKey[],
  election: EventId,
): void {
  tie.seatChanges.push({ kind: 'elected', election, delegates, alternates })
  // In a chain, recalls are anchored to the last election naming their key: derived again.
  if (tie.chain.length > 0) deriveSeats(state, tie, tie, null)
  else electSeats(tie, delegates, alternates)
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
export function seatRecallClosed(state: SpaceState, tie: CouncilTie, poll: PollRecord): void {
  tie.seatChanges.push({ kind: 'recall', poll: poll.id })
  if (tie.chain.length > 0) deriveSeats(state, tie, tie, null)
  else recallSeat(tie, poll, poll.result)
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
  const recall = (poll: EventId) => {
    const record = pollOf(state, poll)
    return recallSeat(seats, record, instead?.poll === poll ? instead.result : record.result)
  }
  const chain = new Set(tie.chain)
  const start = tie.seatChanges.findIndex((c) => c.kind === 'elected' && chain.has(c.election!))
  for (const change of start < 0 ? tie.seatChanges : tie.seatChanges.slice(0, start)) {
    if (change.kind === 'elected') electSeats(seats, change.delegates, change.alternates)
    else if (change.kind === 'left') endSeats(seats)
    else recall(change.poll)
  }
  const keyOf = (poll: EventId) => pollOf(state, poll).recall!.delegate
  if (start >= 0) deriveChainSeats(tie.seatChanges.slice(start), seats, recall, keyOf)
}

/**
 * The seat changes from a tie's first `delegate.elected.3` in effect on (elections-order.ts): its
 * chain's elections in round order, each followed by the recalls anchored to it (of a key it was
 * the last of them to name; the others, of a key none names, right at the start), in the order of
 * their polls' ids and again while one seats an alternate another names, and a leave after the
 * election it followed. So the seats do not depend on whether a recall was folded before or after
 * a later election that no longer names its key.
 */
function deriveChainSeats(
  changes: readonly SeatChange[],
  seats: Seats,
  recall: (poll: EventId) => boolean,
  keyOf: (poll: EventId) => PublicKey,
): void {
  const lastNaming = new Map<PublicKey, number>()
  changes.forEach((c, i) => {
    if (c.kind === 'elected')
      for (const key of [...c.delegates, ...c.alternates]) lastNaming.set(key, i)
  })
  const recalls = new Map<number, EventId[]>()
  for (const c of changes) {
    if (c.kind !== 'recall') continue
    const anchor = lastNaming.get(keyOf(c.poll)) ?? -1
    recalls.set(anchor, [...(recalls.get(anchor) ?? []), c.poll])
  }
  const recallAll = (polls: readonly EventId[]) => {
    let left = [...polls].sort()
    for (let progress = true; progress && left.length > 0;) {
      const before = left.length
      left = left.filter((poll) => !recall(poll))
      progress = left.length < before
    }
  }
  recallAll(recalls.get(-1) ?? [])
  changes.forEach((c, i) => {
    if (c.kind === 'elected') {
      electSeats(seats, c.delegates, c.alternates)
      recallAll(recalls.get(i) ?? [])
    } else if (c.kind === 'left') endSeats(seats)
  })
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

function recallSeat(seats: Seats, poll: PollRecord, result: unknown): boolean {
  if ((result as RecallResult).outcome !== 'recalled') return false
  const delegate = poll.recall!.delegate
  if (seats.delegates.get(delegate) !== 'seated') return false
  seats.delegates.set(delegate, 'recalled')
  const next = seats.alternates.shift()
  if (next !== undefined) seats.delegates.set(next, 'seated')
  return true
}

function pollOf(state: SpaceState, id: EventId): PollRecord {
  const poll = state.polls.get(id)
  if (poll === undefined) throw new Error(`seat change of recall poll ${id}: no such poll`)
  return poll
}
