// A space as this browser knows it: the hub's events, folded with core's rules (the same fold
// every hub runs), kept in the key-value store so the assembly opens with no network. `cursor` is
// the hub position of the last event folded, so reading and streaming resume from there.
import { applyEvent, createSpaceState, parseEvent } from '@veche/core'
import type { SpaceId, SpaceState } from '@veche/core'
import type { HubEvent } from './hub-client.js'
import type { KeyValueStore } from './key-value-store.js'

interface CachedSpace {
  readonly cursor: number
  readonly events: readonly unknown[]
}

export class SpaceReplica {
  readonly space: SpaceId
  readonly state: SpaceState
  cursor = 0
  readonly #events: unknown[] = []

  constructor(space: SpaceId) {
    this.space = space
    this.state = createSpaceState(space)
  }

  /** Folds one event from the hub; false if it is old, malformed or rejected by the rules. */
  apply(item: HubEvent): boolean {
    if (item.position <= this.cursor) return false
    this.cursor = item.position
    const parsed = parseEvent(item.event)
    if (!parsed.ok) return false
    if (applyEvent(this.state, parsed.value.event, parsed.value.id) !== null) return false
    this.#events.push(item.event)
    return true
  }

  /** The replica kept in `store`, or an empty one. */
  static async load(store: KeyValueStore, space: SpaceId): Promise<SpaceReplica> {
    const replica = new SpaceReplica(space)
    const cached = await store.get<CachedSpace>(`space:${space}`)
    if (cached !== undefined) {
      cached.events.forEach((event, i) => replica.apply({ position: i + 1, event }))
      replica.cursor = cached.cursor
    }
    return replica
  }

  save(store: KeyValueStore): Promise<void> {
    return store.set(`space:${this.space}`, { cursor: this.cursor, events: this.#events })
  }
}
