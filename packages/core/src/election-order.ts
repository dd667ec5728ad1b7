// The order of a member space's elections and counts, taken from the space's own log rather than
// from claimed times (docs/federation.md, "Order of a space's elections and counts"). A
// `delegate.elected.3` or `space.counted.2` names the election (count) it follows, `after`, and its
// `round`, one more than that one's (the old types have round 0). The member space checks both
// and refuses a signer's skip over their own earlier one. Elections form a tree by `after`; the
// chain in effect is chosen round by round: in round 1 the lowest id, in each later round the
// lowest id among those that follow the chain's election of the round before. Every new-type one
// comes after every old-type one (which keep the claimed-time order among themselves, so old logs
// replay to their hashes). Counts: the highest round, a fork of one round by the lowest id.
// Invariant: the chain, the seats and the terms depend on the set of elections held, not on the
// order they came in; an election off the chain (a fork's loser, or one chained after it) never
// seats anyone and ends no one's seat. The council's side is in council-election-chain.ts.
import type { CouncilTie, CountChain, MemberSpaceRecord } from './council-state.js'
import type { SignedEvent, SignedEventOf } from './event-envelope.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { SpaceState } from './space-state.js'

/** Where an election goes in its space's chain: whether it becomes the one in effect. */
export interface ElectionPlace {
  readonly round: number
  /** It becomes the election in effect. */
  readonly takesEffect: boolean
  /**
   * The elections of the chain it cuts off: the one of its round it wins a fork against (a
   * higher id after the same election) and those chained after that one, in round order.
   */
  readonly cuts: readonly EventId[]
  /** The consecutive terms it counts on: those of the election it follows. */
  readonly terms: ReadonlyMap<PublicKey, number>
}

/**
 * Checks a member space's election against its chain (`after` held, `round` right, no skip over
 * the signer's own earlier election) and says where it goes; the old types go by fold order. A
 * `delegate.elected.3` takes effect when it follows the chain's election of the round before (any,
 * in round 1) and has the lowest id of its round that does: the chain is the same whatever order
 * the elections came in, and one chained after a fork's loser never takes effect.
 */
export function placeElection(
  tie: CouncilTie,
  event:
    | SignedEventOf<'delegate.elected'>
    | SignedEventOf<'delegate.elected.2'>
    | SignedEventOf<'delegate.elected.3'>,
  id: EventId,
): ElectionPlace | Rejection {
  if (event.type !== 'delegate.elected.3') {
    const takesEffect = tie.election === null || tie.round === 0
    return { round: 0, takesEffect, cuts: [], terms: tie.terms }
  }
  const { after, round } = event.body
  const afterRound = after === null ? 0 : tie.rounds.get(after)
  if (afterRound === undefined) {
    return reject(
      'delegate.election-unknown',
      `the election ${after} this one follows is not an election of this space to ${event.body.council} here yet`,
      id,
    )
  }
  if (round !== afterRound + 1) {
    return reject(
      'delegate.bad-election',
      `the round must be ${afterRound + 1}, one more than the round of the election it follows`,
      id,
    )
  }
  const own = tie.authorRounds.get(event.author) ?? 0
  if (own >= round) {
    return reject(
      'delegate.election-not-latest',
      `this election must follow the latest election to ${event.body.council}; its signer already made one of round ${own}`,
      id,
    )
  }
  const { chain } = tie
  const current = chain[round - 1]
  const takesEffect =
    (round === 1 || chain[round - 2] === after) && (current === undefined || id < current)
  return {
    round,
    takesEffect,
    cuts: takesEffect ? chain.slice(round - 1) : [],
    terms: termsAfter(tie, after),
  }
}

/** The consecutive terms as the election `after` left them (null or an old type: before the chain). */
function termsAfter(tie: CouncilTie, after: EventId | null): ReadonlyMap<PublicKey, number> {
  const terms = after === null ? undefined : tie.chainTerms.get(after)
  if (terms !== undefined) return terms
  return tie.chain.length === 0 ? tie.terms : tie.termsBeforeChain
}

/** Notes an accepted election's round and its signer's. */
export function noteElectionRound(tie: CouncilTie, author: PublicKey, id: EventId, round: number) {
  tie.rounds.set(id, round)
  tie.authorRounds.set(author, Math.max(round, tie.authorRounds.get(author) ?? 0))
}

/**
 * Notes an accepted `delegate.elected.3` (in effect or not): the terms it leaves, for those chained
 * after it, and the delegates it names with its term's end, for a recall of one off the chain.
 */
export function noteChainElection(
  tie: CouncilTie,
  id: EventId,
  terms: ReadonlyMap<PublicKey, number>,
  delegates: readonly PublicKey[],
  termEnds: number | null,
): void {
  tie.chainTerms.set(id, terms)
  tie.chainDelegates.set(id, { keys: delegates, termEnds })
}

/** Puts an election that takes effect in the chain, in place of those it cuts off. */
export function extendChain(tie: CouncilTie, id: EventId, round: number): void {
  if (round === 0) return
  if (tie.chain.length === 0) tie.termsBeforeChain = new Map(tie.terms)
  tie.chain.length = round - 1
  tie.chain.push(id)
}

/**
 * The end of the term of a `delegate.elected.3` of this tie that named `key` a delegate, on the
 * chain or off it, the latest if several did (null: no end), or undefined if none did. A recall
 * of such a key started on a hub where it held its seat is taken on every hub: one that got a
 * later election first, or a lower id of the same round, as well.
 */
export function termNamedInChain(tie: CouncilTie, key: PublicKey): number | null | undefined {
  let latest: number | null | undefined
  for (const named of tie.chainDelegates.values()) {
    if (!named.keys.includes(key)) continue
    if (named.termEnds === null || latest === null) latest = null
    else latest = Math.max(latest ?? 0, named.termEnds)
  }
  return latest
}

/** Checks a member space's `space.counted.2` against its chain of counts; null when it fits. */
export function placeCount(
  counts: CountChain,
  event: SignedEventOf<'space.counted.2'>,
  id: EventId,
): Rejection | null {
  const { after, round } = event.body
  const afterRound = after === null ? 0 : counts.rounds.get(after)
  if (afterRound === undefined)
    return reject('count.unknown', `the count ${after} this one follows is not here yet`, id)
  if (round !== afterRound + 1) {
    return reject(
      'count.bad-round',
      `the round must be ${afterRound + 1}, one more than the round of the count it follows`,
      id,
    )
  }
  const own = counts.authorRounds.get(event.author) ?? 0
  if (own >= round) {
    return reject(
      'count.not-latest',
      `this count must follow the latest count; its signer already made one of round ${own}`,
      id,
    )
  }
  return null
}

/** Notes an accepted count of either type (round 0 for `space.counted`). */
export function noteCountRound(counts: CountChain, author: PublicKey, id: EventId, round: number) {
  counts.rounds.set(id, round)
  counts.authorRounds.set(author, Math.max(round, counts.authorRounds.get(author) ?? 0))
  const latest = counts.latest
  if (
    latest === null ||
    (round === 0 ? latest.round === 0 : round > latest.round) ||
    (round > 0 && round === latest.round && id < latest.id)
  )
    counts.latest = { id, round }
}

/** The `after` and `round` of the next election of this space to `council`, as `state` holds it. */
export function nextElection(
  state: SpaceState,
  council: SpaceId,
): { after: EventId | null; round: number } {
  const tie = state.federation.ties.get(council)
  const after = tie?.election ?? null
  return { after, round: (tie?.round ?? 0) + 1 }
}

/** The `after` and `round` of the next count of this space, as `state` holds it. */
export function nextCount(state: SpaceState): { after: EventId | null; round: number } {
  const latest = state.federation.counts.latest
  return { after: latest?.id ?? null, round: (latest?.round ?? 0) + 1 }
}

/**
 * A hub's own check on an election or count submitted to it directly (not a rule of the fold,
 * which cannot know what another facilitator held): its `after` must be the latest this hub
 * holds, so no facilitator skips anyone's election here. Replication never uses it.
 */
export function refuseSkippedChain(
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
): Rejection | null {
  if (event.type === 'delegate.elected.3') {
    const latest = state.federation.ties.get(event.body.council)?.election ?? null
    if (event.body.after === latest) return null
    return reject(
      'delegate.election-not-latest',
      `this election must follow the latest election to ${event.body.council} here, ${latest ?? 'none'}`,
      id,
    )
  }
  if (event.type === 'space.counted.2') {
    const latest = state.federation.counts.latest?.id ?? null
    if (event.body.after === latest) return null
    return reject(
      'count.not-latest',
      `this count must follow the latest count here, ${latest ?? 'none'}`,
      id,
    )
  }
  return null
}

/**
 * In a council, where a noticed election of `space` goes: `chain` for a `delegate.elected.3`,
 * whose place the council derives from the space's chain of noticed elections
 * (council-election-chain.ts); for the old types, `refused` when it comes before the election in
 * effect (claimed time, then id; or any `delegate.elected.3` noticed), else `follows`.
 */
export function orderElection(
  space: MemberSpaceRecord,
  reference: SignedEvent & {
    type: 'delegate.elected' | 'delegate.elected.2' | 'delegate.elected.3'
  },
  referenceId: EventId,
): 'refused' | 'follows' | 'chain' {
  if (reference.type === 'delegate.elected.3') return 'chain'
  const current = space.electedAt
  if (current === null) return 'follows'
  if (current.round > 0) return 'refused'
  // The old types: claimed time, then id (old logs replay as they were signed).
  const older =
    reference.at < current.at || (reference.at === current.at && referenceId < current.event)
  return older ? 'refused' : 'follows'
}

/** Whether a noticed count takes the place of the space's count in effect. */
export function countTakesEffect(
  current: MemberSpaceRecord['count'],
  reference: SignedEventOf<'space.counted'> | SignedEventOf<'space.counted.2'>,
  referenceId: EventId,
): boolean {
  if (current === null) return true
  const round = reference.type === 'space.counted.2' ? reference.body.round : 0
  if (round === 0 && current.round === 0)
    return reference.at > current.at || (reference.at === current.at && referenceId > current.event)
  if (round !== current.round) return round > current.round
  return referenceId < current.event
}
