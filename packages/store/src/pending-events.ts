// Park mode (`park: true`, for sync and bundles): an event refused only because something it
// depends on has not arrived (a gap in its author's chain, an unknown space, poll or proposal, a
// member not yet admitted…) is held in the store's pending table and tried again when what it
// waits for is accepted. Anyone may push events to a hub, so what is held is bounded and cheap:
//
// - Bounded: at most MAX_PENDING in a store, MAX_PENDING_PER_SPACE in a space,
//   MAX_PENDING_PER_AUTHOR per author in a space, MAX_PENDING_PER_SEQ for one (author, seq) (an
//   event and one fork of it), and MAX_PENDING_STRANGERS held for authors without standing. An
//   event past a limit is refused with its own code, and a peer sends it again later.
// - Standing: an event's author has standing in a space this hub holds when it is a member (or
//   was: it has a chain here), a council's delegate, the author of events held here already, or
//   admitted by a held `member.admitted`. Others are strangers: still held (a valid history may
//   arrive in any order) but within their quota, and never passed on to peers.
// - Expiring: held events older than PENDING_TTL_MS are dropped (peers still hold them).
// - Cheap: each held event is indexed by what it waits for (its chain predecessor, the events and
//   keys its body names, its space's creation…: `waitKeys`); an accepted event wakes only the held
//   events waiting for something it is or names (`wakeKeys`), so a write does not retry junk.
//
// An event that references another space's event (a council notice, a co-signing) holds back
// every later event of its space: in park mode they wait behind it, untried, and all of them are
// tried again in order once it is accepted, so each space's log is folded in the order it was
// written (a recall noticed before a ballot its delegate cast earlier would refuse that ballot).
import { WAITING_CODES } from '@veche/core'
import { referencesOf } from '@veche/core/replay'
import type { EventId, RejectionCode, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import type { EventStore, NewEvent, PendingEvent } from './event-store.js'

/** At most this many events wait in a store's pending table. */
export const MAX_PENDING = 100_000
/** At most this many events wait in one space (a hub that holds more is being flooded). */
export const MAX_PENDING_PER_SPACE = 10_000
/** At most this many events of one author wait in one space: a sync page's worth. */
export const MAX_PENDING_PER_AUTHOR = 1_000
/** At most this many different events of one author with one seq wait: an event and a fork of it. */
export const MAX_PENDING_PER_SEQ = 2
/** At most this many events of authors without standing wait, in all (see `hasStanding`). */
export const MAX_PENDING_STRANGERS = 10_000
/**
 * Held events are dropped after this long (30 days): long enough for a cut-off hub to be joined
 * again by hand-carried bundles; the hubs that accepted them still hold them and send them again.
 */
export const PENDING_TTL_MS = 30 * 24 * 60 * 60_000
/** Expired events are looked for at most this often. */
export const PENDING_EXPIRY_CHECK_MS = 60_000

/** The limits on held events (defaults above; tests lower them). */
export interface PendingLimits {
  readonly total: number
  readonly perSpace: number
  readonly perAuthor: number
  readonly perSeq: number
  readonly strangers: number
  readonly ttlMs: number
}

export const DEFAULT_PENDING_LIMITS: PendingLimits = {
  total: MAX_PENDING,
  perSpace: MAX_PENDING_PER_SPACE,
  perAuthor: MAX_PENDING_PER_AUTHOR,
  perSeq: MAX_PENDING_PER_SEQ,
  strangers: MAX_PENDING_STRANGERS,
  ttlMs: PENDING_TTL_MS,
}

/**
 * The codes of events that may become acceptable when other events arrive: these are parked.
 * Anything else (a bad signature, a malformed body, a fork…) is refused at once. They are core's
 * `waiting` refusals (refusal-kinds.ts), one list: a device waits out exactly what a hub holds.
 */
export const PARKABLE_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>(WAITING_CODES)

/** The code of an event waiting for an event of another space (or behind one). */
export const WAITS_ON_OTHER_SPACES: RejectionCode = 'reference.missing'

/**
 * Codes of events that wait for an event their body names (a poll, a proposal, an invitation key,
 * a member…) or for their author's admission: they wake when an accepted event is, or names, one
 * of the ids and keys their body holds.
 */
const NAMED_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'member.not-member',
  'member.unknown',
  'invitation.unknown',
  'proposal.unknown',
  'comment.unknown-parent',
  'poll.unknown',
  'poll.unknown-ballot',
  'ballot.unknown-poll',
  'secret.unknown-seal',
  'referral.unknown',
  'statement.unknown',
  'meeting.unknown',
  'conversation.unknown',
])

/** Codes of events that wait for the state of something their body names (a meeting's queue). */
const MENTION_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'meeting.no-hand',
  'meeting.hand-already-raised',
  'conversation.unknown-statement',
  'conversation.statement-not-accepted',
  'conversation.statement-rejected',
  'conversation.not-facilitator',
])

/**
 * Event types too frequent to wake events waiting for "something else changed here" (they wake
 * only what names them or waits for their author's chain).
 */
const QUIET_TYPES: ReadonlySet<string> = new Set(['ballot.cast', 'secret.ballot', 'comment.posted'])

/**
 * The body fields that hold the keys an event admits, invites, seats or names as a member: an
 * accepted event wakes the events waiting for the keys there (and for its author).
 */
const KEY_FIELDS: readonly string[] = [
  'member',
  'invitation',
  'delegate',
  'delegates',
  'alternates',
]

/** Names a held event may wait for, at most; past it, it waits for any change of its space. */
const MAX_NAMES = 64

const NAME = /^[A-Za-z0-9_-]{43}$/

/** Every event id or public key (43 base64url characters) in `value`, once each. */
function namesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (NAME.test(value)) into.add(value)
  } else if (Array.isArray(value)) {
    for (const item of value) namesIn(item, into)
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) namesIn(item, into)
  }
  return into
}

/**
 * Whether a pending event may be waiting, now or later, for another space's event: it references
 * another space's event (parked for a gap in its author's chain first, it waits for its reference
 * next). In park mode every later event of its space waits behind it (see the header).
 */
export function waitsOnOtherSpaces(pending: Pick<PendingEvent, 'json'>): boolean {
  return referencesOf(JSON.parse(pending.json) as SignedEvent).length > 0
}

/**
 * What a held event waits for, as keys that an accepted event's `wakeKeys` may hold:
 *   c|S|A|n  A's event n in S     s|S  any event of S      x|S  any event of S but a ballot or comment
 *   i|X      the event X (any space)   k|S|K  an event of S by K or naming K as a member
 *   m|S|X    an event of S naming X    t|S|T  an event of S of type T
 *   b|S      any event of S once S has no event waiting for another space's (events held
 *            behind one, untried, wait for that)
 */
export function waitKeys(event: SignedEvent, code: string, state: SpaceState | null): string[] {
  const { space: S, author: A, seq } = event
  switch (code) {
    case 'poll.close-ahead':
    case 'conversation.close-ahead': {
      // A close whose stated view (its voters' `seen`, its membership view: `members` of a close
      // or a secret count, `view` of a space count) holds more of some authors' events than this
      // replica: it waits for each such author's event at the seq the view names (all of them,
      // without the state to tell which are missing).
      const body = event.body as Record<string, unknown>
      const views = [body['seen'], body['members'], body['view']].filter(
        (v): v is Record<string, number> => typeof v === 'object' && v !== null,
      )
      const keys = views
        .flatMap((view) => Object.entries(view))
        .filter(([voter, n]) => state === null || (state.heads.get(voter as never)?.seq ?? 0) < n)
        .map(([voter, n]) => `c|${S}|${voter}|${n}`)
      return keys.length > 0 ? keys : [`s|${S}`]
    }
    case 'chain.seq-gap':
      return [`c|${S}|${A}|${seq - 1}`, `k|${S}|${A}`]
    case 'space.unknown':
      return [`s|${S}`]
    case 'fork.author-flagged':
      return [`k|${S}|${A}`]
    case WAITS_ON_OTHER_SPACES: {
      const references = referencesOf(event)
      // Held behind its space's blocker, untried: once the space has none, any event of it.
      return references.length > 0 ? references.map((id) => `i|${id}`) : [`b|${S}`]
    }
  }
  // Its references are here, but their context is not yet (a council notice's member space):
  // any change of its space may be the one.
  if (referencesOf(event).length > 0) return [`x|${S}`]
  const named = NAMED_CODES.has(code as RejectionCode)
  if (!named && !MENTION_CODES.has(code as RejectionCode)) return [`x|${S}`]
  const names = [...namesIn(event.body)]
  if (names.length > MAX_NAMES) return [`x|${S}`]
  const keys = named
    ? names.flatMap((name) => [`i|${name}`, `k|${S}|${name}`])
    : names.map((name) => `m|${S}|${name}`)
  keys.push(`k|${S}|${A}`)
  // A council seats delegates through notices, which name no key.
  if (code === 'member.not-member') keys.push(`t|${S}|council.notice`)
  return keys
}

/**
 * What an accepted event is and names, as wake keys (see `waitKeys`): keys only from the fields
 * that name members (KEY_FIELDS), so a ballot naming its poll wakes no one waiting for a member.
 * The body is read only when some held event waits for names.
 */
function* wakeKeys(event: NewEvent, withNames: boolean): Generator<string> {
  const S = event.space
  yield `c|${S}|${event.author}|${event.seq}`
  yield `s|${S}`
  if (!QUIET_TYPES.has(event.type)) yield `x|${S}`
  yield `i|${event.id}`
  yield `k|${S}|${event.author}`
  yield `t|${S}|${event.type}`
  if (!withNames) return
  const body = (JSON.parse(event.json) as { body?: Record<string, unknown> }).body ?? {}
  for (const field of KEY_FIELDS) {
    for (const key of namesIn(body[field])) yield `k|${S}|${key}`
  }
  for (const name of namesIn(body)) yield `m|${S}|${name}`
}

/** One held event, as the index knows it. */
interface Held {
  readonly id: EventId
  readonly space: SpaceId
  readonly author: string
  /** Park order (as the table's `n`). */
  readonly order: number
  readonly stranger: boolean
  keys: string[]
  /** It references another space's event: later events of its space wait behind it. */
  readonly blocker: boolean
  /** The keys a held, standing `member.admitted` admits. */
  readonly admits: readonly string[]
}

/** What a round of release resubmits in one space. */
export interface ReleasePlan {
  /** Held events to try again, in park order. */
  readonly ids: readonly EventId[]
  /** The space's first event waiting for another space's, if it is among them. */
  readonly blocker: EventId | null
}

/**
 * The held events, indexed by what they wait for, with what standing they give their authors.
 * Read from the pending table once, then kept up to date by the ledger.
 */
export class PendingIndex {
  #loaded = false
  #order = 0
  readonly #held = new Map<EventId, Held>()
  readonly #waiters = new Map<string, Set<EventId>>()
  /** Per space, its blockers (events waiting for another space's event), in park order. */
  readonly #blockers = new Map<SpaceId, EventId[]>()
  /** Per space, the held events of each author with standing. */
  readonly #authors = new Map<SpaceId, Map<string, number>>()
  /** Per space, the keys admitted by held `member.admitted` events of authors with standing. */
  readonly #admitted = new Map<SpaceId, Map<string, number>>()
  /** How many held events wait for names (`k|…`, `m|…` keys): names are read only if some do. */
  #namedWaiters = 0
  /** Spaces with an event waiting for another space's event: later events wait behind it. */
  readonly referenceWaiting = new Set<SpaceId>()

  /** Held events known. */
  get size(): number {
    return this.#held.size
  }

  /** Whether `id` is held. */
  has(id: EventId): boolean {
    return this.#held.has(id)
  }

  /** Reads the pending table, unless it was read before. */
  async load(store: Pick<EventStore, 'pending'>): Promise<void> {
    if (this.#loaded) return
    this.#loaded = true
    for (const pending of await store.pending()) this.note(pending)
  }

  /**
   * Notes an event held (anew, or again, with the code it was refused with this time); `state`,
   * its space's state when it was refused, lets it wait for exactly what is missing.
   */
  note(
    pending: Omit<PendingEvent, 'code'> & { code: string },
    state: SpaceState | null = null,
  ): void {
    const event = JSON.parse(pending.json) as SignedEvent
    const known = this.#held.get(pending.id)
    if (known !== undefined) {
      this.#unwait(known)
      known.keys = waitKeys(event, pending.code, state)
      this.#wait(known)
      return
    }
    const held: Held = {
      id: pending.id,
      space: pending.space,
      author: pending.author,
      order: ++this.#order,
      stranger: pending.stranger,
      keys: waitKeys(event, pending.code, state),
      blocker: referencesOf(event).length > 0,
      admits: !pending.stranger && event.type === 'member.admitted' ? [event.body.member] : [],
    }
    this.#held.set(held.id, held)
    this.#wait(held)
    if (held.blocker) {
      const list = this.#blockers.get(held.space) ?? []
      list.push(held.id)
      this.#blockers.set(held.space, list)
      this.referenceWaiting.add(held.space)
    }
    if (!held.stranger) count(this.#authors, held.space, held.author, 1)
    for (const key of held.admits) count(this.#admitted, held.space, key, 1)
  }

  /** Forgets events no longer held (accepted, given up, expired, purged). */
  forget(ids: Iterable<EventId>): void {
    for (const id of ids) {
      const held = this.#held.get(id)
      if (held === undefined) continue
      this.#held.delete(id)
      this.#unwait(held)
      if (held.blocker) {
        const list = (this.#blockers.get(held.space) ?? []).filter((b) => b !== id)
        if (list.length > 0) this.#blockers.set(held.space, list)
        else {
          this.#blockers.delete(held.space)
          this.referenceWaiting.delete(held.space)
        }
      }
      if (!held.stranger) count(this.#authors, held.space, held.author, -1)
      for (const key of held.admits) count(this.#admitted, held.space, key, -1)
    }
  }

  /**
   * Whether `author` has standing in `space` (whose state is `state`, `taken` its authors'
   * highest stored seqs): see the header. In a space this hub does not hold, nobody has.
   */
  hasStanding(state: SpaceState, taken: ReadonlyMap<string, number>, author: string): boolean {
    if (state.events === 0) return false
    return (
      state.members.has(author as never) ||
      taken.has(author) ||
      state.council?.delegates.has(author as never) === true ||
      (this.#authors.get(state.space)?.get(author) ?? 0) > 0 ||
      (this.#admitted.get(state.space)?.get(author) ?? 0) > 0
    )
  }

  /** The held events that the accepted `events` may unblock, per space (see `ReleasePlan`). */
  woken(events: readonly NewEvent[]): Map<SpaceId, ReleasePlan> {
    const hit = new Set<EventId>()
    if (this.#held.size > 0) {
      for (const event of events) {
        for (const key of wakeKeys(event, this.#namedWaiters > 0)) {
          for (const id of this.#waiters.get(key) ?? []) hit.add(id)
        }
        if (!this.referenceWaiting.has(event.space)) {
          for (const id of this.#waiters.get(`b|${event.space}`) ?? []) hit.add(id)
        }
      }
    }
    const bySpace = new Map<SpaceId, Held[]>()
    for (const id of hit) {
      const held = this.#held.get(id)!
      const list = bySpace.get(held.space) ?? []
      list.push(held)
      bySpace.set(held.space, list)
    }
    const plans = new Map<SpaceId, ReleasePlan>()
    for (const [space, list] of bySpace) {
      const first = this.#blockers.get(space)?.[0]
      const firstOrder = first === undefined ? Infinity : this.#held.get(first)!.order
      // Behind the first blocker nothing goes before it; it goes first, and the rest after it.
      const ids = list
        .filter((held) => held.order <= firstOrder)
        .sort((a, b) => a.order - b.order)
        .map((held) => held.id)
      if (ids.length === 0) continue
      plans.set(space, { ids, blocker: first !== undefined && ids.includes(first) ? first : null })
    }
    return plans
  }

  #wait(held: Held): void {
    for (const key of held.keys) {
      let set = this.#waiters.get(key)
      if (set === undefined) this.#waiters.set(key, (set = new Set()))
      set.add(held.id)
      if (key.startsWith('k|') || key.startsWith('m|')) this.#namedWaiters += 1
    }
  }

  #unwait(held: Held): void {
    for (const key of held.keys) {
      const set = this.#waiters.get(key)
      set?.delete(held.id)
      if (set?.size === 0) this.#waiters.delete(key)
      if (key.startsWith('k|') || key.startsWith('m|')) this.#namedWaiters -= 1
    }
  }
}

function count(
  table: Map<SpaceId, Map<string, number>>,
  space: SpaceId,
  key: string,
  by: number,
): void {
  const counts = table.get(space) ?? new Map<string, number>()
  const n = (counts.get(key) ?? 0) + by
  if (n > 0) counts.set(key, n)
  else counts.delete(key)
  if (counts.size > 0) table.set(space, counts)
  else table.delete(space)
}

/**
 * Decides, for one submission, whether each newly refused event may be held: within every limit,
 * counting the store's pending table (it may hold what other processes parked) and what this
 * submission holds already. Says why not when it may not.
 */
export class HoldingRoom {
  readonly #store: Pick<EventStore, 'countPending'>
  readonly #index: PendingIndex
  readonly #limits: PendingLimits
  readonly #counts = new Map<string, number>()

  constructor(store: Pick<EventStore, 'countPending'>, index: PendingIndex, limits: PendingLimits) {
    this.#store = store
    this.#index = index
    this.#limits = limits
  }

  /**
   * Whether `event` may be held (then it is counted): `{ stranger }` if so, the reason if not.
   * `state` and `taken` are its space's state and stored seqs.
   */
  async admit(
    event: SignedEvent,
    state: SpaceState,
    taken: ReadonlyMap<string, number>,
  ): Promise<{ ok: true; stranger: boolean } | { ok: false; reason: string }> {
    const { space, author, seq } = event
    const stranger = !this.#index.hasStanding(state, taken, author)
    const limits = this.#limits
    const checks: [string, Parameters<EventStore['countPending']>[0], number, string][] = [
      ['total', {}, limits.total, `this hub holds ${limits.total} events back already, its most`],
      [
        `space|${space}`,
        { space },
        limits.perSpace,
        `this hub holds ${limits.perSpace} events of this space back already, its most for a space`,
      ],
      [
        `author|${space}|${author}`,
        { space, author },
        limits.perAuthor,
        `this hub holds ${limits.perAuthor} events of this author in this space back already, its most for an author`,
      ],
      [
        `seq|${space}|${author}|${seq}`,
        { space, author, seq },
        limits.perSeq,
        `this hub holds ${limits.perSeq} events of this author with seq ${seq} back already`,
      ],
    ]
    if (stranger) {
      checks.push([
        'strangers',
        { stranger: true },
        limits.strangers,
        `its author has no standing in this space (not a member, nothing of theirs held), and this hub holds ${limits.strangers} such events back already`,
      ])
    }
    for (const [key, filter, limit, reason] of checks) {
      let n = this.#counts.get(key)
      if (n === undefined) {
        n = await this.#store.countPending(filter)
        this.#counts.set(key, n)
      }
      if (n >= limit) return { ok: false, reason }
    }
    for (const [key] of checks) this.#counts.set(key, this.#counts.get(key)! + 1)
    return { ok: true, stranger }
  }
}

/**
 * Tries again the held events that the `accepted` events may unblock, and what those unblock in
 * turn, until a round accepts nothing; returns how many were accepted. `resubmit` submits one
 * space's held events (in park order) in park mode and returns the events it wrote. Runs in the
 * submission's turn.
 */
export async function releasePending(
  store: Pick<EventStore, 'pending' | 'pendingByIds'>,
  index: PendingIndex,
  accepted: readonly NewEvent[],
  resubmit: (waiting: readonly PendingEvent[]) => Promise<readonly NewEvent[]>,
): Promise<number> {
  if (accepted.length === 0) return 0
  await index.load(store)
  let released = 0
  let wake = accepted
  while (wake.length > 0 && index.size > 0) {
    const next: NewEvent[] = []
    for (const [space, plan] of index.woken(wake)) {
      const waiting = await store.pendingByIds(plan.ids)
      // Dropped behind the index's back (expired or purged by another process): forget them.
      if (waiting.length < plan.ids.length) {
        const found = new Set(waiting.map((p) => p.id))
        index.forget(plan.ids.filter((id) => !found.has(id)))
      }
      if (waiting.length === 0) continue
      let written = await resubmit(waiting)
      // The space's first event waiting for another space's is no longer held (accepted, or
      // given up): everything held behind it is tried again, in the order it was held.
      if (plan.blocker !== null && !index.has(plan.blocker)) {
        written = [...written, ...(await resubmit(await store.pending(space)))]
      }
      released += written.length
      next.push(...written)
    }
    wake = next
  }
  return released
}
