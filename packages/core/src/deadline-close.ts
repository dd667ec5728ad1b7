// The close of a poll whose deadline has passed (docs/events.md, "Deadlines"). Every device that
// closes or seals a poll after its deadline (`veche serve --tend`, the app of its opener or of a
// facilitator, `veche poll close`) signs it the same way: claimed at the deadline itself, its view
// each voter's latest ballot, its seal and result what those ballots give, its membership view the
// newest event held of each author whose events changed who is a member. So what it signs depends
// on the ballots and membership changes it holds and on its own chain's head, never on when its
// timer fired or on other events it holds (a comment, a proposal), and two devices of one key (a
// hub tending as the opener, and the opener's open app) that hold the same ballots and membership
// changes sign the same bytes (Ed25519 signatures are deterministic): the
// second is an exact duplicate of the first on every replica, not a fork.
import { closeBodyWith, proposeClose } from './poll-rules.js'
import type { CloseBody } from './poll-rules.js'
import { ok } from './result.js'
import type { Result } from './result.js'
import type { PublicKey } from './ids.js'
import type { PollRecord, SpaceState } from './space-state.js'

export type { CloseBody } from './poll-rules.js'

/**
 * The time a close or seal of `poll` signed at `now` claims: the deadline once it has passed (so
 * every closer after it claims the same time), else `now`.
 */
export function closeClaimedAt(poll: Pick<PollRecord, 'closesAt'>, now: number): number {
  return poll.closesAt !== undefined && now > poll.closesAt ? poll.closesAt : now
}

/**
 * The close a closer holding `state` signs at `now`, with the time it claims. Before the deadline
 * (or with none) it is `proposeClose`'s: the view is the newest seq held of each voter. After the
 * deadline it is the deadline close: claimed at `closesAt`, and the view of each voter is the seq
 * of their latest ballot, so a comment or any other later event of a voter, which one device may
 * hold and another not yet, does not change the bytes. Within that view every ballot held is
 * accounted for, as the fold requires.
 */
export function proposeCloseAt(
  state: SpaceState,
  poll: PollRecord,
  now: number,
): Result<{ readonly at: number; readonly body: CloseBody }> {
  if (poll.closesAt === undefined || now <= poll.closesAt) {
    const close = proposeClose(state, poll, now)
    return close.ok ? ok({ at: now, body: close.value }) : close
  }
  const at = poll.closesAt
  const seen: Record<PublicKey, number> = {}
  for (const voter of [...poll.latest.keys()].sort())
    seen[voter] = poll.ballots.get(poll.latest.get(voter)!)!.seq
  const close = closeBodyWith(state, poll, seen, at)
  return close.ok ? ok({ at, body: close.value }) : close
}
