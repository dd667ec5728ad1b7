// What a poll decides, as `poll.opened.3` states it in its `subject`: a proposal of the space, a
// statement of the space at one revision of its text (the event that last set it), co-signing
// another space's statement, or a federation decision: joining or leaving a council, a mandate on
// a council poll, an answer to a council's referral. A decision that rests on a poll
// (`statement.adopted`, `statement.cosign-decided`, `council.join-decided.2`,
// `council.leave-decided.2`, `mandate.decided.2`, `referral.answered.2`) accepts only a poll whose
// subject names exactly what it records, so an unrelated poll can never be cited for it. Older
// poll types name at most a proposal.
import { z } from 'zod'
import { eventId, spaceId } from './body-fields.js'
import { MANDATE_POSITIONS } from './mandate-positions.js'
import type { MandatePosition } from './mandate-positions.js'
import type { EventId, SpaceId } from './ids.js'

/** The `subject` of a `poll.opened.3` body (null there: a plain question that names no subject). */
export const pollSubjectSchema = z.discriminatedUnion('kind', [
  /** The poll decides this proposal of the space. */
  z.strictObject({ kind: z.literal('proposal'), proposal: eventId }),
  /** The poll adopts (or not) this statement of the space with the text set by `revision`. */
  z.strictObject({ kind: z.literal('statement'), statement: eventId, revision: eventId }),
  /** The poll decides whether this space co-signs `statement` of space `space`. */
  z.strictObject({ kind: z.literal('cosign'), space: spaceId, statement: eventId }),
  /** The poll decides whether this space joins council `council`. */
  z.strictObject({ kind: z.literal('join'), council: spaceId }),
  /** The poll decides whether this space leaves council `council`. */
  z.strictObject({ kind: z.literal('leave'), council: spaceId }),
  /** The poll decides whether the delegates must vote `position` on `councilPoll` of `council`. */
  z.strictObject({
    kind: z.literal('mandate'),
    council: spaceId,
    councilPoll: eventId,
    position: z.enum(MANDATE_POSITIONS),
  }),
  /** The poll is this space's answer to `referral` of `council` (its counts are the answer). */
  z.strictObject({ kind: z.literal('referral'), council: spaceId, referral: eventId }),
])

export type PollSubject =
  | { readonly kind: 'proposal'; readonly proposal: EventId }
  | { readonly kind: 'statement'; readonly statement: EventId; readonly revision: EventId }
  | { readonly kind: 'cosign'; readonly space: SpaceId; readonly statement: EventId }
  | FederationSubject

/** The subjects of a member space's decisions about a council. */
export type FederationSubject =
  | { readonly kind: 'join'; readonly council: SpaceId }
  | { readonly kind: 'leave'; readonly council: SpaceId }
  | {
      readonly kind: 'mandate'
      readonly council: SpaceId
      readonly councilPoll: EventId
      readonly position: MandatePosition
    }
  | { readonly kind: 'referral'; readonly council: SpaceId; readonly referral: EventId }

export { describePollSubject } from './poll-subject-text.js'
