// Rules version 3: in a space whose creation event declares `rulesVersion: 3`, an event type that
// a newer version replaced to tighten a rule is refused (`event.superseded-type`), so nobody can
// sign the old, weaker rule by hand in a new space. The judgement reads only the event's type and
// the space's creation event (both fixed by ids), so every replica decides alike whatever else it
// holds and in whatever order; it is therefore also a fork rule 2 exemption (fork-exemption.ts).
// A space founded before has no `rulesVersion` and accepts every type as it always did, so its
// stored logs replay to the hashes they had (docs/events.md, "Rules versions").
import type { SignedEvent } from './event-envelope.js'
import type { EventType } from './event-bodies.js'
import type { EventId } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { SpaceState } from './space-state.js'

/**
 * The rules version a space founded now declares (`rulesVersion` in its creation event): 3 refuses
 * superseded types and implies fork rule 2. A creation event with `forkRule: 2` and no
 * `rulesVersion` is under version 2; one with neither, version 1.
 */
export const RULES_VERSION = 3

/** A rules version: 1 (no declaration), 2 (`forkRule: 2`) or 3 (`rulesVersion: 3`). */
export type RulesVersion = 1 | 2 | 3

/**
 * Each type that rules version 3 refuses, with the type to sign instead. Each newer type closes a
 * hole its predecessor left open (docs/events.md, "Rules versions"). Types whose newer version
 * only adds a field (`member.invited`, `poll.opened`, `poll.opened.2`) are not here: the old one
 * permits nothing the new one forbids.
 */
export const SUPERSEDED_TYPES: ReadonlyMap<EventType, EventType> = new Map<EventType, EventType>([
  // A close without a view can leave out ballots; one without a membership view splits hubs.
  ['poll.closed', 'poll.closed.3'],
  ['poll.closed.2', 'poll.closed.3'],
  // A close without a view keeps a vote signed before its author saw the close on one hub only.
  ['conversation.closed', 'conversation.closed.2'],
  // Any closed poll could be cited for these; the newer ones need a poll on exactly the decision.
  ['council.join-decided', 'council.join-decided.2'],
  ['council.leave-decided', 'council.leave-decided.2'],
  ['mandate.decided', 'mandate.decided.2'],
  ['referral.answered', 'referral.answered.2'],
  // Ordered by claimed time, which a signer picks; the newer ones by the space's own chain.
  ['delegate.elected', 'delegate.elected.3'],
  ['delegate.elected.2', 'delegate.elected.3'],
  ['space.counted', 'space.counted.2'],
])

/**
 * Refuses `event` with `event.superseded-type` when its type is superseded and its space is under
 * rules version 3 or later; null otherwise (always in a space founded before).
 */
export function refuseSupersededType(
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
): Rejection | null {
  if (state.rulesVersion < 3) return null
  // A count without its signer's membership view is the older form of the same type: it is
  // checked against the members a replica holds when it folds it, which a member joining or
  // leaving on another hub at the same moment makes differ between hubs, so hubs split on it.
  if (event.type === 'space.counted.2' && event.body.view === undefined) {
    return reject(
      'event.superseded-type',
      `this space was founded under rules version ${state.rulesVersion}, where a space.counted.2 ` +
        "states its signer's membership view (view): a count without one is superseded",
      id,
    )
  }
  const newer = SUPERSEDED_TYPES.get(event.type)
  if (newer === undefined) return null
  return reject(
    'event.superseded-type',
    `this space was founded under rules version ${state.rulesVersion}, where ${event.type} is superseded: sign ${newer} instead`,
    id,
  )
}
