// The store the app's screens hold, in front of the real one, so that setting or removing the
// passphrase lock can change every record from plain to encrypted (or back) while the app runs:
// the change waits for every read and write asked before it, runs alone, and the app goes on with
// the store it leaves (sealed or plain) without a reload. It starts plain; the lock screen puts the
// sealed store behind it once the passphrase opens it. Small on purpose: it is on the first page;
// the encryption loads only when a lock is set or opened (store-lock.ts).
import type { KeyValueStore } from './key-value-store.js'

export interface StoreGate extends KeyValueStore {
  /** The IndexedDB store underneath, plain or encrypted records as they are on disk. */
  readonly raw: KeyValueStore
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

export function storeGate(raw: KeyValueStore): StoreGate {
  let inner = raw
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
    get: (key) => queue(() => inner.get(key)),
    set: (key, value) => queue(() => inner.set(key, value)),
    delete: (key) => queue(() => inner.delete(key)),
    use: (work) => queue(() => work(inner)),
    replace: (change) =>
      queue(async () => {
        inner = (await change()) ?? inner
      }),
  }
}
