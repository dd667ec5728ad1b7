// A member space's chain of `delegate.elected.3` as a council sees it (docs/federation.md, "Order
// of a space's elections and counts"). The council holds the elections noticed, not all the space
// made, so it knows each noticed election and, by its `after`, the id and round of the one it
// follows. Round by round it chooses as the member space does (election-order.ts): the lowest id
// among those that follow the election chosen in the round before (any in round 1; any whose
// predecessor the council knows by id only, or in a round after one it knows nothing of). The
// space's seats and its keys' records are then derived again, from what the council held before
// the chain (`chainBase`), by applying the noticed elections of that chain in round order, each
// followed by the recalls that name a key it was the last of them to name.
// Invariant: the seats, the records and the recalls' effects are a function of the set of
// elections and recalls noticed, whatever order their notices came in; an election off the chain
// (a fork's loser, or one chained after it) seats no one and ends no one's seat, and a recall of a
// key only such an election named is accepted (a replica that held it in effect took it) and
// ends nothing.
import type {
  ChainBase,
  ChainElection,
  CouncilState,
  DelegateRecord,
  MemberSpaceRecord,
} from './council-state.js'
import type { EventId, PublicKey } from './ids.js'

/** Notes a noticed `delegate.elected.3` of `space` and derives the space's seats again. */
export function noticeChainElection(
  council: CouncilState,
  space: MemberSpaceRecord,
  election: ChainElection,
): void {
  const base = (space.chainBase ??= {
    election: space.election,
    electedAt: space.electedAt,
    termEnds: space.termEnds,
    delegates: [...space.delegates],
    alternates: [...space.alternates],
    records: new Map(),
  })
  const keys = [
    ...base.delegates,
    ...base.alternates,
    ...election.delegates,
    ...election.alternates,
  ]
  for (const key of keys) keepRecord(council, base, key)
  space.chain.set(election.id, election)
  deriveChainSeats(council, space)
}

/**
 * Notes a noticed recall (the close `close`) of `delegate` of `space`, a space with a chain, when
 * the council knows the key from an election of the space: true, and the seats derived again;
 * false when no election noticed here names it yet.
 */
export function noticeChainRecall(
  council: CouncilState,
  space: MemberSpaceRecord,
  delegate: PublicKey,
  close: EventId,
): boolean {
  if (space.chainBase?.records.has(delegate) !== true) return false
  space.chainRecalls.set(close, delegate)
  deriveChainSeats(council, space)
  return true
}

/** The keys whose records the space's chain may change (a notice's seat changes look at them). */
export function chainKeys(space: MemberSpaceRecord): readonly PublicKey[] {
  return space.chainBase === null ? [] : [...space.chainBase.records.keys()]
}

/** The noticed elections of the space off its chain (a fork's loser, or chained after one). */
export function electionsOffChain(space: MemberSpaceRecord): EventId[] {
  const on = new Set(chainInEffect(space).map((e) => e.id))
  return [...space.chain.keys()].filter((id) => !on.has(id)).sort()
}

/** A key's record before the chain, kept the first time an election of the chain names it. */
function keepRecord(council: CouncilState, base: ChainBase, key: PublicKey): void {
  if (base.records.has(key)) return
  const record = council.delegates.get(key)
  base.records.set(key, record === undefined ? undefined : { ...record })
}

/**
 * The noticed elections of the space's chain in effect, in round order. Known: each noticed
 * election with its `after`, and each `after` of round 1 or more not noticed, by id and round only.
 */
export function chainInEffect(space: MemberSpaceRecord): ChainElection[] {
  // For each round, its known elections and what each follows (undefined: not known here).
  const rounds = new Map<number, Map<EventId, EventId | null | undefined>>()
  const know = (round: number, id: EventId, after: EventId | null | undefined) => {
    const known = rounds.get(round) ?? new Map<EventId, EventId | null | undefined>()
    rounds.set(round, known)
    if (after !== undefined || !known.has(id)) known.set(id, after)
  }
  for (const e of space.chain.values()) {
    know(e.round, e.id, e.after)
    if (e.round > 1 && e.after !== null && !space.chain.has(e.after))
      know(e.round - 1, e.after, undefined)
  }
  const path: ChainElection[] = []
  // The election chosen in the round before, or undefined: round 1, or a round known nothing of.
  let previous: EventId | undefined
  let lastRound = 0
  for (const round of [...rounds.keys()].sort((a, b) => a - b)) {
    if (round !== lastRound + 1) previous = undefined
    let chosen: EventId | undefined
    for (const [id, after] of rounds.get(round)!) {
      if (previous !== undefined && after !== undefined && after !== previous) continue
      if (chosen === undefined || id < chosen) chosen = id
    }
    if (chosen === undefined) break
    const noticed = space.chain.get(chosen)
    if (noticed !== undefined) path.push(noticed)
    previous = chosen
    lastRound = round
  }
  return path
}

/**
 * The space's seats and its keys' records derived again: those before the chain, then each
 * election of the chain in effect in round order, each followed by the recalls anchored to it (a
 * recall is anchored to the last election of the chain that names its key, or to what was before
 * the chain if none does and that did; else it ends nothing). Recalls of one anchor go in the
 * order of their closes' ids, again while one seats an alternate another names.
 */
export function deriveChainSeats(council: CouncilState, space: MemberSpaceRecord): void {
  const base = space.chainBase
  if (base === null) return
  for (const [key, record] of base.records) {
    const now = council.delegates.get(key)
    if (now !== undefined && now.space !== space.space) continue
    if (record === undefined) council.delegates.delete(key)
    else council.delegates.set(key, { ...record })
  }
  space.election = base.election
  space.electedAt = base.electedAt
  space.termEnds = base.termEnds
  space.delegates = [...base.delegates]
  space.alternates = [...base.alternates]
  const chain = chainInEffect(space)
  const lastNaming = new Map<PublicKey, EventId | null>()
  for (const key of [...base.delegates, ...base.alternates]) lastNaming.set(key, null)
  for (const e of chain)
    for (const key of [...e.delegates, ...e.alternates]) lastNaming.set(key, e.id)
  const anchored = new Map<EventId | null, [EventId, PublicKey][]>()
  for (const [close, key] of [...space.chainRecalls].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const anchor = lastNaming.get(key)
    if (anchor === undefined) continue
    anchored.set(anchor, [...(anchored.get(anchor) ?? []), [close, key]])
  }
  applyRecalls(council, space, anchored.get(null) ?? [])
  for (const election of chain) {
    applyElection(council, space, election)
    applyRecalls(council, space, anchored.get(election.id) ?? [])
  }
}

function applyElection(
  council: CouncilState,
  space: MemberSpaceRecord,
  election: ChainElection,
): void {
  endSeats(council, space)
  space.electedAt = { at: election.at, event: election.id, round: election.round }
  space.election = election.id
  space.termEnds = election.termEnds
  space.delegates = [...election.delegates]
  space.alternates = [...election.alternates]
  const seat = (key: PublicKey, status: 'seated' | 'alternate') =>
    council.delegates.set(key, {
      key,
      space: space.space,
      election: election.id,
      status,
      recalledBy: null,
      termEnds: election.termEnds,
    })
  for (const key of election.delegates) seat(key, 'seated')
  for (const key of election.alternates) seat(key, 'alternate')
}

function applyRecalls(
  council: CouncilState,
  space: MemberSpaceRecord,
  recalls: readonly [EventId, PublicKey][],
): void {
  let left = recalls
  for (let progress = true; progress && left.length > 0;) {
    const before = left.length
    left = left.filter(([close, key]) => !recallSeat(council, space, key, close))
    progress = left.length < before
  }
}

/** Ends `key`'s seat of `space` by the recall `close` and seats the first alternate; false if unseated. */
export function recallSeat(
  council: CouncilState,
  space: MemberSpaceRecord,
  key: PublicKey,
  close: EventId,
): boolean {
  const delegate: DelegateRecord | undefined = council.delegates.get(key)
  if (delegate?.space !== space.space || delegate.status !== 'seated') return false
  delegate.status = 'recalled'
  delegate.recalledBy = close
  const next = space.alternates.shift()
  if (next !== undefined) {
    const alternate = council.delegates.get(next)
    if (alternate?.status === 'alternate') alternate.status = 'seated'
    space.delegates = [...space.delegates.filter((k) => k !== delegate.key), next]
  } else space.delegates = space.delegates.filter((k) => k !== delegate.key)
  return true
}

/** The space's seats end (a new election, or the space leaving); recalled ones stay recalled. */
export function endSeats(council: CouncilState, space: MemberSpaceRecord): void {
  for (const key of [...space.delegates, ...space.alternates]) {
    const record = council.delegates.get(key)
    if (record !== undefined && record.space === space.space && record.status !== 'recalled')
      record.status = 'ended'
  }
  space.delegates = []
  space.alternates = []
}
