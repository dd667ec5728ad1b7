// The state of one space (an assembly), as the fold builds it.
//
// For speed the fold mutates this structure in place (replaying a million events must not copy
// maps of ten thousand members per event); everything outside the fold sees it through the
// readonly view in `state-view.ts`. A rule handler checks everything first and mutates only after
// the last check passed, so a rejected event leaves the state untouched.
import type { AssemblyRules, DecisionMethod, EventType, Role } from './event-bodies.js'
import { seatAt, seatedDelegates, seatedInView } from './council-state.js'
import type { CouncilState, FederationState } from './council-state.js'
import type { FoldContext } from './foreign-context.js'
import type { SignedEventOf } from './event-envelope.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { createStatementsState } from './statement-state.js'
import type { StatementsState } from './statement-state.js'
import type { MeetingRecord } from './meeting-state.js'
import { createConversationsState } from './conversation-state.js'
import type { ConversationRecord } from './conversation-state.js'
import type { PollSubject } from './poll-subject.js'
import type { TellerDealing } from './secret/teller-key.js'
import type { TextRulesVersion } from './text-rules.js'
import type { RulesVersion } from './superseded-types.js'

export interface AuthorHead {
  seq: number
  head: EventId
  /**
   * The author's member record, once there is one: the fold's shortcut to it, so an event looks
   * its author up once, not twice (member records are changed in place, never replaced). Not part
   * of the state's view or hash.
   */
  member?: MemberRecord | undefined
  /**
   * `SpaceState.memberEpoch` when the fold last found the author not an active facilitator: while
   * the epoch stays the same, nothing has changed any member's roles or status since, so the fold
   * need not read the author's roles again. Not part of the state's view or hash.
   */
  plainAt?: number | undefined
  /**
   * `SpaceState.memberEpoch` when the fold last found the author an active member holding no
   * facilitator role (set with `plainAt`): while the epoch stays the same, the author still is one,
   * and the fold need not read the member record to admit the author's event. Not part of the
   * state's view or hash.
   */
  activeAt?: number | undefined
}

export type MemberStatus = 'active' | 'left' | 'removed'

export interface MemberRecord {
  readonly key: PublicKey
  name: string
  status: MemberStatus
  readonly roles: Set<Role>
  /**
   * The accepted events this member signed that changed the number of active members (its own
   * join or leave, a facilitator's admissions and removals, the founding), newest first: what a
   * close that states its membership view (`poll.closed.3`) takes back when it lies beyond that
   * view. Not part of the state's view or hash.
   */
  changes?: MemberChange | undefined
}

/** One accepted event that changed the number of active members, by its author's seq. */
export interface MemberChange {
  readonly seq: number
  /** How the event changed the number of active members (+1 or -1). */
  readonly delta: number
  readonly prev: MemberChange | undefined
}

export interface InvitationRecord {
  readonly key: PublicKey
  readonly by: PublicKey
  readonly uses: number
  used: number
  /** `member.invited.2`: no join claimed after this time (ms since 1970), or null. */
  readonly expires?: number | null
  readonly note?: string
  /** The `invitation.revoked` that ended it, if any. */
  revoked?: EventId | null
}

export interface ProposalRecord {
  readonly id: EventId
  readonly author: PublicKey
  title: string
  text: string
  /** Every version in order: the original first, then each amendment. */
  readonly versions: { readonly event: EventId; readonly title: string; readonly note: string }[]
  status: 'open' | 'withdrawn'
}

export interface CommentRecord {
  readonly id: EventId
  readonly proposal: EventId
  readonly parent: EventId | null
  readonly author: PublicKey
  readonly text: string
}

export interface BallotRecord {
  readonly id: EventId
  readonly voter: PublicKey
  /** The ballot event's seq in its voter's chain: a close's view is stated in seqs. */
  readonly seq: number
  readonly vote: unknown
}

export interface PollRecord {
  readonly id: EventId
  readonly opener: PublicKey
  readonly question: string
  readonly proposal: EventId | null
  readonly method: DecisionMethod
  readonly options: readonly string[]
  readonly threshold: { readonly num: number; readonly den: number }
  readonly tieBreakSeed: string
  /** 1 for `poll.opened`; 2 for `poll.opened.2` (seats and score range in the view); 3 for `.3`. */
  readonly version: 1 | 2 | 3
  /** Only for `poll.opened.3` polls: what the poll decides (poll-subject.ts). */
  readonly subject?: PollSubject | null
  readonly seats: number
  readonly scoreRange: { readonly min: number; readonly max: number } | null
  /** When voting ends (ms since 1970), for a `poll.opened.3` with `closesAt`; else absent. */
  readonly closesAt?: number
  /** Set when this poll is a recall of a delegate (opened by `recall.started`). */
  readonly recall: { readonly council: SpaceId; readonly delegate: PublicKey } | null
  status: 'open' | 'closed'
  /**
   * Every ballot received while open, by id (a voter may recast). Emptied at a first-type close;
   * kept after a `poll.closed.2`, with the ballots that come later, so a concurrent close (signed
   * on another hub before this one's close reached it) is checked against its own view here too.
   */
  readonly ballots: Map<EventId, BallotRecord>
  /** Each voter's latest ballot while open. Emptied at the close. */
  readonly latest: Map<PublicKey, EventId>
  /** Ballots received in all, recasts included. */
  received: number
  /**
   * How many ballots a voter holds in this poll, recasts and late ones included, for the voters
   * who recast (while open, a voter in `latest` and not here holds one) and, once closed with a
   * stated view, for every voter (`openBallotsHeld`, ballot-flood.ts: a hub's own recast limit).
   * After a first-type close a voter who cast once is in neither. Absent until needed.
   */
  cast?: Map<PublicKey, number>
  sealed: readonly EventId[] | null
  result: unknown
  /**
   * Ballots of this poll that the close did not count because they lie beyond the closer's view
   * (`poll.closed` `seen`): cast after the closer looked, whether they reached this replica before
   * the close or after it. Every replica holding the same events lists the same ones.
   */
  late: { readonly id: EventId; readonly voter: PublicKey }[]
  /** True once closed by a `poll.closed.2`: later ballots are then kept as late, not refused. */
  closedInView: boolean
  /**
   * The `poll.closed.2` in effect: of every close valid against its own view, the one with the
   * lowest event id, so the outcome depends on the set of closes, not on which arrived first.
   */
  close?: PollClose | null
  /** Closes valid against their own view that lost to `close` (kept in the log, shown as such). */
  superseded?: PollClose[]
  /** Only for secret polls (`secret.poll-opened`): its setup, credentials and tellers. */
  readonly secret?: SecretPollState | null
}

/** A `poll.closed.2` as the fold keeps it: who signed it, its view and the result it states. */
export interface PollClose {
  readonly id: EventId
  readonly by: PublicKey
  readonly seen: Readonly<Record<string, number>>
  readonly sealed: readonly EventId[]
  readonly result: unknown
}

/**
 * A secret poll's own state (docs/secret-ballot.md). Its ballots, signed by one-time keys, live in
 * the poll's `ballots` (kept after the seal, for a concurrent seal to be checked against) and
 * `latest` (keyed by one-time key, until the seal); `status` stays `open` until the count of the
 * seal in effect closes the poll, and `phase` says where it is.
 */
export interface SecretPollState {
  readonly issuers: readonly PublicKey[]
  readonly tellers: readonly PublicKey[]
  readonly tellerQuorum: number
  /** The opening event's claimed time: every ballot of the poll states it as its own. */
  readonly openedAt: number
  /** setup: waiting for keys and dealings; open: voting; sealed: waiting for shares; counted. */
  phase: 'setup' | 'open' | 'sealed' | 'counted'
  /** Each issuer's RSA key for this poll (SPKI, base64url). */
  readonly issuerKeys: Map<PublicKey, string>
  /** Each teller's key for receiving shares (two tellers or more). */
  readonly tellerKeys: Map<PublicKey, string>
  /** Each teller's dealing (commitments and encrypted shares). */
  readonly dealings: Map<PublicKey, TellerDealing>
  /** Tellers who checked the shares dealt to them (two tellers or more). */
  readonly checked: Set<PublicKey>
  /** Dealers a teller proved dealt it a bad share: their dealings are left out of the key. */
  readonly disqualified: Set<PublicKey>
  /** The poll's public key once every dealing is in: ballots are encrypted to it. */
  pollKey: string | null
  /** Credential requests by member, with each issuer's blind signature in answer. */
  readonly requests: Map<
    PublicKey,
    {
      readonly id: EventId
      /** The request's blinded message for each issuer. */
      readonly blinded: Readonly<Record<string, string>>
      readonly issued: Map<PublicKey, string>
    }
  >
  /** The member behind each request id. */
  readonly requestIds: Map<EventId, PublicKey>
  /** Each teller's revealed share (after the seal). */
  readonly reveals: Map<PublicKey, bigint>
  /** After the seal: the seq of each one-time key's sealed ballot (its view). */
  sealedSeqs: Map<string, number> | null
  /** Sealed ballots that did not decrypt to a valid vote: not counted. */
  spoiled: EventId[]
  /**
   * Every seal valid against its own view (two when sealed on two hubs at once); the lowest id is
   * in effect, so the outcome depends on the set of seals, not on which arrived first.
   */
  readonly seals: SecretSeal[]
  /** Every count valid against the seal it counts; the lowest id of the seal in effect decides. */
  readonly counts: SecretCount[]
}

/** A `secret.poll-sealed` as the fold keeps it: its sealed ballots (sorted) and its view. */
export interface SecretSeal {
  readonly id: EventId
  readonly by: PublicKey
  readonly sealed: readonly EventId[]
  /** The seq of each one-time key's sealed ballot: a key's view. */
  readonly seqs: ReadonlyMap<string, number>
}

/** A `secret.poll-counted` as the fold keeps it: the seal it counted and what the count gave. */
export interface SecretCount {
  readonly id: EventId
  readonly seal: EventId
  readonly result: unknown
  readonly spoiled: readonly EventId[]
}

/**
 * An author caught signing two different events with one seq in this space. Both events are kept
 * as evidence by the store; the state keeps only the seqs where forks were seen and how a
 * facilitator resolved them.
 */
export interface ForkRecord {
  /** Every seq at which two or more different events of this author were seen. */
  readonly seqs: Set<number>
  /** The seq the chain resumes at after the latest `fork.resolved` (0: never resolved). */
  resumeAt: number
  /** The latest `fork.resolved` event for this author, or null. */
  resolution: EventId | null
}

export interface SpaceState {
  readonly space: SpaceId
  /** Set by `assembly.created`; every other event needs it. */
  assembly: {
    readonly founder: PublicKey
    readonly name: string
    readonly description: string
    readonly languages: readonly string[]
    readonly rules: AssemblyRules
    readonly created: EventId
  } | null
  readonly heads: Map<PublicKey, AuthorHead>
  readonly members: Map<PublicKey, MemberRecord>
  readonly invitations: Map<PublicKey, InvitationRecord>
  readonly proposals: Map<EventId, ProposalRecord>
  readonly comments: Map<EventId, CommentRecord>
  readonly polls: Map<EventId, PollRecord>
  /** Authors seen forking in this space. */
  readonly forks: Map<PublicKey, ForkRecord>
  /** Set by `council.created`: this space is a council. */
  council: CouncilState | null
  /** This space's ties to councils (joins, delegates, mandates, answers, reported decisions). */
  readonly federation: FederationState
  /** A recall passes with more `recall` votes than this share of active members (default 1/2). */
  recallShare: { readonly num: number; readonly den: number } | null
  /** Statements drafted here, and this space's decisions to co-sign others' statements. */
  readonly statements: StatementsState
  /** Live meetings: agenda, speakers' queue, attendance (meeting-rules.ts). */
  readonly meetings: Map<EventId, MeetingRecord>
  /** Conversations mapped by the Pol.is method (conversation-rules.ts). */
  readonly conversations: Map<EventId, ConversationRecord>
  /** Events accepted so far. */
  events: number
  /**
   * How many members are active: kept by `putMember` and `setMemberStatus`, the only ways the rules
   * add a member or change one's status, so that a poll's close (which needs the count for its
   * quorum) does not walk every member.
   */
  activeMembers: number
  /** How many members have `changes`: a close's membership view that names fewer leaves some out. */
  changeAuthors: number
  /**
   * The latest claimed time of this space's facilitators' accepted events: an invitation is over
   * once it passes the invitation's expiry, whatever a joiner claims (membership-rules.ts).
   */
  facilitatorClock: number
  /**
   * Moves on whenever a member is added or a member's status or roles change (`putMember`,
   * `setMemberStatus`, `setMemberRole`, `clearMemberRoles`, the only ways the rules do): the key of
   * `AuthorHead.plainAt`, so that the fold does not read an author's roles at every event (each
   * read is a few cache misses). Not in the view or the hash.
   */
  memberEpoch: number
  /**
   * The text rules this space's events obey, as its creation event declares (`texts`): 1 or 2 for a
   * space founded under them, 0 for one founded before (docs/events.md, "Texts"). Not in the view
   * or the hash: the creation event, whose id is, holds it.
   */
  textRules: TextRulesVersion
  /**
   * The fork rule this space obeys, as its creation event declares (`forkRule`): 2 for a space
   * founded under it (a second event at a used seq that its own bytes and the event it names rule
   * out is no fork evidence: fork-exemption.ts), 1 for one founded before. Not in the view or the
   * hash: the creation event, whose id is, holds it.
   */
  forkRule: 1 | 2
  /**
   * The rules version this space obeys, as its creation event declares: 3 with `rulesVersion: 3`
   * (superseded types refused: superseded-types.ts; fork rule 2), 2 with only `forkRule: 2`, 1 for
   * a space founded before either. Not in the view or the hash: the creation event holds it.
   */
  rulesVersion: RulesVersion
}

/**
 * The results of every accepted close of a poll: the one in effect first, then those it
 * superseded (two closes signed on two hubs, poll-rules.ts; or two seals of a secret poll, each
 * with its own count, secret-ballot-rules.ts). An act that a close must back (an
 * election, a join, a mandate, a referral answer, a statement's adoption) is accepted when any of
 * them backs it, so whether it is accepted does not depend on which close a replica got first
 * (docs/events.md, "Two closes"). Empty while the poll is open.
 */
export function closeResults(poll: PollRecord): readonly unknown[] {
  if (poll.status !== 'closed') return []
  const superseded = poll.superseded
  if (superseded === undefined || superseded.length === 0) return [poll.result]
  // A superseded seal of a secret poll that nobody counted has no result (null): it backs nothing.
  const results = superseded.map((close) => close.result).filter((r) => r !== null)
  return [poll.result, ...results]
}

/**
 * Whether `result`, a close of `poll`, adopted its motion: consent `adopted`, or majority `adopted`
 * with the poll's first option (the motion) the winner.
 */
export function adoptsMotion(poll: PollRecord, result: unknown): boolean {
  const r = result as { method?: string; outcome?: string; winner?: string | null } | null
  return (
    r !== null &&
    r.outcome === 'adopted' &&
    (r.method === 'consent' || (r.method === 'majority' && r.winner === poll.options[0]))
  )
}

/** A new, empty state for `space`, before its creation event. */
export function createSpaceState(space: SpaceId): SpaceState {
  return {
    space,
    assembly: null,
    heads: new Map(),
    members: new Map(),
    invitations: new Map(),
    proposals: new Map(),
    comments: new Map(),
    polls: new Map(),
    forks: new Map(),
    council: null,
    federation: {
      ties: new Map(),
      reported: new Map(),
      counts: { rounds: new Map(), authorRounds: new Map(), latest: null },
    },
    recallShare: null,
    statements: createStatementsState(),
    meetings: new Map(),
    conversations: createConversationsState(),
    events: 0,
    activeMembers: 0,
    changeAuthors: 0,
    facilitatorClock: 0,
    memberEpoch: 0,
    textRules: 0,
    forkRule: 1,
    rulesVersion: 1,
  }
}

/** Active members who hold `role`. */
export function countRole(state: SpaceState, role: Role): number {
  let n = 0
  for (const member of state.members.values()) {
    if (member.status === 'active' && member.roles.has(role)) n++
  }
  return n
}

/**
 * The space's voters: its active members, or in a council its seated delegates whose terms have not
 * ended by the council's time at `at` (who are also what a council counts as its members towards
 * its own parent council).
 */
export function countVoters(state: SpaceState, at?: number): number {
  return state.council === null
    ? countActiveMembers(state)
    : seatedDelegates(state.council, at).length
}

/** True when `key` votes here: an active member, or in a council a seated delegate (at `at`). */
export function isVoter(state: SpaceState, key: PublicKey, at?: number): boolean {
  return state.council === null
    ? isActiveMember(state, key)
    : seatAt(state.council, key, at) === 'seated'
}

/**
 * The voters a close counts within its membership view `view` (`poll.closed.3` `members`: for each
 * author whose events changed the number of active members, the seq of the newest such event the
 * closer held): in an assembly, the active members now, less what the changes beyond the view did.
 * Only changes beyond the view are walked (concurrent ones: few); every member only when an author
 * the view does not name changed membership here. In a council the delegates seated within the
 * view at `at` (`seatedInView`: notices that changed seats beyond the view change nothing).
 */
export function countVotersInView(
  state: SpaceState,
  view: Readonly<Record<string, number>>,
  at?: number,
): number {
  if (state.council !== null) return seatedInView(state.council, view, at).size
  let count = state.activeMembers
  let named = 0
  for (const author in view) {
    let change = state.members.get(author as PublicKey)?.changes
    if (change === undefined) continue
    named += 1
    const seq = view[author]!
    for (; change !== undefined && change.seq > seq; change = change.prev) count -= change.delta
  }
  if (named === state.changeAuthors) return count
  for (const member of state.members.values()) {
    if (member.changes === undefined || Object.hasOwn(view, member.key)) continue
    for (
      let change: MemberChange | undefined = member.changes;
      change !== undefined;
      change = change.prev
    )
      count -= change.delta
  }
  return count
}

/**
 * Why an event stating a view `view` (for each author, the newest seq its signer held) waits
 * (`poll.close-ahead`, parked): this replica does not yet hold every event it names; or null.
 * `which` names the view in the message (a close's voters, or its membership view).
 */
export function viewAhead(
  state: SpaceState,
  view: Readonly<Record<string, number>>,
  id: EventId,
  which = 'the membership view',
): Rejection | null {
  for (const author in view) {
    const seq = view[author]!
    const held = state.heads.get(author as PublicKey)?.seq ?? 0
    if (held < seq)
      return reject(
        'poll.close-ahead',
        `${which} holds ${author}'s events up to seq ${seq}; this replica holds up to ${held}`,
        id,
      )
  }
  return null
}

/**
 * A closer's membership view: for each member whose events changed the number of active members,
 * the seq of the newest such event held, sorted by key (`poll.closed.3` `members`).
 */
export function membershipView(state: SpaceState): Record<PublicKey, number> {
  const held = new Map<PublicKey, number>()
  for (const member of state.members.values())
    if (member.changes !== undefined) held.set(member.key, member.changes.seq)
  // In a council, also the authors of notices that changed seats (an author's newest seq of
  // either kind: a view of seq n holds all of that author's events up to n).
  for (const [author, seq] of state.council?.seatAuthors ?? [])
    held.set(author, Math.max(seq, held.get(author) ?? 0))
  const view: Record<PublicKey, number> = {}
  for (const author of [...held.keys()].sort()) view[author] = held.get(author)!
  return view
}

/**
 * The `space.counted` body a facilitator holding `state` signs at claimed time `at`: the voters
 * with the membership view they were counted in (`membershipView`), so a change beyond it (a
 * member leaving on another hub meanwhile; in a council a notice seating, recalling or unseating
 * delegates) changes no replica's check. In an assembly the active members; in a council its
 * delegates seated within the view whose terms have not ended by `at` (`seatedInView`).
 */
export function proposeSpaceCount(
  state: SpaceState,
  at?: number,
): { members: number; view: Record<PublicKey, number> } {
  const view = membershipView(state)
  return { members: countVotersInView(state, view, at), view }
}

/**
 * Notes that `author`'s accepted event `seq` changed the number of active members by `delta`
 * (the fold calls it after each event that did).
 */
export function noteMemberChange(
  state: SpaceState,
  author: PublicKey,
  seq: number,
  delta: number,
): void {
  const member = state.members.get(author)
  if (member === undefined) return
  if (member.changes === undefined) state.changeAuthors += 1
  member.changes = { seq, delta, prev: member.changes }
}

/** Number of active members. */
export function countActiveMembers(state: SpaceState): number {
  return state.activeMembers
}

/** Adds `member` (not yet a member of any status) to the space. */
export function putMember(state: SpaceState, member: MemberRecord): void {
  state.members.set(member.key, member)
  if (member.status === 'active') state.activeMembers += 1
  state.memberEpoch += 1
}

/** Changes `member`'s status, keeping the count of active members. */
export function setMemberStatus(
  state: SpaceState,
  member: MemberRecord,
  status: MemberStatus,
): void {
  if (member.status === 'active') state.activeMembers -= 1
  if (status === 'active') state.activeMembers += 1
  member.status = status
  state.memberEpoch += 1
}

/** Gives `member` `role`, or takes it away (`held` false). */
export function setMemberRole(
  state: SpaceState,
  member: MemberRecord,
  role: Role,
  held: boolean,
): void {
  if (held) member.roles.add(role)
  else member.roles.delete(role)
  state.memberEpoch += 1
}

/** Takes every role away from `member`. */
export function clearMemberRoles(state: SpaceState, member: MemberRecord): void {
  member.roles.clear()
  state.memberEpoch += 1
}

export function isActiveMember(state: SpaceState, key: PublicKey): boolean {
  return state.members.get(key)?.status === 'active'
}

export function isFacilitator(state: SpaceState, key: PublicKey): boolean {
  return isFacilitatorRecord(state.members.get(key))
}

/** True when `member` is an active facilitator (most members hold no role: no set lookup). */
export function isFacilitatorRecord(member: MemberRecord | undefined): boolean {
  return member?.status === 'active' && member.roles.size !== 0 && member.roles.has('facilitator')
}

/**
 * The lowest seq from which `author`'s events are held back because of an unresolved fork, or null
 * if the author is not flagged.
 */
export function flaggedFrom(state: SpaceState, author: PublicKey): number | null {
  const record = state.forks.get(author)
  if (record === undefined) return null
  let from: number | null = null
  for (const seq of record.seqs) {
    if (seq >= record.resumeAt && (from === null || seq < from)) from = seq
  }
  return from
}

/** A rule for one event type: checks, then (only if every check passed) applies the event. */
export type RuleHandler<T extends EventType> = (
  state: SpaceState,
  event: SignedEventOf<T>,
  id: EventId,
  context: FoldContext,
) => Rejection | null
