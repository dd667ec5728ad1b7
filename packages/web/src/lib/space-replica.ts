// A space as this browser knows it: the hub's events, their signatures checked here with WebCrypto
// and folded with core's rules (the same fold every hub runs), so the browser trusts the signed
// log, not the hub. Kept in the key-value store so the assembly opens with no network. `cursor` is
// the hub position of the last event folded, so reading and streaming resume from there.
import {
  applyEvent,
  createSpaceState,
  parseEvent,
  verifyEventsSignatures,
  webCryptoVerifier,
} from '@veche/core'
import type { EventId, ParsedEvent, SignatureVerifier, SpaceId, SpaceState } from '@veche/core'
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

  /** Each folded event's claimed time (`at`), for display only: it never orders or decides. */
  readonly times = new Map<EventId, number>()
  /** Events from the hub that were not folded: malformed, badly signed or against the rules. */
  refused = 0

  /**
   * Checks the signatures of `items` (in one batch), then folds them in order; returns how many
   * were folded. Items at or before the cursor are skipped.
   */
  async receive(
    items: readonly HubEvent[],
    verifier: SignatureVerifier = webCryptoVerifier,
  ): Promise<number> {
    const fresh: { position: number; raw: unknown; parsed: ParsedEvent | null }[] = []
    let last = this.cursor
    for (const item of items) {
      if (item.position <= last) continue
      last = item.position
      const parsed = parseEvent(item.event)
      fresh.push({
        position: item.position,
        raw: item.event,
        parsed: parsed.ok ? parsed.value : null,
      })
    }
    const signed = fresh.flatMap((f) => (f.parsed === null ? [] : [f.parsed]))
    const verdicts = await verifyEventsSignatures(signed, verifier)
    const good = new Set(signed.filter((_, i) => verdicts[i] === 'ok'))
    let folded = 0
    for (const { position, raw, parsed } of fresh) {
      // Positions only grow, even if another receive ran while this one awaited the verifier.
      if (position <= this.cursor) continue
      this.cursor = position
      if (parsed !== null && good.has(parsed) && this.#fold(raw, parsed)) folded++
      else this.refused++
    }
    return folded
  }

  #fold(raw: unknown, parsed: ParsedEvent): boolean {
    if (applyEvent(this.state, parsed.event, parsed.id) !== null) return false
    this.#events.push(raw)
    this.times.set(parsed.id, parsed.event.at)
    return true
  }

  /** The replica kept in `store`, or an empty one. */
  static async load(store: KeyValueStore, space: SpaceId): Promise<SpaceReplica> {
    const replica = new SpaceReplica(space)
    const cached = await store.get<CachedSpace>(`space:${space}`)
    if (cached !== undefined) {
      // Checked when they arrived; the fold still re-applies every rule.
      for (const event of cached.events) {
        const parsed = parseEvent(event)
        if (parsed.ok) replica.#fold(event, parsed.value)
      }
      replica.cursor = cached.cursor
    }
    return replica
  }

  save(store: KeyValueStore): Promise<void> {
    return store.set(`space:${this.space}`, { cursor: this.cursor, events: this.#events })
  }
}
