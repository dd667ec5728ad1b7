// Forks: a second, different event at a seq its author already has stored is equivocation. It is
// reported as rejected (`chain.fork`, as always) but kept as evidence in the store's forks table,
// and the space's state is rebuilt with the author flagged: from the forked seq on, none of the
// author's events counts, on either branch, until a facilitator's `fork.resolved`. A rebuilt state
// skips stored events the rules now refuse (the forked author's, and any that depended on them;
// see space-replay.ts).
import { reject } from '@veche/core/replay'
import type { EventId, Rejection, SignedEvent } from '@veche/core'

/** Whether `event`'s author already has a stored event at its seq (`taken`: highest seq each). */
export function isFork(taken: ReadonlyMap<string, number>, event: SignedEvent): boolean {
  return event.seq <= (taken.get(event.author) ?? 0)
}

/** The rejection of a forking event, which is kept as evidence all the same. */
export function forkRejection(event: SignedEvent, id: EventId): Rejection {
  return reject(
    'chain.fork',
    `author ${event.author} already has a different event with seq ${event.seq} in this space: both are kept as evidence and the author is flagged until a facilitator resolves the fork`,
    id,
  )
}
