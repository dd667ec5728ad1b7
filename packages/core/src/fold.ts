// The fold: applies one event to a space's state, or rejects it with a stable code. Pure and
// deterministic: no clock, no randomness, no I/O. The caller has already parsed the event, checked
// its signatures and recognised exact duplicates (see the ledger in @veche/store).
import type { SignedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'
import { advanceChainFrom, checkChainAt } from './chain-rules.js'
import {
  applyAssemblyCreated,
  applyMemberAdmitted,
  applyInvitationRevoked,
  applyMemberInvited,
  applyMemberInvited2,
  applyMemberJoined,
  applyMemberLeft,
  applyMemberRemoved,
  applyRoleGranted,
  applyRoleRevoked,
} from './membership-rules.js'
import {
  applyBallotCast,
  applyPollClosed,
  applyPollClosed2,
  applyPollClosed3,
  applyPollOpened,
  applyPollOpened2,
  applyPollOpened3,
} from './poll-rules.js'
import {
  applyCouncilCreated,
  applyCouncilNotice,
  applyReferralClosed,
  applyReferralOpened,
  applySpaceAdmitted,
} from './council-rules.js'
import {
  applyCouncilReported,
  applyDelegateElected,
  applyDelegateElected2,
  applyDelegateElected3,
  applyJoinDecided,
  applyJoinDecided2,
  applyLeaveDecided,
  applyLeaveDecided2,
  applyMandateDecided,
  applyMandateDecided2,
  applyReferralAnswered,
  applyReferralAnswered2,
  applyRotationRuleSet,
  applySpaceCounted,
  applySpaceCounted2,
} from './delegation-rules.js'
import { applyRecallRuleSet, applyRecallStarted } from './recall-rules.js'
import { EMPTY_CONTEXT } from './foreign-context.js'
import type { FoldContext } from './foreign-context.js'
import {
  applyCommentPosted,
  applyProposalAmended,
  applyProposalSubmitted,
  applyProposalWithdrawn,
} from './proposal-rules.js'
import { applyForkResolved } from './fork-rules.js'
import {
  applyCosignDecided,
  applyParagraphAmended,
  applyStatementAdopted,
  applyStatementAmended,
  applyStatementCosigned,
  applyStatementDrafted,
  applyStatementRevised,
  applyStatementTranslated,
} from './statement-rules.js'
import {
  applyAgendaAdvanced,
  applyHandLowered,
  applyHandRaised,
  applyMeetingAttended,
  applyMeetingClosed,
  applyMeetingOpened,
  applySpeakerCalled,
} from './meeting-rules.js'
import {
  applyConversationClosed,
  applyConversationClosedInView,
  applyConversationOpened,
  applyConversationVoted,
  applyStatementAccepted,
  applyStatementRejected,
  applyStatementSubmitted,
  applyStatementsImported,
  applyVotesImported,
} from './conversation-rules.js'
import { assertNever, reject } from './result.js'
import type { Rejection } from './result.js'
import { flaggedFrom, isFacilitatorRecord, noteMemberChange } from './space-state.js'
import { seatAt } from './council-state.js'
import type { SpaceState } from './space-state.js'
import type { SecretRules } from './secret-rule-set.js'
import { refuseSupersededType } from './superseded-types.js'
import { textRulesSince } from './text-rules.js'
import type { TextCode } from './text-rules.js'

/**
 * The refusal of an event that breaks the text rules (`textProblem`, from `parseEvent` with
 * `oldTexts: 'report'`) when its space obeys them: its creation event (or this event, if it is
 * that one) says `texts` (1, 2 or 3; a right-to-left mark inside a number only under 3:
 * `textRulesSince`). In a space founded before them it is null, so old logs verify
 * to the same state hash; the space's founding, which every replica folds first, decides, never a
 * claimed time. Call it before `applyEvent` wherever events parsed that way are folded.
 */
export function textRulesRefusal(
  state: SpaceState,
  parsed: { readonly event: SignedEvent; readonly id: EventId; readonly textProblem?: Rejection },
): Rejection | null {
  if (parsed.textProblem === undefined) return null
  const { event } = parsed
  const creation = event.type === 'assembly.created' || event.type === 'council.created'
  const rules = creation && state.assembly === null ? (event.body.texts ?? 0) : state.textRules
  if (rules < textRulesSince(parsed.textProblem.code as TextCode)) return null
  return reject(parsed.textProblem.code, parsed.textProblem.message, parsed.id)
}

/** Whether `event` belongs to a secret poll, whose rules `applyEventWith` must be handed. */
export function isSecretEvent(event: SignedEvent): boolean {
  return event.type.startsWith('secret.')
}

/** The rules of secret polls, loaded now (they bring the secret-ballot crypto). */
export async function loadSecretRules(): Promise<SecretRules> {
  return (await import('./secret-rule-set.js')).SECRET_RULES
}

/**
 * `applyEvent` (apply-event.ts) with the rules of secret polls given, or null when the caller has
 * not loaded them: then an event of a secret poll (`isSecretEvent`) is a bug, and throws.
 */
export function applyEventWith(
  secret: SecretRules | null,
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
  context: FoldContext = EMPTY_CONTEXT,
): Rejection | null {
  if (event.space !== state.space) {
    return reject('space.unknown', `event belongs to space ${event.space}, not ${state.space}`, id)
  }
  // Signed by a one-time key, not a member: no chain, no membership, not among the space's events.
  if (event.type === 'secret.ballot')
    return secretRules(secret, event).applySecretBallot(state, event, id, context)
  // The author's chain head is looked up once per event, and the member record through it (a
  // replay folds a million events; each lookup of a 43-character key in a map of ten thousand is
  // a few cache misses). Both records are mutated in place by the rules, never replaced, so they
  // stay current below.
  const author = event.author
  const flagged = state.forks.size === 0 ? null : flaggedFrom(state, author)
  if (flagged !== null && event.seq >= flagged) {
    return reject(
      'fork.author-flagged',
      `author ${author} signed two different events with seq ${flagged} in this space; ` +
        'none of their later events is accepted until a facilitator resolves the fork',
      id,
    )
  }
  const head = state.heads.get(author)
  const chain = checkChainAt(head, event, id)
  if (chain !== null) return chain
  if (state.assembly === null && !isCreation(event)) {
    return reject(
      'space.unknown',
      `space ${event.space} has not been created (its first event is missing)`,
      id,
    )
  }
  // Read from the type and the space's founding alone (one comparison in a space founded before).
  if (state.rulesVersion >= 3) {
    const superseded = refuseSupersededType(state, event, id)
    if (superseded !== null) return superseded
  }
  // An author found an active member without a role at this `memberEpoch` (`activeAt`) still is
  // one: no member's record has changed since. Most events are by such members, and reading the
  // member record was a cache miss an event; it is read only when the epoch has moved.
  const known = head !== undefined && head.activeAt === state.memberEpoch
  let member = known ? undefined : head?.member
  if (member === undefined && !known) {
    member = state.members.get(author)
    if (head !== undefined) head.member = member
  }
  if (
    !known &&
    member?.status !== 'active' &&
    !isCreation(event) &&
    event.type !== 'member.joined' &&
    event.type !== 'council.notice' &&
    event.type !== 'statement.cosigned'
  ) {
    const seat = state.council === null ? null : seatAt(state.council, author, event.at)
    if (seat === 'recalled' || seat === 'ended') {
      return reject(
        'delegate.seat-ended',
        `${author} no longer holds a seat in this council (${seat})`,
        id,
      )
    }
    if (seat === 'term-ended') {
      return reject(
        'delegate.term-ended',
        `${author}'s term in this council ended at ${state.council!.delegates.get(author)!.termEnds} (ms since epoch)`,
        id,
      )
    }
    if (seat !== 'seated')
      return reject('member.not-member', `${author} is not a member of this space`, id)
  }
  const active = state.activeMembers
  const rejection = applyRule(secret, state, event, id, context)
  if (rejection !== null) return rejection
  // Kept for a close that states its membership view (`poll.closed.3`, countVotersInView).
  if (state.activeMembers !== active)
    noteMemberChange(state, author, event.seq, state.activeMembers - active)
  // A council's time only grows, and only its convenors' claimed times move it: any key may post
  // a notice, and must not be able to end every term by claiming a late time (council-state.ts).
  // The author's record is read after the rule (which may have made or changed it), unless the
  // author was found no facilitator and no member's record has changed since (`plainAt`): in a log
  // whose times grow, every event by a member without a role gets here, and reading the roles was
  // a few cache misses an event. (`known` implies `plainAt` is the epoch the event began with: if
  // the rule moved it, `member` is not at hand and the record is looked up.)
  const council = state.council
  if (event.at > state.facilitatorClock || (council !== null && event.at > council.clock)) {
    if (head === undefined || head.plainAt !== state.memberEpoch) {
      const record = member ?? state.members.get(author)
      if (isFacilitatorRecord(record)) {
        if (council !== null && event.at > council.clock) council.clock = event.at
        if (event.at > state.facilitatorClock) state.facilitatorClock = event.at
      } else if (head !== undefined) {
        head.plainAt = state.memberEpoch
        head.activeAt = record?.status === 'active' ? state.memberEpoch : undefined
      }
    }
  }
  // A resolution moves the member's chain; its own author's chain advances as usual.
  advanceChainFrom(state, head, event, id)
  state.events += 1
  return null
}

/**
 * Whether `event` founds its space. Asked only where it matters (before the space exists, or of an
 * author who is not an active member): a type is a new string at every parse, and each comparison
 * with it costs a call.
 */
function isCreation(event: SignedEvent): boolean {
  return event.type === 'assembly.created' || event.type === 'council.created'
}

/** The rules of secret polls, which whoever folds a secret poll's event must have handed in. */
function secretRules(secret: SecretRules | null, event: SignedEvent): SecretRules {
  if (secret === null)
    throw new Error(`${event.type}: the rules of secret polls were not loaded (loadSecretRules)`)
  return secret
}

function applyRule(
  secret: SecretRules | null,
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
  context: FoldContext,
): Rejection | null {
  // Ballots are most of any log: their case comes first, as the switch compares the type with
  // each case in turn (a type of more than ten characters is a new string at every parse, so each
  // comparison is a call, not a pointer check).
  switch (event.type) {
    case 'ballot.cast':
      return applyBallotCast(state, event, id, context)
    case 'assembly.created':
      return applyAssemblyCreated(state, event, id, context)
    case 'member.invited':
      return applyMemberInvited(state, event, id, context)
    case 'member.invited.2':
      return applyMemberInvited2(state, event, id, context)
    case 'invitation.revoked':
      return applyInvitationRevoked(state, event, id, context)
    case 'member.joined':
      return applyMemberJoined(state, event, id, context)
    case 'member.admitted':
      return applyMemberAdmitted(state, event, id, context)
    case 'member.left':
      return applyMemberLeft(state, event, id, context)
    case 'member.removed':
      return applyMemberRemoved(state, event, id, context)
    case 'role.granted':
      return applyRoleGranted(state, event, id, context)
    case 'role.revoked':
      return applyRoleRevoked(state, event, id, context)
    case 'proposal.submitted':
      return applyProposalSubmitted(state, event, id, context)
    case 'proposal.amended':
      return applyProposalAmended(state, event, id, context)
    case 'proposal.withdrawn':
      return applyProposalWithdrawn(state, event, id, context)
    case 'comment.posted':
      return applyCommentPosted(state, event, id, context)
    case 'poll.opened':
      return applyPollOpened(state, event, id, context)
    case 'poll.closed':
      return applyPollClosed(state, event, id, context)
    case 'poll.closed.2':
      return applyPollClosed2(state, event, id, context)
    case 'poll.closed.3':
      return applyPollClosed3(state, event, id, context)
    case 'fork.resolved':
      return applyForkResolved(state, event, id, context)
    case 'poll.opened.2':
      return applyPollOpened2(state, event, id, context)
    case 'poll.opened.3':
      return applyPollOpened3(state, event, id, context)
    case 'council.created':
      return applyCouncilCreated(state, event, id, context)
    case 'council.join-decided':
      return applyJoinDecided(state, event, id, context)
    case 'council.leave-decided':
      return applyLeaveDecided(state, event, id, context)
    case 'council.join-decided.2':
      return applyJoinDecided2(state, event, id, context)
    case 'council.leave-decided.2':
      return applyLeaveDecided2(state, event, id, context)
    case 'council.space-admitted':
      return applySpaceAdmitted(state, event, id, context)
    case 'council.notice':
      return applyCouncilNotice(state, event, id, context)
    case 'council.reported':
      return applyCouncilReported(state, event, id, context)
    case 'space.counted':
      return applySpaceCounted(state, event, id, context)
    case 'space.counted.2':
      return applySpaceCounted2(state, event, id, context)
    case 'recall.rule-set':
      return applyRecallRuleSet(state, event, id, context)
    case 'delegate.elected':
      return applyDelegateElected(state, event, id, context)
    case 'delegate.elected.2':
      return applyDelegateElected2(state, event, id, context)
    case 'delegate.elected.3':
      return applyDelegateElected3(state, event, id, context)
    case 'rotation.rule-set':
      return applyRotationRuleSet(state, event, id, context)
    case 'recall.started':
      return applyRecallStarted(state, event, id, context)
    case 'mandate.decided':
      return applyMandateDecided(state, event, id, context)
    case 'mandate.decided.2':
      return applyMandateDecided2(state, event, id, context)
    case 'referral.opened':
      return applyReferralOpened(state, event, id, context)
    case 'referral.answered':
      return applyReferralAnswered(state, event, id, context)
    case 'referral.answered.2':
      return applyReferralAnswered2(state, event, id, context)
    case 'referral.closed':
      return applyReferralClosed(state, event, id, context)
    case 'statement.drafted':
      return applyStatementDrafted(state, event, id, context)
    case 'statement.paragraph-amended':
      return applyParagraphAmended(state, event, id, context)
    case 'statement.amended':
      return applyStatementAmended(state, event, id, context)
    case 'statement.adopted':
      return applyStatementAdopted(state, event, id, context)
    case 'statement.revised':
      return applyStatementRevised(state, event, id, context)
    case 'statement.translated':
      return applyStatementTranslated(state, event, id, context)
    case 'statement.cosign-decided':
      return applyCosignDecided(state, event, id, context)
    case 'statement.cosigned':
      return applyStatementCosigned(state, event, id, context)
    case 'meeting.opened':
      return applyMeetingOpened(state, event, id, context)
    case 'meeting.agenda-advanced':
      return applyAgendaAdvanced(state, event, id, context)
    case 'meeting.hand-raised':
      return applyHandRaised(state, event, id, context)
    case 'meeting.hand-lowered':
      return applyHandLowered(state, event, id, context)
    case 'meeting.speaker-called':
      return applySpeakerCalled(state, event, id, context)
    case 'meeting.attended':
      return applyMeetingAttended(state, event, id, context)
    case 'meeting.closed':
      return applyMeetingClosed(state, event, id, context)
    case 'secret.poll-opened':
      return secretRules(secret, event).applySecretPollOpened(state, event, id, context)
    case 'secret.issuer-key':
      return secretRules(secret, event).applyIssuerKey(state, event, id, context)
    case 'secret.teller-key':
      return secretRules(secret, event).applyTellerKey(state, event, id, context)
    case 'secret.teller-dealt':
      return secretRules(secret, event).applyTellerDealt(state, event, id, context)
    case 'secret.teller-checked':
      return secretRules(secret, event).applyTellerChecked(state, event, id, context)
    case 'secret.credential-requested':
      return secretRules(secret, event).applyCredentialRequested(state, event, id, context)
    case 'secret.credential-issued':
      return secretRules(secret, event).applyCredentialIssued(state, event, id, context)
    case 'secret.ballot':
      return secretRules(secret, event).applySecretBallot(state, event, id)
    case 'secret.poll-sealed':
      return secretRules(secret, event).applySecretSealed(state, event, id, context)
    case 'secret.teller-revealed':
      return secretRules(secret, event).applyTellerRevealed(state, event, id, context)
    case 'secret.poll-counted':
      return secretRules(secret, event).applySecretCounted(state, event, id, context)
    case 'conversation.opened':
      return applyConversationOpened(state, event, id, context)
    case 'conversation.statement-submitted':
      return applyStatementSubmitted(state, event, id, context)
    case 'conversation.statement-accepted':
      return applyStatementAccepted(state, event, id, context)
    case 'conversation.statement-rejected':
      return applyStatementRejected(state, event, id, context)
    case 'conversation.voted':
      return applyConversationVoted(state, event, id, context)
    case 'conversation.closed':
      return applyConversationClosed(state, event, id, context)
    case 'conversation.closed.2':
      return applyConversationClosedInView(state, event, id, context)
    case 'conversation.statements-imported':
      return applyStatementsImported(state, event, id, context)
    case 'conversation.votes-imported':
      return applyVotesImported(state, event, id, context)
    default:
      return assertNever(event)
  }
}
