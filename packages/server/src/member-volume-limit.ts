// A hub's own bound on the volume one member writes into one space: at most `events` events of one
// author key in one space accepted through POST /api/events within a sliding `windowMs` by the
// hub's clock (default 20,000 a day). The rate limit (author-rate-limit.ts) bounds how fast a key
// writes, not how much: within it one key could have 360,000 events an hour accepted (ballot
// recasts, comments, …), each carried for good by every replica (sync, bundles, replay, disk).
// A busy facilitator of a 500-person meeting signs a few thousand events a day (invitations,
// admissions, polls and their closes, agenda items, comments), so honest use stays far below it.
// An event past the quota is refused on its own (`member.volume-limit`, 422 like any other
// per-event refusal) before any check; its seq stays its own, and it is taken once the window has
// room. Only accepted events are counted (charged after the ledger answered), so events carrying
// someone else's key never spend that member's quota. Replication (sync, cluster pushes) never
// passes here: what another hub took is taken. Counts are kept in memory, in SLOTS slots of the
// window each, per space and key; a restart forgets them.
import type { SubmitOutcome } from '@veche/store'

export interface VolumeLimitOptions {
  /** Events one key may have accepted in one space within the window (default 20,000; 0: none). */
  readonly events?: number
  /** The window, in ms (default 24 hours). */
  readonly windowMs?: number
  /** The hub's clock in ms (default Date.now); tests give their own. */
  readonly now?: () => number
}

export const DEFAULT_MEMBER_QUOTA = 20_000
export const DEFAULT_MEMBER_QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000

/** The window's slots: an event leaves the count between one window and one slot after it. */
const SLOTS = 24

interface Counts {
  /** Events per slot, by slot number modulo SLOTS. */
  readonly slots: number[]
  /** The newest slot number written. */
  newest: number
  total: number
}

export class MemberVolumeLimit {
  readonly #events: number
  readonly #slotMs: number
  readonly #now: () => number
  readonly #counts = new Map<string, Counts>()

  constructor(options: VolumeLimitOptions = {}) {
    this.#events = options.events ?? DEFAULT_MEMBER_QUOTA
    this.#slotMs = Math.max(1, (options.windowMs ?? DEFAULT_MEMBER_QUOTA_WINDOW_MS) / SLOTS)
    this.#now = options.now ?? Date.now
  }

  /**
   * Each input's refusal when its space and key have no room left in the window (counting the
   * inputs before it in the request), else null.
   */
  refusals(inputs: readonly unknown[]): (SubmitOutcome | null)[] {
    if (this.#events <= 0) return inputs.map(() => null)
    const slot = this.#slot()
    const room = new Map<string, number>()
    return inputs.map((input) => {
      const key = keyOf(input)
      if (key === null) return null
      const left = room.get(key) ?? this.#events - this.#total(key, slot)
      room.set(key, left - 1)
      if (left > 0) return null
      return {
        status: 'rejected',
        code: 'member.volume-limit',
        message: `this hub takes at most ${this.#events} events of one member in one space within ${hours(this.#slotMs * SLOTS)}, and holds that many of this key's; sent directly, this one is taken once the window has room (nothing accepted is lost, and another hub's events still arrive by sync)`,
      }
    })
  }

  /** Counts the inputs whose outcome is `accepted`. */
  charge(inputs: readonly unknown[], outcomes: readonly SubmitOutcome[]): void {
    if (this.#events <= 0) return
    const slot = this.#slot()
    inputs.forEach((input, i) => {
      if (outcomes[i]?.status !== 'accepted') return
      const key = keyOf(input)
      if (key === null) return
      let counts = this.#counts.get(key)
      if (counts === undefined) {
        counts = { slots: Array<number>(SLOTS).fill(0), newest: slot, total: 0 }
        this.#counts.set(key, counts)
      }
      advance(counts, slot)
      counts.slots[slot % SLOTS]! += 1
      counts.total += 1
    })
    if (this.#counts.size > 100_000) this.#sweep(slot)
  }

  #slot(): number {
    return Math.floor(this.#now() / this.#slotMs)
  }

  #total(key: string, slot: number): number {
    const counts = this.#counts.get(key)
    if (counts === undefined) return 0
    advance(counts, slot)
    return counts.total
  }

  #sweep(slot: number): void {
    for (const [key, counts] of this.#counts) {
      advance(counts, slot)
      if (counts.total === 0) this.#counts.delete(key)
    }
  }
}

/** Empties the slots that left the window by `slot`. */
function advance(counts: Counts, slot: number): void {
  if (slot <= counts.newest) return
  const gone = Math.min(SLOTS, slot - counts.newest)
  for (let i = 1; i <= gone; i += 1) {
    const at = (counts.newest + i) % SLOTS
    counts.total -= counts.slots[at]!
    counts.slots[at] = 0
  }
  counts.newest = slot
}

/** The space and author an input claims, or null for a shape the ledger refuses anyway. */
function keyOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null
  const { space, author } = input as { space?: unknown; author?: unknown }
  if (typeof space !== 'string' || typeof author !== 'string') return null
  return `${space.slice(0, 64)} ${author.slice(0, 64)}`
}

function hours(ms: number): string {
  const h = ms / 3_600_000
  return h >= 1 && Number.isInteger(h) ? `${h} h` : `${Math.round(ms / 1000)} s`
}
