// The store the app's screens hold, in front of the real one, so that setting or removing the
// passphrase lock can change every record from plain to encrypted (or back) while the app runs:
// the change waits for every read and write in flight, runs alone, and the app goes on with the
// store it leaves (encrypted or plain) without a reload. Small on purpose: it is on the first page;
// the encryption itself loads only when a lock is set or opened (store-lock.ts).
import type { KeyValueStore, RecordStore } from './key-value-store.js'

/** The IndexedDB record that says this device's data is locked (its wrapped keys). */
export const LOCK_RECORD = 'lock'

export interface StoreGate extends KeyValueStore {
  /** The IndexedDB store underneath, plain or encrypted records as they are on disk. */
  readonly raw: RecordStore
  /** Whether the records are encrypted now. */
  readonly locked: boolean
  /**
   * Runs `change` with no other read or write in flight and none starting, then reads and writes
   * through the store it resolves with (`locked` says which kind it is); null changes nothing.
   */
  replace(
    change: () => Promise<{ readonly store: KeyValueStore; readonly locked: boolean } | null>,
  ): Promise<void>
}

export function storeGate(raw: RecordStore, inner: KeyValueStore, locked: boolean): StoreGate {
  const inFlight = new Set<Promise<unknown>>()
  let closed: Promise<void> | null = null
  const through = async <T>(op: (store: KeyValueStore) => Promise<T>): Promise<T> => {
    while (closed !== null) await closed
    const running = op(inner)
    inFlight.add(running)
    try {
      return await running
    } finally {
      inFlight.delete(running)
    }
  }
  return {
    raw,
    get locked() {
      return locked
    },
    get: (key) => through((s) => s.get(key)),
    set: (key, value) => through((s) => s.set(key, value)),
    delete: (key) => through((s) => s.delete(key)),
    async replace(change) {
      while (closed !== null) await closed
      let open = (): void => undefined
      closed = new Promise((resolve) => (open = resolve))
      try {
        await Promise.allSettled([...inFlight])
        const next = await change()
        if (next !== null) ({ store: inner, locked } = next)
      } finally {
        closed = null
        open()
      }
    },
  }
}
