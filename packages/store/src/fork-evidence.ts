// Forks: a second, different event at a seq its author already has stored is equivocation. It is
// reported as rejected (`chain.fork`, as always) but kept as evidence in the store's forks table,
// and the space's state is rebuilt with the author flagged: from the forked seq on, none of the
// author's events counts, on either branch, until a facilitator's `fork.resolved`. A rebuilt state
// skips stored events the rules now refuse (the forked author's, and any that depended on them;
// see space-replay.ts). In a space under fork rule 2, an event that its own bytes and the event it
// names rule out is no evidence (core's fork-exemption.ts): it is refused with that code, and held
// like any waiting event while this replica lacks the event it names.
import { forkJudgementNeeds } from '@veche/core'
import { reject } from '@veche/core/replay'
import type { EventId, Rejection, SignedEvent } from '@veche/core'
import type { EventStore } from './event-store.js'

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

/**
 * The event the fork rule reads to judge `event` (`forkJudgementNeeds`: a ballot's poll) as this
 * replica holds it: accepted earlier in the submission (`fresh`), stored, or kept as fork
 * evidence (so a replica that kept one branch of a forked poll as evidence judges as one that
 * stored it); null when it holds none, or the event names none.
 */
export async function forkJudgementEvent(
  store: Pick<EventStore, 'get' | 'forks'>,
  fresh: ReadonlyMap<EventId, SignedEvent>,
  event: SignedEvent,
): Promise<SignedEvent | null> {
  const id = forkJudgementNeeds(event)
  if (id === null) return null
  const found = fresh.get(id)
  if (found !== undefined) return found
  const stored = (await store.get(id)) ?? (await store.forks(event.space)).find((e) => e.id === id)
  return stored === undefined || stored === null ? null : (JSON.parse(stored.json) as SignedEvent)
}
