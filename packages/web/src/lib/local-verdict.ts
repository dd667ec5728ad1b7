// This device's own judgement of an event it signed and a hub refused for good (outbox.ts): the
// event folded onto a copy of its space as this device keeps it. A hub's "refused" frees the
// event's seq only when this fold refuses it too, for a rule every replica applies alike; so a hub
// that lies about a refusal, keeping the event, cannot make the phone sign a second event at that
// seq (a fork, which would set the member's actions aside).
import { applyEvent, computeEventId } from '@veche/core'
import type { SignedEvent, SpaceState } from '@veche/core'
import type { KeyValueStore } from './key-value-store.js'
import { SpaceReplica } from './space-replica.js'

/**
 * The code `state`'s fold refuses `event` with, or null when it takes it. `state` is left as it
 * was. What refers to another space is judged without it (`reference.missing`, a `waiting` code).
 */
export function foldVerdict(state: SpaceState, event: SignedEvent): string | null {
  const refusal = applyEvent(structuredClone(state), event, computeEventId(event))
  return refusal === null ? null : refusal.code
}

/** The verdict of the copy of `event`'s space kept in `store` (an empty one if none is kept). */
export async function localVerdict(
  store: KeyValueStore,
  event: SignedEvent,
): Promise<string | null> {
  const replica = await SpaceReplica.load(store, event.space)
  return foldVerdict(replica.state, event)
}
