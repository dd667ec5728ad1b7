// Where the app keeps what must survive a reload: the identity, the assemblies it knows, each
// assembly's events and the outbox of signed events not yet sent. A small port, so the outbox and
// the replicas can be tested without a browser; IndexedDB in the app, a Map in tests.

/** Structured-clone values by string key (CryptoKey objects included, in IndexedDB). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Writes `value` only if `holds` is true of the record `guard` as it is (undefined: none), both
   * in one transaction; false, nothing written, otherwise. Plain writes go through this so that no
   * tab writes a plain record once another tab set the passphrase lock (store-gate.ts), and sealed
   * ones so that none writes under a lock that another tab removed, set anew or locked
   * (store-lock.ts).
   */
  readonly setIf?: (guard: string, holds: Guard, key: string, value: unknown) => Promise<boolean>
  /** Deletes `key` only if `holds` is true of the record `guard`, as `setIf` writes. */
  readonly deleteIf?: (guard: string, holds: Guard, key: string) => Promise<boolean>
  /** The names of the records that start with `prefix`. */
  readonly names?: (prefix: string) => Promise<string[]>
}

/**
 * What must be true of a guard record for a write to go ahead: called inside the write's
 * transaction, so it must not wait for anything.
 */
export type Guard = (current: unknown) => boolean

/**
 * A store that can also list every record and change many in one transaction: what the passphrase
 * lock needs to move all of it between plain and encrypted form with nothing lost (store-lock.ts;
 * over IndexedDB, record-store.ts, loaded with the lock).
 */
export interface RecordStore extends KeyValueStore {
  entries(): Promise<[string, unknown][]>
  /**
   * Writes `puts` and deletes `deletes` all at once, or nothing if it fails; with `guard`, nothing
   * either unless `holds` is true of that record (read in the same transaction): resolves whether
   * it wrote.
   */
  commit(
    puts: readonly (readonly [string, unknown])[],
    deletes: readonly string[],
    guard?: { readonly key: string; readonly holds: Guard },
  ): Promise<boolean>
}

/** A store in memory (over `map`), for tests and for a browser without IndexedDB. */
export function memoryStore(map = new Map<string, unknown>()): KeyValueStore {
  return {
    get: <T>(key: string) => Promise.resolve(map.get(key) as T | undefined),
    set: (key, value) => Promise.resolve(void map.set(key, value)),
    delete: (key) => Promise.resolve(void map.delete(key)),
    setIf(guard, holds, key, value) {
      if (!holds(map.get(guard))) return Promise.resolve(false)
      map.set(key, value)
      return Promise.resolve(true)
    },
    deleteIf(guard, holds, key) {
      if (!holds(map.get(guard))) return Promise.resolve(false)
      map.delete(key)
      return Promise.resolve(true)
    },
    names: (prefix) => Promise.resolve([...map.keys()].filter((k) => k.startsWith(prefix))),
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

/**
 * One IndexedDB database with one object store of key-value pairs. When the database is being
 * deleted (a wipe, in this tab or another) the connection closes at once so the deletion never
 * waits, and from then on the store reads nothing and writes nothing: nothing is written back.
 */
export async function indexedDbStore(name = 'veche'): Promise<KeyValueStore> {
  const open = indexedDB.open(name, 1)
  open.onupgradeneeded = () => open.result.createObjectStore('kv')
  const db = await request(open)
  let closed = false
  db.onversionchange = () => {
    closed = true
    db.close()
  }
  const run = async <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>) => {
    if (closed) return undefined
    const tx = db.transaction('kv', mode)
    const result = await request(op(tx.objectStore('kv')))
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
    return result
  }
  const guarded = async (
    guard: string,
    holds: Guard,
    write: (kv: IDBObjectStore) => void,
  ): Promise<boolean> => {
    if (closed) return false
    const tx = db.transaction('kv', 'readwrite')
    const kv = tx.objectStore('kv')
    const written = await new Promise<boolean>((resolve, reject) => {
      const current = kv.get(guard)
      current.onsuccess = () => {
        if (!holds(current.result)) return resolve(false)
        write(kv)
        resolve(true)
      }
      current.onerror = () => reject(current.error ?? new Error('IndexedDB request failed'))
    })
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
    return written
  }
  return {
    get: async <T>(key: string) =>
      (await run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>)) ?? undefined,
    set: async (key, value) => void (await run('readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
    // The guard is read and the value put in one readwrite transaction: IndexedDB runs those on
    // one store one at a time, so no other tab's lock can land between the check and the write.
    setIf: (guard, holds, key, value) => guarded(guard, holds, (kv) => kv.put(value, key)),
    deleteIf: (guard, holds, key) => guarded(guard, holds, (kv) => kv.delete(key)),
    names: async (prefix) =>
      ((await run('readonly', (s) => s.getAllKeys(IDBKeyRange.bound(prefix, prefix + '\uffff')))) ??
        []) as string[],
  }
}
