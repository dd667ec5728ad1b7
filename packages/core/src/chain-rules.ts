// The author chain: each author's events in a space are numbered 1, 2, 3… and each names the id of
// the one before. A gap means events are missing; a second, different event at a seq already
// taken is a fork (equivocation); a wrong `prev` means the event was made on another history.
// Exact duplicates never reach the fold: the ledger recognises them by id first.
import type { SignedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { AuthorHead, SpaceState } from './space-state.js'

/** Checks `event` against its author's chain in `state`. */
export function checkChain(state: SpaceState, event: SignedEvent, id: EventId): Rejection | null {
  return checkChainAt(state.heads.get(event.author), event, id)
}

/** Checks `event` against `head`, its author's chain head in the space (undefined: none yet). */
export function checkChainAt(
  head: AuthorHead | undefined,
  event: SignedEvent,
  id: EventId,
): Rejection | null {
  const expected = (head?.seq ?? 0) + 1
  if (event.seq < expected) {
    return reject(
      'chain.fork',
      `author ${event.author} already has event ${event.seq} in this space; this is a different event with the same seq`,
      id,
    )
  }
  if (event.seq > expected) {
    return reject(
      'chain.seq-gap',
      `expected seq ${expected} from author ${event.author}, got ${event.seq}: ${event.seq - expected} earlier event(s) are missing`,
      id,
    )
  }
  const prev = head?.head ?? null
  if (event.prev !== prev) {
    return reject(
      'chain.wrong-prev',
      `prev must be ${prev === null ? 'null for the first event' : prev}, got ${event.prev ?? 'null'}`,
      id,
    )
  }
  return null
}

/** Records `event` as its author's newest. */
export function advanceChain(state: SpaceState, event: SignedEvent, id: EventId): void {
  advanceChainFrom(state, state.heads.get(event.author), event, id)
}

/** Records `event` as its author's newest, given `head`, the author's head looked up before. */
export function advanceChainFrom(
  state: SpaceState,
  head: AuthorHead | undefined,
  event: SignedEvent,
  id: EventId,
): void {
  if (head === undefined)
    state.heads.set(event.author, {
      seq: event.seq,
      head: id,
      member: state.members.get(event.author),
    })
  else {
    head.seq = event.seq
    head.head = id
  }
}
