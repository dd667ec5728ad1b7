// Where the app keeps what must survive a reload: the identity, the assemblies it knows, each
// assembly's events and the outbox of signed events not yet sent. A small port, so the outbox and
// the replicas can be tested without a browser; IndexedDB in the app, a Map in tests.

/** Structured-clone values by string key (CryptoKey objects included, in IndexedDB). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<void>
}

/**
 * A store that can also list every record and change many in one transaction: what the passphrase
 * lock needs to move all of it between plain and encrypted form with nothing lost (store-lock.ts).
 */
export interface RecordStore extends KeyValueStore {
  entries(): Promise<[string, unknown][]>
  /** Writes `puts` and deletes `deletes` all at once, or nothing if it fails. */
  commit(puts: readonly (readonly [string, unknown])[], deletes: readonly string[]): Promise<void>
}

/** A store in memory, for tests. */
export function memoryStore(): RecordStore {
  const map = new Map<string, unknown>()
  return {
    get: <T>(key: string) => Promise.resolve(map.get(key) as T | undefined),
    set: (key, value) => Promise.resolve(void map.set(key, value)),
    delete: (key) => Promise.resolve(void map.delete(key)),
    entries: () => Promise.resolve([...map]),
    commit(puts, deletes) {
      for (const key of deletes) map.delete(key)
      for (const [key, value] of puts) map.set(key, value)
      return Promise.resolve()
    },
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
export async function indexedDbStore(name = 'veche'): Promise<RecordStore> {
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
  return {
    get: async <T>(key: string) =>
      (await run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>)) ?? undefined,
    set: async (key, value) => void (await run('readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
    async entries() {
      if (closed) return []
      // Keys and values read in one transaction, so they pair up even while others write.
      const kv = db.transaction('kv').objectStore('kv')
      const [keys, values] = await Promise.all([request(kv.getAllKeys()), request(kv.getAll())])
      return keys.map((key, i) => [key as string, values[i]])
    },
    // Every put and delete in one transaction: a crash or a full disk leaves all or none of them.
    commit: async (puts, deletes) =>
      void (await run('readwrite', (s) => {
        for (const key of deletes) s.delete(key)
        let last: IDBRequest = s.count()
        for (const [key, value] of puts) last = s.put(value, key)
        return last
      })),
  }
}
