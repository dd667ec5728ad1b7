// A local author: one key that signs its events in order, keeping its own chain (seq and prev) per
// space. Clients that act offline use it to queue several events; the time of each is passed in.
import type { EventBodyInput, EventType } from './event-bodies.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { computeEventId, deriveSpaceId, signEvent } from './signing.js'
import type { Signer } from './signing.js'

export class EventAuthor {
  readonly signer: Signer
  readonly #heads = new Map<SpaceId, { seq: number; head: EventId }>()

  constructor(signer: Signer) {
    this.signer = signer
  }

  get publicKey(): PublicKey {
    return this.signer.publicKey
  }

  /** Continues from a known position in `space` (e.g. the head a hub reports). */
  follow(space: SpaceId, head: { readonly seq: number; readonly head: EventId } | null): void {
    if (head === null) this.#heads.delete(space)
    else this.#heads.set(space, { seq: head.seq, head: head.head })
  }

  /** The space id this author would found with `nonce`. */
  spaceFor(nonce: string): SpaceId {
    return deriveSpaceId(this.publicKey, nonce)
  }

  /** Signs the next event in `space` and advances this author's chain there. */
  async next<T extends EventType>(
    space: SpaceId,
    type: T,
    body: EventBodyInput<T>,
    at: number,
  ): Promise<SignedEvent> {
    const head = this.#heads.get(space)
    const event = await signEvent(
      { space, seq: (head?.seq ?? 0) + 1, prev: head?.head ?? null, type, body, at },
      this.signer,
    )
    this.#heads.set(space, { seq: event.seq, head: computeEventId(event) })
    return event
  }
}
