// What the ledger reads while an append of its own is in flight on a database server
// (EventStore.checksWhileAppending): the next submission is checked meanwhile, against cached
// states that already hold the events in flight, which no other connection sees before the commit.
// The reader answers `has` with the store's answer and the ids in flight (but the look-up that
// only spares stored events their signature checks, which is told what is committed), and a catch-up `read` of
// a space with events in flight without those events (folded already, whether the read sees them
// committed or not); every other read waits until the append has settled, so nothing else is read
// from a store without the events the cached states hold. Whatever is checked against an append in
// flight stands only if that append commits: the ledger sends the next append once it has, and if
// it failed, forgets the states it touched and checks again (ledger.ts).
import type { EventId, SpaceId } from '@veche/core'
import type {
  AppendExtras,
  BallotBoxSummary,
  EventStore,
  HasOptions,
  HeldBallot,
  NewEvent,
  PendingEvent,
  PendingFilter,
  ReadOptions,
  SpaceSyncState,
  StoredEvent,
  StoredHead,
  VersionVector,
} from './event-store.js'

/** An append sent and not yet known to be committed: plain events only (no extras). */
export interface InFlightAppend {
  /** The ids of its events. */
  readonly ids: ReadonlySet<EventId>
  /** The spaces of its events. */
  readonly spaces: ReadonlySet<SpaceId>
  /**
   * Resolves, never rejects, once the append is known committed (true) or failed (false), and the
   * ledger's cached states are brought in line with that (positions advanced, or states forgotten).
   */
  readonly settled: Promise<boolean>
}

/** `store` as the ledger reads it while `current()` may be in flight (see the file's comment). */
export class InFlightReader implements EventStore {
  readonly #store: EventStore
  readonly #current: () => InFlightAppend | null

  constructor(store: EventStore, current: () => InFlightAppend | null) {
    this.#store = store
    this.#current = current
  }

  /** Resolves once no append of this writer is in flight. */
  async #settled(): Promise<void> {
    const inFlight = this.#current()
    if (inFlight !== null) await inFlight.settled
  }

  async has(ids: readonly EventId[], options?: HasOptions): Promise<Set<EventId>> {
    // The look-up that spares stored events their signature checks (`unsynced`, made outside the
    // ledger's turn) is told only what is committed: an event in flight whose append fails must
    // still have its signatures checked when it is submitted again.
    if (options?.unsynced === true) return this.#store.has(ids, options)
    // Taken before asking: the store's answer covers whatever commits meanwhile.
    const inFlight = this.#current()
    const found = await this.#store.has(ids, options)
    if (inFlight !== null) for (const id of ids) if (inFlight.ids.has(id)) found.add(id)
    return found
  }

  read(space: SpaceId, options?: ReadOptions): AsyncIterable<StoredEvent> {
    // Decided when asked: the caller read the space's cached position at the same moment, before
    // the append's positions (if it commits) are folded into it.
    const inFlight = this.#current()
    const rows = this.#store.read(space, options)
    return inFlight === null || !inFlight.spaces.has(space) ? rows : skipping(rows, inFlight.ids)
  }

  append(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras?: AppendExtras,
  ): Promise<number[]> {
    return this.#store.append(events, expected, extras)
  }

  async forks(space: SpaceId): Promise<NewEvent[]> {
    await this.#settled()
    return this.#store.forks(space)
  }

  async pending(space?: SpaceId): Promise<PendingEvent[]> {
    await this.#settled()
    return this.#store.pending(space)
  }

  async pendingByIds(ids: readonly EventId[]): Promise<PendingEvent[]> {
    await this.#settled()
    return this.#store.pendingByIds(ids)
  }

  async countPending(filter?: PendingFilter): Promise<number> {
    await this.#settled()
    return this.#store.countPending(filter)
  }

  async dropPending(filter: PendingFilter): Promise<EventId[]> {
    await this.#settled()
    return this.#store.dropPending(filter)
  }

  async ballots(space: SpaceId, poll?: EventId): Promise<HeldBallot[]> {
    await this.#settled()
    return this.#store.ballots(space, poll)
  }

  async ballotBoxes(space: SpaceId): Promise<BallotBoxSummary[]> {
    await this.#settled()
    return this.#store.ballotBoxes(space)
  }

  async countBallots(space: SpaceId): Promise<number> {
    await this.#settled()
    return this.#store.countBallots(space)
  }

  async get(id: EventId): Promise<StoredEvent | null> {
    await this.#settled()
    return this.#store.get(id)
  }

  readAll(options?: ReadOptions): AsyncIterable<StoredEvent> {
    return afterSettled(this.#settled(), () => this.#store.readAll(options))
  }

  async vector(space?: SpaceId): Promise<VersionVector> {
    await this.#settled()
    return this.#store.vector(space)
  }

  async heads(space: SpaceId): Promise<Map<string, StoredHead>> {
    await this.#settled()
    return this.#store.heads(space)
  }

  async syncStates(space?: SpaceId): Promise<Map<SpaceId, SpaceSyncState>> {
    await this.#settled()
    return this.#store.syncStates(space)
  }

  readMissing(
    space: SpaceId,
    known: Readonly<Record<string, number>>,
    options?: ReadOptions,
  ): AsyncIterable<StoredEvent> {
    return afterSettled(this.#settled(), () => this.#store.readMissing(space, known, options))
  }

  async spaces(): Promise<SpaceId[]> {
    await this.#settled()
    return this.#store.spaces()
  }

  async count(space?: SpaceId): Promise<number> {
    await this.#settled()
    return this.#store.count(space)
  }

  close(): Promise<void> {
    return this.#store.close()
  }
}

async function* skipping(
  rows: AsyncIterable<StoredEvent>,
  ids: ReadonlySet<EventId>,
): AsyncIterable<StoredEvent> {
  for await (const row of rows) if (!ids.has(row.id)) yield row
}

async function* afterSettled(
  settled: Promise<void>,
  rows: () => AsyncIterable<StoredEvent>,
): AsyncIterable<StoredEvent> {
  await settled
  yield* rows()
}
