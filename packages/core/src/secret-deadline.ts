// Deadlines of secret polls (docs/events.md, "Deadlines"; docs/secret-ballot.md). A secret ballot
// carries no time of its own (`at` is the poll's opening time, so its time cannot link it to its
// voter), so the fold cannot refuse a ballot as late: a late secret ballot is one that reaches a
// hub after the deadline by that hub's clock, refused there and never written (an ingest policy,
// like `refuseLateBallot` for open polls). What one hub accepted in time reaches the others by
// sync and counts if the opener's seal includes it: every replica decides a ballot by the seal
// alone, as for any ballot beyond a close's view. Credential requests are signed by members and
// carry a claimed time; the fold refuses those claimed after the deadline, and a hub also refuses
// those reaching it late. Issuances are not refused: a request made in time may still be answered.
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { EventId, PublicKey } from './ids.js'
import type { SignedEventOf } from './event-envelope.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** The refusal of a credential request after a secret poll's deadline. */
export function requestAfterDeadline(closesAt: number, id: EventId): Rejection {
  return reject(
    'secret.request-after-deadline',
    `voting on this secret poll has ended: no credential is issued after its deadline (closesAt ${closesAt} ms since 1970)`,
    id,
  )
}

/**
 * A hub's own check on a secret ballot or credential request submitted to it directly (not a rule
 * of the fold): refused when it reaches the hub after the poll's deadline by the hub's clock
 * `now`, whatever the event claims. Replication never uses it, so hubs never diverge over it.
 */
export function refuseLateSecretAct(
  state: SpaceState,
  event: SignedEventOf<'secret.ballot'> | SignedEventOf<'secret.credential-requested'>,
  id: EventId,
  now: number,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll?.secret == null || poll.closesAt === undefined || now <= poll.closesAt) return null
  if (event.type === 'secret.credential-requested') return requestAfterDeadline(poll.closesAt, id)
  return reject(
    'poll.deadline-passed',
    `voting on this secret poll has ended: its deadline passed (closesAt ${poll.closesAt} ms since 1970) by this hub's clock`,
    id,
  )
}

/** Whether voting on `poll` has ended by `now`: it has a deadline and `now` is past it. */
export function votingEnded(poll: Pick<PollRecord, 'closesAt'>, now: number): boolean {
  return poll.closesAt !== undefined && now > poll.closesAt
}

/**
 * The secret polls of `state` open for voting that `me` opened and that have a deadline: the
 * polls whose seal a tender or the opener's app signs once the deadline has passed.
 */
export function secretPollsToSealAtDeadline(state: SpaceState, me: PublicKey): PollRecord[] {
  return [...state.polls.values()].filter(
    (p) => p.secret?.phase === 'open' && p.closesAt !== undefined && p.opener === me,
  )
}
