// Recall of a delegate, inside the member space. Any member starts it with `recall.started`, which
// opens a poll (options `recall`, `keep`; ballots `{ "choice": "recall" | "keep" | null }`). Its
// close (`poll.closed`) states a recall result: it passes when the `recall` votes are more than the
// space's recall share (default 1/2: an absolute majority) of the active members at the close.
// The result names the council and the delegate, so a council can take note of it by reference
// alone. A passed recall ends the seat here at once and seats the first alternate, if any.
//
// Recall does not wait for a facilitator: besides the opener and the facilitators, any member may
// close a recall poll, but only with a close whose result passes (`recall.rule-not-met` otherwise)
// and that seals only each voter's latest ballot (`recall.stale-ballot`). So as soon as the rule is
// met, any member can end the seat here, and any key can carry that close into the council by
// `council.notice`, as for every other close.
import { tieTo } from './council-state.js'
import { termNamedInChain } from './election-order.js'
import { seatRecallClosed, seatedUnderAnyClose } from './seat-changes.js'
import type { EventId } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { BallotRecord, PollRecord, RuleHandler, SpaceState } from './space-state.js'

/** The recall share when the space set none: more than half of the active members. */
export const DEFAULT_RECALL_SHARE = { num: 1, den: 2 } as const

/** The plain-JSON result of a recall poll. */
export interface RecallResult {
  readonly method: 'recall'
  readonly council: string
  readonly delegate: string
  readonly recall: number
  readonly keep: number
  readonly abstain: number
  readonly members: number
  readonly share: { readonly num: number; readonly den: number }
  /** `recall` votes needed: the smallest whole number above share × members. */
  readonly needed: number
  readonly outcome: 'recalled' | 'kept'
}

/**
 * The result of a recall poll with these sealed ballots, among `members` voters (counted by the
 * close: `computeCloseResult`).
 */
export function recallResult(
  state: SpaceState,
  poll: PollRecord,
  sealed: readonly BallotRecord[],
  members: number,
): RecallResult {
  let recall = 0
  let keep = 0
  let abstain = 0
  for (const b of sealed) {
    const choice = (b.vote as { choice: string | null }).choice
    if (choice === 'recall') recall++
    else if (choice === 'keep') keep++
    else abstain++
  }
  const share = state.recallShare ?? DEFAULT_RECALL_SHARE
  const needed = Math.floor((members * share.num) / share.den) + 1
  return {
    method: 'recall',
    council: poll.recall!.council,
    delegate: poll.recall!.delegate,
    recall,
    keep,
    abstain,
    members,
    share: { num: share.num, den: share.den },
    needed,
    outcome: recall >= needed ? 'recalled' : 'kept',
  }
}

/**
 * After a recall poll's first close folded here: ends the seat in this space and seats the first
 * alternate, when the close in effect recalls (seat-changes.ts derives the seats again when
 * another close of the poll takes effect later).
 */
export function applyRecallOutcome(state: SpaceState, poll: PollRecord): void {
  seatRecallClosed(state, tieTo(state.federation, poll.recall!.council), poll)
}

/**
 * Why a member who is neither the opener nor a facilitator may not close this recall poll with
 * this (recomputed) result, or null when the close ends the seat. That the seal holds each
 * voter's latest ballot is checked for every close (poll-rules.ts, `poll.stale-ballot`).
 */
export function refuseMemberRecallClose(result: RecallResult, id: EventId): Rejection | null {
  if (result.outcome !== 'recalled') {
    return reject(
      'recall.rule-not-met',
      `the recall has ${result.recall} recall vote(s) of the ${result.needed} needed; until then only the opener or a facilitator closes it`,
      id,
    )
  }
  return null
}

export const applyRecallStarted: RuleHandler<'recall.started'> = (state, event, id) => {
  const { council, delegate } = event.body
  const tie = state.federation.ties.get(council)
  // A delegate a `delegate.elected.3` named, no longer seated here (a later election, or a fork
  // lost): a hub where the seat still held took this recall, so every hub takes it; its effect is
  // derived with the chain (seat-changes.ts).
  const seated = tie !== undefined && seatedUnderAnyClose(state, tie, delegate)
  const termEnds =
    tie === undefined ? undefined : seated ? tie.termEnds : termNamedInChain(tie, delegate)
  if (termEnds === undefined) {
    return reject(
      'delegate.not-seated',
      `${delegate} holds no seat of this space in ${council}`,
      id,
    )
  }
  if (termEnds !== null && termEnds <= event.at) {
    return reject(
      'delegate.term-ended',
      `${delegate}'s term in ${council} ended at ${termEnds} (ms since epoch); there is nothing to recall`,
      id,
    )
  }
  state.polls.set(id, {
    id,
    opener: event.author,
    question: `Recall ${delegate} from ${council}?`,
    proposal: null,
    method: 'majority',
    options: ['recall', 'keep'],
    threshold: { num: 1, den: 2 },
    tieBreakSeed: id,
    version: 2,
    seats: 1,
    scoreRange: null,
    recall: { council, delegate },
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

export const applyRecallRuleSet: RuleHandler<'recall.rule-set'> = (state, event, id) => {
  if (state.members.get(event.author)?.roles.has('facilitator') !== true)
    return reject('member.not-facilitator', 'only a facilitator may set the recall rule', id)
  state.recallShare = event.body.share
  return null
}
