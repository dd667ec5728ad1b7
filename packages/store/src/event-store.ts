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

/**
 * What a store holds, per space: the highest seq stored for each author (a version vector). Seqs
 * have no gaps in a store, so `vector[space][author] = n` means events 1..n of that author.
 */
export type VersionVector = Readonly<Record<string, Readonly<Record<string, number>>>>

/** An author's newest event stored in a space. */
export interface StoredHead {
  readonly seq: number
  readonly id: EventId
}

/** An event held back until what it depends on arrives, with the code it was refused with. */
export interface PendingEvent extends NewEvent {
  readonly code: string
  /** When this store first held it, in ms since the epoch (held events expire). */
  readonly at: number
  /**
   * Held although its author had no standing in the space when it arrived (not a member, no
   * chain here, admitted by nothing held): kept within a small quota, never passed on to peers.
   */
  readonly stranger: boolean
}

/** Which pending events to count or drop: every given field must match. */
export interface PendingFilter {
  readonly space?: SpaceId
  readonly author?: string
  readonly seq?: number
  readonly stranger?: boolean
  /** Held before this time (ms since the epoch). */
  readonly before?: number
}

/**
 * A secret ballot as a store holds it: by id, with its space and poll, and nothing else: no
 * position, no time, no arrival order (docs/secret-ballot.md, "Storage"). Read back sorted by id.
 */
export interface HeldBallot {
  readonly id: EventId
  readonly space: SpaceId
  readonly poll: EventId
  readonly json: string
}

/** What a store holds of one poll's secret ballots, for comparing with a peer cheaply. */
export interface BallotBoxSummary {
  readonly poll: EventId
  readonly count: number
  /** SHA-256 of the sorted ids, newline-joined, base64url. */
  readonly digest: string
}

/**
 * What a sync pass compares of one space with a peer's (sync-states.ts): equal on both hubs, a
 * pass has nothing to carry either way.
 */
export interface SpaceSyncState {
  /** Each author's newest stored event (their seqs are the space's vector). */
  readonly heads: ReadonlyMap<string, StoredHead>
  /** Per poll with held secret ballots, as `ballotBoxes` gives them. */
  readonly ballots: readonly BallotBoxSummary[]
  /** The ids of the fork evidence kept, sorted. */
  readonly forks: readonly EventId[]
  /** The ids of the events held back, but strangers' (never passed on to a peer), sorted. */
  readonly pending: readonly EventId[]
}

/** What an append writes besides events, in the same transaction. */
export interface AppendExtras {
  /** Secret ballots to hold (kept once). */
  readonly ballots?: readonly HeldBallot[]
  /** Fork evidence: events of an author at a seq already taken by another event. Kept once. */
  readonly forks?: readonly NewEvent[]
  /**
   * Events to hold in the pending table, kept once: an event held already keeps its place, its
   * time and its `stranger` flag, and takes the new code.
   */
  readonly park?: readonly PendingEvent[]
  /** Pending events now accepted (or given up), to remove from the pending table. */
  readonly unpark?: readonly EventId[]
}

/** Events per space `EventStore.hasAndEventsAfter` reads at most; a space with more is left out. */
export const CAUGHT_UP_LIMIT = 1000

/** See `EventStore.has`. */
export interface HasOptions {
  /** Whether any of the ids may be a held secret ballot's (default true). */
  readonly heldBallots?: boolean
  /**
   * Answer at once, from every append committed so far, even one whose sync is still under way
   * (default false: after it, as every read). Only for a look-up that saves work and decides
   * nothing: the ledger's first look-up of a submission, which spares stored events their
   * signature checks while the submission before it is synced, and is asked again in turn.
   */
  readonly unsynced?: boolean
}

export interface EventStore {
  /**
   * Optional: whether each append tells the other processes on this store of the spaces it wrote
   * (PostgreSQL: NOTIFY on `appendChannel(schema)`, sent inside the append's transaction, so
   * heard at its commit and never for one rolled back). Their hubs then announce nothing more.
   */
  readonly announcesAppends?: boolean
  /**
   * Appends `events` in order, all in one transaction, or none of them, and returns their
   * positions. Durable once the promise resolves. Rejects with `StoreConflictError` if an id, or a
   * (space, author, seq), is taken (`kind` 'id' or 'seq'), or if `expected` gives for a space the
   * last position the caller has folded and the space has events after it (`kind` 'stale': another
   * process appended first; catch up and try again).
   */
  append(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras?: AppendExtras,
  ): Promise<number[]>
  /**
   * Optional: `append`, resolved as soon as the append is committed (visible to this store's
   * `unsyncedReader`, not yet to any other call), with `durable`, which resolves once it is on
   * disk (it rejects if the sync failed; the store then refuses every call). For a writer that
   * checks its next append while this one is synced, and acknowledges each only once durable.
   */
  appendCommitted?(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras?: AppendExtras,
  ): Promise<{ readonly positions: number[]; readonly durable: Promise<void> }>
  /**
   * Optional: this store as its one writer reads it, every read answered at once from what is
   * committed, even an append whose sync is still under way (see `appendCommitted`); its writes go
   * to this store. Whatever is decided from such a read may be told only once those appends are
   * durable.
   */
  unsyncedReader?(): EventStore
  /** The fork evidence kept for a space, in the order it was kept. */
  forks(space: SpaceId): Promise<NewEvent[]>
  /** The pending events of a space (or of all), in the order they were parked. */
  pending(space?: SpaceId): Promise<PendingEvent[]>
  /** The pending events among `ids`, in the order they were parked. */
  pendingByIds(ids: readonly EventId[]): Promise<PendingEvent[]>
  /** How many events are pending, in all or matching `filter`. */
  countPending(filter?: PendingFilter): Promise<number>
  /** Removes the pending events matching `filter` (at least one field given); returns their ids. */
  dropPending(filter: PendingFilter): Promise<EventId[]>
  /**
   * The subset of `ids` that is stored (events and held secret ballots). `heldBallots: false`
   * when none of `ids` can be a secret ballot's (the caller parsed the events: an id hashes the
   * event's type), so only the log is asked: on SQLite the held ballots' own file costs a lock
   * and a read of its header on every look-up, more than the log's part.
   */
  has(ids: readonly EventId[], options?: HasOptions): Promise<Set<EventId>>
  /**
   * Optional: `has(ids, options)` and, for each space of `after`, its events after the position
   * given (in position order), read together: on a database server, one round trip where the two
   * reads took two, each a wake-up of the server and of the caller (the ledger's check of a
   * submission catches each cached space up with the store just after its duplicate look-up).
   * `caughtUp` holds the spaces read whole; a space past `CAUGHT_UP_LIMIT` events after its
   * position is left out, for the caller to read page by page.
   */
  hasAndEventsAfter?(
    ids: readonly EventId[],
    options: HasOptions,
    after: ReadonlyMap<SpaceId, number>,
  ): Promise<{
    readonly stored: Set<EventId>
    readonly caughtUp: ReadonlyMap<SpaceId, readonly StoredEvent[]>
  }>
  /** A space's held secret ballots, of one poll or of all, sorted by id. */
  ballots(space: SpaceId, poll?: EventId): Promise<HeldBallot[]>
  /** Per poll of `space` with held secret ballots: how many, and a digest of their ids. */
  ballotBoxes(space: SpaceId): Promise<BallotBoxSummary[]>
  /** How many secret ballots `space` holds, of every poll. */
  countBallots(space: SpaceId): Promise<number>
  /** One event by id, or null. */
  get(id: EventId): Promise<StoredEvent | null>
  /** A space's events in position order. */
  read(space: SpaceId, options?: ReadOptions): AsyncIterable<StoredEvent>
  /** Every event of every space in position order. */
  readAll(options?: ReadOptions): AsyncIterable<StoredEvent>
  /** The version vector of one space, or of every space. */
  vector(space?: SpaceId): Promise<VersionVector>
  /**
   * Per author of `space`, its newest stored event (the one at the vector's seq): what a sync pass
   * names to find a fork at the newest seq, read from the index, without replaying the space.
   */
  heads(space: SpaceId): Promise<Map<string, StoredHead>>
  /**
   * Per space holding at least one event (of every space, in a few queries, or of `space`): what
   * a sync pass compares with a peer's, so that it passes over spaces equal on both hubs.
   */
  syncStates(space?: SpaceId): Promise<Map<SpaceId, SpaceSyncState>>
  /**
   * A space's events that a holder of `known` (author → highest seq held) lacks: every event whose
   * seq is above what `known` gives for its author (0 if absent), in position order, so the other
   * side can apply them as they come.
   */
  readMissing(
    space: SpaceId,
    known: Readonly<Record<string, number>>,
    options?: ReadOptions,
  ): AsyncIterable<StoredEvent>
  /** Every space that has at least one event, sorted. */
  spaces(): Promise<SpaceId[]>
  /** Number of stored events, in one space or in all. */
  count(space?: SpaceId): Promise<number>
  close(): Promise<void>
}

/** Why an append was refused: a taken id, a taken (space, author, seq), or a stale view. */
export type StoreConflictKind = 'id' | 'seq' | 'stale'

/** An append broke a uniqueness rule or came from a stale view; nothing of it was written. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError'
  readonly kind: StoreConflictKind
  constructor(kind: StoreConflictKind, message: string, options?: { cause?: unknown }) {
    super(`${message} (nothing of this batch was written; re-read the space and retry)`, options)
    this.kind = kind
  }
}

/**
 * The store cannot take writes now: its disk is full (SQLite's SQLITE_FULL, PostgreSQL's
 * disk_full). Nothing of the batch was written; the same append succeeds once space returns.
 */
export class StoreFullError extends Error {
  override readonly name = 'StoreFullError'
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      `the disk holding ${where} is full: nothing of this batch was written; free space and retry`,
      options,
    )
  }
}

/** True for a driver's "disk full" error (SQLite SQLITE_FULL, PostgreSQL 53100). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_FULL' || code === '53100'
}

/** The conflict raised when a space has events after the position the appender expected. */
export function staleConflict(space: string, expected: number, actual: number): StoreConflictError {
  return new StoreConflictError(
    'stale',
    `space ${space} has events up to position ${actual}, but this append was checked against position ${expected}`,
  )
}
