// The federation part of a space's state. A council keeps its member spaces, their seats, their
// delegates and the referrals it sent down; any space keeps its ties to the councils it joined.
// Invariant: a council's voting members are exactly the keys whose delegate record is `seated` and
// whose term has not ended by the council's time; a record is `seated` only while its space is a
// member and no recall, new election or leave of that space was noticed after the election that
// seated it. The council's time at an event is the latest claimed time of its convenors' events
// (not of notices, which any key may post), or the event's own claimed time if later: it only
// grows, so a seat whose term has ended never counts again.
import type { CouncilRules, MandatePosition, ReferralRule } from './event-bodies.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'

export type SeatStatus = 'seated' | 'alternate' | 'recalled' | 'ended'

export interface DelegateRecord {
  readonly key: PublicKey
  readonly space: SpaceId
  /** The member space's `delegate.elected` event. */
  readonly election: EventId
  status: SeatStatus
  /** The recall close (`poll.closed` of a recall) that ended the seat, if any. */
  recalledBy: EventId | null
  /** When the term ends (ms since epoch; `delegate.elected.2`), or null: until the next election. */
  readonly termEnds: number | null
}

export interface MemberSpaceRecord {
  readonly space: SpaceId
  /** The member space's `council.join-decided`, and the council's `council.space-admitted`. */
  readonly decision: EventId
  readonly admitted: EventId
  status: 'member' | 'left'
  /**
   * The noticed count in effect: of the `space.counted.2`, the highest round (ties: the lowest
   * id); before any, the `space.counted` with the latest claimed time (ties: the higher id).
   */
  count: {
    readonly members: number
    readonly at: number
    readonly event: EventId
    /** The count's round (`space.counted.2`), 0 for a `space.counted`. */
    readonly round: number
  } | null
  /** The latest noticed election, its delegates and its alternates in order. */
  election: EventId | null
  /**
   * The election in effect: its claimed time, id and round (`delegate.elected.3`; 0 for the old
   * types). One that does not come after it is refused (election-order.ts).
   */
  electedAt: { readonly at: number; readonly event: EventId; readonly round: number } | null
  /**
   * The space's noticed `delegate.elected.3`, by id: the council's seats and records of the space
   * are derived from the chain these choose, over `chainBase`, with the recalls noticed since
   * (council-election-chain.ts), whenever one more is noticed.
   */
  readonly chain: Map<EventId, ChainElection>
  /** What the council held of the space before its first `delegate.elected.3` was noticed. */
  chainBase: ChainBase | null
  /** The recalls of the space noticed since then: the close's id and the delegate it names. */
  readonly chainRecalls: Map<EventId, PublicKey>
  /** When the latest noticed election's term ends, or null. */
  termEnds: number | null
  delegates: PublicKey[]
  alternates: PublicKey[]
  /** Mandates noticed, by council poll. */
  readonly mandates: Map<EventId, { readonly position: MandatePosition; readonly event: EventId }>
}

/** A noticed `delegate.elected.3`: what the council needs of it to place and apply it. */
export interface ChainElection {
  readonly id: EventId
  readonly at: number
  readonly round: number
  readonly after: EventId | null
  readonly termEnds: number | null
  readonly delegates: readonly PublicKey[]
  readonly alternates: readonly PublicKey[]
}

/** A space's seats and its keys' records as they were before its chain of elections. */
export interface ChainBase {
  readonly election: EventId | null
  readonly electedAt: MemberSpaceRecord['electedAt']
  readonly termEnds: number | null
  readonly delegates: readonly PublicKey[]
  readonly alternates: readonly PublicKey[]
  /**
   * Each key's record then (a copy), or undefined for a key the council had no record of: taken
   * for a key when the first election of the chain naming it is noticed.
   */
  readonly records: Map<PublicKey, DelegateRecord | undefined>
}

export interface ReferralAnswer {
  readonly for: number
  readonly against: number
  readonly abstain: number
  readonly event: EventId
}

export interface ReferralRecord {
  readonly id: EventId
  readonly motion: EventId
  readonly rule: ReferralRule
  status: 'open' | 'closed'
  readonly answers: Map<SpaceId, ReferralAnswer>
  result: unknown
}

export interface CouncilState {
  readonly rules: CouncilRules
  readonly spaces: Map<SpaceId, MemberSpaceRecord>
  /** Every key ever elected here, with its latest status. */
  readonly delegates: Map<PublicKey, DelegateRecord>
  /** Foreign events already noticed (each at most once). */
  readonly noticed: Set<EventId>
  readonly referrals: Map<EventId, ReferralRecord>
  /** The latest claimed time of a convenor's event accepted here: the council's time (header). */
  clock: number
  /**
   * For each author of a notice that changed seats (an election, a recall's close, a leave), the
   * seq of the newest such notice: what a close's view names in a council (`membershipView`).
   * Not part of the state view or its hash.
   */
  readonly seatAuthors: Map<PublicKey, number>
  /** Each key's seat after every notice that changed it, newest first (`seatedInView`). */
  readonly seatSteps: Map<PublicKey, SeatStep>
}

/** A key's seat as one notice left it: the notice's author and seq, the status and term end. */
export interface SeatStep {
  readonly author: PublicKey
  readonly seq: number
  readonly status: SeatStatus
  readonly termEnds: number | null
  readonly prev: SeatStep | undefined
}

/** A member space's side of one council. */
export interface CouncilTie {
  readonly council: SpaceId
  joined: EventId | null
  left: EventId | null
  election: EventId | null
  /** When the latest election's term ends, or null. */
  termEnds: number | null
  /** Current delegates and their status in this space's own view. */
  readonly delegates: Map<PublicKey, SeatStatus>
  alternates: PublicKey[]
  /**
   * Consecutive terms each delegate of the latest election has served here, that one included: a
   * term is an election naming the key as a delegate; a later election without the key ends it.
   */
  readonly terms: Map<PublicKey, number>
  readonly mandates: Map<EventId, { readonly position: MandatePosition; readonly event: EventId }>
  readonly answers: Map<EventId, EventId>
  /**
   * Every change of `delegates` and `alternates`, in the order folded: `delegates` and
   * `alternates` are what these give, and are derived from them again when a recall's close in
   * effect changes (seat-changes.ts). Not part of the state view or its hash.
   */
  readonly seatChanges: SeatChange[]
  /**
   * The round of every election of this space to the council (`delegate.elected.3`; 0 for the old
   * types), by id: what a later one's `after` is checked against. Not part of the view.
   */
  readonly rounds: Map<EventId, number>
  /** Each facilitator's highest round among their own elections here (the no-skip rule). */
  readonly authorRounds: Map<PublicKey, number>
  /** The round of `election`, the election in effect (0 for the old types). */
  round: number
  /**
   * The chain of `delegate.elected.3` in effect, by round (index 0: round 1), its last one
   * `election` (election-order.ts). Not part of the view.
   */
  readonly chain: EventId[]
  /** The consecutive terms each accepted `delegate.elected.3` leaves (those after it count on). */
  readonly chainTerms: Map<EventId, ReadonlyMap<PublicKey, number>>
  /** The delegates each accepted `delegate.elected.3` names, and its term's end. */
  readonly chainDelegates: Map<
    EventId,
    { readonly keys: readonly PublicKey[]; readonly termEnds: number | null }
  >
  /** `terms` as the old types left them, when the chain began. */
  termsBeforeChain: Map<PublicKey, number>
}

/**
 * A change of a tie's seats: an election, the space leaving the council, or a recall poll's close
 * (at the first close of the poll folded; its outcome is read from the poll's close in effect).
 */
export type SeatChange =
  | {
      readonly kind: 'elected'
      /** The election (absent in changes noted before elections had an order to keep). */
      readonly election?: EventId
      readonly delegates: readonly PublicKey[]
      readonly alternates: readonly PublicKey[]
    }
  | { readonly kind: 'left' }
  | { readonly kind: 'recall'; readonly poll: EventId }

/** A council decision recorded in a member space's feed. */
export interface ReportedDecision {
  readonly council: SpaceId
  readonly kind: 'poll' | 'referral'
  /** The council's poll or referral. */
  readonly subject: EventId
  readonly result: unknown
}

export interface FederationState {
  readonly ties: Map<SpaceId, CouncilTie>
  readonly reported: Map<EventId, ReportedDecision>
  /** Rotation limit (`rotation.rule-set`): the most consecutive terms one key may serve. */
  maxConsecutiveTerms?: number | null
  /** This space's chain of counts (`space.counted.2`), as elections' (`CouncilTie.rounds`). */
  readonly counts: CountChain
}

/** A space's counts in order: each one's round, each signer's highest, the one in effect. */
export interface CountChain {
  readonly rounds: Map<EventId, number>
  readonly authorRounds: Map<PublicKey, number>
  latest: { readonly id: EventId; readonly round: number } | null
}

/** The tie of a space to `council`, created empty on first use. */
export function tieTo(federation: FederationState, council: SpaceId): CouncilTie {
  let tie = federation.ties.get(council)
  if (tie === undefined) {
    tie = {
      council,
      joined: null,
      left: null,
      election: null,
      termEnds: null,
      delegates: new Map(),
      alternates: [],
      terms: new Map(),
      mandates: new Map(),
      answers: new Map(),
      seatChanges: [],
      rounds: new Map(),
      authorRounds: new Map(),
      round: 0,
      chain: [],
      chainTerms: new Map(),
      chainDelegates: new Map(),
      termsBeforeChain: new Map(),
    }
    federation.ties.set(council, tie)
  }
  return tie
}

/** The council's time at an event claimed at `at`: its log's latest claimed time, or `at` if later. */
export function councilTime(council: CouncilState, at: number = council.clock): number {
  return at > council.clock ? at : council.clock
}

/** True when `record`'s term has ended by the council's time at `at`. */
export function termEnded(council: CouncilState, record: DelegateRecord, at?: number): boolean {
  return record.termEnds !== null && record.termEnds <= councilTime(council, at)
}

/**
 * A key's seat at the council's time at `at`: `seated`, `term-ended` (seated by an election whose
 * term has ended), another status, or null for a key never elected here.
 */
export function seatAt(
  council: CouncilState,
  key: PublicKey,
  at?: number,
): SeatStatus | 'term-ended' | null {
  const record = council.delegates.get(key)
  if (record === undefined) return null
  if (record.status === 'seated' && termEnded(council, record, at)) return 'term-ended'
  return record.status
}

/**
 * Keys seated at the council's time at `at` (default: its latest claimed time), whose terms have
 * not ended: the council's voting members.
 */
export function seatedDelegates(council: CouncilState, at?: number): PublicKey[] {
  const seated: PublicKey[] = []
  for (const d of council.delegates.values()) {
    if (d.status === 'seated' && !termEnded(council, d, at)) seated.push(d.key)
  }
  return seated.sort()
}

/**
 * Seats per member space. Fixed: `perSpace` each. Proportional: `total` seats shared by the
 * highest-averages method over each member space's latest noticed member count (a space with no
 * count noticed counts 0 and gets no seat): D'Hondt divides by 1, 2, 3…; Sainte-Laguë by 1, 3, 5….
 * Equal quotients go to the larger space, then to the lower space id, so it is deterministic.
 */
export function allocateSeats(council: CouncilState): Map<SpaceId, number> {
  const members = [...council.spaces.values()].filter((s) => s.status === 'member')
  const seats = new Map<SpaceId, number>(members.map((s) => [s.space, 0]))
  const { rules } = council
  if (rules.seats.kind === 'fixed') {
    for (const s of members) seats.set(s.space, rules.seats.perSpace)
    return seats
  }
  const step = rules.seats.method === 'dhondt' ? 1 : 2
  const counted = members
    .filter((s) => (s.count?.members ?? 0) > 0)
    .sort((a, b) => (a.space < b.space ? -1 : 1))
  for (let seat = 0; seat < rules.seats.total && counted.length > 0; seat++) {
    let best: MemberSpaceRecord | null = null
    let bestNum = 0
    let bestDen = 1
    for (const s of counted) {
      const num = s.count!.members
      const den = 1 + step * seats.get(s.space)!
      // num/den > bestNum/bestDen, compared exactly in integers
      const cmp = num * bestDen - bestNum * den
      if (best === null || cmp > 0 || (cmp === 0 && num > bestNum)) {
        best = s
        bestNum = num
        bestDen = den
      }
    }
    seats.set(best!.space, seats.get(best!.space)! + 1)
  }
  return seats
}

/**
 * Notes that the notice `seq` of `author` changed seats: for every key in `keys` whose record it
 * changed (another record, or another status), the seat it left.
 */
export function noteSeatChanges(
  council: CouncilState,
  author: PublicKey,
  seq: number,
  before: ReadonlyMap<PublicKey, DelegateRecord | undefined>,
  beforeStatus: ReadonlyMap<PublicKey, SeatStatus | undefined>,
): void {
  let changed = false
  for (const [key, old] of before) {
    const record = council.delegates.get(key)
    if (
      record === undefined
        ? old === undefined
        : record === old && record.status === beforeStatus.get(key)
    )
      continue
    changed = true
    // A record gone: a fork's loser undone (election-order.ts) leaves the key with no seat.
    council.seatSteps.set(key, {
      author,
      seq,
      status: record?.status ?? 'ended',
      termEnds: record?.termEnds ?? null,
      prev: council.seatSteps.get(key),
    })
  }
  if (changed) council.seatAuthors.set(author, seq)
}

/**
 * The keys seated within a close's view `view` (for each author, the newest seq the closer held):
 * each key's seat as the newest notice within the view left it, whose term has not ended by `at`
 * (the close's claimed time; the council's own clock follows convenors' events, which a view does
 * not fix). Notices beyond the view (signed or noticed on another hub meanwhile) change nothing,
 * so every replica counts the same seats whatever order the notices reached it in.
 */
export function seatedInView(
  council: CouncilState,
  view: Readonly<Record<string, number>>,
  at: number = council.clock,
): Set<PublicKey> {
  const seated = new Set<PublicKey>()
  for (const [key, newest] of council.seatSteps) {
    let step: SeatStep | undefined = newest
    while (step !== undefined && !(step.seq <= (view[step.author] ?? 0))) step = step.prev
    if (step?.status === 'seated' && (step.termEnds === null || step.termEnds > at)) seated.add(key)
  }
  return seated
}
