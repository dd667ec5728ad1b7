// A hub's own bound on the open ballots one member casts in one poll (not a rule of the fold, as
// `refuseBallotFlood` for secret ballots is not). Every ballot is an event of its voter's chain
// and every replica keeps it for good, so one member within the hub's rate could recast without
// end (100 a second, 360,000 an hour), each carried by every hub, bundle and replay. An honest
// voter casts a ballot and changes it a few times. So a ballot submitted to a hub directly is
// refused once the hub holds MAX_OPEN_BALLOTS_PER_POLL of that member's ballots in the poll
// (`ballot.recast-limit`). Replication never uses it: a ballot another hub took is taken, so
// hubs never differ over it and no chain stalls behind it.
import type { SignedEventOf } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** The most open ballots (a first one and its recasts) one member casts in one poll through a hub. */
export const MAX_OPEN_BALLOTS_PER_POLL = 100

/**
 * Refuses an open ballot submitted directly (`ballot.recast-limit`) when this hub already holds
 * MAX_OPEN_BALLOTS_PER_POLL ballots of its voter in the poll.
 */
export function refuseOpenBallotFlood(
  state: SpaceState,
  event: SignedEventOf<'ballot.cast'>,
  id: EventId,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  const cast = poll === undefined ? 0 : openBallotsHeld(poll, event.author)
  if (cast < MAX_OPEN_BALLOTS_PER_POLL) return null
  return reject(
    'ballot.recast-limit',
    `this hub already holds ${cast} ballots of this member in this poll, the most it takes from one member in one poll (a first ballot and its recasts); the latest of them counts`,
    id,
  )
}

/**
 * The open ballots `voter` holds in `poll`, recasts and late ones included (`PollRecord.cast`);
 * after a first-type close, which takes no more ballots, 0 for a voter who cast once.
 */
export function openBallotsHeld(poll: PollRecord, voter: PublicKey): number {
  return poll.cast?.get(voter) ?? (poll.secret == null && poll.latest.has(voter) ? 1 : 0)
}
