// The store the app's screens hold, in front of the real one, so that setting or removing the
// passphrase lock can change every record from plain to encrypted (or back) while the app runs:
// the change waits for every read and write asked before it, runs alone, and the app goes on with
// the store it leaves (sealed or plain) without a reload. It starts plain; the lock screen puts the
// sealed store behind it once the passphrase opens it. Small on purpose: it is on the first page;
// the encryption loads only when a lock is set or opened (store-lock.ts).
//
// While plain, every write is refused once the lock record exists (checked in the same IndexedDB
// transaction as the write): a tab opened before another tab set the lock never writes a plain
// record, the member's key least of all, after it. The refused write and every read and write after
// it wait for ever, and `lockedElsewhere` runs (the app reloads into the lock screen).
import type { KeyValueStore } from './key-value-store.js'

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
}

export interface GateOptions {
  /** The record whose presence means the device is locked (store-lock.ts's LOCK_RECORD). */
  readonly lockRecord: string
  /** Runs once a plain write was refused because another tab set the lock. */
  readonly lockedElsewhere: () => void
}

/** `raw` writing nothing plain once `lockRecord` exists (see the header). */
function plainUnlessLocked(raw: KeyValueStore, options: GateOptions): KeyValueStore {
  let refused = false
  const never = new Promise<never>(() => undefined)
  return {
    get: (key) => (refused ? never : raw.get(key)),
    delete: (key) => (refused ? never : raw.delete(key)),
    async set(key, value) {
      if (refused) return never
      const written =
        raw.setIf === undefined
          ? (await raw.get(options.lockRecord)) === undefined && (await raw.set(key, value), true)
          : await raw.setIf(options.lockRecord, false, key, value)
      if (written) return
      refused = true
      options.lockedElsewhere()
      return never
    },
  }
}

export function storeGate(raw: KeyValueStore, options?: GateOptions): StoreGate {
  const plain = options === undefined ? raw : plainUnlessLocked(raw, options)
  let inner = plain
  // Every read and write, and a replacement, in the order asked: simpler (and smaller, on the
  // first page) than letting reads overlap; each is one short IndexedDB transaction.
  let last: Promise<unknown> = Promise.resolve()
  const queue = <T>(op: () => Promise<T>): Promise<T> => {
    const run = last.then(op, op)
    last = run.catch(() => undefined)
    return run
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
  }
}
