// What a poll decides, as `poll.opened.3` states it in its `subject`: a proposal of the space, a
// statement of the space at one revision of its text (the event that last set it), or co-signing
// another space's statement. A decision that rests on a poll (`statement.adopted`,
// `statement.cosign-decided`) accepts only a poll whose subject names exactly what it records, so
// an unrelated poll can never be cited for it. Older poll types name at most a proposal.
import { z } from 'zod'
import { eventId, spaceId } from './body-fields.js'
import type { EventId, SpaceId } from './ids.js'

/** The `subject` of a `poll.opened.3` body (null there: a question about nothing in the log). */
export const pollSubjectSchema = z.discriminatedUnion('kind', [
  /** The poll decides this proposal of the space. */
  z.strictObject({ kind: z.literal('proposal'), proposal: eventId }),
  /** The poll adopts (or not) this statement of the space with the text set by `revision`. */
  z.strictObject({ kind: z.literal('statement'), statement: eventId, revision: eventId }),
  /** The poll decides whether this space co-signs `statement` of space `space`. */
  z.strictObject({ kind: z.literal('cosign'), space: spaceId, statement: eventId }),
])

export type PollSubject =
  | { readonly kind: 'proposal'; readonly proposal: EventId }
  | { readonly kind: 'statement'; readonly statement: EventId; readonly revision: EventId }
  | { readonly kind: 'cosign'; readonly space: SpaceId; readonly statement: EventId }

export { describePollSubject } from './poll-subject-text.js'
