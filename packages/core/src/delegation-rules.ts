// A member space's side of federation: deciding to join or leave a council, counting members,
// electing delegates, deciding mandates, answering referrals and recording council decisions.
// Each event that a council will take note of carries, in its own body, everything the council
// needs (which council, which keys, the counts, when the term ends), and is accepted here only if
// this space's own closed poll backs it (any of its closes, when two stand: `closeResults`); so the
// council may trust any accepted event it references. The second versions of the join, leave,
// mandate and answer events accept only a poll whose subject names exactly that decision
// (decision-subject.ts), so no unrelated poll, and no other referral's poll, can back one.
// An election also keeps the space's rotation limit (`rotation.rule-set`): no key is named a
// delegate to one council in more consecutive elections of this space than the limit.
import { tieTo } from './council-state.js'
import {
  extendChain,
  noteChainElection,
  noteCountRound,
  noteElectionRound,
  placeCount,
  placeElection,
} from './election-order.js'
import { seatElected, seatsLeft, unseatElection } from './seat-changes.js'
import type { EventId, PublicKey } from './ids.js'
import { PUBLIC_KEY_PATTERN } from './ids.js'
import { resultWinners } from './poll-methods.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import {
  adoptsMotion,
  closeResults,
  countVoters,
  countVotersInView,
  isFacilitator,
  isVoter,
  viewAhead,
} from './space-state.js'
import type { PollRecord, RuleHandler, SpaceState } from './space-state.js'
import type { MandateCheck } from './mandate-checks.js'
import { isPollClose } from './poll-close-event.js'
import type { SignedEventOf } from './event-envelope.js'
import { pollOnSubject } from './decision-subject.js'
import type { FederationSubject } from './poll-subject.js'

function closedPoll(state: SpaceState, pollId: EventId, id: EventId): PollRecord | Rejection {
  const poll = state.polls.get(pollId)
  if (poll === undefined) return reject('poll.unknown', `no poll ${pollId} in this space`, id)
  if (poll.status !== 'closed')
    return reject('council.decision-not-adopted', `poll ${pollId} is not closed yet`, id)
  return poll
}

/**
 * A poll that adopted its motion: consent `adopted`, or majority `adopted` with the winner being
 * the poll's first option (the first option is the motion), by any of its closes (`closeResults`).
 */
function adoptedPoll(state: SpaceState, pollId: EventId, id: EventId): PollRecord | Rejection {
  const poll = closedPoll(state, pollId, id)
  if ('ok' in poll) return poll
  const adopted = poll.recall === null && closeResults(poll).some((r) => adoptsMotion(poll, r))
  if (!adopted) {
    return reject(
      'council.decision-not-adopted',
      `poll ${pollId} did not adopt its motion (consent adopted, or majority won by the first option)`,
      id,
    )
  }
  return poll
}

/**
 * The adopted poll of this space on `wanted`: exactly on it (`strict`, the second versions of the
 * events), or, for the first versions, on it or on no decision about a council.
 */
function decidingPoll(
  state: SpaceState,
  pollId: EventId,
  wanted: FederationSubject,
  id: EventId,
  strict: boolean,
): PollRecord | Rejection {
  const poll = pollOnSubject(state, pollId, wanted, id, strict)
  return 'ok' in poll ? poll : adoptedPoll(state, pollId, id)
}

function facilitatorOnly(state: SpaceState, author: PublicKey, id: EventId): Rejection | null {
  return isFacilitator(state, author)
    ? null
    : reject('member.not-facilitator', 'only a facilitator records a decision of the space', id)
}

export const applyJoinDecided: RuleHandler<'council.join-decided'> = (state, event, id) =>
  join(state, event, id, false)

/** As `council.join-decided`, by a poll on joining this council only. */
export const applyJoinDecided2: RuleHandler<'council.join-decided.2'> = (state, event, id) =>
  join(state, event, id, true)

function join(
  state: SpaceState,
  event: SignedEventOf<'council.join-decided'> | SignedEventOf<'council.join-decided.2'>,
  id: EventId,
  strict: boolean,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { council } = event.body
  if (council === state.space) return reject('council.not-joined', 'a space cannot join itself', id)
  const poll = decidingPoll(state, event.body.poll, { kind: 'join', council }, id, strict)
  if ('ok' in poll) return poll
  const tie = tieTo(state.federation, event.body.council)
  tie.joined = id
  tie.left = null
  return null
}

export const applyLeaveDecided: RuleHandler<'council.leave-decided'> = (state, event, id) =>
  leave(state, event, id, false)

/** As `council.leave-decided`, by a poll on leaving this council only. */
export const applyLeaveDecided2: RuleHandler<'council.leave-decided.2'> = (state, event, id) =>
  leave(state, event, id, true)

function leave(
  state: SpaceState,
  event: SignedEventOf<'council.leave-decided'> | SignedEventOf<'council.leave-decided.2'>,
  id: EventId,
  strict: boolean,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { council } = event.body
  const tie = state.federation.ties.get(council)
  if (tie?.joined == null || tie.left !== null)
    return reject('council.not-joined', `this space has not joined ${council}`, id)
  const poll = decidingPoll(state, event.body.poll, { kind: 'leave', council }, id, strict)
  if ('ok' in poll) return poll
  tie.left = id
  seatsLeft(tie)
  // Leaving ends every run of consecutive terms.
  tie.terms.clear()
  return null
}

export const applySpaceCounted: RuleHandler<'space.counted'> = (state, event, id) => {
  const refused = checkCount(state, event, id)
  if (refused !== null) return refused
  noteCountRound(state.federation.counts, event.author, id, 0)
  return null
}

/** A count with its place in the space's chain of counts (election-order.ts). */
export const applySpaceCounted2: RuleHandler<'space.counted.2'> = (state, event, id) => {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const misplaced = placeCount(state.federation.counts, event, id)
  if (misplaced !== null) return misplaced
  const refused = checkCount(state, event, id)
  if (refused !== null) return refused
  noteCountRound(state.federation.counts, event.author, id, event.body.round)
  return null
}

function checkCount(
  state: SpaceState,
  event: SignedEventOf<'space.counted'> | SignedEventOf<'space.counted.2'>,
  id: EventId,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { view } = event.body
  const ahead = view === undefined ? null : viewAhead(state, view, id)
  if (ahead != null) return ahead
  // Within its view (a count that states one): in a council the seats the signer held, each term
  // compared with the count's claimed time alone, as a council's `poll.closed.3` counts them.
  const members =
    view === undefined ? countVoters(state, event.at) : countVotersInView(state, view, event.at)
  if (event.body.members !== members) {
    return reject(
      'count.mismatch',
      `the space has ${members} ${state.council === null ? 'active members' : 'seated delegates'}${view === undefined ? '' : " within the count's view"}, not ${event.body.members}`,
      id,
    )
  }
  return null
}

export const applyDelegateElected: RuleHandler<'delegate.elected'> = (state, event, id) =>
  elect(state, event, id, null)

/** An election whose term ends at `termEnds` (null: until the next election). */
export const applyDelegateElected2: RuleHandler<'delegate.elected.2'> = (state, event, id) =>
  electWithTerm(state, event, id)

/** An election with its place in the space's chain of elections (election-order.ts). */
export const applyDelegateElected3: RuleHandler<'delegate.elected.3'> = (state, event, id) =>
  electWithTerm(state, event, id)

function electWithTerm(
  state: SpaceState,
  event: SignedEventOf<'delegate.elected.2'> | SignedEventOf<'delegate.elected.3'>,
  id: EventId,
): Rejection | null {
  const { termEnds } = event.body
  if (termEnds !== null && termEnds <= event.at) {
    return reject(
      'delegate.bad-election',
      `the term must end after the election (termEnds ${termEnds}, claimed time ${event.at})`,
      id,
    )
  }
  return elect(state, event, id, termEnds)
}

function elect(
  state: SpaceState,
  event:
    | SignedEventOf<'delegate.elected'>
    | SignedEventOf<'delegate.elected.2'>
    | SignedEventOf<'delegate.elected.3'>,
  id: EventId,
  termEnds: number | null,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { council, delegates, alternates } = event.body
  const tie = state.federation.ties.get(council)
  if (tie?.joined == null || tie.left !== null)
    return reject('council.not-joined', `this space has not joined ${council}`, id)
  const place = placeElection(tie, event, id)
  if ('ok' in place) return place
  const poll = closedPoll(state, event.body.poll, id)
  if ('ok' in poll) return poll
  if (poll.recall !== null || !poll.options.every((o) => PUBLIC_KEY_PATTERN.test(o))) {
    return reject(
      'delegate.bad-election',
      "an election poll has candidates' public keys as options",
      id,
    )
  }
  const named = [...delegates].sort().join()
  const winnersOf = closeResults(poll).map((r) => [...resultWinners(r)].sort())
  if (!winnersOf.some((winners) => winners.length > 0 && winners.join() === named)) {
    return reject(
      'delegate.bad-election',
      `the delegates must be exactly the poll's winners (${winnersOf[0]!.join(', ') || 'none'})`,
      id,
    )
  }
  const all = [...delegates, ...alternates]
  if (new Set(all).size !== all.length)
    return reject('delegate.bad-election', 'a key is listed twice', id)
  for (const key of alternates) {
    if (!poll.options.includes(key))
      return reject('delegate.bad-election', `alternate ${key} was not a candidate`, id)
  }
  for (const key of all) {
    if (!isVoter(state, key, event.at))
      return reject('member.unknown', `${key} is not a voting member`, id)
  }
  const limit = state.federation.maxConsecutiveTerms ?? null
  for (const key of delegates) {
    const served = place.terms.get(key) ?? 0
    if (limit !== null && served >= limit) {
      return reject(
        'delegate.rotation-limit',
        `${key} has served ${served} consecutive term(s) in ${council}; this space's rotation limit is ${limit}`,
        id,
      )
    }
  }
  noteElectionRound(tie, event.author, id, place.round)
  const terms = new Map(delegates.map((key) => [key, (place.terms.get(key) ?? 0) + 1] as const))
  if (place.round > 0) noteChainElection(tie, id, terms, delegates, termEnds)
  // An election that does not take effect (off the chain, or an old type after a new one) stands
  // in the log and changes no seat.
  if (!place.takesEffect) return null
  // A fork won against elections in effect: the seats derived again without them (and those
  // chained after them), as if they had never taken effect.
  for (const cut of place.cuts) unseatElection(state, tie, cut)
  extendChain(tie, id, place.round)
  tie.terms.clear()
  for (const [key, n] of terms) tie.terms.set(key, n)
  tie.election = id
  tie.round = place.round
  tie.termEnds = termEnds
  seatElected(state, tie, delegates, alternates, id)
  return null
}

export const applyRotationRuleSet: RuleHandler<'rotation.rule-set'> = (state, event, id) => {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  state.federation.maxConsecutiveTerms = event.body.maxConsecutiveTerms
  return null
}

export const applyMandateDecided: RuleHandler<'mandate.decided'> = (state, event, id) =>
  mandate(state, event, id, false)

/** As `mandate.decided`, by a poll on exactly this position on this council poll only. */
export const applyMandateDecided2: RuleHandler<'mandate.decided.2'> = (state, event, id) =>
  mandate(state, event, id, true)

function mandate(
  state: SpaceState,
  event: SignedEventOf<'mandate.decided'> | SignedEventOf<'mandate.decided.2'>,
  id: EventId,
  strict: boolean,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { council, councilPoll, position } = event.body
  const tie = state.federation.ties.get(council)
  if (tie?.joined == null || tie.left !== null)
    return reject('council.not-joined', `this space has not joined ${council}`, id)
  const wanted = { kind: 'mandate', council, councilPoll, position } as const
  const poll = decidingPoll(state, event.body.poll, wanted, id, strict)
  if ('ok' in poll) return poll
  tie.mandates.set(event.body.councilPoll, { position: event.body.position, event: id })
  return null
}

/**
 * A closed poll's answer to a referral: majority (for: the first option, the motion; against: the
 * other options; abstain), or consent (for: agree; against: disagree and block; abstain).
 */
export function referralCounts(
  poll: PollRecord,
  result: unknown = poll.result,
): { for: number; against: number; abstain: number } | null {
  const r = result as {
    method?: string
    counts?: unknown
    abstentions?: number
  }
  if (poll.recall !== null) return null
  if (r.method === 'majority') {
    const counts = r.counts as { option: string; votes: number }[]
    let yes = 0
    let no = 0
    for (const c of counts) {
      if (c.option === poll.options[0]) yes += c.votes
      else no += c.votes
    }
    return { for: yes, against: no, abstain: r.abstentions ?? 0 }
  }
  if (r.method === 'consent') {
    const c = r.counts as { agree: number; abstain: number; disagree: number; block: number }
    return { for: c.agree, against: c.disagree + c.block, abstain: c.abstain }
  }
  return null
}

export const applyReferralAnswered: RuleHandler<'referral.answered'> = (state, event, id) =>
  answer(state, event, id, false)

/**
 * As `referral.answered`, by a poll answering this referral only: so one poll's counts answer one
 * referral, once.
 */
export const applyReferralAnswered2: RuleHandler<'referral.answered.2'> = (state, event, id) =>
  answer(state, event, id, true)

function answer(
  state: SpaceState,
  event: SignedEventOf<'referral.answered'> | SignedEventOf<'referral.answered.2'>,
  id: EventId,
  strict: boolean,
): Rejection | null {
  const denied = facilitatorOnly(state, event.author, id)
  if (denied !== null) return denied
  const { council, referral } = event.body
  const tie = state.federation.ties.get(council)
  if (tie?.joined == null || tie.left !== null)
    return reject('council.not-joined', `this space has not joined ${council}`, id)
  if (tie.answers.has(referral))
    return reject('referral.already-answered', 'this space already answered this referral', id)
  const about = pollOnSubject(
    state,
    event.body.poll,
    { kind: 'referral', council, referral },
    id,
    strict,
  )
  if ('ok' in about) return about
  const poll = closedPoll(state, event.body.poll, id)
  if ('ok' in poll) return poll
  const counts = referralCounts(poll)
  if (counts === null)
    return reject('referral.bad-answer', 'a referral is answered by a majority or consent poll', id)
  const { for: yes, against, abstain } = event.body
  const answers = (c: ReturnType<typeof referralCounts>) =>
    c !== null && c.for === yes && c.against === against && c.abstain === abstain
  if (!closeResults(poll).some((r) => answers(referralCounts(poll, r)))) {
    return reject(
      'referral.bad-answer',
      `the poll counted for ${counts.for}, against ${counts.against}, abstain ${counts.abstain}`,
      id,
    )
  }
  tie.answers.set(event.body.referral, id)
  return null
}

export const applyCouncilReported: RuleHandler<'council.reported'> = (
  state,
  event,
  id,
  context,
) => {
  const reference = context.foreign.get(event.body.reference)
  if (reference === undefined) {
    return reject(
      'reference.missing',
      `the referenced event ${event.body.reference} is not here yet`,
      id,
    )
  }
  if (state.federation.reported.has(event.body.reference))
    return reject('council.already-noticed', 'this decision is already recorded here', id)
  const tie = state.federation.ties.get(reference.space)
  if (tie?.joined == null) {
    return reject('reference.wrong-kind', `this space has not joined ${reference.space}`, id)
  }
  if (isPollClose(reference)) {
    const result = reference.body.result as { mandates?: readonly MandateCheck[] }
    const mine = (result.mandates ?? []).filter((m) => m.space === state.space)
    state.federation.reported.set(event.body.reference, {
      council: reference.space,
      kind: 'poll',
      subject: reference.body.poll,
      result: { ...(reference.body.result as object), mandates: mine },
    })
    return null
  }
  if (reference.type === 'referral.closed') {
    state.federation.reported.set(event.body.reference, {
      council: reference.space,
      kind: 'referral',
      subject: reference.body.referral,
      result: reference.body.result,
    })
    return null
  }
  return reject('reference.wrong-kind', `a ${reference.type} is not a council decision`, id)
}
