// Rules for polls and ballots. A member may recast; a poll is closed by an event that seals the
// exact set of ballots counted (at most one per voter) together with the result, which every
// replay recomputes and compares, so a result never depends on arrival order or on who counted.
// In a council the voters are the seated delegates, and a closed poll's result lists how each
// delegate under a noticed mandate voted against it (`mandates`; see council-rules.ts).
import { canonicalJson } from './canonical-json.js'
import { mandateChecks } from './mandate-checks.js'
import { checkPollOptions, checkVote, computePollResult, quorumFor } from './poll-methods.js'
import type { PollShape } from './poll-methods.js'
import { applyRecallOutcome, recallResult, refuseMemberRecallClose } from './recall-rules.js'
import type { RecallResult } from './recall-rules.js'
import { seatAt, seatedInView } from './council-state.js'
import { rederiveSeats } from './seat-changes.js'
import { checkStatementSubject } from './statement-rules.js'
import { lookAlikeOptions } from './look-alike-options.js'
import { ok, reject } from './result.js'
import type { Rejection, Result } from './result.js'
import {
  countVoters,
  countVotersInView,
  isFacilitator,
  isVoter,
  membershipView,
  viewAhead,
} from './space-state.js'
import type { BallotRecord, PollRecord, RuleHandler, SpaceState } from './space-state.js'
import type { EventId, PublicKey } from './ids.js'
import type { SignedEventOf } from './event-envelope.js'
import type { DecisionMethod } from './event-bodies.js'

/** Opens a poll (any poll type), after checking who opens it, its subject and its options. */
export function openPoll(
  state: SpaceState,
  author: PollRecord['opener'],
  id: EventId,
  body: {
    readonly question: string
    readonly proposal: EventId | null
    readonly method: DecisionMethod
    readonly options: readonly string[]
    readonly threshold: { readonly num: number; readonly den: number }
    readonly tieBreakSeed: string
  },
  extra: Pick<PollRecord, 'version' | 'seats' | 'scoreRange' | 'subject' | 'secret' | 'closesAt'>,
  at = 0,
): Rejection | null {
  if (!isFacilitator(state, author))
    return reject('poll.not-allowed', 'only a facilitator may open a poll', id)
  const { proposal, method, options } = body
  if (proposal !== null) {
    const record = state.proposals.get(proposal)
    if (record === undefined)
      return reject('proposal.unknown', `no proposal ${proposal} in this space`, id)
    if (record.status === 'withdrawn')
      return reject('proposal.withdrawn', 'this proposal was withdrawn', id)
  }
  const denied =
    extra.subject == null ? null : checkStatementSubject(state, extra.subject, body, id)
  if (denied !== null) return denied
  const refused = checkOpeningBody(state, method, options, extra, at, id)
  if (refused !== null) return refused
  state.polls.set(id, {
    id,
    opener: author,
    question: body.question,
    proposal,
    method,
    options,
    threshold: body.threshold,
    tieBreakSeed: body.tieBreakSeed,
    ...extra,
    recall: null,
    status: 'open',
    ballots: new Map(),
    latest: new Map(),
    received: 0,
    sealed: null,
    result: null,
    closedInView: false,
    late: [],
  })
  return null
}

/**
 * What in an opening's own body rules it out, whoever opens it and whatever the space holds:
 * options that do not fit its method, look-alike options (text rules 2 on, which the space's
 * founding declares), a score range off a score poll, a deadline not after its claimed time.
 */
function checkOpeningBody(
  state: SpaceState,
  method: DecisionMethod,
  options: readonly string[],
  extra: Pick<PollRecord, 'seats' | 'scoreRange' | 'closesAt'>,
  at: number,
  id: EventId,
): Rejection | null {
  const problem = checkPollOptions(method, options, extra.seats)
  if (problem !== null) return reject('poll.bad-options', problem, id)
  // Under text rules 2 only, so that a log signed before them replays as it did (text-rules.ts).
  const alike = state.textRules >= 2 ? lookAlikeOptions(options) : null
  if (alike !== null) return reject('poll.look-alike-options', alike, id)
  if (extra.scoreRange !== null && method !== 'score')
    return reject('poll.bad-options', 'only a score poll has a score range', id)
  // `at` is the opening's claimed time: a deadline is checked against it only.
  if (extra.closesAt !== undefined && extra.closesAt <= at)
    return reject('poll.bad-deadline', 'the deadline must be after the time the poll is opened', id)
  return null
}

type OpenPollArgs = Parameters<typeof openPoll>

/** An open poll's opening, of any of its types. */
export type PollOpening =
  SignedEventOf<'poll.opened'> | SignedEventOf<'poll.opened.2'> | SignedEventOf<'poll.opened.3'>

/** What an open poll's opening hands `openPoll`: one mapping for the fold and the fork rule. */
function openingOf(event: PollOpening): {
  body: OpenPollArgs[3]
  extra: OpenPollArgs[4]
  at: number
} {
  switch (event.type) {
    case 'poll.opened':
      return { body: event.body, extra: { version: 1, seats: 1, scoreRange: null }, at: 0 }
    case 'poll.opened.2':
      return {
        body: event.body,
        extra: { version: 2, seats: event.body.seats, scoreRange: event.body.scoreRange },
        at: 0,
      }
    case 'poll.opened.3': {
      const { subject } = event.body
      return {
        body: { ...event.body, proposal: subject?.kind === 'proposal' ? subject.proposal : null },
        extra: {
          version: 3,
          seats: event.body.seats,
          scoreRange: event.body.scoreRange,
          subject,
          ...(event.body.closesAt === undefined ? {} : { closesAt: event.body.closesAt }),
        },
        at: event.at,
      }
    }
  }
}

/**
 * Why an open poll's opening is refused by its own body alone (`checkOpeningBody`), or null: what
 * the fold checks after who opens it and its subject, the same on every replica.
 */
export function refuseOpeningBody(
  state: SpaceState,
  event: PollOpening,
  id: EventId,
): Rejection | null {
  const { body, extra, at } = openingOf(event)
  return checkOpeningBody(state, body.method, body.options, extra, at, id)
}

/** The poll an open poll's opening records: what its ballots are checked against. */
export function openingShape(event: PollOpening): PollShape {
  const { body, extra } = openingOf(event)
  const { method, options, threshold, tieBreakSeed } = body
  return {
    method,
    options,
    threshold,
    tieBreakSeed,
    seats: extra.seats,
    scoreRange: extra.scoreRange,
  }
}

const applyOpening = (state: SpaceState, event: PollOpening, id: EventId): Rejection | null => {
  const { body, extra, at } = openingOf(event)
  return openPoll(state, event.author, id, body, extra, at)
}

export const applyPollOpened: RuleHandler<'poll.opened'> = applyOpening

export const applyPollOpened2: RuleHandler<'poll.opened.2'> = applyOpening

export const applyPollOpened3: RuleHandler<'poll.opened.3'> = applyOpening

export const applyBallotCast: RuleHandler<'ballot.cast'> = (state, event, id) => {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined)
    return reject('ballot.unknown-poll', `no poll ${event.body.poll} in this space`, id)
  if (poll.secret != null) return refuseOpenAct(id)
  // The ballot's own claimed time decides, so every replica refuses the same ballots whatever
  // order they arrive in and whenever they are folded; a hub also refuses, by its own clock, a
  // ballot that reaches it after the deadline (`refuseLateBallot`, an ingest policy).
  if (poll.closesAt !== undefined && event.at > poll.closesAt) return deadlinePassed(poll, id)
  // A poll closed with a stated view keeps later ballots as late (never counted), so a ballot
  // is treated the same on every replica, whether it arrived before the close or after it.
  if (poll.status === 'closed' && !poll.closedInView)
    return reject('ballot.poll-closed', 'this poll is closed', id)
  const seat = state.council === null ? null : seatAt(state.council, event.author, event.at)
  if (seat === 'term-ended')
    return reject('delegate.term-ended', `${event.author}'s term in this council has ended`, id)
  if (state.council !== null && seat !== 'seated') {
    return reject(
      'council.not-delegate',
      'only seated delegates vote in a council; convenors do not',
      id,
    )
  }
  const problem = checkVote(poll, event.body.vote)
  if (problem !== null) return reject('ballot.invalid', problem, id)
  if (poll.status === 'closed') {
    poll.cast ??= new Map()
    poll.cast.set(event.author, (poll.cast.get(event.author) ?? 0) + 1)
    poll.late.push({ id, voter: event.author })
    // Kept for a concurrent close whose view may hold it (see `closePoll`).
    poll.ballots.set(id, { id, voter: event.author, seq: event.seq, vote: event.body.vote })
    return null
  }
  poll.ballots.set(id, { id, voter: event.author, seq: event.seq, vote: event.body.vote })
  // A voter's first ballot adds them to `latest`, which says they hold one; only a recast is
  // counted in `cast` (a replay folds a million first ballots, and counting each was two more
  // lookups and an entry kept for good: `PollRecord.cast`).
  const voters = poll.latest.size
  poll.latest.set(event.author, id)
  if (poll.latest.size === voters) {
    poll.cast ??= new Map()
    poll.cast.set(event.author, (poll.cast.get(event.author) ?? 1) + 1)
  }
  poll.received += 1
  return null
}

/**
 * The result a close with these sealed ballots, claimed at `at`, must state: the method's count
 * (or a recall's), with the mandate checks of a council poll. The fold and every closer use this
 * one function. In a council `at` matters (a delegate whose term has ended is not counted); it
 * defaults to the council's latest claimed time. `members`, a `poll.closed.3`'s membership view,
 * makes the quorum (or a recall's majority) count the voters within it (`countVotersInView`);
 * without it they are counted as this replica holds them now.
 */
export function computeCloseResult(
  state: SpaceState,
  poll: PollRecord,
  sealed: readonly BallotRecord[],
  at?: number,
  members?: Readonly<Record<string, number>>,
): Result<unknown> {
  const voters =
    members === undefined ? countVoters(state, at) : countVotersInView(state, members, at)
  // One ballot per seat (`poll.closed.3` in a council): only the ballots of keys seated at the
  // close count, so a ballot a recalled (or replaced, or expired) delegate cast while seated does
  // not count beside the alternate's. It stays sealed, listed under `unseated`. Older close types
  // count every sealed ballot, as the logs signed with them were checked.
  const { counted, unseated } = seatedBallots(state, poll, sealed, at, members)
  const withUnseated = (value: unknown): unknown =>
    unseated.length === 0 ? value : { ...(value as object), unseated }
  if (poll.recall !== null) return ok(withUnseated(recallResult(state, poll, counted, voters)))
  const quorum = quorumFor(state.assembly!.rules.quorum, voters)
  const result = computePollResult(
    poll,
    counted.map((b) => b.vote),
    { quorum },
  )
  if (!result.ok || state.council === null) return result
  const mandates = mandateChecks(state.council, poll, counted)
  const value = mandates.length === 0 ? result.value : { ...(result.value as object), mandates }
  return ok(withUnseated(value))
}

/**
 * The sealed ballots a close counts, and the ids of those it leaves out: with a membership `view`
 * (a `poll.closed.3`) in a council, only ballots whose voter is seated within the view at `at`
 * (`seatedInView`) count, at most one per seat since a seat has one holder at a time; the rest are
 * left out, sorted. A secret poll's voters are pseudonyms, checked when they registered: all count.
 */
function seatedBallots(
  state: SpaceState,
  poll: PollRecord,
  sealed: readonly BallotRecord[],
  at: number | undefined,
  view: Readonly<Record<string, number>> | undefined,
): { counted: readonly BallotRecord[]; unseated: EventId[] } {
  const council = state.council
  if (view === undefined || council === null || poll.secret != null)
    return { counted: sealed, unseated: [] }
  const seated = seatedInView(council, view, at)
  const counted: BallotRecord[] = []
  const unseated: EventId[] = []
  for (const ballot of sealed) {
    if (seated.has(ballot.voter)) counted.push(ballot)
    else unseated.push(ballot.id)
  }
  return { counted, unseated: sortedCopy(unseated) }
}

export const applyPollClosed: RuleHandler<'poll.closed'> = (state, event, id) =>
  closePoll(state, event, id, null)

export const applyPollClosed2: RuleHandler<'poll.closed.2'> = (state, event, id) =>
  closePoll(state, event, id, event.body.seen)

export const applyPollClosed3: RuleHandler<'poll.closed.3'> = (state, event, id) =>
  closePoll(state, event, id, event.body.seen, event.body.members)

/**
 * Closes a poll. `seen` is the closer's stated view (`poll.closed.2`), or null for the first close
 * type, whose view is everything this replica holds. Within the view every voter's latest ballot
 * must be sealed and nothing else: a close that leaves out a ballot, or seals one its voter had
 * replaced, is refused on every replica. A `poll.closed.2` waits (`poll.close-ahead`, parked)
 * until this replica holds every event its view names, so the check sees exactly what the closer
 * saw, whatever order events arrive in; ballots beyond the view are kept as late. A
 * `poll.closed.3` also states its membership view `members`: it waits likewise until the replica
 * holds every event that view names, and its quorum counts the members within it.
 */
function closePoll(
  state: SpaceState,
  event: SignedEventOf<'poll.closed' | 'poll.closed.2' | 'poll.closed.3'>,
  id: EventId,
  seen: Readonly<Record<string, number>> | null,
  members?: Readonly<Record<string, number>>,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined)
    return reject('poll.unknown', `no poll ${event.body.poll} in this space`, id)
  if (poll.secret != null) return refuseOpenAct(id)
  // A first-type close has no view to weigh a second close against: it stays final.
  if (poll.status === 'closed' && (seen === null || poll.close == null))
    return reject('poll.closed', 'this poll is already closed', id)
  // Any member may close a recall poll, once it passes (recall-rules.ts).
  const byRight = event.author === poll.opener || isFacilitator(state, event.author)
  if (!byRight && (poll.recall === null || !isVoter(state, event.author, event.at))) {
    return reject('poll.not-allowed', 'only the opener or a facilitator may close a poll', id)
  }
  const ahead =
    (seen === null ? null : viewAhead(state, seen, id, "the close's view")) ??
    (members === undefined ? null : viewAhead(state, members, id))
  if (ahead !== null) return ahead
  const viewOf = (voter: string): number => (seen === null ? Infinity : (seen[voter] ?? 0))
  const latestSealed = seen === null ? sealedLatest(poll, event.body.ballots) : null
  const sealed: BallotRecord[] = latestSealed ?? []
  const sealedOf = new Map<string, EventId>()
  // Without a stated view every ballot is within it, and each voter's latest is `poll.latest`
  // (an author's events are folded in seq order), so there is nothing to sort out.
  const { within, late } =
    seen === null ? { within: poll.latest, late: [] } : latestWithinView(poll, viewOf)
  if (latestSealed === null) {
    for (const ballotId of event.body.ballots) {
      const ballot = poll.ballots.get(ballotId)
      if (ballot === undefined)
        return reject(
          'poll.unknown-ballot',
          `ballot ${ballotId} is not a ballot of this poll known here`,
          id,
        )
      if (sealedOf.has(ballot.voter))
        return reject(
          'poll.duplicate-voter',
          `two sealed ballots are from voter ${ballot.voter}`,
          id,
        )
      if (ballot.seq > viewOf(ballot.voter))
        return reject(
          'poll.seal-beyond-view',
          `sealed ballot ${ballotId} (seq ${ballot.seq}) lies beyond the close's view of ${ballot.voter} (seq ${viewOf(ballot.voter)})`,
          id,
        )
      sealedOf.set(ballot.voter, ballotId)
      sealed.push(ballot)
    }
    for (const [voter, latest] of within) {
      const latestId = typeof latest === 'string' ? latest : latest.id
      const chosen = sealedOf.get(voter)
      if (chosen === undefined)
        return reject(
          'poll.ballot-omitted',
          `ballot ${latestId} of ${voter} lies within the close's view but is not sealed: a close counts every voter's latest ballot it could see`,
          id,
        )
      if (chosen !== latestId)
        return reject(
          'poll.stale-ballot',
          `sealed ballot ${chosen} of ${voter} was replaced by ${latestId} within the close's view: a close counts each voter's latest ballot`,
          id,
        )
    }
  }
  const result = computeCloseResult(state, poll, sealed, event.at, members)
  if (!result.ok) return { ...result, eventId: id }
  if (!byRight) {
    const refused = refuseMemberRecallClose(result.value as RecallResult, id)
    if (refused !== null) return refused
  }
  if (canonicalJson(result.value) !== canonicalJsonOrNull(event.body.result)) {
    return reject(
      'poll.result-mismatch',
      `the stated result differs from the count of the sealed ballots: ${canonicalJson(result.value)}`,
      id,
    )
  }
  if (seen === null) {
    poll.status = 'closed'
    poll.sealed = sortedCopy(event.body.ballots)
    poll.result = result.value
    if (poll.recall !== null) applyRecallOutcome(state, poll)
    // The votes live on in the log; the state keeps only what the seal and the result need.
    poll.ballots.clear()
    poll.latest.clear()
    return null
  }
  const close = {
    id,
    by: event.author,
    seen,
    sealed: sortedCopy(event.body.ballots),
    result: result.value,
  }
  const current = poll.close
  if (current != null) {
    // Two closes, each valid against its own view (signed on two hubs before either saw the
    // other): both stay in the log, the lowest id takes effect, on every replica alike.
    const [winner, loser] = id < current.id ? [close, current] : [current, close]
    ;(poll.superseded ??= []).push(loser)
    if (winner === current) return null
  }
  poll.status = 'closed'
  poll.closedInView = true
  poll.close = close
  poll.sealed = close.sealed
  poll.result = close.result
  poll.late = late
  // A recall's seats follow the close in effect: noted at the poll's first close, derived again
  // when a later one takes effect (seat-changes.ts; docs/events.md, "Two closes").
  if (poll.recall !== null) {
    if (current == null) applyRecallOutcome(state, poll)
    else rederiveSeats(state, poll.recall.council)
  }
  // Each voter's latest goes; every ballot stays, for a concurrent close to be checked against.
  // Ballots may still come (late), so a voter who holds one is counted in `cast` from now on.
  for (const voter of poll.latest.keys()) {
    poll.cast ??= new Map()
    if (!poll.cast.has(voter)) poll.cast.set(voter, 1)
  }
  poll.latest.clear()
  return null
}

/**
 * A hub's own check on a close submitted to it directly (not a rule of the fold): the close is
 * refused with `poll.close-stale` when this hub already holds ballots of the poll beyond the
 * close's view, so a closer who is online closes again with a view that includes them instead of
 * leaving them out; and with `poll.closed` when this hub already holds a close, so two closers
 * racing on one hub leave one close, as they did before two closes could both stand. Replication
 * never uses it: there the close is applied, those ballots are kept as late, the same on every
 * replica, and of two closes the lowest id takes effect (`closePoll`).
 */
export function refuseStaleClose(
  state: SpaceState,
  event: SignedEventOf<'poll.closed.2' | 'poll.closed.3'>,
  id: EventId,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined) return null
  if (poll.status === 'closed') return reject('poll.closed', 'this poll is already closed', id)
  const seen = event.body.seen as Readonly<Record<string, number>>
  const { late } = latestWithinView(poll, (voter) => seen[voter] ?? 0)
  if (late.length === 0) return null
  return reject(
    'poll.close-stale',
    `this hub holds ${late.length} ballot(s) of the poll cast beyond the close's view (${late
      .slice(0, 3)
      .map((b) => b.id)
      .join(', ')}${late.length > 3 ? ', …' : ''}): close again with a view that includes them`,
    id,
  )
}

/** Each voter's latest ballot within the view, and the ballots beyond it (not counted). */
function latestWithinView(
  poll: PollRecord,
  viewOf: (voter: string) => number,
): { within: Map<string, BallotRecord>; late: { id: EventId; voter: PublicKey }[] } {
  const within = new Map<string, BallotRecord>()
  const late: { id: EventId; voter: PublicKey }[] = []
  for (const ballot of poll.ballots.values()) {
    if (ballot.seq > viewOf(ballot.voter)) {
      late.push({ id: ballot.id, voter: ballot.voter })
      continue
    }
    const best = within.get(ballot.voter)
    if (best === undefined || ballot.seq > best.seq) within.set(ballot.voter, ballot)
  }
  return { within, late }
}

/**
 * The sealed ballots of a first-type close whose seal is exactly each voter's latest ballot, its
 * ids in strictly increasing order (as closers write them), or null: then `closePoll`'s full check
 * names what is wrong. Distinct ids of known ballots, each its voter's latest, as many as there are
 * voters, are every voter's latest once; so one lookup of each id and one of its voter do, where
 * the full check keeps a map of the sealed voters and walks the latest ballots again (a replay
 * seals a million ballots, and each map operation on a new 43-character key costs a hash).
 */
function sealedLatest(poll: PollRecord, ids: readonly EventId[]): BallotRecord[] | null {
  if (ids.length !== poll.latest.size) return null
  const sealed: BallotRecord[] = []
  let previous = ''
  for (const ballotId of ids) {
    if (!(previous < ballotId)) return null
    const ballot = poll.ballots.get(ballotId)
    if (ballot === undefined || poll.latest.get(ballot.voter) !== ballot.id) return null
    sealed.push(ballot)
    previous = ballotId
  }
  return sealed
}

/** A sorted copy of `ids`; closers write seals sorted already, so most need only the copy. */
function sortedCopy(ids: readonly EventId[]): EventId[] {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return [...ids].sort()
  return ids.slice()
}

/**
 * A hub's own check on a ballot submitted to it directly (not a rule of the fold): a ballot that
 * reaches the hub after the poll's deadline by the hub's clock `now` is refused, whatever time it
 * claims, so a device with a slow clock cannot vote late. Replication never uses it.
 */
export function refuseLateBallot(
  state: SpaceState,
  event: SignedEventOf<'ballot.cast'>,
  id: EventId,
  now: number,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll?.closesAt === undefined || now <= poll.closesAt) return null
  return deadlinePassed(poll, id)
}

function deadlinePassed(poll: PollRecord, id: EventId): Rejection {
  return reject(
    'poll.deadline-passed',
    `voting on this poll has ended: its deadline passed (closesAt ${poll.closesAt!} ms since 1970)`,
    id,
  )
}

function refuseOpenAct(id: EventId): Rejection {
  return reject(
    'secret.is-secret',
    'this poll is secret: ballots are secret.ballot events of one-time keys, and it is sealed by secret.poll-sealed',
    id,
  )
}

export function canonicalJsonOrNull(value: unknown): string | null {
  try {
    return canonicalJson(value)
  } catch {
    return null
  }
}

/**
 * The seal a closer would write now: each voter's latest ballot, sorted by id. Votes of members
 * who left or were removed since are still counted: they were members when they voted.
 */
export function proposeSeal(poll: { readonly latest: ReadonlyMap<string, string> }): string[] {
  return [...poll.latest.values()].sort()
}

/** The body of a `poll.closed.3`, as `proposeClose` and `proposeCloseAt` give it. */
export interface CloseBody {
  readonly poll: EventId
  readonly seen: Record<PublicKey, number>
  readonly members: Record<PublicKey, number>
  readonly ballots: EventId[]
  readonly result: unknown
}

/**
 * The `poll.closed.3` body a closer holding `state` signs at claimed time `at`: its view (the
 * newest seq it holds of every voter with a ballot), its membership view (`membershipView`), the
 * seal (each of those voters' latest ballot) and the result every replica recomputes; or why the
 * poll cannot be counted.
 */
export function proposeClose(state: SpaceState, poll: PollRecord, at?: number): Result<CloseBody> {
  const seen: Record<PublicKey, number> = {}
  for (const voter of [...poll.latest.keys()].sort()) seen[voter] = state.heads.get(voter)!.seq
  return closeBodyWith(state, poll, seen, at)
}

/** The close of `poll` with the voters' view `seen`, the membership view held now, at `at`. */
export function closeBodyWith(
  state: SpaceState,
  poll: PollRecord,
  seen: Record<PublicKey, number>,
  at?: number,
): Result<CloseBody> {
  const members = membershipView(state)
  const ballots = proposeSeal(poll) as EventId[]
  const sealed = ballots.map((b) => poll.ballots.get(b)!)
  const result = computeCloseResult(state, poll, sealed, at, members)
  if (!result.ok) return result
  return ok({ poll: poll.id, seen, members, ballots, result: result.value })
}
