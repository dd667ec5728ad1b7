// What a member space's decision about a council must rest on: a poll of the space opened
// (`poll.opened.3`, or a secret poll) with a subject naming exactly that decision (poll-subject.ts):
// joining or leaving this council, this position on this council poll, this referral's answer.
// `council.join-decided.2`, `council.leave-decided.2`, `mandate.decided.2` and
// `referral.answered.2` accept nothing else (`decision.wrong-subject`). Their first versions, which
// logs signed before subjects existed hold, still accept a poll about nothing in the log, so those
// logs replay as they did; but no version accepts a poll whose subject names another federation
// decision, since no such poll existed before subjects did.
import { canonicalJson } from './canonical-json.js'
import type { DecisionMethod } from './event-bodies.js'
import type { EventId } from './ids.js'
import { describePollSubject } from './poll-subject-text.js'
import type { FederationSubject, PollSubject } from './poll-subject.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { PollRecord, SpaceState } from './space-state.js'

/** What `poll` decides: its `poll.opened.3` subject, or the proposal of an older poll type. */
export function subjectOf(poll: PollRecord): PollSubject | null {
  if (poll.subject !== undefined) return poll.subject
  return poll.proposal === null ? null : { kind: 'proposal', proposal: poll.proposal }
}

/** Whether two subjects name exactly the same thing. */
export function sameSubject(a: PollSubject | null, b: PollSubject | null): boolean {
  return a !== null && b !== null && canonicalJson(a) === canonicalJson(b)
}

/** Whether `subject` is one of a member space's decisions about a council. */
export function isFederationSubject(subject: PollSubject | null): subject is FederationSubject {
  return (
    subject !== null &&
    (subject.kind === 'join' ||
      subject.kind === 'leave' ||
      subject.kind === 'mandate' ||
      subject.kind === 'referral')
  )
}

/**
 * Checks a federation subject of a poll being opened: decided yes or no (a majority poll, whose
 * first option is the motion, or a consent poll; a referral's answer counts them), and about a
 * council other than this space.
 */
export function checkFederationSubject(
  state: SpaceState,
  subject: FederationSubject,
  body: { readonly method: DecisionMethod },
  id: EventId,
): Rejection | null {
  if (body.method !== 'majority' && body.method !== 'consent') {
    return reject(
      'poll.bad-options',
      `a poll on ${describePollSubject(subject)} is a majority poll (its first option is the motion) or a consent poll`,
      id,
    )
  }
  if (subject.council === state.space)
    return reject('council.not-joined', 'a space is not a member of itself', id)
  return null
}

/**
 * The poll `pollId` of this space if its subject is exactly `wanted`; otherwise `poll.unknown`, or
 * `decision.wrong-subject` naming what the poll was about. With `strict` false (the first versions
 * of the events) a poll on no federation decision at all passes too, as it always did.
 */
export function pollOnSubject(
  state: SpaceState,
  pollId: EventId,
  wanted: FederationSubject,
  id: EventId,
  strict: boolean,
): PollRecord | Rejection {
  const poll = state.polls.get(pollId)
  if (poll === undefined) return reject('poll.unknown', `no poll ${pollId} in this space`, id)
  const about = subjectOf(poll)
  if (!strict && !isFederationSubject(about)) return poll
  if (!sameSubject(about, wanted)) {
    return reject(
      'decision.wrong-subject',
      `poll ${pollId} was about ${describePollSubject(about)}, not ${describePollSubject(wanted)}`,
      id,
    )
  }
  return poll
}
