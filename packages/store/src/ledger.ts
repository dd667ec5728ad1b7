// The ledger: the one way events enter a store. For each submitted event it parses, computes the
// id, recognises exact duplicates, checks the signatures (event-preparation.ts), applies the rules
// to the space's state in order (submission-check.ts), and appends everything accepted in one
// transaction, stating each space's last known position so that another process appending first
// is caught and the submission checked again. Submissions are serialised, so the states it caches
// (space-cache.ts) always match what is stored. Forks are kept as evidence (fork-evidence.ts);
// in park mode events that arrive before what they depend on wait in the pending table
// (pending-events.ts).
import type { EventId, SignatureVerifier, SpaceId, SpaceState } from '@veche/core'
import { StoreConflictError } from './event-store.js'
import type {
  AppendExtras,
  EventStore,
  HeldBallot,
  NewEvent,
  PendingEvent,
  StoredEvent,
} from './event-store.js'
import type * as EventPreparation from './event-preparation.js'
import type { Prepared } from './event-preparation.js'
import {
  DEFAULT_PENDING_LIMITS,
  PENDING_EXPIRY_CHECK_MS,
  PendingIndex,
  releasePending,
} from './pending-events.js'
import type { PendingLimits } from './pending-events.js'
import { SpaceCache } from './space-cache.js'
import type { CheckedSubmission } from './submission-check.js'
import type * as SubmissionCheck from './submission-check.js'
import type { SubmitOptions, SubmitReport } from './submission.js'

export type { SubmitOptions, SubmitOutcome, SubmitReport } from './submission.js'
export { TAMPERED_CODES } from './submission.js'
export {
  DEFAULT_PENDING_LIMITS,
  MAX_PENDING,
  MAX_PENDING_PER_AUTHOR,
  MAX_PENDING_PER_SEQ,
  MAX_PENDING_PER_SPACE,
  MAX_PENDING_STRANGERS,
  PARKABLE_CODES,
  PENDING_TTL_MS,
} from './pending-events.js'
export type { PendingLimits } from './pending-events.js'
export { CorruptStoreError, replaySpace } from './space-replay.js'
export { lookUpReferences } from './foreign-references.js'

/**
 * event-preparation.ts, loaded on the first submission (with submission-check.ts): it parses
 * events, which brings zod and the event schemas, and a process that only reads its store's state
 * (`veche show`) never needs them. The promise is kept: an `import()` of a loaded module still goes
 * through the module loader's resolution, which cost a hub 3 % of its main thread when it ran on
 * every submission of one ballot.
 */
let preparationModule: Promise<typeof EventPreparation> | undefined
function preparation(): Promise<typeof EventPreparation> {
  return (preparationModule ??= import('./event-preparation.js'))
}

/** submission-check.ts, loaded once on the first submission (see `preparation`). */
let submissionCheckModule: Promise<typeof SubmissionCheck> | undefined
function submissionCheck(): Promise<typeof SubmissionCheck> {
  return (submissionCheckModule ??= import('./submission-check.js'))
}

/** Events just appended, as the store holds them (for live updates). */
export type AppendListener = (events: readonly StoredEvent[]) => void

/** How often a submission is retried when another process appended to its spaces first. */
const MAX_ATTEMPTS = 5

export interface LedgerOptions {
  /** The limits on held events (default: the constants of pending-events.ts). */
  readonly pendingLimits?: Partial<PendingLimits>
  /** The clock held events are timed by (default Date.now). */
  readonly now?: () => number
}

export class Ledger {
  readonly #store: EventStore
  /**
   * What the checks read: the store's unsynced reader where it has one, which sees the last
   * append while it is synced, so that the next submission is checked meanwhile
   * (EventStore.unsyncedReader); otherwise the store.
   */
  readonly #reads: EventStore
  /**
   * Settles once every append made so far is durable (rejects if a sync failed). Nothing checked
   * against an append is told (a report, a state, a listener) before it settles.
   */
  #synced: Promise<void> = Promise.resolve()
  readonly #verifier: SignatureVerifier
  readonly #spaces: SpaceCache
  readonly #pending = new PendingIndex()
  readonly #limits: PendingLimits
  readonly #now: () => number
  #expiredAt = -Infinity
  readonly #listeners = new Set<AppendListener>()
  readonly #ballotListeners = new Set<(spaces: readonly SpaceId[]) => void>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(store: EventStore, verifier: SignatureVerifier, options: LedgerOptions = {}) {
    this.#store = store
    this.#reads = store.unsyncedReader?.() ?? store
    this.#verifier = verifier
    this.#spaces = new SpaceCache(this.#reads)
    this.#limits = { ...DEFAULT_PENDING_LIMITS, ...options.pendingLimits }
    this.#now = options.now ?? Date.now
  }

  get store(): EventStore {
    return this.#store
  }

  /**
   * How many times a space's state was replayed from the store since this ledger began (its cache
   * did not hold it): a number that grows with every pass over many spaces means they are being
   * read for their state where the store could answer.
   */
  get replays(): number {
    return this.#spaces.replays
  }

  /**
   * Submits events (JSON-decoded, untrusted) and reports on each. If another process appended to
   * the same spaces meanwhile (several hubs on one PostgreSQL database), the ledger catches up
   * and checks again, so the rules always see the whole log.
   */
  submit(inputs: readonly unknown[], options: SubmitOptions = {}): Promise<SubmitReport> {
    // Parsing and signatures need no state, so they start at once, outside the queue: one
    // submission is checked (on every core) while the one before it is applied and written.
    // The turn is still taken now, so submissions are applied in the order they were made.
    const preparing = preparation().then(({ prepareEvents }) =>
      prepareEvents(this.#reads, this.#verifier, inputs),
    )
    preparing.catch(() => undefined) // handled below, in turn; this only silences the early warning
    const checked = this.#serialise(async () => {
      const prepared = await preparing
      if (options.park === true) await this.#expire(false)
      const { report, written } = await this.#submitRetrying(prepared, options, null)
      const released = await releasePending(this.#reads, this.#pending, written, (waiting) =>
        this.#resubmit(waiting),
      )
      // The next submission is checked from here on, while this one's append is synced: its
      // report waits for that sync (and for every one before it, which it was checked against).
      return { report: { ...report, released }, synced: this.#synced }
    })
    return checked.then(async ({ report, synced }) => {
      await synced
      return report
    })
  }

  /** The pending events, of one space or of all (for inspection and tests). */
  pending(space?: SpaceId): Promise<PendingEvent[]> {
    return this.#store.pending(space)
  }

  /**
   * Drops the events held back in `space` (only `author`'s, if given); returns how many. Nothing
   * accepted is touched: held events are not part of any space's record, and the hubs that
   * accepted them send them again.
   */
  purgePending(space: SpaceId, author?: string): Promise<number> {
    return this.#serialise(async () => {
      const dropped = await this.#store.dropPending(
        author === undefined ? { space } : { space, author },
      )
      this.#pending.forget(dropped)
      return dropped.length
    })
  }

  /** Drops the held events older than the limits allow, now; returns how many. */
  expirePending(): Promise<number> {
    return this.#serialise(() => this.#expire(true))
  }

  /** Drops expired held events, at most once a PENDING_EXPIRY_CHECK_MS unless `now`. */
  async #expire(now: boolean): Promise<number> {
    const time = this.#now()
    if (!now && time - this.#expiredAt < PENDING_EXPIRY_CHECK_MS) return 0
    this.#expiredAt = time
    const dropped = await this.#store.dropPending({ before: time - this.#limits.ttlMs })
    this.#pending.forget(dropped)
    return dropped.length
  }

  /** Calls `listener` after every append with the events written; returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Calls `listener` with the spaces that held new secret ballots (their count changed; the
   * ballots themselves are never streamed); returns the unsubscribe.
   */
  onBallots(listener: (spaces: readonly SpaceId[]) => void): () => void {
    this.#ballotListeners.add(listener)
    return () => this.#ballotListeners.delete(listener)
  }

  /**
   * The current state of a space, or null if the store holds none of its events. The returned
   * state is the ledger's own: read it, never change it, and do not hold it across submissions.
   */
  state(space: SpaceId): Promise<SpaceState | null> {
    return this.#serialise(async () => {
      await this.#synced
      const state = await this.#spaces.load(space)
      return state.events === 0 ? null : state
    })
  }

  /**
   * Runs `read` on the current state of `space` and the store position it holds up to, between
   * submissions: the fold every answer of this ledger comes from (live streams take their state
   * updates here). `read` must copy what it keeps; the state changes with the next submission.
   */
  withState<T>(space: SpaceId, read: (state: SpaceState, position: number) => T): Promise<T> {
    return this.#serialise(async () => {
      await this.#synced
      const state = await this.#spaces.load(space)
      return read(state, this.#spaces.position(space))
    })
  }

  #serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Submits one space's pending events again, in park mode; returns the events written. */
  async #resubmit(waiting: readonly PendingEvent[]): Promise<readonly NewEvent[]> {
    const ids = new Map(waiting.map((p) => [p.id, p.code]))
    const { prepareEvents } = await preparation()
    const prepared = await prepareEvents(
      this.#reads,
      this.#verifier,
      waiting.map((p) => JSON.parse(p.json) as unknown),
    )
    const { written } = await this.#submitRetrying(prepared, { park: true }, ids)
    return written
  }

  /**
   * Appends, resolving once committed where the store can tell (`appendCommitted`), with its
   * durability, which becomes what every later report waits for (#synced).
   */
  async #append(
    events: readonly NewEvent[],
    expected: ReadonlyMap<SpaceId, number>,
    extras: AppendExtras,
  ): Promise<{ positions: number[]; durable: Promise<void> }> {
    let appended: { positions: number[]; durable: Promise<void> }
    if (this.#store.appendCommitted === undefined) {
      appended = {
        positions: await this.#store.append(events, expected, extras),
        durable: Promise.resolve(),
      }
    } else appended = await this.#store.appendCommitted(events, expected, extras)
    const { durable } = appended
    durable.catch(() => undefined) // told to whoever waits on #synced; this only silences the early warning
    // Syncs are made in append order, so this one settles after every earlier one.
    this.#synced = durable
    return appended
  }

  async #submitRetrying(
    prepared: Prepared,
    options: SubmitOptions,
    pendingIds: ReadonlyMap<EventId, string> | null,
  ): Promise<{ report: Omit<SubmitReport, 'released'>; written: readonly NewEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#submit(prepared, options, pendingIds)
      } catch (error) {
        const retry = error instanceof StoreConflictError && attempt < MAX_ATTEMPTS
        if (!retry) throw error
      }
    }
  }

  /** Checks a submission and appends what it accepted, at the positions its states were built at. */
  async #submit(
    prepared: Prepared,
    options: SubmitOptions,
    pendingIds: ReadonlyMap<EventId, string> | null,
  ): Promise<{ report: Omit<SubmitReport, 'released'>; written: readonly NewEvent[] }> {
    // Loaded with the first submission, like event-preparation.ts (which it imports).
    const { checkSubmission } = await submissionCheck()
    let checked: CheckedSubmission
    try {
      checked = await checkSubmission(
        this.#reads,
        this.#spaces,
        { index: this.#pending, limits: this.#limits, now: this.#now() },
        prepared,
        options,
        pendingIds,
      )
    } catch (error) {
      // A store read failed part-way (a lost database connection): the cached states may hold
      // events checked but never written. All are rebuilt from the store, so a retry is checked
      // against what is stored.
      this.#spaces.clear()
      throw error
    }
    const { outcomes, accepted, ballots, evidence, parked, held, unpark, touched, forked } = checked
    const failed = outcomes.some((o) => o.status === 'rejected' && o.parked !== true)
    const refused =
      options.refuseOn !== undefined &&
      outcomes.some((o) => o.status === 'rejected' && options.refuseOn!.has(o.code))
    const nothing =
      accepted.length + ballots.length + evidence.length + parked.length + unpark.length === 0
    const all = [...touched, ...forked]
    if (nothing || refused || options.dryRun === true || (options.atomic === true && failed)) {
      this.#spaces.forget(all)
      return { report: { outcomes, written: 0 }, written: [] }
    }
    const expected = new Map(all.map((space) => [space, this.#spaces.position(space)]))
    options.onAppending?.()
    let positions: number[]
    let durable: Promise<void>
    try {
      ;({ positions, durable } = await this.#append(accepted, expected, {
        forks: evidence,
        park: parked,
        unpark,
        ballots,
      }))
    } catch (error) {
      // The cached states already hold the events that were not written: rebuild them from the store.
      this.#spaces.forget(all)
      throw error
    }
    for (const { pending, state } of held) this.#pending.note(pending, state)
    this.#pending.forget(unpark)
    // A new fork changes what counts from the forked seq on: rebuild those spaces from the store.
    this.#spaces.forget(forked)
    const written: StoredEvent[] = accepted.map((e, i) => ({
      position: positions[i]!,
      id: e.id,
      space: e.space,
      json: e.json,
    }))
    for (const event of written) {
      if (!forked.has(event.space)) this.#spaces.advance(event.space, event.position)
    }
    // Syncs are made in append order, so listeners are told in that order, each once durable.
    const ballotSpaces = [...new Set(ballots.map((b) => b.space))]
    durable.then(
      () => {
        if (written.length > 0) for (const listener of this.#listeners) listener(written)
        if (ballotSpaces.length > 0)
          for (const listener of this.#ballotListeners) listener(ballotSpaces)
      },
      () => undefined,
    )
    // Held secret ballots are no part of the log, but what waits for them (a seal naming them,
    // a seal whose view names their one-time keys) is woken by them too.
    return {
      report: { outcomes, written: accepted.length + ballots.length },
      written: [...accepted, ...ballots.map(ballotAsWritten)],
    }
  }
}

/** A held secret ballot as an accepted event that may wake held events (see releasePending). */
function ballotAsWritten(ballot: HeldBallot): NewEvent {
  const event = JSON.parse(ballot.json) as { author: string; seq: number; type: string }
  return {
    id: ballot.id,
    space: ballot.space,
    author: event.author,
    seq: event.seq,
    type: event.type,
    json: ballot.json,
  }
}
