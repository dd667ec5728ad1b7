// Which events close a poll, apart from event-envelope.ts so that the rules can ask without
// loading the envelope's schemas (zod): a replay of a trusted store never parses an envelope.
import type { SignedEvent, SignedEventOf } from './event-envelope.js'

/**
 * Whether `event` closes a poll (any close type: `poll.closed`, `poll.closed.2` with a view, or
 * `poll.closed.3` with a membership view too).
 */
export function isPollClose(
  event: SignedEvent,
): event is
  SignedEventOf<'poll.closed'> | SignedEventOf<'poll.closed.2'> | SignedEventOf<'poll.closed.3'> {
  return (
    event.type === 'poll.closed' || event.type === 'poll.closed.2' || event.type === 'poll.closed.3'
  )
}
