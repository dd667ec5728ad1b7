// The ledger: the one way events enter a store. For each submitted event it parses, computes the
// id, recognises exact duplicates, checks the signatures, applies the rules to the space's state,
// and appends everything accepted in one transaction. Submissions are serialised, so the states it
// caches always match what is stored.
import {
  applyEvent,
  createSpaceState,
  parseEvent,
  verifyEventsSignatures,
  reject,
} from '@veche/core'
import type {
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
import type { EventStore, NewEvent, StoredEvent } from './event-store.js'

/** What became of one submitted event. */
export type SubmitOutcome =
  | { readonly status: 'accepted'; readonly id: EventId }
  | { readonly status: 'duplicate'; readonly id: EventId }
  | {
      readonly status: 'rejected'
      readonly code: RejectionCode
      readonly message: string
      readonly id?: EventId
    }

export interface SubmitReport {
  /** One outcome per submitted event, in order. */
  readonly outcomes: readonly SubmitOutcome[]
  /** How many events were written (0 when an all-or-nothing submission had a rejection). */
  readonly written: number
}

export interface SubmitOptions {
  /** Write nothing unless every event is accepted or a duplicate (imports use this). */
  readonly atomic?: boolean
  /** Check only: report what would happen and write nothing. */
  readonly dryRun?: boolean
  /** Called after each event is checked (for progress bars). */
  readonly onProgress?: (checked: number) => void
}

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
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#submit(prepared, options)
        } catch (error) {
          const retry = error instanceof StoreConflictError && attempt < MAX_ATTEMPTS
          if (!retry) throw error
        }
      }
    })
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

  async #submit(prepared: Prepared, options: SubmitOptions): Promise<SubmitReport> {
    const { parsed, ids, verdicts } = prepared
    // Asked again in turn: another submission may have stored some of these meanwhile.
    const stored = await this.#store.has(ids)
    const seen = new Set<EventId>()
    const outcomes: SubmitOutcome[] = []
    const accepted: NewEvent[] = []
    const touched = new Set<SpaceId>()
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
      const state = await this.#load(event.space)
      const rejection = applyEvent(state, event, id)
      if (rejection !== null) {
        outcomes.push(rejected(rejection))
        continue
      }
      touched.add(event.space)
      seen.add(id)
      accepted.push(newEvent(event, id, json))
      outcomes.push({ status: 'accepted', id })
    }
    const failed = outcomes.some((o) => o.status === 'rejected')
    if (accepted.length === 0 || options.dryRun === true || (options.atomic === true && failed)) {
      this.#forget(touched)
      return { outcomes, written: 0 }
    }
    const expected = new Map([...touched].map((space) => [space, this.#positions.get(space) ?? 0]))
    let positions: number[]
    try {
      positions = await this.#store.append(accepted, expected)
    } catch (error) {
      // The cached states already hold the events that were not written: rebuild them from the store.
      this.#forget(touched)
      throw error
    }
    const written: StoredEvent[] = accepted.map((e, i) => ({
      position: positions[i]!,
      id: e.id,
      space: e.space,
      json: e.json,
    }))
    for (const event of written) this.#positions.set(event.space, event.position)
    for (const listener of this.#listeners) listener(written)
    return { outcomes, written: accepted.length }
  }

  #forget(spaces: Iterable<SpaceId>): void {
    for (const space of spaces) {
      this.#states.delete(space)
      this.#positions.delete(space)
    }
  }

  /**
   * The state of `space`, brought up to date with the store: a cached state only folds the events
   * appended since (by another process sharing the database, say); otherwise the space is replayed.
   */
  async #load(space: SpaceId): Promise<SpaceState> {
    const cached = this.#states.get(space)
    if (cached !== undefined) {
      const position = await catchUp(this.#store, cached, this.#positions.get(space) ?? 0)
      this.#positions.set(space, position)
      return cached
    }
    const state = createSpaceState(space)
    const position = await catchUp(this.#store, state, 0)
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
  const state = createSpaceState(space)
  await catchUp(store, state, 0)
  return state
}

/** Folds the stored events of `state`'s space after `after` into it; returns the last position. */
async function catchUp(store: EventStore, state: SpaceState, after: number): Promise<number> {
  let position = after
  for await (const stored of store.read(state.space, { after })) {
    position = stored.position
    const event = JSON.parse(stored.json) as SignedEvent
    const rejection = applyEvent(state, event, stored.id)
    if (rejection !== null) {
      throw new CorruptStoreError(
        `stored event ${stored.id} breaks the rules (${rejection.code}: ${rejection.message})`,
      )
    }
  }
  return position
}
