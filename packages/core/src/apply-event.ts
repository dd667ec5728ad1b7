// `applyEvent`: the fold with the rules of secret polls always at hand, for everything but a
// replay that wants to load them only when it meets a secret poll (replay.ts).
import type { SignedEvent } from './event-envelope.js'
import { EMPTY_CONTEXT } from './foreign-context.js'
import type { FoldContext } from './foreign-context.js'
import { applyEventWith } from './fold.js'
import type { EventId } from './ids.js'
import type { Rejection } from './result.js'
import { SECRET_RULES } from './secret-rule-set.js'
import type { SpaceState } from './space-state.js'

/**
 * Applies `event` (whose id is `id`) to `state` in place and returns null, or returns why it is
 * rejected and leaves `state` untouched. `context.foreign` holds the accepted events of other
 * spaces that the event references (see `referencesOf`); a missing one is `reference.missing`.
 */
export function applyEvent(
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
  context: FoldContext = EMPTY_CONTEXT,
): Rejection | null {
  return applyEventWith(SECRET_RULES, state, event, id, context)
}
