// Which events close a poll, apart from event-envelope.ts so that the rules can ask without
// loading the envelope's schemas (zod): a replay of a trusted store never parses an envelope.
import type { SignedEvent, SignedEventOf } from './event-envelope.js'

/** Whether `event` closes a poll (either close type: `poll.closed`, or `poll.closed.2` with a view). */
export function isPollClose(
  event: SignedEvent,
): event is SignedEventOf<'poll.closed'> | SignedEventOf<'poll.closed.2'> {
  return event.type === 'poll.closed' || event.type === 'poll.closed.2'
}
