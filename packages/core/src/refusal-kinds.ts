// What a refusal says about the refused event's future, code by code. A device that signed an
// event and saw it refused must know whether the event can still be taken somewhere: if it can,
// signing something else at its seq is a fork (two events by one key at one place of its chain),
// and forks set the author's events aside on every hub (docs/events.md, "Forks").
//
// - `invalid`: no hub takes this event as signed, whatever it holds (a bad signature, a malformed
//   body, a vote that does not fit the poll it names, a count that does not match the ballots it
//   seals). It is nowhere and never will be: its seq is free.
// - `waiting`: something it needs has not reached the hub yet (its poll, its author's admission,
//   an earlier event of its chain…). The same hub may take it later, and a hub that holds what it
//   needs takes it now. Exactly the codes a hub holds back in replication (the store's
//   `PARKABLE_CODES` is this list): the event is not refused there, only held.
// - `settled`: the hub holds something that rules it out for good (the poll's close, the deadline
//   by the hub's clock, the invitation used up, another event at its seq). This hub never takes
//   it, but a hub that has not seen that yet may.
//
// Three lists, so the app loads only the one it asks about (`isWaitingRefusal`); a new code is a
// type error here until it is in one of them.
import type { RejectionCode } from './result.js'

export type RefusalKind = 'invalid' | 'waiting' | 'settled'

/** Codes of events no hub takes as signed, whatever it holds. */
export const INVALID_CODES = [
  'event.malformed',
  'event.too-large',
  'event.unknown-type',
  'event.bad-signature',
  'event.id-mismatch',
  'event.superseded-type',
  'text.control-character',
  'text.bidi-control',
  'text.not-nfc',
  'text.not-unicode',
  'text.invisible',
  'text.bidi-mark-in-number',
  'space.id-mismatch',
  'invitation.bad-proof',
  'proposal.not-author',
  'poll.bad-options',
  'poll.look-alike-options',
  'poll.duplicate-voter',
  'poll.result-mismatch',
  'poll.tally-failed',
  'poll.bad-deadline',
  'secret.is-secret',
  'secret.not-secret',
  'secret.council',
  'secret.bad-key',
  'secret.bad-dealing',
  'secret.bad-request',
  'secret.bad-credential',
  'secret.bad-issuance',
  'secret.bad-ciphertext',
  'secret.bad-share',
  'secret.not-a-ballot',
  'secret.ballot-route',
  'ballot.invalid',
  'reference.wrong-kind',
  'delegate.bad-election',
  'count.bad-round',
  'referral.bad-answer',
  'referral.result-mismatch',
  'statement.not-author',
  'statement.bad-paragraph',
  'statement.bad-translation',
  'statement.bad-cosign',
  'conversation.bad-vote',
  'conversation.text-too-long',
] as const satisfies readonly RejectionCode[]

/** Codes of events a hub may take once what they need arrives (a hub holds these back). */
export const WAITING_CODES = [
  'chain.seq-gap',
  'space.unknown',
  'member.not-member',
  'member.unknown',
  'member.not-facilitator',
  'invitation.unknown',
  'role.not-held',
  'proposal.not-allowed',
  'proposal.unknown',
  'comment.unknown-parent',
  'poll.unknown',
  'poll.not-allowed',
  'poll.unknown-ballot',
  'poll.close-ahead',
  'secret.setup',
  'secret.not-requested',
  'secret.too-early',
  'secret.unknown-seal',
  // A count sealing more one-time keys than the issuances held: an issuance signed before the
  // seal on another hub may still come (docs/events.md, "Two seals of a secret poll").
  'secret.over-issued',
  'ballot.unknown-poll',
  'fork.author-flagged',
  'reference.missing',
  'council.not-joined',
  'council.decision-not-adopted',
  'council.not-member-space',
  'council.too-many-delegates',
  'council.not-delegate',
  'delegate.not-seated',
  // The election or count it follows (`after`) is in its signer's log before it, so it comes.
  'delegate.election-unknown',
  'count.unknown',
  'referral.unknown',
  'statement.unknown',
  'statement.not-adopted',
  'statement.decision-not-adopted',
  'meeting.unknown',
  'meeting.not-allowed',
  'meeting.hand-already-raised',
  'meeting.no-hand',
  'conversation.unknown',
  'conversation.close-ahead',
  'conversation.not-facilitator',
  'conversation.unknown-statement',
  'conversation.statement-not-accepted',
  'conversation.statement-rejected',
] as const satisfies readonly RejectionCode[]

/** Codes of events this hub never takes, while one that has not seen why may. */
export const SETTLED_CODES = [
  'chain.fork',
  'chain.wrong-prev',
  'space.already-created',
  'member.already-member',
  'member.was-removed',
  'invitation.used-up',
  'invitation.already-exists',
  'invitation.revoked',
  'invitation.expired',
  'role.already-held',
  'role.last-facilitator',
  'proposal.withdrawn',
  'poll.closed',
  'poll.closed-by-author',
  'poll.ballot-omitted',
  'poll.stale-ballot',
  'poll.seal-beyond-view',
  'poll.close-stale',
  'poll.close-superseded',
  'poll.deadline-passed',
  'secret.already-set-up',
  'secret.not-issuer',
  'secret.not-teller',
  'secret.already-keyed',
  'secret.already-dealt',
  'secret.already-checked',
  'secret.bad-complaint',
  'secret.already-requested',
  'secret.already-issued',
  'secret.bad-time',
  'secret.sealed',
  'secret.already-revealed',
  'secret.request-after-deadline',
  'secret.recast-limit',
  'ballot.recast-limit',
  'member.volume-limit',
  'event.claimed-future',
  'ballot.poll-closed',
  'fork.bad-resolution',
  'council.not-council',
  'council.already-member',
  'council.already-noticed',
  'count.mismatch',
  'delegate.not-recalled',
  'delegate.already-seated',
  'delegate.seat-ended',
  'delegate.term-ended',
  'delegate.rotation-limit',
  'delegate.election-superseded',
  'delegate.election-not-latest',
  'count.not-latest',
  'recall.rule-not-met',
  'recall.stale-ballot',
  'referral.closed',
  'referral.already-answered',
  'decision.wrong-subject',
  'statement.frozen',
  'statement.already-adopted',
  'statement.poll-before-change',
  'statement.decision-used',
  'statement.superseded',
  'statement.already-cosigned',
  'statement.wrong-poll',
  'statement.stale-revision',
  'meeting.closed',
  'meeting.already-open',
  'meeting.bad-agenda-item',
  'meeting.already-attended',
  'conversation.closed',
  'conversation.close-stale',
  'conversation.not-imported',
  'conversation.not-importer',
  'conversation.already-decided',
  'conversation.duplicate-statement',
  'conversation.duplicate-text',
  'conversation.already-imported',
] as const satisfies readonly RejectionCode[]

type Listed =
  (typeof INVALID_CODES)[number] | (typeof WAITING_CODES)[number] | (typeof SETTLED_CODES)[number]
/** A type error names any code in none of the lists. */
export const EVERY_CODE_HAS_A_KIND: Exclude<RejectionCode, Listed> extends never ? true : never =
  true

const waiting: ReadonlySet<string> = new Set(WAITING_CODES)

/** Whether the hub may still take an event refused with `code` (see the header). */
export function isWaitingRefusal(code: string): boolean {
  return waiting.has(code)
}

/**
 * The kind of a refusal `code` as a hub answered it. A code this build does not know (a newer
 * hub's, or one about the request rather than the event: `request.too-large`…) is `settled`: the
 * hub did not take the event, and nothing says that no hub would.
 */
export function refusalKind(code: string): RefusalKind {
  if (waiting.has(code)) return 'waiting'
  return (INVALID_CODES as readonly string[]).includes(code) ? 'invalid' : 'settled'
}
