// The order of a member space's elections and counts, taken from the space's own log rather than
// from claimed times (docs/federation.md, "Order of a space's elections and counts"). A
// `delegate.elected.3` or `space.counted.2` names the election (count) it follows, `after`, and its
// `round`, one more than that one's (the old types have round 0). The member space checks both
// and refuses a signer's skip over their own earlier one; the council then orders a space's
// elections and counts by round alone: every new-type one after every old-type one (which keep
// the claimed-time order among themselves, so old logs replay to their hashes), and of two of one
// round (a fork: two facilitators naming the same predecessor on two hubs) the lowest id.
// Invariant: whichever order a council gets the notices of a fork in, it holds the same seats and
// records (the winner's, over what was there before the fork).
import type {
  CouncilState,
  CouncilTie,
  CountChain,
  DelegateRecord,
  MemberSpaceRecord,
} from './council-state.js'
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
  /** It takes the place of the election in effect, a fork of the same round with a higher id. */
  readonly replaces: boolean
  /** The consecutive terms it counts on: those before the fork it wins, or the current ones. */
  readonly terms: ReadonlyMap<PublicKey, number>
}

/**
 * Checks a member space's election against its chain (`after` held, `round` right, no skip over
 * the signer's own earlier election) and says where it goes; the old types go by fold order.
 */
export function placeElection(
  tie: CouncilTie,
  event:
    | SignedEventOf<'delegate.elected'>
    | SignedEventOf<'delegate.elected.2'>
    | SignedEventOf<'delegate.elected.3'>,
  id: EventId,
): ElectionPlace | Rejection {
  let round = 0
  if (event.type === 'delegate.elected.3') {
    const { after } = event.body
    const afterRound = after === null ? 0 : tie.rounds.get(after)
    if (afterRound === undefined) {
      return reject(
        'delegate.election-unknown',
        `the election ${after} this one follows is not an election of this space to ${event.body.council} here yet`,
        id,
      )
    }
    round = event.body.round
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
  }
  const sameRound = round > 0 && round === tie.round
  const takesEffect =
    tie.election === null ||
    (round === 0 ? tie.round === 0 : round > tie.round || (sameRound && id < tie.election))
  return {
    round,
    takesEffect,
    replaces: takesEffect && sameRound,
    terms: sameRound ? tie.termsBefore : tie.terms,
  }
}

/** Notes an accepted election's round and its signer's. */
export function noteElectionRound(tie: CouncilTie, author: PublicKey, id: EventId, round: number) {
  tie.rounds.set(id, round)
  tie.authorRounds.set(author, Math.max(round, tie.authorRounds.get(author) ?? 0))
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
 * In a council, where a noticed election of `space` goes: `refused` when it comes before the
 * election in effect, `replaces` when it wins a fork against it (same round, lower id), `loses`
 * when it loses one (accepted, changing nothing: refusing it would leave one replica's log without
 * the notice that another holds), else `follows`.
 */
export function orderElection(
  space: MemberSpaceRecord,
  reference: SignedEvent & {
    type: 'delegate.elected' | 'delegate.elected.2' | 'delegate.elected.3'
  },
  referenceId: EventId,
): 'refused' | 'replaces' | 'loses' | 'follows' {
  const current = space.electedAt
  if (current === null) return 'follows'
  const round = reference.type === 'delegate.elected.3' ? reference.body.round : 0
  if (round === 0 && current.round === 0) {
    // The old types: claimed time, then id (old logs replay as they were signed).
    const older =
      reference.at < current.at || (reference.at === current.at && referenceId < current.event)
    return older ? 'refused' : 'follows'
  }
  if (round < current.round) return 'refused'
  if (round > current.round) return 'follows'
  return referenceId < current.event ? 'replaces' : 'loses'
}

/** What an election about to be applied may have to be undone to: the space's seats and records. */
export function rememberBeforeElection(
  council: CouncilState,
  space: MemberSpaceRecord,
  keys: readonly PublicKey[],
): void {
  const records = new Map<PublicKey, DelegateRecord | undefined>()
  for (const key of [...space.delegates, ...space.alternates, ...keys]) {
    const record = council.delegates.get(key)
    records.set(key, record === undefined ? undefined : { ...record })
  }
  space.beforeElection = {
    election: space.election,
    electedAt: space.electedAt,
    termEnds: space.termEnds,
    delegates: [...space.delegates],
    alternates: [...space.alternates],
    records,
  }
}

/** Puts back what the council held before the election in effect (a fork's loser). */
export function undoElection(council: CouncilState, space: MemberSpaceRecord): void {
  const before = space.beforeElection
  if (before === null) return
  for (const [key, record] of before.records) {
    if (record === undefined) council.delegates.delete(key)
    else council.delegates.set(key, { ...record })
  }
  space.election = before.election
  space.electedAt = before.electedAt
  space.termEnds = before.termEnds
  space.delegates = [...before.delegates]
  space.alternates = [...before.alternates]
  space.beforeElection = null
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
