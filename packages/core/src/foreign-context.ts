// Facts from other spaces. A space's fold sees another space only through events that reference an
// already accepted event of it by id; the ledger looks those up and passes them in. Accepted events
// are never retracted, so a reference, once it resolves, always resolves to the same event, and a
// space's state stays a deterministic fold of its own log.
import type { SignedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'

/** What the fold may read beyond the space's own state. */
export interface FoldContext {
  /** Accepted events of other spaces, by id: at least those `referencesOf` names. */
  readonly foreign: ReadonlyMap<EventId, SignedEvent>
}

/** A context with no foreign events (spaces that reference nothing need no more). */
export const EMPTY_CONTEXT: FoldContext = { foreign: new Map() }

/** The ids of other spaces' events that `event` references and the fold must look up. */
export function referencesOf(event: SignedEvent): readonly EventId[] {
  switch (event.type) {
    case 'council.space-admitted':
      return [event.body.decision]
    case 'council.notice':
    case 'council.reported':
      return [event.body.reference]
    case 'statement.cosigned':
      return [event.body.decision]
    default:
      return []
  }
}
