// The fold: applies one event to a space's state, or rejects it with a stable code. Pure and
// deterministic: no clock, no randomness, no I/O. The caller has already parsed the event, checked
// its signatures and recognised exact duplicates (see the ledger in @veche/store).
import type { SignedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'
import { advanceChain, checkChain } from './chain-rules.js'
import {
  applyAssemblyCreated,
  applyMemberAdmitted,
  applyMemberInvited,
  applyMemberJoined,
  applyMemberLeft,
  applyMemberRemoved,
  applyRoleGranted,
  applyRoleRevoked,
} from './membership-rules.js'
import { applyBallotCast, applyPollClosed, applyPollOpened } from './poll-rules.js'
import {
  applyCommentPosted,
  applyProposalAmended,
  applyProposalSubmitted,
  applyProposalWithdrawn,
} from './proposal-rules.js'
import { applyForkResolved } from './fork-rules.js'
import { assertNever, reject } from './result.js'
import type { Rejection } from './result.js'
import { flaggedFrom, isActiveMember } from './space-state.js'
import type { SpaceState } from './space-state.js'

/**
 * Applies `event` (whose id is `id`) to `state` in place and returns null, or returns why it is
 * rejected and leaves `state` untouched.
 */
export function applyEvent(state: SpaceState, event: SignedEvent, id: EventId): Rejection | null {
  if (event.space !== state.space) {
    return reject('space.unknown', `event belongs to space ${event.space}, not ${state.space}`, id)
  }
  const flagged = flaggedFrom(state, event.author)
  if (flagged !== null && event.seq >= flagged) {
    return reject(
      'fork.author-flagged',
      `author ${event.author} signed two different events with seq ${flagged} in this space; ` +
        'none of their later events is accepted until a facilitator resolves the fork',
      id,
    )
  }
  const chain = checkChain(state, event, id)
  if (chain !== null) return chain
  if (state.assembly === null && event.type !== 'assembly.created') {
    return reject(
      'space.unknown',
      `space ${event.space} has not been created (its first event is missing)`,
      id,
    )
  }
  if (
    event.type !== 'assembly.created' &&
    event.type !== 'member.joined' &&
    !isActiveMember(state, event.author)
  ) {
    return reject('member.not-member', `${event.author} is not a member of this assembly`, id)
  }
  const rejection = applyRule(state, event, id)
  if (rejection !== null) return rejection
  // A resolution moves the member's chain; its own author's chain advances as usual.
  advanceChain(state, event, id)
  state.events += 1
  return null
}

function applyRule(state: SpaceState, event: SignedEvent, id: EventId): Rejection | null {
  switch (event.type) {
    case 'assembly.created':
      return applyAssemblyCreated(state, event, id)
    case 'member.invited':
      return applyMemberInvited(state, event, id)
    case 'member.joined':
      return applyMemberJoined(state, event, id)
    case 'member.admitted':
      return applyMemberAdmitted(state, event, id)
    case 'member.left':
      return applyMemberLeft(state, event, id)
    case 'member.removed':
      return applyMemberRemoved(state, event, id)
    case 'role.granted':
      return applyRoleGranted(state, event, id)
    case 'role.revoked':
      return applyRoleRevoked(state, event, id)
    case 'proposal.submitted':
      return applyProposalSubmitted(state, event, id)
    case 'proposal.amended':
      return applyProposalAmended(state, event, id)
    case 'proposal.withdrawn':
      return applyProposalWithdrawn(state, event, id)
    case 'comment.posted':
      return applyCommentPosted(state, event, id)
    case 'poll.opened':
      return applyPollOpened(state, event, id)
    case 'ballot.cast':
      return applyBallotCast(state, event, id)
    case 'poll.closed':
      return applyPollClosed(state, event, id)
    case 'fork.resolved':
      return applyForkResolved(state, event, id)
    default:
      return assertNever(event)
  }
}
