// A hub's own check on an act submitted to it directly (not a rule of the fold), beside
// `refuseStaleClose`: an act that rests on a poll's close (an adoption, a co-signing, a join, a
// leave, a mandate, a delegate election, a referral answer) is refused with
// `poll.close-superseded` when this hub holds two closes of the poll and only a superseded one
// backs the act; so is a `recall.started` of a key seated only as a superseded recall close left
// the seats. The fold accepts an act that any close backs, so that replicas agree whichever
// close they got first (docs/events.md, "Two closes"); a signer who already holds the close in
// effect is told to act on that one instead. Replication never uses it.
import { referralCounts } from './delegation-rules.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import type { EventId } from './ids.js'
import { resultWinners } from './poll-methods.js'
import { seatedUnderAnyClose } from './seat-changes.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { adoptsMotion, closeResults } from './space-state.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** Refuses an act that only a superseded close of its poll backs; null otherwise. */
export function refuseActOnSupersededClose(
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
): Rejection | null {
  if (event.type === 'recall.started') return refuseRecallOfSupersededSeat(state, event, id)
  const backs = backingTest(event)
  if (backs === null) return null
  const poll = state.polls.get((event.body as { poll: EventId }).poll)
  if (poll?.superseded === undefined || poll.superseded.length === 0) return null
  const [inEffect, ...superseded] = closeResults(poll)
  if (backs(poll, inEffect) || !superseded.some((result) => backs(poll, result))) return null
  return reject(
    'poll.close-superseded',
    `only a superseded close of poll ${poll.id} backs this; the close in effect is ${poll.close!.id} (the lowest id of its closes): act on its result`,
    id,
  )
}

/** A recall of a key who holds a seat only as a superseded close of a recall left it. */
function refuseRecallOfSupersededSeat(
  state: SpaceState,
  event: SignedEventOf<'recall.started'>,
  id: EventId,
): Rejection | null {
  const { council, delegate } = event.body
  const tie = state.federation.ties.get(council)
  if (tie === undefined || tie.delegates.get(delegate) === 'seated') return null
  if (!seatedUnderAnyClose(state, tie, delegate)) return null
  return reject(
    'poll.close-superseded',
    `${delegate} holds a seat in ${council} only under a superseded close of a recall; under the close in effect they hold none`,
    id,
  )
}

/** How an act of this type is backed by a close's result, or null for any other event. */
function backingTest(event: SignedEvent): ((poll: PollRecord, result: unknown) => boolean) | null {
  switch (event.type) {
    case 'council.join-decided':
    case 'council.join-decided.2':
    case 'council.leave-decided':
    case 'council.leave-decided.2':
    case 'mandate.decided':
    case 'mandate.decided.2':
    case 'statement.adopted':
    case 'statement.cosign-decided':
      return adoptsMotion
    case 'delegate.elected':
    case 'delegate.elected.2':
    case 'delegate.elected.3': {
      const named = [...event.body.delegates].sort().join()
      return (_poll, result) => {
        const winners = [...resultWinners(result)].sort()
        return winners.length > 0 && winners.join() === named
      }
    }
    case 'referral.answered':
    case 'referral.answered.2': {
      const body = event.body
      return (poll, result) => {
        const c = referralCounts(poll, result)
        return (
          c !== null &&
          c.for === body.for &&
          c.against === body.against &&
          c.abstain === body.abstain
        )
      }
    }
    default:
      return null
  }
}
