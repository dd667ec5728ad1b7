// The outbox: every event this browser signs goes here first, is kept in the key-value store, and
// leaves only when the hub has answered for it. Offline, events wait (shown as pending) and go out
// in the order they were signed when the hub is back; a reload loses nothing. An event the hub
// rejects stays, marked with the hub's code, until the member dismisses it; what came after it in
// the same chain is signed again in its place (see `open`).
import { computeEventId, signEvent } from '@veche/core'
import type { EventId, PublicKey, SignedEvent, Signer, SpaceId } from '@veche/core'
import type { HubClient } from './hub-client.js'
import type { KeyValueStore } from './key-value-store.js'

export interface OutboxEntry {
  readonly id: EventId
  readonly event: SignedEvent
  readonly status: 'pending' | 'rejected'
  readonly code?: string
  readonly message?: string
}

const KEY = 'outbox'
/** Where the newest accepted event per space and author is kept across reloads. */
const CONFIRMED = 'outbox.confirmed'

export class Outbox {
  readonly #store: KeyValueStore
  readonly #client: HubClient
  readonly #listeners = new Set<() => void>()
  #entries: readonly OutboxEntry[] = []
  /** The entries as last saved: what the member is shown, so "waiting" survives a reload. */
  #saved: readonly OutboxEntry[] = []
  /**
   * The newest event per space and author that the hub accepted. Kept across reloads: after one,
   * the local copy of a space may not have caught up with the hub yet, and signing from it alone
   * would reuse a seq (a fork, from one honest phone).
   */
  readonly #confirmed = new Map<string, { seq: number; head: EventId }>()
  /** Per space and author, the place in the chain a refused event left empty. */
  readonly #vacated = new Map<string, { seq: number; prev: EventId | null }>()
  #signer: Signer | null = null
  #sending: Promise<boolean> | null = null
  /** The latest save of the entries; saves run one after another. */
  #saving: Promise<void> = Promise.resolve()

  private constructor(store: KeyValueStore, client: HubClient) {
    this.#store = store
    this.#client = client
  }

  /**
   * Opens the outbox kept in `store`. With `signer`, events of its key that the hub refuses only
   * because an earlier one of theirs was refused are signed again in its place, so one refused
   * ballot (say, on a poll closed while this phone was offline) does not take down everything
   * signed after it.
   */
  static async open(store: KeyValueStore, client: HubClient, signer?: Signer): Promise<Outbox> {
    const outbox = new Outbox(store, client)
    outbox.#signer = signer ?? null
    outbox.#entries = (await store.get<OutboxEntry[]>(KEY)) ?? []
    outbox.#saved = outbox.#entries
    const confirmed = await store.get<Record<string, { seq: number; head: EventId }>>(CONFIRMED)
    for (const [key, head] of Object.entries(confirmed ?? {})) outbox.#confirmed.set(key, head)
    return outbox
  }

  get entries(): readonly OutboxEntry[] {
    return this.#entries
  }

  /** The entries as they are kept in the store (the newest change shows once it is saved). */
  get saved(): readonly OutboxEntry[] {
    return this.#saved
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Where `author`'s chain in `space` stands as far as this outbox knows: its newest pending
   * event, else the newest the hub accepted from it (the folded state may not have it yet).
   */
  headOf(space: SpaceId, author: PublicKey): { seq: number; head: EventId } | null {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!
      if (
        entry.event.space === space &&
        entry.event.author === author &&
        entry.status === 'pending'
      )
        return { seq: entry.event.seq, head: entry.id }
    }
    return this.#confirmed.get(`${space} ${author}`) ?? null
  }

  /** Keeps `event` (durably, before anything is sent) and tries to send everything pending. */
  async add(event: SignedEvent): Promise<void> {
    const entry: OutboxEntry = { id: computeEventId(event), event, status: 'pending' }
    await this.#write((entries) => [...entries, entry])
    void this.flush()
  }

  /** Forgets a rejected event. */
  async dismiss(id: EventId): Promise<void> {
    await this.#write((entries) => entries.filter((e) => e.id !== id))
  }

  /** Sends every pending event; true when none is left pending. One send at a time. */
  flush(): Promise<boolean> {
    this.#sending ??= this.#send().finally(() => {
      this.#sending = null
    })
    return this.#sending
  }

  async #send(): Promise<boolean> {
    const pending = this.#entries.filter((e) => e.status === 'pending')
    if (pending.length === 0) return true
    const outcomes = await this.#client.submit(pending.map((e) => e.event))
    if (outcomes === null) return false
    // What becomes of each answered entry: gone (accepted), replaced (refused, or signed again).
    const replaced = new Map<EventId, OutboxEntry | null>()
    for (const [i, entry] of pending.entries()) {
      const outcome = outcomes[i]
      if (outcome === undefined) continue
      const key = `${entry.event.space} ${entry.event.author}`
      if (outcome.status !== 'rejected') {
        if ((this.#confirmed.get(key)?.seq ?? 0) < entry.event.seq)
          this.#confirmed.set(key, { seq: entry.event.seq, head: entry.id })
        this.#vacated.delete(key)
        replaced.set(entry.id, null)
        continue
      }
      const slot = this.#vacated.get(key)
      const signer = this.#signer
      if (
        outcome.code.startsWith('chain.') &&
        slot !== undefined &&
        signer?.publicKey === entry.event.author &&
        entry.event.seq > slot.seq
      ) {
        // Refused only because an earlier event of this chain was refused: sign it again in
        // the place that event left empty, and send it in the next round.
        const { space, type, body, at } = entry.event
        const event = await signEvent(
          { space, seq: slot.seq, prev: slot.prev, type, body, at },
          signer,
        )
        const id = computeEventId(event)
        this.#vacated.set(key, { seq: slot.seq + 1, prev: id })
        replaced.set(entry.id, { id, event, status: 'pending' })
        continue
      }
      if (!outcome.code.startsWith('chain.') && slot === undefined)
        this.#vacated.set(key, { seq: entry.event.seq, prev: entry.event.prev })
      replaced.set(entry.id, {
        ...entry,
        status: 'rejected',
        code: outcome.code,
        message: outcome.message,
      })
    }
    // Applied to the entries as they are now: events added while this batch was out stay.
    await this.#write((entries) =>
      entries.flatMap((e) => {
        const next = replaced.get(e.id)
        return next === undefined ? [e] : next === null ? [] : [next]
      }),
    )
    // Events added (or signed again) while this batch was out go in the next one.
    return this.#entries.every((e) => e.status !== 'pending') || this.#send()
  }

  /**
   * Changes the entries at once (so a change made while another is being saved is never lost:
   * each applies to the entries as they are when it runs), saves them, in order, and then tells
   * the listeners.
   */
  async #write(change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): Promise<void> {
    const entries = change(this.#entries)
    this.#entries = entries
    const confirmed = Object.fromEntries(this.#confirmed)
    this.#saving = this.#saving
      .catch(() => undefined)
      .then(async () => {
        await this.#store.set(CONFIRMED, confirmed)
        await this.#store.set(KEY, entries)
        this.#saved = entries
      })
    // Listeners hear of a change only once it is saved: "waiting to be sent" must be true across
    // a reload that comes a moment after the member tapped.
    try {
      await this.#saving
    } finally {
      for (const listener of this.#listeners) listener()
    }
  }
}
