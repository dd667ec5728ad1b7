// Expected failures are values, not exceptions (STYLE.md "Errors").

/** Either a value or a rejection with a stable code. */
export type Result<T, E = Rejection> = { readonly ok: true; readonly value: T } | E

/** A rejection: a stable code that tests, the API and the UI share, and a human reason. */
export interface Rejection {
  readonly ok: false
  readonly code: RejectionCode
  readonly message: string
  readonly eventId?: string
}

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

export function reject(code: RejectionCode, message: string, eventId?: string): Rejection {
  return eventId === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, eventId }
}

/** Marks a switch as exhaustive: a new union member is then a type error here. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`)
}

/**
 * Every code the rules can give. Stable: tests, the API and the UI match on these strings, so a
 * code is never renamed; a new situation gets a new code.
 */
export const REJECTION_CODES = [
  'event.malformed',
  'event.too-large',
  'event.unknown-type',
  'event.bad-signature',
  'event.id-mismatch',
  'text.control-character',
  'text.bidi-control',
  'text.not-nfc',
  'text.not-unicode',
  'text.invisible',
  'chain.seq-gap',
  'chain.fork',
  'chain.wrong-prev',
  'space.unknown',
  'space.already-created',
  'space.id-mismatch',
  'member.not-member',
  'member.already-member',
  'member.unknown',
  'member.not-facilitator',
  'member.was-removed',
  'invitation.unknown',
  'invitation.used-up',
  'invitation.bad-proof',
  'invitation.already-exists',
  'invitation.revoked',
  'invitation.expired',
  'role.already-held',
  'role.not-held',
  'role.last-facilitator',
  'proposal.not-allowed',
  'proposal.unknown',
  'proposal.withdrawn',
  'proposal.not-author',
  'comment.unknown-parent',
  'poll.unknown',
  'poll.closed',
  'poll.not-allowed',
  'poll.bad-options',
  'poll.unknown-ballot',
  'poll.duplicate-voter',
  'poll.result-mismatch',
  'poll.tally-failed',
  'poll.ballot-omitted',
  'poll.stale-ballot',
  'poll.seal-beyond-view',
  'poll.close-ahead',
  'poll.close-stale',
  'poll.deadline-passed',
  'poll.bad-deadline',
  'secret.is-secret',
  'secret.not-secret',
  'secret.council',
  'secret.setup',
  'secret.already-set-up',
  'secret.not-issuer',
  'secret.not-teller',
  'secret.bad-key',
  'secret.already-keyed',
  'secret.already-dealt',
  'secret.already-checked',
  'secret.bad-complaint',
  'secret.bad-dealing',
  'secret.already-requested',
  'secret.bad-request',
  'secret.not-requested',
  'secret.already-issued',
  'secret.bad-credential',
  'secret.bad-ciphertext',
  'secret.bad-time',
  'secret.sealed',
  'secret.too-early',
  'secret.already-revealed',
  'secret.bad-share',
  'secret.over-issued',
  'secret.not-a-ballot',
  'secret.ballot-route',
  'secret.request-after-deadline',
  'ballot.unknown-poll',
  'ballot.poll-closed',
  'ballot.invalid',
  'fork.author-flagged',
  'fork.bad-resolution',
  'reference.missing',
  'reference.wrong-kind',
  'council.not-council',
  'council.not-joined',
  'council.decision-not-adopted',
  'council.already-member',
  'council.already-noticed',
  'council.not-member-space',
  'council.too-many-delegates',
  'council.not-delegate',
  'count.mismatch',
  'delegate.bad-election',
  'delegate.not-seated',
  'delegate.not-recalled',
  'delegate.already-seated',
  'delegate.seat-ended',
  'delegate.term-ended',
  'delegate.rotation-limit',
  'delegate.election-superseded',
  'recall.rule-not-met',
  'recall.stale-ballot',
  'referral.unknown',
  'referral.closed',
  'referral.already-answered',
  'referral.bad-answer',
  'referral.result-mismatch',
  'statement.unknown',
  'statement.not-author',
  'statement.frozen',
  'statement.bad-paragraph',
  'statement.bad-translation',
  'statement.already-adopted',
  'statement.not-adopted',
  'statement.decision-not-adopted',
  'statement.poll-before-change',
  'statement.decision-used',
  'statement.superseded',
  'statement.bad-cosign',
  'statement.already-cosigned',
  'statement.wrong-poll',
  'statement.stale-revision',
  'meeting.unknown',
  'meeting.closed',
  'meeting.already-open',
  'meeting.not-allowed',
  'meeting.bad-agenda-item',
  'meeting.hand-already-raised',
  'meeting.no-hand',
  'meeting.already-attended',
  'conversation.unknown',
  'conversation.closed',
  'conversation.close-ahead',
  'conversation.close-stale',
  'conversation.not-facilitator',
  'conversation.not-imported',
  'conversation.not-importer',
  'conversation.unknown-statement',
  'conversation.statement-not-accepted',
  'conversation.statement-rejected',
  'conversation.already-decided',
  'conversation.duplicate-statement',
  'conversation.duplicate-text',
  'conversation.bad-vote',
  'conversation.text-too-long',
  'conversation.already-imported',
] as const

export type RejectionCode = (typeof REJECTION_CODES)[number]
