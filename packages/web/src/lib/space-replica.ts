// A space as this browser knows it: the hub's events, their signatures checked here with WebCrypto
// and folded with core's rules (the same fold every hub runs), so the browser trusts the signed
// log, not the hub. Kept in the key-value store so the assembly opens with no network. `cursor` is
// the hub position of the last event received, so reading and streaming resume from there.
//
// Events that reference other spaces' accepted events (council notices and reports, admissions)
// are folded with those events as context. The replica fetches them by id, checks their id and
// signature itself, and keeps them. Until a reference resolves, its event waits, and every later
// event of the space waits behind it (the log is folded in the order it was written, as the
// ledger's park mode does); waiting events are tried again on the next receive or `retry`.
//
// The copy kept on this device also holds a snapshot of the state this device folded from the
// events it had checked itself (`Snapshot`): a later visit starts from it instead of parsing and
// folding every event again, which for 100,000 events took seconds (docs/web.md, "Large
// assemblies"). The device trusts its own earlier checks, as it already did for the kept events.
// A snapshot is used only by the same build of the app that made it: a new build may fold
// differently, so it folds the kept events again.
import {
  applyEvent,
  textRulesRefusal,
  checkForeignEvents,
  createSpaceState,
  parseEvent,
  referencesOf,
  verifyEventsSignatures,
  webCryptoVerifier,
} from '@veche/core'
import type {
  EventId,
  ParsedEvent,
  SignatureVerifier,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { fetchAcceptedEvents } from './foreign-events.js'
import type { ForeignLookup } from './foreign-events.js'
import { fetchHeldBallots } from './held-ballots.js'
import type { HeldLookup } from './held-ballots.js'
import type { HubEvent } from './hub-client.js'
import type { KeyValueStore } from './key-value-store.js'

/**
 * The state this device folded, with the folded events as it parsed them. Kept beside the raw
 * events; used only when `build` is this build's and it covers exactly the kept events.
 */
interface Snapshot {
  readonly build: string
  readonly state: SpaceState
  readonly log: readonly { readonly id: EventId; readonly event: SignedEvent }[]
  /** Held secret ballots already folded into `state`. */
  readonly held: readonly EventId[]
}

/**
 * This build of the app: the URL of the module, which in a built app names its chunk by a hash of
 * its code and of the code it imports (core's fold among it).
 */
const BUILD = import.meta.url

/**
 * The states of this page's replicas. A store that keeps values by reference (the in-memory one,
 * when IndexedDB is unavailable) gives back a live state, which a second replica must not share.
 */
const liveStates = new WeakSet<SpaceState>()

/** Whether a kept snapshot can stand for its events in this build (a sealed copy is JSON: no Map). */
function usableSnapshot(
  snapshot: Snapshot | undefined,
  space: SpaceId,
  events: number,
): snapshot is Snapshot {
  return (
    snapshot !== undefined &&
    snapshot.build === BUILD &&
    snapshot.state.space === space &&
    snapshot.state.polls instanceof Map &&
    snapshot.log.length === events
  )
}

interface CachedSpace {
  readonly cursor: number
  readonly snapshot?: Snapshot
  readonly events: readonly unknown[]
  /** Other spaces' events the folded ones reference, checked when fetched. */
  readonly foreign?: readonly unknown[]
  /** Checked events waiting for a reference, in log order. */
  readonly waiting?: readonly unknown[]
  /** Secret polls' ballots the hub holds apart from its log, checked when fetched. */
  readonly held?: readonly unknown[]
}

interface Held {
  readonly raw: unknown
  readonly parsed: ParsedEvent
}

interface Waiting {
  readonly raw: unknown
  readonly parsed: ParsedEvent
}

export class SpaceReplica {
  readonly space: SpaceId
  readonly state: SpaceState
  cursor = 0
  readonly #events: unknown[] = []
  readonly #foreign = new Map<EventId, SignedEvent>()
  readonly #foreignRaw: unknown[] = []
  readonly #waiting: Waiting[] = []
  /** Secret polls' held ballots, checked, by poll (see `receiveHeld`). */
  readonly #heldPool = new Map<EventId, Map<EventId, Held>>()
  /** Held ballots already folded. */
  readonly #held = new Set<EventId>()

  constructor(
    space: SpaceId,
    lookup: ForeignLookup = fetchAcceptedEvents(),
    heldLookup: HeldLookup = fetchHeldBallots,
    state: SpaceState = createSpaceState(space),
  ) {
    this.space = space
    this.state = state
    liveStates.add(state)
    this.lookup = lookup
    this.heldLookup = heldLookup
  }

  /** Where a secret poll's held ballots are fetched from (before its seal is folded). */
  heldLookup: HeldLookup

  /** Where referenced events of other spaces are fetched from. */
  lookup: ForeignLookup
  /** The folded events in log order, for screens that look for an event by type. */
  readonly log: { readonly id: EventId; readonly event: SignedEvent }[] = []
  /** Each folded event's claimed time (`at`), for display only: it never orders or decides. */
  readonly times = new Map<EventId, number>()
  /** Events from the hub that were not folded: malformed, badly signed or against the rules. */
  refused = 0

  /** How many checked events wait for another space's event (and those behind them). */
  get waiting(): number {
    return this.#waiting.length
  }

  /**
   * Checks the signatures of `items` (in one batch), then folds them in order, fetching the other
   * spaces' events they reference; returns how many were folded. Items at or before the cursor
   * are skipped.
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
      // Texts that break only the text rules are judged by their space (`textRulesRefusal`).
      const parsed = parseEvent(item.event, { oldTexts: 'report' })
      fresh.push({
        position: item.position,
        raw: item.event,
        parsed: parsed.ok ? parsed.value : null,
      })
    }
    const signed = fresh.flatMap((f) => (f.parsed === null ? [] : [f.parsed]))
    const verdicts = await verifyEventsSignatures(signed, verifier)
    const good = new Set(signed.filter((_, i) => verdicts[i] === 'ok'))
    for (const { position, raw, parsed } of fresh) {
      // Positions only grow, even if another receive ran while this one awaited the verifier.
      if (position <= this.cursor) continue
      this.cursor = position
      // Already folded from a carried QR series (carry/): the hub's copy is the same event.
      if (parsed !== null && this.times.has(parsed.id)) continue
      if (parsed !== null && good.has(parsed)) this.#waiting.push({ raw, parsed })
      else this.refused++
    }
    return this.#drain() + (this.#waiting.length > 0 ? await this.retry(verifier) : 0)
  }

  /**
   * Takes events carried from another device with no hub (a QR series, carry/), in the order that
   * device folded them: each is checked (parsed, signed) and folded with the same rules; events
   * already here are skipped, so a series can be scanned again. The hub cursor is not moved:
   * the hub's copies of these events are skipped when they come. Returns how many were new and
   * folded, already here, refused, and how many events wait for another space's event.
   */
  async receiveCarried(
    items: readonly unknown[],
    verifier: SignatureVerifier = webCryptoVerifier,
  ): Promise<{ folded: number; known: number; refused: number; waiting: number }> {
    const waitingIds = new Set(this.#waiting.map((w) => w.parsed.id))
    const fresh: ParsedEvent[] = []
    const raws = new Map<ParsedEvent, unknown>()
    let known = 0
    let refused = 0
    for (const raw of items) {
      const parsed = parseEvent(raw, { oldTexts: 'report' })
      if (!parsed.ok || parsed.value.event.space !== this.space) {
        refused++
        continue
      }
      if (this.times.has(parsed.value.id) || waitingIds.has(parsed.value.id)) {
        known++
        continue
      }
      waitingIds.add(parsed.value.id)
      fresh.push(parsed.value)
      raws.set(parsed.value, raw)
    }
    const verdicts = await verifyEventsSignatures(fresh, verifier)
    for (const [i, parsed] of fresh.entries()) {
      if (verdicts[i] === 'ok') this.#waiting.push({ raw: raws.get(parsed), parsed })
      else refused++
    }
    const before = this.refused
    const folded = this.#drain()
    return {
      folded,
      known,
      refused: refused + this.refused - before,
      waiting: this.#waiting.length,
    }
  }

  /** The folded events and the held secret ballots, as raw signed events, to carry elsewhere. */
  carried(): { readonly events: readonly unknown[]; readonly ballots: readonly unknown[] } {
    return {
      events: [...this.#events],
      ballots: [...this.#heldPool.values()].flatMap((pool) => [...pool.values()].map((h) => h.raw)),
    }
  }

  /**
   * Fetches the references the waiting events still lack, keeps those whose id and signature
   * check, and folds what can now be folded; returns how many were folded. A reference the hub
   * does not hold yet (or an unreachable hub) leaves its event waiting for the next try.
   */
  async retry(verifier: SignatureVerifier = webCryptoVerifier): Promise<number> {
    const seal = this.#waiting[0]?.parsed.event
    if (seal?.type === 'secret.poll-sealed' && this.#lacksSealed(seal.body)) {
      const held = await this.heldLookup(this.space, seal.body.poll)
      if (held === null) return 0
      await this.receiveHeld(held, verifier)
    }
    const missing = new Set<EventId>()
    for (const { parsed } of this.#waiting)
      for (const ref of referencesOf(parsed.event)) if (!this.#foreign.has(ref)) missing.add(ref)
    if (missing.size === 0) return this.#drain()
    const found = await this.lookup([...missing])
    if (found === null) return 0
    // The hub's word is not enough: each event must hash to the id asked for and be signed.
    const asked = [...found].filter(([id]) => missing.has(id))
    for (const [id, parsed] of await checkForeignEvents(asked, verifier)) {
      if (this.#foreign.has(id)) continue
      this.#foreign.set(id, parsed.event)
      this.#foreignRaw.push(found.get(id))
    }
    return this.#drain()
  }

  /**
   * Takes a secret poll's held ballots (which the hub keeps out of its log, so they never come by
   * `receive`) after checking their signatures and credentials here. Those of a poll open for
   * voting are folded at once (a sealer needs them to name each one-time key's latest ballot); the
   * rest wait for their poll's seal, before which they are folded, as the hub folds them. Returns
   * how many were new.
   */
  async receiveHeld(
    items: readonly unknown[],
    verifier: SignatureVerifier = webCryptoVerifier,
  ): Promise<number> {
    const fresh: { raw: unknown; parsed: ParsedEvent }[] = []
    for (const raw of items) {
      const parsed = parseEvent(raw)
      if (!parsed.ok || parsed.value.event.type !== 'secret.ballot') continue
      if (this.#isHeld(parsed.value.id)) continue
      fresh.push({ raw, parsed: parsed.value })
    }
    const verdicts = await verifyEventsSignatures(
      fresh.map((f) => f.parsed),
      verifier,
    )
    let added = 0
    for (const [i, item] of fresh.entries()) {
      const event = item.parsed.event
      if (verdicts[i] !== 'ok' || event.type !== 'secret.ballot') continue
      if (this.#isHeld(item.parsed.id)) continue
      const pool = this.#heldPool.get(event.body.poll) ?? new Map<EventId, Held>()
      pool.set(item.parsed.id, item)
      this.#heldPool.set(event.body.poll, pool)
      added++
      if (this.state.polls.get(event.body.poll)?.secret?.phase === 'open')
        this.#foldHeld(event.body.poll)
    }
    return added
  }

  #isHeld(id: EventId): boolean {
    for (const pool of this.#heldPool.values()) if (pool.has(id)) return true
    return false
  }

  /** Folds the held ballots of `poll` not folded yet. */
  #foldHeld(poll: EventId): void {
    for (const { parsed } of this.#heldPool.get(poll)?.values() ?? []) {
      if (this.#held.has(parsed.id)) continue
      this.#held.add(parsed.id)
      applyEvent(this.state, parsed.event, parsed.id)
    }
  }

  /** Whether a seal names a ballot this replica does not hold (the hub has not given it yet). */
  #lacksSealed(body: { readonly poll: EventId; readonly ballots: readonly EventId[] }): boolean {
    const poll = this.state.polls.get(body.poll)
    // Sealed already: a second seal (signed on another hub at once) may name ballots held since.
    if (poll?.secret == null || poll.secret.phase === 'setup') return false
    this.#foldHeld(body.poll)
    return body.ballots.some((id) => !poll.ballots.has(id))
  }

  /**
   * Folds waiting events in order until one lacks a reference; returns how many were folded. The
   * folded ones leave the queue in one splice at the end: taking them off one at a time moved the
   * whole queue each time, which for 100,000 kept events was most of a reopening's time.
   */
  #drain(): number {
    let folded = 0
    let next = 0
    for (; next < this.#waiting.length; next++) {
      const { raw, parsed } = this.#waiting[next]!
      if (referencesOf(parsed.event).some((ref) => !this.#foreign.has(ref))) break
      // A seal waits for the held ballots it names; the hub gives them (`retry`).
      if (parsed.event.type === 'secret.poll-sealed' && this.#lacksSealed(parsed.event.body)) break
      const rejection =
        textRulesRefusal(this.state, parsed) ??
        applyEvent(this.state, parsed.event, parsed.id, { foreign: this.#foreign })
      if (rejection?.code === 'reference.missing') break
      if (rejection !== null) {
        this.refused++
        continue
      }
      this.#events.push(raw)
      this.log.push({ id: parsed.id, event: parsed.event })
      this.times.set(parsed.id, parsed.event.at)
      folded++
    }
    this.#waiting.splice(0, next)
    return folded
  }

  /** The replica kept in `store`, or an empty one. */
  static async load(
    store: KeyValueStore,
    space: SpaceId,
    lookup?: ForeignLookup,
    heldLookup?: HeldLookup,
  ): Promise<SpaceReplica> {
    const cached = await store.get<CachedSpace>(`space:${space}`)
    const snapshot =
      cached !== undefined && usableSnapshot(cached.snapshot, space, cached.events.length)
        ? cached.snapshot
        : null
    let state: SpaceState | undefined
    if (snapshot !== null)
      state = liveStates.has(snapshot.state) ? structuredClone(snapshot.state) : snapshot.state
    const replica = new SpaceReplica(space, lookup, heldLookup, state)
    if (cached !== undefined) {
      // Checked when they arrived (checkForeignEvents, which takes texts from before the text
      // rules: their own space judged them); the fold still re-applies every rule.
      for (const raw of cached.foreign ?? []) {
        const parsed = parseEvent(raw, { oldTexts: 'report' })
        if (!parsed.ok) continue
        replica.#foreign.set(parsed.value.id, parsed.value.event)
        replica.#foreignRaw.push(raw)
      }
      // Held ballots were checked when fetched; they wait for their poll's seal.
      for (const raw of cached.held ?? []) {
        const parsed = parseEvent(raw)
        if (!parsed.ok || parsed.value.event.type !== 'secret.ballot') continue
        const poll = parsed.value.event.body.poll
        const pool = replica.#heldPool.get(poll) ?? new Map<EventId, Held>()
        pool.set(parsed.value.id, { raw, parsed: parsed.value })
        replica.#heldPool.set(poll, pool)
      }
      if (snapshot !== null) {
        // Folded by this device from events it had checked: only the waiting ones fold now.
        for (const [i, raw] of cached.events.entries()) {
          const entry = snapshot.log[i]!
          replica.#events.push(raw)
          replica.log.push(entry)
          replica.times.set(entry.id, entry.event.at)
        }
        for (const id of snapshot.held) replica.#held.add(id)
      }
      const unfolded =
        snapshot !== null ? (cached.waiting ?? []) : [...cached.events, ...(cached.waiting ?? [])]
      for (const raw of unfolded) {
        const parsed = parseEvent(raw, { oldTexts: 'report' })
        if (parsed.ok) replica.#waiting.push({ raw, parsed: parsed.value })
      }
      replica.#drain()
      replica.cursor = cached.cursor
    }
    return replica
  }

  save(store: KeyValueStore): Promise<void> {
    const cached: CachedSpace = {
      cursor: this.cursor,
      snapshot: { build: BUILD, state: this.state, log: this.log, held: [...this.#held] },
      events: this.#events,
      foreign: this.#foreignRaw,
      waiting: this.#waiting.map((w) => w.raw),
      held: [...this.#heldPool.values()].flatMap((pool) => [...pool.values()].map((h) => h.raw)),
    }
    return store.set(`space:${this.space}`, cached)
  }
}
