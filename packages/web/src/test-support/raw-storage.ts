// What the app leaves in a browser's storage, read raw, for the lock tests: what must not be
// readable there once the passphrase lock is set.
import type { Page } from 'playwright-core'

/**
 * Every record of the app's IndexedDB database and every localStorage entry, as text: strings as
 * they are, bytes decoded as UTF-8 (so plaintext kept in a buffer would show), CryptoKeys named
 * (`<CryptoKey private>`). `records` has one line per record, its name first; `byName` maps each
 * record's name to its text.
 */
export function rawStorage(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('veche', 1)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error ?? new Error('open failed'))
    })
    try {
      const kv = db.transaction('kv').objectStore('kv')
      const read = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result)
          req.onerror = () => reject(req.error ?? new Error('read failed'))
        })
      const [keys, values] = await Promise.all([read(kv.getAllKeys()), read(kv.getAll())])
      const text = (value: unknown): string =>
        JSON.stringify(value, (_, v: unknown) => {
          if (v instanceof CryptoKey) return `<CryptoKey ${v.type}>`
          if (v instanceof ArrayBuffer) return new TextDecoder().decode(v)
          if (ArrayBuffer.isView(v)) return new TextDecoder().decode(v)
          return v
        })
      const names = keys.map((k) => k as string)
      return {
        names,
        records: names.map((k, i) => `${k} ${text(values[i])}`).join('\n'),
        byName: Object.fromEntries(names.map((k, i) => [k, text(values[i])])),
        localStorage: JSON.stringify({ ...localStorage }),
      }
    } finally {
      db.close()
    }
  })
}
