// The store the app's screens hold, in front of the real one, so that setting or removing the
// passphrase lock can change every record from plain to encrypted (or back) while the app runs:
// the change waits for every read and write asked before it, runs alone, and the app goes on with
// the store it leaves (sealed or plain) without a reload. It starts plain; the lock screen puts the
// sealed store behind it once the passphrase opens it. Small on purpose: it is on the first page;
// the encryption loads only when a lock is set or opened (store-lock.ts).
//
// While plain, every write is refused once the lock record exists (checked in the same IndexedDB
// transaction as the write): a tab opened before another tab set the lock never writes a plain
// record, the member's key least of all, after it. A refused write is never lost silently: it is
// held for the member, sealed (unsaved-writes.ts), and told of after unlocking. The refused write
// and every read and write after it never resolve for their callers, and once the held writes are
// stored `lockedElsewhere` runs (the app reloads into the lock screen).
import type { Guard, KeyValueStore } from './key-value-store.js'

export interface StoreGate extends KeyValueStore {
  /** The IndexedDB store underneath, plain or encrypted records as they are on disk. */
  readonly raw: KeyValueStore
  /** Whether the gate reads and writes through the lock now. */
  readonly sealed: boolean
  /**
   * Runs `change` after every read and write asked before it and before any asked after, then
   * reads and writes through the store it resolves with (sealed or plain); null changes nothing.
   */
  replace(change: () => Promise<KeyValueStore | null>): Promise<void>
  /**
   * Runs `work` alone on the store the gate reads through now (the raw one, or the one through the
   * lock): what must decide and write by whether the lock is on, with no change of lock between.
   */
  use<T>(work: (inner: KeyValueStore) => Promise<T>): Promise<T>
  /**
   * Whether this tab still reads and writes as the device is now: plain with no lock set, or
   * through the lock as it was opened (not removed, set anew or locked since): one read of the lock
   * record, after the reads and writes asked before it.
   */
  current(): Promise<boolean>
}

/** A write the lock refused: what it was, to tell the member after unlocking. */
export interface RefusedWrite {
  /** The record's name. */
  readonly record: string
  /** What it would have written; undefined for a delete. */
  readonly value: unknown
  /** When it was refused (ms since the epoch). */
  readonly at: number
  /** When this tab last wrote that record, null if it had not: what changed after is what is lost. */
  readonly since: number | null
}

/** What becomes of writes that the lock refuses, in a plain tab or one through the lock. */
export interface RefusalOptions {
  /** Keeps a refused write for the member (sealed; unsaved-writes.ts's holdUnsaved). */
  readonly hold: (write: RefusedWrite) => Promise<void>
  /** Runs once, at the first refusal; `held` resolves once every write refused so far is kept. */
  readonly stop: (held: () => Promise<void>) => void
}

export interface GateOptions extends RefusalOptions {
  /** The record whose presence means the device is locked (store-lock.ts's LOCK_RECORD). */
  readonly lockRecord: string
}

/** Thrown by a store whose write the lock refused; the gate turns it into a wait with no end. */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused'
}

/** What a store whose writes the lock may refuse keeps: when each record was last written. */
export interface Refusals {
  /** Whether a write was refused already (from then on nothing is read or written). */
  readonly stopped: boolean
  /** Notes that `record` was written now. */
  written(record: string): void
  /**
   * Holds the refused write for the member, stops the tab at the first, and throws; for a copy of
   * what the hub has, only stops the tab (see `isCopy`).
   */
  refuse(record: string, value: unknown): void
}

/**
 * Records that only copy what the hub has (an assembly's events, the outbox's last confirmed
 * places): a refused write of one is dropped and its caller goes on, as if written, so that the
 * member's own write that follows (the outbox's) is refused, and kept, in turn. A reload reads them
 * again from the hub.
 */
export function isCopy(record: string): boolean {
  return record.startsWith('space:') || record === 'outbox.confirmed'
}

export function refusals(options: RefusalOptions): Refusals {
  const since = new Map<string, number>()
  let held = Promise.resolve()
  let stopped = false
  return {
    get stopped() {
      return stopped
    },
    written: (record) => void since.set(record, Date.now()),
    refuse(record, value) {
      if (!stopped) {
        stopped = true
        options.stop(() => held)
      }
      if (isCopy(record)) return
      const write = { record, value, at: Date.now(), since: since.get(record) ?? null }
      held = held.then(() => options.hold(write)).catch(() => undefined)
      throw new WriteRefused(`the lock refused the write of ${record}`)
    },
  }
}

/** How long no write must be refused before the tab reloads: those asked behind are held too. */
const QUIET_MS = 150

/** Reloads the page once the writes refused so far are held, and no more came for a moment. */
export function reloadOnceHeld(held: () => Promise<void>): void {
  const settle = async (): Promise<void> => {
    let last: Promise<void>
    do {
      last = held()
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS))
      await last
    } while (held() !== last)
    location.reload()
  }
  void settle()
}

const absent: Guard = (current) => current === undefined

/** `raw` writing nothing plain once `lockRecord` exists (see the header). */
function plainUnlessLocked(raw: KeyValueStore, options: GateOptions): KeyValueStore {
  const refused = refusals(options)
  const write = async (key: string, value: unknown, remove: boolean): Promise<void> => {
    if (refused.stopped) return refused.refuse(key, remove ? undefined : value)
    const written =
      raw.setIf === undefined || raw.deleteIf === undefined
        ? (await raw.get(options.lockRecord)) === undefined &&
          (await (remove ? raw.delete(key) : raw.set(key, value)), true)
        : remove
          ? await raw.deleteIf(options.lockRecord, absent, key)
          : await raw.setIf(options.lockRecord, absent, key, value)
    if (!written) return refused.refuse(key, remove ? undefined : value)
    refused.written(key)
  }
  return {
    get: async (key) => {
      if (refused.stopped) throw new WriteRefused('the lock was set in another tab')
      return raw.get(key)
    },
    set: (key, value) => write(key, value, false),
    delete: (key) => write(key, undefined, true),
  }
}

/** A store through the lock, which knows whether the lock it opened is still the device's. */
function knowsCurrent(
  store: KeyValueStore,
): store is KeyValueStore & { current(): Promise<boolean> } {
  return 'current' in store
}

const never = new Promise<never>(() => undefined)

/** `op`, except that a write the lock refused never resolves for its caller. */
async function unlessRefused<T>(op: Promise<T>): Promise<T> {
  try {
    return await op
  } catch (e) {
    if (e instanceof WriteRefused) return never
    throw e
  }
}

export function storeGate(raw: KeyValueStore, options?: GateOptions): StoreGate {
  const plain = options === undefined ? raw : plainUnlessLocked(raw, options)
  let inner = plain
  // Every read and write, and a replacement, in the order asked: simpler (and smaller, on the
  // first page) than letting reads overlap; each is one short IndexedDB transaction. A refused
  // write does not hold up the queue: the writes behind it are refused and held too.
  let last: Promise<unknown> = Promise.resolve()
  const queue = <T>(op: () => Promise<T>): Promise<T> => {
    const run = last.then(op, op)
    last = run.catch(() => undefined)
    return unlessRefused(run)
  }
  return {
    raw,
    get sealed() {
      return inner !== plain
    },
    get: (key) => queue(() => inner.get(key)),
    set: (key, value) => queue(() => inner.set(key, value)),
    delete: (key) => queue(() => inner.delete(key)),
    use: (work) => queue(() => work(inner)),
    replace: (change) =>
      queue(async () => {
        const next = (await change()) ?? inner
        // The raw store given back (the lock removed) is read and written through the guard again.
        inner = next === raw ? plain : next
      }),
    // In the queue, so that a lock being set or removed in this tab is not taken for another's.
    current: () =>
      queue(async () => {
        if (options === undefined) return true
        if (inner !== plain && knowsCurrent(inner)) return inner.current()
        return (await raw.get(options.lockRecord)) === undefined
      }),
  }
}
