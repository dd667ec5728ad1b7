// Sends secret ballots to the hub on their own: `POST /api/ballots`, with no identity, read token
// or cookie (`credentials: 'omit'`), each after a random delay so its arrival does not follow the
// member's other traffic (docs/secret-ballot.md, "Adversaries"). Ballots wait in the key-value
// store, so one cast offline or before a reload is sent when the hub can be reached again. A
// refused ballot stays, with the hub's code, for the poll's card to show.
import type { EventId, SignedEvent } from '@veche/core'
import { computeEventId } from '@veche/core'
import type { SubmitOutcome } from '../lib/hub-client.js'
import type { KeyValueStore } from '../lib/key-value-store.js'

/** The wait before a ballot leaves, drawn uniformly between these (ms). */
export const SEND_DELAY_MS = { min: 1_000, max: 8_000 } as const
/** The wait before trying again when the hub cannot be reached (ms). */
const RETRY_MS = 5_000
const KEY = 'secret.outbox'

export interface QueuedBallot {
  readonly id: EventId
  readonly ballot: SignedEvent
  /** Not sent before this time (ms since 1970, this device's clock). */
  readonly notBefore: number
  readonly status: 'pending' | 'rejected'
  readonly code?: string
  readonly message?: string
}

/** A delay drawn from `crypto.getRandomValues` between SEND_DELAY_MS.min and .max. */
export function randomSendDelay(): number {
  const [r] = crypto.getRandomValues(new Uint32Array(1))
  return SEND_DELAY_MS.min + Math.floor((r! / 2 ** 32) * (SEND_DELAY_MS.max - SEND_DELAY_MS.min))
}

/** One ballot to the hub; its outcome, or null when the hub cannot be reached now. */
export async function postBallot(ballot: SignedEvent, base = ''): Promise<SubmitOutcome | null> {
  let response: Response
  try {
    response = await fetch(`${base}/api/ballots`, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ballot),
    })
  } catch {
    return null
  }
  if (response.status >= 500 || response.status === 429) return null
  const body = (await response.json().catch(() => null)) as {
    outcomes?: SubmitOutcome[]
    status?: string
    code?: string
    detail?: string
    message?: string
  } | null
  const outcome = body?.outcomes?.[0]
  if (outcome !== undefined) return outcome
  if (body?.status === 'accepted' || body?.status === 'duplicate')
    return { status: body.status, id: computeEventId(ballot) }
  if (response.status >= 400 && typeof body?.code === 'string')
    return { status: 'rejected', code: body.code, message: body.detail ?? body.message ?? '' }
  return null
}

export class BallotSender {
  readonly #store: KeyValueStore
  readonly #base: string
  readonly #listeners = new Set<() => void>()
  #entries: readonly QueuedBallot[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  #sending: Promise<void> | null = null

  private constructor(store: KeyValueStore, base: string) {
    this.#store = store
    this.#base = base
  }

  static async open(store: KeyValueStore, base = ''): Promise<BallotSender> {
    const sender = new BallotSender(store, base)
    sender.#entries = (await store.get<QueuedBallot[]>(KEY)) ?? []
    if (typeof window !== 'undefined')
      window.addEventListener('online', () => void sender.flush(true))
    sender.#schedule()
    return sender
  }

  get entries(): readonly QueuedBallot[] {
    return this.#entries
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Keeps `ballot` (durably) and sends it after `delay` ms. */
  async enqueue(ballot: SignedEvent, delay = randomSendDelay()): Promise<void> {
    const entry: QueuedBallot = {
      id: computeEventId(ballot),
      ballot,
      notBefore: Date.now() + delay,
      status: 'pending',
    }
    await this.#write([...this.#entries, entry])
    this.#schedule()
  }

  /**
   * Drops every ballot of `poll` still kept (refused ones): after the count the poll's key is
   * public, so a kept ballot would show this phone's choice.
   */
  async forget(poll: EventId): Promise<void> {
    const mine = (e: QueuedBallot): boolean =>
      e.ballot.type === 'secret.ballot' && e.ballot.body.poll === poll
    if (!this.#entries.some(mine)) return
    await this.#write(this.#entries.filter((e) => !mine(e)))
  }

  /** Sends the pending ballots whose time has come (all of them with `now`). */
  flush(now = false): Promise<void> {
    this.#sending ??= this.#send(now).finally(() => {
      this.#sending = null
      this.#schedule()
    })
    return this.#sending
  }

  async #send(all: boolean): Promise<void> {
    for (const entry of this.#entries) {
      if (entry.status !== 'pending' || (!all && entry.notBefore > Date.now())) continue
      const outcome = await postBallot(entry.ballot, this.#base)
      if (outcome === null) return this.#retryLater()
      const next = this.#entries.flatMap((e) => {
        if (e.id !== entry.id) return [e]
        if (outcome.status !== 'rejected') return []
        return [{ ...e, status: 'rejected' as const, code: outcome.code, message: outcome.message }]
      })
      await this.#write(next)
    }
  }

  #retryLater(): void {
    const later = Date.now() + RETRY_MS
    this.#entries = this.#entries.map((e) =>
      e.status === 'pending' && e.notBefore < later ? { ...e, notBefore: later } : e,
    )
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    const pending = this.#entries.filter((e) => e.status === 'pending')
    if (pending.length === 0) return
    const soonest = Math.min(...pending.map((e) => e.notBefore))
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, soonest - Date.now()))
  }

  async #write(entries: readonly QueuedBallot[]): Promise<void> {
    await this.#store.set(KEY, entries)
    this.#entries = entries
    for (const listener of this.#listeners) listener()
  }
}

let shared: Promise<BallotSender> | null = null

/** The app's one sender over `store` (opened on first use). */
export function ballotSender(store: KeyValueStore): Promise<BallotSender> {
  shared ??= BallotSender.open(store)
  return shared
}

/** Starts sending what an earlier visit left waiting, if anything (called at start-up). */
export async function resumeBallots(store: KeyValueStore): Promise<void> {
  const waiting = await store.get<QueuedBallot[]>(KEY)
  if (waiting?.some((e) => e.status === 'pending') === true) await ballotSender(store)
}
