// What a submission to the ledger asks for and what it is told: the options (all or nothing, dry
// run, park mode, codes that refuse a whole batch) and one outcome per submitted event. An outcome
// is `accepted`, `duplicate` (already stored, or twice in one submission) or `rejected` with the
// stable code of the rule that refused it; a parked event is a rejection marked `parked`.
import type { EventId, Rejection, RejectionCode } from '@veche/core'
import type { FutureClaimLimit } from './claimed-future.js'

/** What became of one submitted event. */
export type SubmitOutcome =
  | { readonly status: 'accepted'; readonly id: EventId }
  | { readonly status: 'duplicate'; readonly id: EventId }
  | {
      readonly status: 'rejected'
      readonly code: RejectionCode
      readonly message: string
      readonly id?: EventId
      /**
       * Only with `park`: not accepted yet, but kept in the pending table and accepted when what
       * it depends on arrives. (A flag, not a status of its own, so existing clients read it as
       * what it is for now: not accepted.)
       */
      readonly parked?: true
    }

export interface SubmitReport {
  /** One outcome per submitted event, in order. */
  readonly outcomes: readonly SubmitOutcome[]
  /** How many events were written (0 when an all-or-nothing submission had a rejection). */
  readonly written: number
  /** Pending events accepted after this submission, because what they waited for arrived. */
  readonly released: number
}

export interface SubmitOptions {
  /** Write nothing unless every event is accepted or a duplicate (imports use this). */
  readonly atomic?: boolean
  /** Check only: report what would happen and write nothing. */
  readonly dryRun?: boolean
  /** Called after each event is checked (for progress bars). */
  readonly onProgress?: (checked: number) => void
  /**
   * Called when the submission's checks are done and its append starts (again on a retry): from
   * then on a next submission can be prepared (parsed, its signatures checked) while this one is
   * written and synced. The submission itself still resolves only once its append is durable.
   */
  readonly onAppending?: () => void
  /**
   * Keep events that arrive before what they depend on in the pending table and accept them when
   * it arrives (sync and bundles). Without it they are rejected, as for a client.
   */
  readonly park?: boolean
  /**
   * Write nothing if any event is rejected with one of these codes (sync uses the codes that mean
   * a batch was altered: a tampered batch is refused whole, while rule refusals stay per event).
   */
  readonly refuseOn?: ReadonlySet<RejectionCode>
  /**
   * Refuse a `poll.closed.2` or `.3` that would leave ballots this store holds beyond its view
   * (`poll.close-stale`), and a `conversation.closed.2` that would leave such events of the
   * conversation (`conversation.close-stale`): for closes submitted by their signer directly,
   * who can close again. Never for replication, where the close is applied and what lies beyond
   * it is kept as late. Also refuse an act that only a superseded close of its poll backs
   * (`poll.close-superseded`): its signer can act on the close in effect instead; and an election
   * or count that does not follow the latest this hub holds (`delegate.election-not-latest`,
   * `count.not-latest`).
   */
  readonly refuseStaleCloses?: boolean
  /**
   * The hub's clock (ms since 1970) for ballots submitted directly: a ballot arriving after its
   * poll's deadline by this clock is refused (`poll.deadline-passed`) whatever time it claims, and
   * so is a secret poll's credential request (`secret.request-after-deadline`). Never for
   * replication, where only the fold's rules count (a secret ballot claims no time at all).
   */
  readonly refuseLateBallotsAt?: number
  /**
   * The hub's clock and tolerance for events submitted directly: an event claiming a time more
   * than the tolerance ahead of the clock is refused (`event.claimed-future`, `refuseClaimedFuture`).
   * Never for replication, where what another hub took is taken.
   */
  readonly refuseFutureClaims?: FutureClaimLimit
}

/**
 * Codes that mean an event was altered or is not what it claims (not a rule refusal): sync
 * refuses a whole batch holding one (`refuseOn`), as bundle import refuses a whole bundle.
 */
export const TAMPERED_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'event.malformed',
  'event.too-large',
  'event.unknown-type',
  'event.bad-signature',
  'event.id-mismatch',
  'invitation.bad-proof',
])

/** The outcome of an event refused with `rejection`. */
export function rejectedOutcome(
  rejection: Rejection,
): Extract<SubmitOutcome, { status: 'rejected' }> {
  const { code, message, eventId } = rejection
  return eventId === undefined
    ? { status: 'rejected', code, message }
    : { status: 'rejected', code, message, id: eventId as EventId }
}
