// The ledger: the one way events enter a store. For each submitted event it parses, computes the
// id, recognises exact duplicates, checks the signatures, applies the rules to the space's state,
// and appends everything accepted in one transaction. Submissions are serialised, so the states it
// caches always match what is stored.
//
// Forks: a second, different event at a seq its author already has stored is equivocation. It is
// reported as rejected (`chain.fork`, as always) but kept as evidence in the store's forks table,
// and the space's state is rebuilt with the author flagged: from the forked seq on, none of the
// author's events counts, on either branch, until a facilitator's `fork.resolved`. A rebuilt state
// skips stored events the rules now refuse (the forked author's, and any that depended on them).
//
// Parking (`park: true`, for sync and bundles): an event refused only because something it
// depends on has not arrived (a gap in its author's chain, an unknown space, poll or proposal, a
// member not yet admitted…) is kept in the store's pending table, at most MAX_PENDING events, and
// tried again whenever events of its space are accepted.
import {
  applyEvent,
  createSpaceState,
  parseEvent,
  recordFork,
  referencesOf,
  verifyEventsSignatures,
  reject,
} from '@veche/core'
import type {
  FoldContext,
  EventId,
  ParsedEvent,
  Rejection,
  RejectionCode,
  SignatureVerdict,
  SignatureVerifier,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { StoreConflictError } from './event-store.js'
import type { EventStore, NewEvent, PendingEvent, StoredEvent } from './event-store.js'

/** What became of one submitted event. */
export type SubmitOutcome =
  | { readonly status: 'accepted'; readonly id: EventId }
  | { readonly status: 'duplicate'; readonly id: EventId }
  | {
      readonly status: 'rejected'
      readonly code: RejectionCode
      readonly message: string
      readonly id?: EventId
      /**
       * Only with `park`: not accepted yet, but kept in the pending table and accepted when what
       * it depends on arrives. (A flag, not a status of its own, so existing clients read it as
       * what it is for now: not accepted.)
       */
      readonly parked?: true
    }

export interface SubmitReport {
  /** One outcome per submitted event, in order. */
  readonly outcomes: readonly SubmitOutcome[]
  /** How many events were written (0 when an all-or-nothing submission had a rejection). */
  readonly written: number
  /** Pending events accepted after this submission, because what they waited for arrived. */
  readonly released: number
}

export interface SubmitOptions {
  /** Write nothing unless every event is accepted or a duplicate (imports use this). */
  readonly atomic?: boolean
  /** Check only: report what would happen and write nothing. */
  readonly dryRun?: boolean
  /** Called after each event is checked (for progress bars). */
  readonly onProgress?: (checked: number) => void
  /**
   * Keep events that arrive before what they depend on in the pending table and accept them when
   * it arrives (sync and bundles). Without it they are rejected, as for a client.
   */
  readonly park?: boolean
  /**
   * Write nothing if any event is rejected with one of these codes (sync uses the codes that mean
   * a batch was altered: a tampered batch is refused whole, while rule refusals stay per event).
   */
  readonly refuseOn?: ReadonlySet<RejectionCode>
}

/** At most this many events wait in a store's pending table; beyond it they are rejected. */
export const MAX_PENDING = 100_000

/**
 * The codes of events that may become acceptable when other events arrive: these are parked.
 * Anything else (a bad signature, a malformed body, a fork…) is refused at once.
 */
export const PARKABLE_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'chain.seq-gap',
  'space.unknown',
  'member.not-member',
  'member.unknown',
  'member.not-facilitator',
  'invitation.unknown',
  'role.not-held',
  'proposal.not-allowed',
  'proposal.unknown',
  'comment.unknown-parent',
  'poll.unknown',
  'poll.not-allowed',
  'poll.unknown-ballot',
  'ballot.unknown-poll',
  'fork.author-flagged',
  'reference.missing',
  'council.not-joined',
  'council.not-member-space',
  'council.not-delegate',
  'council.too-many-delegates',
  'council.decision-not-adopted',
  'delegate.not-seated',
  'referral.unknown',
  'statement.unknown',
  'statement.not-adopted',
  'statement.decision-not-adopted',
  'meeting.unknown',
  'meeting.not-allowed',
  'meeting.no-hand',
  'meeting.hand-already-raised',
])

/** The code of an event waiting for an event of another space: retried whenever any space grows. */
const WAITS_ON_OTHER_SPACES: RejectionCode = 'reference.missing'

/**
 * Whether a pending event may be waiting, now or later, for another space's event: it references
 * another space's event (parked for a gap in its author's chain first, it waits for its reference
 * next). A space with such an event is tried again whenever any space grows, and in park mode it
 * takes nothing past it: every later event of the space is parked behind it, acceptable or not,
 * and none is given up, so the space's log is folded in the order it was written. (Taken out of
 * order, a recall noticed before a ballot its delegate cast earlier would refuse that ballot; a
 * council's close counts the mandates noticed before it.)
 */
function waitsOnOtherSpaces(pending: Pick<PendingEvent, 'json'>): boolean {
  return referencesOf(JSON.parse(pending.json) as SignedEvent).length > 0
}

/**
 * Codes that mean an event was altered or is not what it claims (not a rule refusal): sync
 * refuses a whole batch holding one (`refuseOn`), as bundle import refuses a whole bundle.
 */
export const TAMPERED_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'event.malformed',
  'event.too-large',
  'event.unknown-type',
  'event.bad-signature',
  'event.id-mismatch',
  'invitation.bad-proof',
])

/** Raised when a stored event no longer passes the rules: the store was changed behind our back. */
export class CorruptStoreError extends Error {
  override readonly name = 'CorruptStoreError'
  constructor(message: string) {
    super(`${message}; run \`veche verify\` to find every fault`)
  }
}

const MAX_CACHED_SPACES = 256

/** Events just appended, as the store holds them (for live updates). */
export type AppendListener = (events: readonly StoredEvent[]) => void

/** Submitted events, parsed, with the signature verdicts of those that were not stored yet. */
interface Prepared {
  readonly parsed: readonly (ParsedEvent | Rejection)[]
  readonly ids: readonly EventId[]
  readonly verdicts: ReadonlyMap<EventId, SignatureVerdict>
}

/** How often a submission is retried when another process appended to its spaces first. */
const MAX_ATTEMPTS = 5

export class Ledger {
  readonly #store: EventStore
  readonly #verifier: SignatureVerifier
  readonly #states = new Map<SpaceId, SpaceState>()
  /** The store position of the last event folded into each cached state (0: none). */
  readonly #positions = new Map<SpaceId, number>()
  /** Per cached space, the highest seq stored per author (a taken seq means a fork). */
  readonly #stored = new Map<SpaceId, Map<string, number>>()
  /** Spaces known to have pending events (null: not loaded yet). */
  #pendingSpaces: Set<SpaceId> | null = null
  /** Spaces with pending events that wait for another space's event (null: not loaded yet). */
  #referenceWaiting: Set<SpaceId> | null = null
  readonly #listeners = new Set<AppendListener>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(store: EventStore, verifier: SignatureVerifier) {
    this.#store = store
    this.#verifier = verifier
  }

  get store(): EventStore {
    return this.#store
  }

  /**
   * Submits events (JSON-decoded, untrusted) and reports on each. If another process appended to
   * the same spaces meanwhile (several hubs on one PostgreSQL database), the ledger catches up
   * and checks again, so the rules always see the whole log.
   */
  submit(inputs: readonly unknown[], options: SubmitOptions = {}): Promise<SubmitReport> {
    // Parsing and signatures need no state, so they start at once, outside the queue: one
    // submission is checked (on every core) while the one before it is applied and written.
    // The turn is still taken now, so submissions are applied in the order they were made.
    const preparing = this.#prepare(inputs)
    preparing.catch(() => undefined) // handled below, in turn; this only silences the early warning
    return this.#serialise(async () => {
      const prepared = await preparing
      const { report, accepted } = await this.#submitRetrying(prepared, options, null)
      const released = await this.#release(accepted)
      return { ...report, released }
    })
  }

  /** The pending events, of one space or of all (for inspection and tests). */
  pending(space?: SpaceId): Promise<PendingEvent[]> {
    return this.#store.pending(space)
  }

  async #submitRetrying(
    prepared: Prepared,
    options: SubmitOptions,
    pendingIds: ReadonlySet<EventId> | null,
  ): Promise<{ report: Omit<SubmitReport, 'released'>; accepted: Set<SpaceId> }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#submit(prepared, options, pendingIds)
      } catch (error) {
        const retry = error instanceof StoreConflictError && attempt < MAX_ATTEMPTS
        if (!retry) throw error
      }
    }
  }

  /**
   * Tries the pending events of every space in `spaces` again, as long as some are accepted;
   * returns how many were. Runs in the submission's turn.
   */
  async #release(spaces: ReadonlySet<SpaceId>): Promise<number> {
    if (spaces.size === 0) return 0
    if (this.#pendingSpaces === null || this.#referenceWaiting === null) {
      const all = await this.#store.pending()
      this.#pendingSpaces = new Set(all.map((p) => p.space))
      this.#referenceWaiting = new Set(all.filter(waitsOnOtherSpaces).map((p) => p.space))
    }
    let released = 0
    // Events waiting for another space's event are tried whenever any space grows.
    const candidates = new Set([...spaces, ...this.#referenceWaiting])
    const queue = [...candidates].filter((space) => this.#pendingSpaces!.has(space))
    const grown = new Set(spaces)
    while (queue.length > 0) {
      const space = queue.shift()!
      const waiting = await this.#store.pending(space)
      if (waiting.length === 0) {
        this.#pendingSpaces.delete(space)
        this.#referenceWaiting.delete(space)
        continue
      }
      if (!waiting.some(waitsOnOtherSpaces)) this.#referenceWaiting.delete(space)
      // A space that did not grow is only worth trying once what its first waiting event
      // references has arrived: everything after that event waits behind it.
      else if (!grown.has(space) && !(await this.#mayGoOn(waiting))) continue
      const ids = new Set(waiting.map((p) => p.id))
      const prepared = await this.#prepare(waiting.map((p) => JSON.parse(p.json) as unknown))
      const { report } = await this.#submitRetrying(prepared, { park: true }, ids)
      released += report.written
      if (report.written > 0) {
        grown.add(space)
        queue.push(space)
        // What this space accepted may be what other spaces' events were waiting for.
        for (const other of this.#referenceWaiting) {
          if (other !== space && !queue.includes(other)) queue.push(other)
        }
      }
    }
    return released
  }

  /** Whether every event referenced by the first of `waiting` that references another space is stored. */
  async #mayGoOn(waiting: readonly PendingEvent[]): Promise<boolean> {
    const first = waiting.find(waitsOnOtherSpaces)
    if (first === undefined) return true
    const references = referencesOf(JSON.parse(first.json) as SignedEvent)
    const stored = await this.#store.has(references)
    return references.every((id) => stored.has(id))
  }

  /** Calls `listener` after every append with the events written; returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * The current state of a space, or null if the store holds none of its events. The returned
   * state is the ledger's own: read it, never change it, and do not hold it across submissions.
   */
  state(space: SpaceId): Promise<SpaceState | null> {
    return this.#serialise(async () => {
      const state = await this.#load(space)
      return state.events === 0 ? null : state
    })
  }

  #serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Parses every input and checks the signatures of those not stored yet, in one call. */
  async #prepare(inputs: readonly unknown[]): Promise<Prepared> {
    const parsed: (ParsedEvent | Rejection)[] = inputs.map((input) => {
      const result = parseEvent(input)
      return result.ok ? result.value : result
    })
    const ids = parsed.flatMap((p) => ('id' in p ? [p.id] : []))
    const stored = await this.#store.has(ids)
    const fresh = parsed.filter((p): p is ParsedEvent => 'id' in p && !stored.has(p.id))
    const verdicts = new Map<EventId, SignatureVerdict>()
    const checked = await verifyEventsSignatures(fresh, this.#verifier)
    fresh.forEach((p, i) => verdicts.set(p.id, checked[i]!))
    return { parsed, ids, verdicts }
  }

  async #submit(
    prepared: Prepared,
    options: SubmitOptions,
    pendingIds: ReadonlySet<EventId> | null,
  ): Promise<{ report: Omit<SubmitReport, 'released'>; accepted: Set<SpaceId> }> {
    const { parsed, ids, verdicts } = prepared
    // Asked again in turn: another submission may have stored some of these meanwhile.
    const stored = await this.#store.has(ids)
    const seen = new Set<EventId>()
    const outcomes: SubmitOutcome[] = []
    const accepted: NewEvent[] = []
    const evidence: NewEvent[] = []
    const parked: PendingEvent[] = []
    const touched = new Set<SpaceId>()
    const forked = new Set<SpaceId>()
    // Pending events already stored (another process accepted them): drop them from the table.
    const unpark = pendingIds === null ? [] : [...stored].filter((id) => pendingIds.has(id))
    let room: number | null = null
    // Events accepted in this submission, for references between them (not yet in the store).
    const fresh = new Map<EventId, SignedEvent>()
    // Spaces with an event waiting for another space's event: their later events may depend on
    // it (a council's close counts the mandates noticed before it), so in park mode any refusal
    // of theirs is parked too and decided once what it waits for has arrived.
    if (options.park === true && this.#referenceWaiting === null) {
      const all = await this.#store.pending()
      this.#pendingSpaces ??= new Set(all.map((p) => p.space))
      this.#referenceWaiting = new Set(all.filter(waitsOnOtherSpaces).map((p) => p.space))
    }
    const waiting = new Set<SpaceId>()
    const loaded = new Map<SpaceId, { state: SpaceState; taken: Map<string, number> }>()
    for (const item of parsed) {
      options.onProgress?.(outcomes.length)
      if (!('id' in item)) {
        outcomes.push(rejected(item))
        continue
      }
      const { event, id, json } = item
      if (stored.has(id) || seen.has(id)) {
        outcomes.push({ status: 'duplicate', id })
        continue
      }
      const signatures = verdicts.get(id)
      if (signatures !== 'ok') {
        outcomes.push(
          signatures === 'bad-signature'
            ? rejected(
                reject(
                  'event.bad-signature',
                  'the signature does not match the event and its author',
                  id,
                ),
              )
            : rejected(
                reject('invitation.bad-proof', "the invitation key's proof does not match", id),
              ),
        )
        continue
      }
      // Each space is caught up with the store once per submission, not once per event (a read
      // per event was a tenth of a 100,000-event sync); the append's position check still
      // catches another process appending meanwhile.
      let here = loaded.get(event.space)
      if (here === undefined) {
        const state = await this.#load(event.space)
        here = { state, taken: this.#stored.get(event.space)! }
        loaded.set(event.space, here)
      }
      const { state, taken } = here
      if (event.seq <= (taken.get(event.author) ?? 0)) {
        // The author already has a different stored event with this seq: equivocation. Keep it
        // as evidence, flag the author; the state is rebuilt once the evidence is written.
        recordFork(state, event.author, event.seq)
        forked.add(event.space)
        seen.add(id)
        evidence.push(newEvent(event, id, json))
        if (pendingIds?.has(id) === true) unpark.push(id)
        outcomes.push(
          rejected(
            reject(
              'chain.fork',
              `author ${event.author} already has a different event with seq ${event.seq} in this space: both are kept as evidence and the author is flagged until a facilitator resolves the fork`,
              id,
            ),
          ),
        )
        continue
      }
      // Behind an event of its space that waits for another space's event (parked earlier in
      // this pass, or, for a new event, at any time before): parked without being tried.
      const behind =
        options.park === true &&
        (waiting.has(event.space) ||
          (pendingIds?.has(id) !== true && this.#referenceWaiting?.has(event.space) === true))
      const rejection = behind
        ? reject(
            WAITS_ON_OTHER_SPACES,
            `waits behind an earlier event of ${event.space} that waits for another space's event`,
            id,
          )
        : applyEvent(state, event, id, await lookUpReferences(this.#store, event, fresh))
      if (rejection !== null) {
        const heldBack =
          waiting.has(event.space) || this.#referenceWaiting?.has(event.space) === true
        if (options.park === true && (PARKABLE_CODES.has(rejection.code) || heldBack)) {
          const already = pendingIds?.has(id) === true
          room ??= MAX_PENDING - (await this.#store.countPending())
          if (already || room > 0) {
            if (waitsOnOtherSpaces({ json })) waiting.add(event.space)
            if (!already) {
              room -= 1
              parked.push({ ...newEvent(event, id, json), code: rejection.code })
            }
            seen.add(id)
            outcomes.push({ ...rejectedOutcome(rejection), parked: true })
            continue
          }
        }
        // A pending event that can no longer be accepted is given up.
        if (pendingIds?.has(id) === true) unpark.push(id)
        outcomes.push(rejected(rejection))
        continue
      }
      touched.add(event.space)
      seen.add(id)
      fresh.set(id, event)
      taken.set(event.author, event.seq)
      accepted.push(newEvent(event, id, json))
      if (pendingIds?.has(id) === true) unpark.push(id)
      outcomes.push({ status: 'accepted', id })
    }
    const failed = outcomes.some((o) => o.status === 'rejected' && o.parked !== true)
    const refused =
      options.refuseOn !== undefined &&
      outcomes.some((o) => o.status === 'rejected' && options.refuseOn!.has(o.code))
    const nothing = accepted.length + evidence.length + parked.length + unpark.length === 0
    const all = [...touched, ...forked]
    if (nothing || refused || options.dryRun === true || (options.atomic === true && failed)) {
      this.#forget(all)
      return { report: { outcomes, written: 0 }, accepted: new Set() }
    }
    const expected = new Map(all.map((space) => [space, this.#positions.get(space) ?? 0]))
    let positions: number[]
    try {
      positions = await this.#store.append(accepted, expected, {
        forks: evidence,
        park: parked,
        unpark,
      })
    } catch (error) {
      // The cached states already hold the events that were not written: rebuild them from the store.
      this.#forget(all)
      throw error
    }
    for (const event of parked) {
      this.#pendingSpaces?.add(event.space)
      if (waitsOnOtherSpaces(event)) this.#referenceWaiting?.add(event.space)
    }
    // A new fork changes what counts from the forked seq on: rebuild those spaces from the store.
    this.#forget(forked)
    const written: StoredEvent[] = accepted.map((e, i) => ({
      position: positions[i]!,
      id: e.id,
      space: e.space,
      json: e.json,
    }))
    for (const event of written) {
      if (!forked.has(event.space)) this.#positions.set(event.space, event.position)
    }
    if (written.length > 0) for (const listener of this.#listeners) listener(written)
    return { report: { outcomes, written: accepted.length }, accepted: new Set(all) }
  }

  #forget(spaces: Iterable<SpaceId>): void {
    for (const space of spaces) {
      this.#states.delete(space)
      this.#positions.delete(space)
      this.#stored.delete(space)
    }
  }

  /**
   * The state of `space`, brought up to date with the store: a cached state only folds the events
   * appended since (by another process sharing the database, say); otherwise the space is replayed.
   */
  async #load(space: SpaceId): Promise<SpaceState> {
    const cached = this.#states.get(space)
    if (cached !== undefined) {
      const position = await catchUp(
        this.#store,
        cached,
        this.#positions.get(space) ?? 0,
        this.#stored.get(space)!,
      )
      this.#positions.set(space, position)
      return cached
    }
    const { state, position, stored } = await rebuildSpace(this.#store, space)
    this.#stored.set(space, stored)
    if (this.#states.size >= MAX_CACHED_SPACES) {
      const oldest = this.#states.keys().next().value
      if (oldest !== undefined) this.#forget([oldest])
    }
    this.#states.set(space, state)
    this.#positions.set(space, position)
    return state
  }
}

function rejected(rejection: Rejection): SubmitOutcome {
  return rejectedOutcome(rejection)
}

function rejectedOutcome(rejection: Rejection): Extract<SubmitOutcome, { status: 'rejected' }> {
  const { code, message, eventId } = rejection
  return eventId === undefined
    ? { status: 'rejected', code, message }
    : { status: 'rejected', code, message, id: eventId as EventId }
}

function newEvent(event: SignedEvent, id: EventId, json: string): NewEvent {
  return { id, space: event.space, author: event.author, seq: event.seq, type: event.type, json }
}

/**
 * Rebuilds a space's state from the store, trusting what it holds (it was checked on the way in).
 * `veche verify` is the path that trusts nothing.
 */
export async function replaySpace(store: EventStore, space: SpaceId): Promise<SpaceState> {
  return (await rebuildSpace(store, space)).state
}

/**
 * A space's state from nothing: its forks first (so flagged authors are held back), then its
 * events; with each author's highest stored seq.
 */
async function rebuildSpace(
  store: EventStore,
  space: SpaceId,
): Promise<{ state: SpaceState; position: number; stored: Map<string, number> }> {
  const state = createSpaceState(space)
  for (const fork of await store.forks(space)) {
    recordFork(state, fork.author as SignedEvent['author'], fork.seq)
  }
  const stored = new Map<string, number>()
  const position = await catchUp(store, state, 0, stored)
  return { state, position, stored }
}

/**
 * Folds the stored events of `state`'s space after `after` into it and notes each author's highest
 * stored seq in `taken`; returns the last position. In a space with forks, a stored event the
 * rules now refuse is held back (it is the forked author's, or depended on it); elsewhere it means
 * the store was changed behind the ledger's back.
 */
async function catchUp(
  store: EventStore,
  state: SpaceState,
  after: number,
  taken: Map<string, number>,
): Promise<number> {
  let position = after
  for await (const stored of store.read(state.space, { after })) {
    position = stored.position
    const event = JSON.parse(stored.json) as SignedEvent
    if (event.seq > (taken.get(event.author) ?? 0)) taken.set(event.author, event.seq)
    const context = await lookUpReferences(store, event, new Map())
    const rejection = applyEvent(state, event, stored.id, context)
    if (rejection !== null && state.forks.size === 0) {
      throw new CorruptStoreError(
        `stored event ${stored.id} breaks the rules (${rejection.code}: ${rejection.message})`,
      )
    }
  }
  return position
}

/**
 * The accepted events of other spaces that `event` references, from `fresh` (accepted earlier in
 * the same submission) or the store. Events not found are simply absent: the rule then answers
 * `reference.missing`.
 */
export async function lookUpReferences(
  store: Pick<EventStore, 'get'>,
  event: SignedEvent,
  fresh: ReadonlyMap<EventId, SignedEvent>,
): Promise<FoldContext> {
  const ids = referencesOf(event)
  if (ids.length === 0) return { foreign: new Map() }
  const foreign = new Map<EventId, SignedEvent>()
  for (const id of ids) {
    const known = fresh.get(id)
    if (known !== undefined) {
      foreign.set(id, known)
      continue
    }
    const stored = await store.get(id)
    if (stored !== null) foreign.set(id, JSON.parse(stored.json) as SignedEvent)
  }
  return { foreign }
}
