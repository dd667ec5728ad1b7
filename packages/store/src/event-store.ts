// The EventStore port: durable, append-only storage of signed events, one log per space. It knows
// nothing of the rules: the ledger decides what is accepted, the store keeps it. Adapters: SQLite
// (the embedded default) and PostgreSQL; one test suite runs against both.
import type { EventId, SpaceId } from '@veche/core'

/** An event to append: its id and its canonical JSON text (RFC 8785), exactly as hashed. */
export interface NewEvent {
  readonly id: EventId
  readonly space: SpaceId
  readonly author: string
  readonly seq: number
  readonly type: string
  readonly json: string
}

/** An event as stored. `position` orders the whole store by arrival and serves as a cursor. */
export interface StoredEvent {
  readonly position: number
  readonly id: EventId
  readonly space: SpaceId
  readonly json: string
}

export interface ReadOptions {
  /** Only events with a position greater than this. */
  readonly after?: number
  /** At most this many events. */
  readonly limit?: number
}

export interface EventStore {
  /**
   * Appends `events` in order, all in one transaction, or none of them. Durable once the promise
   * resolves. Rejects with `StoreConflictError` if an id, or an (space, author, seq), is taken.
   */
  append(events: readonly NewEvent[]): Promise<void>
  /** The subset of `ids` that is stored. */
  has(ids: readonly EventId[]): Promise<Set<EventId>>
  /** One event by id, or null. */
  get(id: EventId): Promise<StoredEvent | null>
  /** A space's events in position order. */
  read(space: SpaceId, options?: ReadOptions): AsyncIterable<StoredEvent>
  /** Every event of every space in position order. */
  readAll(options?: ReadOptions): AsyncIterable<StoredEvent>
  /** Every space that has at least one event, sorted. */
  spaces(): Promise<SpaceId[]>
  /** Number of stored events, in one space or in all. */
  count(space?: SpaceId): Promise<number>
  close(): Promise<void>
}

/** An append broke a uniqueness rule; nothing of that append was written. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message} (nothing of this batch was written; re-read the space and retry)`, options)
  }
}
