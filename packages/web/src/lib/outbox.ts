// The outbox: every event this browser signs goes here first, is kept in the key-value store, and
// leaves only when the hub has answered for it. Offline, events wait (shown as pending) and go out
// in the order they were signed when the hub is back; a reload loses nothing.
//
// A refused event's seq is signed again only when no hub can hold that event: a fork (two events
// of one key at one seq) sets the member's events aside on every hub (docs/events.md, "Forks").
// What a refusal says is its kind (core's refusal-kinds.ts):
//
// - `waiting` (its poll, its author's admission, an earlier event of its chain has not reached
//   the hub yet): the event stays pending, with the hub's reason shown, and is sent again on every
//   flush until the hub takes it; what the member signed after it waits behind it. Nothing is
//   signed in its seq: a hub that holds what it needs may hold it already (an answer lost on the
//   way, a hub name now leading to another hub), and hubs that meet would then find a fork.
// - any other refusal is only the hub's word, and a hostile hub can lie: answer "refused" while
//   keeping the event, wait for the phone to sign something else at its seq, and then show both
//   to honest hubs as fork evidence against an honest member. So the outbox asks its own copy of
//   the space (`confirm`, the app's local fold) whether the event is refused there too, for a
//   rule that every replica applies alike whatever it holds (an `invalid` kind, core's
//   refusal-kinds.ts). Only then is the refusal final: the event is shown refused until the
//   member dismisses it, and what the member signed after it in the same chain, refused only for
//   the gap it left, is signed again in its place (see `open`). Otherwise (a `settled` refusal,
//   which another hub may not share; a hub's policy; a refusal the local copy cannot judge or
//   does not share) it is `unconfirmed`: it stays pending with the hub's code and keeps its seq,
//   exactly like a `waiting` one, and the member is told why (docs/web.md, "Offline").
//
// A hub that asks to wait (429 with Retry-After: its budget of large bodies per address, an
// author's rate) judged nothing: the events stay pending with its code, so the member reads why
// (not "no hub"), and no flush sends again before the wait is over (at most 5 minutes).
//
// The member may give up a waiting event (`dismiss`): what followed it is then signed again in
// its place at once. Whatever the refusals, an event is never sent into a seq where the hub took
// another event of its chain (`#confirmed`).
//
// One outbox per device, however many tabs are open: every change to it, and every signing that
// picks the next place in a chain, runs under one lock (a Web Lock where there is one) on the
// entries as saved, so two tabs never sign the same place nor write over each other's entries.
import { computeEventId, isWaitingRefusal, refusalKind, signEvent } from '@veche/core'
import type { EventId, PublicKey, SignedEvent, Signer, SpaceId } from '@veche/core'
import type { HubClient, SubmitOutcome } from './hub-client.js'
import type { KeyValueStore } from './key-value-store.js'

/**
 * One signed event. `pending` with a code: the hub refused it for now (a `waiting` refusal, or
 * one this device could not confirm: `unconfirmed`) and it is sent again, keeping its seq;
 * `rejected`: refused for good, kept until the member dismisses it.
 */
export interface OutboxEntry {
  readonly id: EventId
  readonly event: SignedEvent
  readonly status: 'pending' | 'rejected'
  readonly code?: string
  readonly message?: string
  /** The hub refused it for good, but this device's own fold did not confirm that (the header). */
  readonly unconfirmed?: true
}

/**
 * How this device's own copy of a space judges `event`: the code its fold refuses it with, or
 * null when the fold takes it or cannot judge it (the copy lacks what it needs).
 */
export type LocalVerdict = (event: SignedEvent) => Promise<string | null>

const KEY = 'outbox'
/** Where the newest accepted event per space and author is kept across reloads. */
const CONFIRMED = 'outbox.confirmed'
/** The lock every tab of the device takes to change the outbox or sign into it. */
const LOCK = 'veche.outbox'
/** Events in one request at most: the hub's own limit (MAX_BATCH in the server's api-schemas). */
const MAX_SEND = 1_000

/** Runs `step` alone: across the device's tabs by a Web Lock, else within this page. */
type Exclusive = <T>(step: () => Promise<T>) => Promise<T>

/** Without Web Locks (Node, old browsers): one queue for every outbox in this realm. */
let inPage: Promise<unknown> = Promise.resolve()

function deviceLock(): Exclusive {
  if (typeof navigator !== 'undefined' && 'locks' in navigator)
    return (step) => navigator.locks.request(LOCK, step) as Promise<never>
  return <T>(step: () => Promise<T>) => {
    const run = inPage.then(step, step)
    inPage = run.catch(() => undefined)
    return run
  }
}

function deviceChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null
  const channel = new BroadcastChannel(LOCK)
  // In Node (the tests) an open channel would keep the process alive.
  ;(channel as BroadcastChannel & { unref?: () => void }).unref?.()
  return channel
}

/** `entry`'s event signed again at `slot` (its seq and prev), pending. */
async function signAt(
  entry: OutboxEntry,
  slot: { readonly seq: number; readonly prev: EventId | null },
  signer: Signer,
): Promise<OutboxEntry> {
  const { space, type, body, at } = entry.event
  const event = await signEvent({ space, seq: slot.seq, prev: slot.prev, type, body, at }, signer)
  return { id: computeEventId(event), event, status: 'pending' }
}

/** The hub's refusals of a whole request for its size: sent again in smaller requests. */
const TOO_BIG = ['request.too-large', 'request.too-many-members']

function refusedAs(outcome: SubmitOutcome, code: string): boolean {
  return outcome.status === 'rejected' && outcome.code === code
}

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
  #confirm: LocalVerdict | null = null
  #sending: Promise<boolean> | null = null
  /** When (ms since the epoch) a hub that asked to wait may be asked again; 0: now. */
  #waitUntil = 0
  /** The latest save of the entries; saves run one after another. */
  #saving: Promise<void> = Promise.resolve()
  readonly #lock: Exclusive = deviceLock()
  /** Tells the device's other tabs that the saved entries changed (where the browser can). */
  readonly #channel: BroadcastChannel | null = deviceChannel()

  private constructor(store: KeyValueStore, client: HubClient) {
    this.#store = store
    this.#client = client
    if (this.#channel !== null)
      this.#channel.onmessage = () =>
        void this.#lock(() => this.#reload()).then(() => {
          for (const listener of this.#listeners) listener()
        })
  }

  /**
   * Opens the outbox kept in `store`. With `signer`, events of its key that the hub refuses only
   * because an earlier one of theirs was refused for good (not `waiting`: see the header) are
   * signed again in its place, so one refused ballot (say, for an option its poll lacks) does not
   * take down everything signed after it. A refusal frees a seq only when
   * `confirm` (this device's own fold) refuses the event too, for a rule every replica applies
   * alike; without it, none does.
   */
  static async open(
    store: KeyValueStore,
    client: HubClient,
    signer?: Signer,
    confirm?: LocalVerdict,
  ): Promise<Outbox> {
    const outbox = new Outbox(store, client)
    outbox.#signer = signer ?? null
    outbox.#confirm = confirm ?? null
    await outbox.#reload()
    return outbox
  }

  /** Reads the entries and chain heads as saved (another tab may have changed them). */
  async #reload(): Promise<void> {
    const entries = (await this.#store.get<OutboxEntry[]>(KEY)) ?? []
    this.#entries = entries
    this.#saved = entries
    const confirmed =
      await this.#store.get<Record<string, { seq: number; head: EventId }>>(CONFIRMED)
    for (const [key, head] of Object.entries(confirmed ?? {}))
      if ((this.#confirmed.get(key)?.seq ?? 0) < head.seq) this.#confirmed.set(key, head)
  }

  /**
   * Runs `step` holding the device's outbox lock, on the entries as saved by every tab: what
   * signs the next event of a chain and `append`s it must run inside, so no other tab signs the
   * same place meanwhile.
   */
  exclusive<T>(step: () => Promise<T>): Promise<T> {
    return this.#lock(async () => {
      await this.#reload()
      return step()
    })
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
   * Where `author`'s chain in `space` stands as far as this outbox knows: the later of its newest
   * pending event and the newest the hub accepted from it (the folded state may not have either).
   */
  headOf(space: SpaceId, author: PublicKey): { seq: number; head: EventId } | null {
    const confirmed = this.#confirmed.get(`${space} ${author}`) ?? null
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!
      if (
        entry.event.space === space &&
        entry.event.author === author &&
        entry.status === 'pending' &&
        entry.event.seq > (confirmed?.seq ?? 0)
      )
        return { seq: entry.event.seq, head: entry.id }
    }
    return confirmed
  }

  /** Keeps `event` (durably, before anything is sent) and tries to send everything pending. */
  async add(event: SignedEvent): Promise<void> {
    await this.exclusive(() => this.append(event))
    void this.flush()
  }

  /** Keeps `event` durably; only inside `exclusive` (then `flush`). */
  async append(event: SignedEvent): Promise<void> {
    const entry: OutboxEntry = { id: computeEventId(event), event, status: 'pending' }
    await this.#write((entries) => [...entries, entry])
  }

  /**
   * Forgets a refused event. Giving up one that waits (pending, with the hub's code) also signs
   * what this key signed after it in the same chain again in its place, as for an event refused
   * for good: the member's word that it went to no other hub.
   */
  async dismiss(id: EventId): Promise<void> {
    await this.exclusive(async () => {
      const given = this.#entries.find((e) => e.id === id)
      const signer = this.#signer
      const resign =
        given?.status === 'pending' && signer?.publicKey === given.event.author
          ? await this.#signAgain(given, signer)
          : new Map<EventId, OutboxEntry>()
      await this.#write((entries) =>
        entries.flatMap((e) => (e.id === id ? [] : [resign.get(e.id) ?? e])),
      )
    })
  }

  /** The pending events after `given` in its chain, signed again from its place on. */
  async #signAgain(given: OutboxEntry, signer: Signer): Promise<Map<EventId, OutboxEntry>> {
    const { space, author } = given.event
    let slot = { seq: given.event.seq, prev: given.event.prev }
    const again = new Map<EventId, OutboxEntry>()
    for (const entry of this.#entries) {
      const e = entry.event
      if (entry.status !== 'pending' || e.space !== space || e.author !== author) continue
      if (e.seq <= given.event.seq) continue
      const signed = await signAt(entry, slot, signer)
      again.set(entry.id, signed)
      slot = { seq: slot.seq + 1, prev: signed.id }
    }
    return again
  }

  /** Until when (ms since the epoch) the hub asked this outbox to wait; 0 when it did not. */
  get waitUntil(): number {
    return this.#waitUntil
  }

  /** Sends every pending event; true when none is left pending. One send at a time. */
  flush(): Promise<boolean> {
    this.#sending ??= this.#send().finally(() => {
      this.#sending = null
    })
    return this.#sending
  }

  async #send(): Promise<boolean> {
    // Each event goes once a flush: one the hub keeps refusing for now (`waiting`) is tried again
    // on the next flush, not at once. Events added, or signed again, while a batch was out go in
    // the next batch.
    if (Date.now() < this.#waitUntil) return false
    const sent = new Set<EventId>()
    let limit = MAX_SEND
    for (;;) {
      await this.exclusive(() => this.#holdTakenPlaces())
      const pending = this.#entries
        .filter((e) => e.status === 'pending' && !sent.has(e.id))
        .slice(0, limit)
      if (pending.length === 0) return this.#entries.every((e) => e.status !== 'pending')
      const outcomes = await this.#client.submit(pending.map((e) => e.event))
      if (outcomes === null) return false
      const wait = outcomes[0]?.status === 'rejected' ? outcomes[0].retryAfter : undefined
      if (wait !== undefined) {
        this.#waitUntil = Date.now() + wait * 1_000
        await this.exclusive(() => this.#markWaiting(pending, outcomes[0]!))
        return false
      }
      // The request was refused whole for its size or its JSON members: the hub judged none of
      // its events. Fewer at a time (a long offline queue of statements can pass the hub's body
      // limit, one of closes naming many voters its member budget).
      if (pending.length > 1 && outcomes.every((o) => TOO_BIG.some((code) => refusedAs(o, code)))) {
        limit = Math.ceil(pending.length / 2)
        continue
      }
      for (const e of pending) sent.add(e.id)
      // Applied under the lock to the entries as saved now: another tab may have added (or sent)
      // events while this batch was out.
      await this.exclusive(() => this.#settle(pending, outcomes))
    }
  }

  /** Keeps `pending` pending with the hub's reason to wait, shown to the member. */
  async #markWaiting(pending: readonly OutboxEntry[], outcome: SubmitOutcome): Promise<void> {
    if (outcome.status !== 'rejected') return
    const ids = new Set(pending.map((e) => e.id))
    await this.#write((entries) =>
      entries.map((e) =>
        ids.has(e.id) && e.status === 'pending'
          ? { ...e, code: outcome.code, message: outcome.message }
          : e,
      ),
    )
  }

  /**
   * Marks refused, unsent, each pending event at or below a seq where the hub took another event
   * of its chain: sent, it could only be a fork.
   */
  async #holdTakenPlaces(): Promise<void> {
    const taken = (e: OutboxEntry): boolean => {
      const head = this.#confirmed.get(`${e.event.space} ${e.event.author}`)
      return (
        e.status === 'pending' &&
        head !== undefined &&
        e.event.seq <= head.seq &&
        !(e.event.seq === head.seq && e.id === head.head)
      )
    }
    if (!this.#entries.some(taken)) return
    await this.#write((entries) =>
      entries.map((e) =>
        taken(e)
          ? {
              ...e,
              status: 'rejected',
              code: 'chain.fork',
              message: 'another event of this chain was taken by the hub at this place',
            }
          : e,
      ),
    )
  }

  /** Records the hub's answers to `pending`: accepted ones go, refused ones stay or are re-signed. */
  async #settle(
    pending: readonly OutboxEntry[],
    outcomes: readonly SubmitOutcome[],
  ): Promise<void> {
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
        const signed = await signAt(entry, slot, signer)
        this.#vacated.set(key, { seq: slot.seq + 1, prev: signed.id })
        replaced.set(entry.id, signed)
        continue
      }
      // A close or seal this key already made of the same poll on another device (a hub tending
      // as it, at the deadline): that close holds this seq, so the slot is not free and nothing
      // is signed again in it; what the closer wanted is done (docs/events.md, "Deadlines").
      if (outcome.code === 'poll.closed-by-author') {
        replaced.set(entry.id, null)
        continue
      }
      // Not taken yet, but it may be: here once what it needs arrives, or already by a hub that
      // holds that. It stays, to be sent again, and its seq stays its own (see the header).
      if (isWaitingRefusal(outcome.code)) {
        replaced.set(entry.id, { ...entry, code: outcome.code, message: outcome.message })
        continue
      }
      // Refused for good, says the hub. Its seq is free only if this device's own fold refuses
      // the event too, for a rule no replica can judge otherwise; else it keeps its seq and waits
      // like a `waiting` one (see the header).
      if (!outcome.code.startsWith('chain.') || slot === undefined) {
        const local = this.#confirm === null ? null : await this.#confirm(entry.event)
        if (local === null || refusalKind(local) !== 'invalid') {
          replaced.set(entry.id, {
            ...entry,
            code: outcome.code,
            message: outcome.message,
            unconfirmed: true,
          })
          continue
        }
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
      this.#channel?.postMessage('changed')
    }
  }
}
