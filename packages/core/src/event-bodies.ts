// The body of every event type, as zod schemas. A type's body shape never changes once released:
// a change is a new type name (for example `poll.opened.2`), so old logs always replay the same
// way. Bodies are strict: a field this version does not know is rejected, never silently ignored,
// because ignoring it could make two hubs fold the same log differently.
import { z } from 'zod'
import { eventId, languageTag, publicKey, signature, spaceId, text } from './body-fields.js'
import { MANDATE_POSITIONS } from './mandate-positions.js'
import { fraction, POLL_METHODS, pollFields } from './poll-fields.js'
import { SECRET_BODY_SCHEMAS } from './secret-bodies.js'
import { STATEMENT_BODY_SCHEMAS } from './statement-bodies.js'
import { CONVERSATION_BODY_SCHEMAS } from './conversation-bodies.js'

const displayName = text(1, 80, 'one')
/**
 * A creation event's `texts: 1`, `2` or `3`: every event of the space obeys the text rules of
 * that version (text-rules.ts). Spaces founded before them have no such field, and their events are
 * held to the rules they were signed under, so their logs still verify (docs/events.md, "Texts").
 */
const textRulesDeclaration = z.union([z.literal(1), z.literal(2), z.literal(3)]).optional()
/**
 * A creation event's `forkRule: 2`: a second event at a seq its author used is fork evidence only
 * if its own bytes and the event it names do not rule it out (fork-exemption.ts). Spaces founded
 * before have no such field and keep the rule their logs were checked under (docs/events.md,
 * "Forks").
 */
const forkRuleDeclaration = z.literal(2).optional()
/**
 * A creation event's `rulesVersion: 3`: the space refuses every event type a newer version
 * superseded (superseded-types.ts) and obeys fork rule 2, as `forkRule: 2` says. Spaces founded
 * before have no such field and accept every type, so their logs replay as before (docs/events.md,
 * "Rules versions").
 */
const rulesVersionDeclaration = z.literal(3).optional()

export { POLL_METHODS } from './poll-fields.js'
export type { DecisionMethod } from './poll-fields.js'

/** The methods of the first poll type, `poll.opened`, and of an assembly's default method. */
export const V1_POLL_METHODS = ['majority', 'consent'] as const
export type PollMethod = (typeof V1_POLL_METHODS)[number]

export { RANKING_METHODS } from './ranking-methods.js'

export const RIGHTS = ['member', 'facilitator'] as const
export type Right = (typeof RIGHTS)[number]

export const ROLES = ['facilitator'] as const
export type Role = (typeof ROLES)[number]

const quorum = z.strictObject({
  /** At least this many ballots, abstentions included. */
  ballots: z.number().int().min(0).max(1_000_000_000),
  /** At least this percentage of the members at the close. */
  percent: z.number().int().min(0).max(100),
})

export const assemblyRulesSchema = z.strictObject({
  proposeRight: z.enum(RIGHTS),
  inviteRight: z.enum(RIGHTS),
  quorum,
  defaultMethod: z.enum(V1_POLL_METHODS),
  visibility: z.enum(['public', 'private']),
})
export type AssemblyRules = z.infer<typeof assemblyRulesSchema>

/** A place in a space's chain of elections or counts: 1 for the first of the new types. */
const chainRound = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

export { MANDATE_POSITIONS } from './mandate-positions.js'
export type { MandatePosition } from './mandate-positions.js'

/** How a referral's answers are added up. */
export const REFERRAL_RULES = ['spaces', 'members', 'both'] as const
export type ReferralRule = (typeof REFERRAL_RULES)[number]

export const councilRulesSchema = z.strictObject({
  seats: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), perSpace: z.number().int().min(1).max(100) }),
    z.strictObject({
      kind: z.literal('proportional'),
      method: z.enum(['dhondt', 'sainte-lague']),
      total: z.number().int().min(1).max(10_000),
    }),
  ]),
  quorum,
  defaultMethod: z.enum(POLL_METHODS),
})
export type CouncilRules = z.infer<typeof councilRulesSchema>

export const EVENT_BODY_SCHEMAS = {
  'assembly.created': z.strictObject({
    nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    name: text(1, 200, 'one'),
    description: z.string().max(10_000),
    languages: z.array(languageTag).min(1).max(20),
    founderName: displayName,
    rules: assemblyRulesSchema,
    texts: textRulesDeclaration,
    forkRule: forkRuleDeclaration,
    rulesVersion: rulesVersionDeclaration,
  }),
  'member.invited': z.strictObject({
    /** Public half of the invitation key; the secret half travels in the invitation link. */
    invitation: publicKey,
    uses: z.number().int().min(1).max(100_000),
    note: z.string().max(200),
  }),
  /** As `member.invited`, with an expiry: no join claimed after `expires` is accepted. */
  'member.invited.2': z.strictObject({
    invitation: publicKey,
    uses: z.number().int().min(1).max(100_000),
    note: z.string().max(200),
    /** Ms since 1970, or null for none. */
    expires: z.number().int().min(0).max(8_640_000_000_000_000).nullable(),
  }),
  /** Ends an invitation: no join through it is accepted after this. */
  'invitation.revoked': z.strictObject({
    invitation: publicKey,
    reason: z.string().max(500),
  }),
  'member.joined': z.strictObject({
    invitation: publicKey,
    /** The invitation key's signature over the join statement (see `joinStatement`). */
    proof: signature,
    name: displayName,
  }),
  'member.admitted': z.strictObject({ member: publicKey, name: displayName }),
  'member.left': z.strictObject({}),
  'member.removed': z.strictObject({ member: publicKey, reason: z.string().max(1000) }),
  'role.granted': z.strictObject({ member: publicKey, role: z.enum(ROLES) }),
  'role.revoked': z.strictObject({ member: publicKey, role: z.enum(ROLES) }),
  'proposal.submitted': z.strictObject({ title: text(1, 300, 'one'), text: text(1, 50_000) }),
  'proposal.amended': z.strictObject({
    proposal: eventId,
    title: text(1, 300, 'one'),
    text: text(1, 50_000),
    note: z.string().max(2000),
  }),
  'proposal.withdrawn': z.strictObject({ proposal: eventId }),
  'comment.posted': z.strictObject({
    proposal: eventId,
    /** The comment this one answers, or null for a top-level comment. */
    parent: eventId.nullable(),
    text: text(1, 10_000),
  }),
  'poll.opened': z.strictObject({
    question: text(1, 1000),
    proposal: eventId.nullable(),
    method: z.enum(V1_POLL_METHODS),
    /** The options to choose from; for consent polls the positions are fixed and this is empty. */
    options: z.array(text(1, 200, 'one')).max(100),
    /** Who may vote; only members for now (councils add delegates). */
    voters: z.literal('members'),
    /** The winner needs more than this share of non-abstaining votes (majority), or the agree share must exceed it (consent). */
    threshold: fraction,
    /** Seed for deterministic tie-breaking, fixed when the poll opens. */
    tieBreakSeed: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  }),
  'ballot.cast': z.strictObject({
    poll: eventId,
    /** Shape depends on the poll's method; checked by the rules, not here. */
    vote: z.unknown(),
  }),
  'poll.closed': z.strictObject({
    poll: eventId,
    /** The exact ballots counted, sorted, one per voter: the seal. */
    ballots: z.array(eventId).max(200_000),
    /** The result as the closer computed it; every replay recomputes and compares it. */
    result: z.unknown(),
  }),
  /**
   * A close that states the closer's view: for each voter whose ballots the closer held, the seq
   * of that voter's newest event it held. Every ballot within the view must be accounted for
   * (each voter's latest one sealed); ballots beyond it are kept but not counted (poll-rules.ts).
   */
  'poll.closed.2': z.strictObject({
    poll: eventId,
    seen: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((seen) => Object.keys(seen).length <= 200_000, 'must list at most 200000 voters'),
    ballots: z.array(eventId).max(200_000),
    result: z.unknown(),
  }),
  /**
   * As `poll.closed.2`, plus the closer's membership view: for each author whose events changed
   * the number of active members (joins, admissions, leaves, removals, the founding), the seq of
   * the newest such event the closer held. The quorum (and a recall's majority) counts the members
   * within that view, so a member leaving on another hub at the same time changes no replica's
   * count (space-state.ts, `countVotersInView`).
   */
  'poll.closed.3': z.strictObject({
    poll: eventId,
    seen: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((seen) => Object.keys(seen).length <= 200_000, 'must list at most 200000 voters'),
    members: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine(
        (members) => Object.keys(members).length <= 1_000_000,
        'must list at most 1000000 members',
      ),
    ballots: z.array(eventId).max(200_000),
    result: z.unknown(),
  }),
  'poll.opened.2': z.strictObject({
    question: text(1, 1000),
    proposal: eventId.nullable(),
    method: z.enum(POLL_METHODS),
    /** The options (for a delegate election: the candidates' public keys); empty for consent. */
    options: z.array(text(1, 200, 'one')).max(100),
    voters: z.literal('members'),
    /** Majority and consent only; other methods rank the options and ignore it. */
    threshold: fraction,
    /** Winners to elect (STV, approval, score, Borda, Schulze); 1 for the other methods. */
    seats: z.number().int().min(1).max(100),
    /** The whole numbers a score ballot may give; null for the other methods. */
    scoreRange: z
      .strictObject({ min: z.number().int().min(-100), max: z.number().int().max(100) })
      .refine((r) => r.min < r.max, 'min must be below max')
      .nullable(),
    tieBreakSeed: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  }),
  /** As `poll.opened.2`, but the poll names what it decides (see poll-subject.ts). */
  'poll.opened.3': z.strictObject({
    ...pollFields,
    /**
     * When voting ends, in ms since 1970 (optional; absent on polls without a deadline, so the
     * bodies and ids of polls opened before deadlines existed are unchanged). No ballot claimed
     * after it is accepted; the poll is still closed by an ordinary `poll.closed.2`.
     */
    closesAt: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
  }),
  'council.created': z.strictObject({
    nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    name: text(1, 200, 'one'),
    description: z.string().max(10_000),
    languages: z.array(languageTag).min(1).max(20),
    /** The founder is the first convenor: a facilitator of the council, not a voting member. */
    founderName: displayName,
    rules: councilRulesSchema,
    texts: textRulesDeclaration,
    forkRule: forkRuleDeclaration,
    rulesVersion: rulesVersionDeclaration,
  }),
  'council.join-decided': z.strictObject({ council: spaceId, poll: eventId }),
  'council.leave-decided': z.strictObject({ council: spaceId, poll: eventId }),
  /** As `council.join-decided`, but `poll` must be a `poll.opened.3` on joining this council. */
  'council.join-decided.2': z.strictObject({ council: spaceId, poll: eventId }),
  /** As `council.leave-decided`, but `poll` must be a `poll.opened.3` on leaving this council. */
  'council.leave-decided.2': z.strictObject({ council: spaceId, poll: eventId }),
  'council.space-admitted': z.strictObject({
    space: spaceId,
    /** The member space's `council.join-decided` event. */
    decision: eventId,
  }),
  'council.notice': z.strictObject({
    /** An accepted event of another space that this one takes note of. */
    reference: eventId,
  }),
  'council.reported': z.strictObject({
    /** A council's `poll.closed` or `referral.closed`, recorded in a member space's feed. */
    reference: eventId,
  }),
  'space.counted': z.strictObject({
    /** Active members now (within `view`, when it is given); checked by the fold. */
    members: z.number().int().min(0).max(100_000_000),
    /**
     * The signer's membership view, as a `poll.closed.3`'s `members` (absent in counts signed
     * before it: those are checked against the members at the fold).
     */
    view: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((m) => Object.keys(m).length <= 1_000_000, 'must list at most 1000000 members')
      .optional(),
  }),
  /**
   * As `space.counted`, with its place in the space's own chain of counts: the council takes the
   * count of the highest `round`, not the latest claimed time (docs/federation.md, "Order of a
   * space's elections and counts").
   */
  'space.counted.2': z.strictObject({
    members: z.number().int().min(0).max(100_000_000),
    view: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((m) => Object.keys(m).length <= 1_000_000, 'must list at most 1000000 members')
      .optional(),
    /** The space's count (of any type) this one follows, or null for the first. */
    after: eventId.nullable(),
    /** One more than the round of `after` (an old-type count has round 0; null gives 1). */
    round: chainRound,
  }),
  'recall.rule-set': z.strictObject({
    /** A recall passes when its `recall` votes are more than this share of the active members. */
    share: fraction,
  }),
  'delegate.elected': z.strictObject({
    council: spaceId,
    delegates: z.array(publicKey).min(1).max(100),
    /** Take a seat, in this order, when a delegate is recalled. */
    alternates: z.array(publicKey).max(100),
    /** The closed election poll whose winners are exactly `delegates`. */
    poll: eventId,
    /** The term, in words (for example "until the March assembly"). */
    term: z.string().max(200),
  }),
  /** As `delegate.elected`, with a term that ends: the seats stop counting at `termEnds`. */
  'delegate.elected.2': z.strictObject({
    council: spaceId,
    delegates: z.array(publicKey).min(1).max(100),
    alternates: z.array(publicKey).max(100),
    poll: eventId,
    /** The term, in words. */
    term: z.string().max(200),
    /** When the term ends, in ms since the epoch (compared with claimed times); null: never. */
    termEnds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  }),
  /**
   * As `delegate.elected.2`, with its place in the space's own chain of elections to the council:
   * the council orders them by `round`, not by claimed time (docs/federation.md, "Order of a
   * space's elections and counts").
   */
  'delegate.elected.3': z.strictObject({
    council: spaceId,
    delegates: z.array(publicKey).min(1).max(100),
    alternates: z.array(publicKey).max(100),
    poll: eventId,
    term: z.string().max(200),
    termEnds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
    /** The space's election to `council` (of any type) this one follows, or null for the first. */
    after: eventId.nullable(),
    /** One more than the round of `after` (an old-type election has round 0; null gives 1). */
    round: chainRound,
  }),
  'rotation.rule-set': z.strictObject({
    /** No key is elected for more than this many consecutive terms to one council; null: no limit. */
    maxConsecutiveTerms: z.number().int().min(1).max(100).nullable(),
  }),
  'recall.started': z.strictObject({
    council: spaceId,
    delegate: publicKey,
    reason: z.string().max(2000),
  }),
  'mandate.decided': z.strictObject({
    council: spaceId,
    /** The council's poll this mandate is about. */
    councilPoll: eventId,
    position: z.enum(MANDATE_POSITIONS),
    /** The adopted poll of this space that decided the mandate. */
    poll: eventId,
  }),
  /** As `mandate.decided`, but `poll` must be a `poll.opened.3` on exactly this mandate. */
  'mandate.decided.2': z.strictObject({
    council: spaceId,
    councilPoll: eventId,
    position: z.enum(MANDATE_POSITIONS),
    poll: eventId,
  }),
  'referral.opened': z.strictObject({
    /** A proposal of the council. */
    motion: eventId,
    rule: z.enum(REFERRAL_RULES),
  }),
  'referral.answered': z.strictObject({
    council: spaceId,
    referral: eventId,
    /** The closed poll of this space that answered; its counts are restated and checked. */
    poll: eventId,
    for: z.number().int().min(0),
    against: z.number().int().min(0),
    abstain: z.number().int().min(0),
  }),
  /** As `referral.answered`, but `poll` must be a `poll.opened.3` answering this referral. */
  'referral.answered.2': z.strictObject({
    council: spaceId,
    referral: eventId,
    poll: eventId,
    for: z.number().int().min(0),
    against: z.number().int().min(0),
    abstain: z.number().int().min(0),
  }),
  'referral.closed': z.strictObject({
    referral: eventId,
    /** The result as the closer added it up; every replay recomputes and compares it. */
    result: z.unknown(),
  }),
  'fork.resolved': z.strictObject({
    /** The author whose fork (two events at one seq) is resolved. */
    member: publicKey,
    /**
     * The seq the member's chain resumes at; their next event has this seq and names this
     * resolution as its `prev`. Every seq below it that is not yet accepted stays evidence only.
     */
    next: z.number().int().min(2).max(Number.MAX_SAFE_INTEGER),
    note: z.string().max(1000),
  }),
  'meeting.opened': z.strictObject({
    title: text(1, 300, 'one'),
    /** The agenda items in order; the meeting starts at the first. */
    agenda: z.array(text(1, 300, 'one')).max(100),
    /** Put members who have not spoken yet in this meeting before those who have. */
    progressiveStack: z.boolean(),
    /** Seconds each speaker has; 0 for no limit. */
    speakerSeconds: z.number().int().min(0).max(3600),
  }),
  'meeting.agenda-advanced': z.strictObject({
    meeting: eventId,
    /** The agenda item now under discussion (0-based). */
    item: z.number().int().min(0).max(99),
  }),
  'meeting.hand-raised': z.strictObject({
    meeting: eventId,
    kind: z.enum(['speak', 'point-of-order']),
  }),
  'meeting.hand-lowered': z.strictObject({ meeting: eventId, member: publicKey }),
  'meeting.speaker-called': z.strictObject({ meeting: eventId, member: publicKey }),
  'meeting.attended': z.strictObject({ meeting: eventId }),
  'meeting.closed': z.strictObject({ meeting: eventId }),
  ...STATEMENT_BODY_SCHEMAS,
  ...SECRET_BODY_SCHEMAS,
  ...CONVERSATION_BODY_SCHEMAS,
} as const

export type EventType = keyof typeof EVENT_BODY_SCHEMAS
export const EVENT_TYPES = Object.keys(EVENT_BODY_SCHEMAS) as EventType[]

/** The body of an event of type T, after parsing. */
export type EventBody<T extends EventType> = z.output<(typeof EVENT_BODY_SCHEMAS)[T]>
/** The body of an event of type T, as written by a client (before parsing). */
export type EventBodyInput<T extends EventType> = z.input<(typeof EVENT_BODY_SCHEMAS)[T]>

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_BODY_SCHEMAS, type)
}
