// The ledger's cache of space states. Each cached state remembers the store position of the last
// event folded into it and each author's highest stored seq (a seq already taken means a fork);
// loading a cached space folds only the events appended since (by another process sharing the
// database, say), and an uncached one is replayed. At most MAX_CACHED_SPACES are kept, the oldest
// loaded first out. A state whose events were not all written, or whose catching up failed
// part-way, is forgotten and rebuilt.
import type { EventId, SpaceId, SpaceState } from '@veche/core'
import type { EventStore, StoredEvent } from './event-store.js'
import { applyHeldBallots, catchUp, rebuildSpace } from './space-replay.js'

function hasOpenSecretPoll(state: SpaceState): boolean {
  for (const poll of state.polls.values()) if (poll.secret?.phase === 'open') return true
  return false
}

const MAX_CACHED_SPACES = 256

/** Space states kept in step with one store. */
export class SpaceCache {
  readonly #store: EventStore
  readonly #states = new Map<SpaceId, SpaceState>()
  /** The store position of the last event folded into each cached state (0: none). */
  readonly #positions = new Map<SpaceId, number>()
  /** Per cached space, the highest seq stored per author (a taken seq means a fork). */
  readonly #stored = new Map<SpaceId, Map<string, number>>()
  /** Per cached space, the held secret ballots folded into it. */
  readonly #ballots = new Map<SpaceId, Set<EventId>>()
  #replays = 0

  constructor(store: EventStore) {
    this.#store = store
  }

  /** How many states were replayed from the store (not cached, or forgotten) so far. */
  get replays(): number {
    return this.#replays
  }

  /** The store position of the last event folded into `space`'s cached state (0: none). */
  position(space: SpaceId): number {
    return this.#positions.get(space) ?? 0
  }

  /** The spaces of `spaces` that are cached, each with the position its state holds up to. */
  cachedPositions(spaces: Iterable<SpaceId>): Map<SpaceId, number> {
    const found = new Map<SpaceId, number>()
    for (const space of spaces) {
      if (this.#states.has(space)) found.set(space, this.#positions.get(space) ?? 0)
    }
    return found
  }

  /** Notes that `space`'s cached state now holds the events up to `position`. */
  advance(space: SpaceId, position: number): void {
    this.#positions.set(space, position)
  }

  /** The highest stored seq per author of a space just loaded (updated as events are accepted). */
  taken(space: SpaceId): Map<string, number> {
    return this.#stored.get(space)!
  }

  /** The held secret ballots folded into a space just loaded (add to it as ballots are held). */
  heldBallots(space: SpaceId): Set<EventId> {
    return this.#ballots.get(space)!
  }

  /** Drops every cached state (after a submission failed part-way through its checks). */
  clear(): void {
    this.forget([...this.#states.keys()])
  }

  /** Drops the cached states of `spaces`: the next load replays them from the store. */
  forget(spaces: Iterable<SpaceId>): void {
    for (const space of spaces) {
      this.#states.delete(space)
      this.#positions.delete(space)
      this.#stored.delete(space)
      this.#ballots.delete(space)
    }
  }

  /**
   * The state of `space`, brought up to date with the store: a cached state only folds the events
   * appended since (by another process sharing the database, say); otherwise the space is replayed.
   * `caughtUp`, the events after a position read already (EventStore.hasAndEventsAfter), are folded
   * instead of reading the store if the cached state holds exactly up to that position.
   */
  async load(
    space: SpaceId,
    caughtUp?: { readonly after: number; readonly events: readonly StoredEvent[] },
  ): Promise<SpaceState> {
    const cached = this.#states.get(space)
    if (cached !== undefined) {
      const ballots = this.#ballots.get(space)!
      const after = this.#positions.get(space) ?? 0
      try {
        const position = await catchUp(
          this.#store,
          cached,
          after,
          this.#stored.get(space)!,
          ballots,
          caughtUp?.after === after ? caughtUp.events : undefined,
        )
        this.#positions.set(space, position)
        // Ballots another process held meanwhile (several hubs on one database): one count tells.
        if (hasOpenSecretPoll(cached) && (await this.#store.countBallots(space)) !== ballots.size)
          await applyHeldBallots(this.#store, cached, ballots)
      } catch (error) {
        // A read failed part-way (a lost database connection): the state has folded events past
        // the position it records. Replayed from the store next time, never folded twice.
        this.forget([space])
        throw error
      }
      return cached
    }
    this.#replays += 1
    const { state, position, stored, ballots } = await rebuildSpace(this.#store, space)
    this.#stored.set(space, stored)
    this.#ballots.set(space, ballots)
    if (this.#states.size >= MAX_CACHED_SPACES) {
      const oldest = this.#states.keys().next().value
      if (oldest !== undefined) this.forget([oldest])
    }
    this.#states.set(space, state)
    this.#positions.set(space, position)
    return state
  }
}
