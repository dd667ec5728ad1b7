// The app's store as the passphrase lock needs it (store-lock.ts): every record listed, and many
// written and deleted in one transaction. Over IndexedDB each of these opens its own short-lived
// connection, closed at once, so a wipe never waits behind it; single reads and writes go through
// the app's store. Loaded with the lock, so the first page does not carry it.
import type { KeyValueStore, RecordStore } from './key-value-store.js'
import { memoryStore } from './key-value-store.js'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

/** A record store in memory, for tests. */
export function memoryRecordStore(): RecordStore {
  const map = new Map<string, unknown>()
  const store = memoryStore(map)
  return {
    ...store,
    entries: () => Promise.resolve([...map]),
    commit(puts, deletes, guard) {
      if (guard !== undefined && !guard.holds(map.get(guard.key))) return Promise.resolve(false)
      for (const key of deletes) map.delete(key)
      for (const [key, value] of puts) map.set(key, value)
      return Promise.resolve(true)
    },
  }
}

/** `raw` (the app's IndexedDB store) with `entries` and `commit`; a record store as it is. */
export function recordStore(raw: KeyValueStore, name = 'veche'): RecordStore {
  if ('entries' in raw && 'commit' in raw) return raw as RecordStore
  const withDb = async <T>(work: (db: IDBDatabase) => Promise<T>): Promise<T> => {
    const db = await request(indexedDB.open(name, 1))
    db.onversionchange = () => db.close()
    try {
      return await work(db)
    } finally {
      db.close()
    }
  }
  return {
    get: (key) => raw.get(key),
    set: (key, value) => raw.set(key, value),
    delete: (key) => raw.delete(key),
    ...(raw.setIf === undefined ? {} : { setIf: raw.setIf }),
    ...(raw.deleteIf === undefined ? {} : { deleteIf: raw.deleteIf }),
    ...(raw.names === undefined ? {} : { names: raw.names }),
    entries: () =>
      withDb(async (db) => {
        // Keys and values read in one transaction, so they pair up even while others write.
        const kv = db.transaction('kv').objectStore('kv')
        const [keys, values] = await Promise.all([request(kv.getAllKeys()), request(kv.getAll())])
        return keys.map((key, i): [string, unknown] => [key as string, values[i]])
      }),
    // Every put and delete in one transaction: a crash or a full disk leaves all or none of them.
    // The guard is read first in the same transaction, so no other tab's write lands between.
    commit: (puts, deletes, guard) =>
      withDb(
        (db) =>
          new Promise<boolean>((resolve, reject) => {
            const tx = db.transaction('kv', 'readwrite')
            const kv = tx.objectStore('kv')
            let written = false
            const write = (): void => {
              for (const key of deletes) kv.delete(key)
              for (const [key, value] of puts) kv.put(value, key)
              written = true
            }
            if (guard === undefined) write()
            else {
              const current = kv.get(guard.key)
              current.onsuccess = () => {
                if (guard.holds(current.result)) write()
              }
            }
            tx.oncomplete = () => resolve(written)
            tx.onerror = tx.onabort = () =>
              reject(tx.error ?? new Error('IndexedDB transaction failed'))
          }),
      ),
  }
}
