// Wiping this device: everything the app keeps in the browser is deleted at once: every IndexedDB
// database of this origin (the key, the replicas, the outbox, secret-poll wallets: whatever the
// browser lists, not only the names we know), localStorage and sessionStorage (drafts, the last
// invitations, the language), every Cache Storage cache (the service worker's copy of the app) and
// the service worker itself, and the count on the app's icon. Open database connections close when asked (key-value-store.ts), so
// no deletion waits behind one.
//
// The optional duress passphrase: kept only as a scrypt hash (the same cost as a backup), so the
// phone does not hold it in readable form. Typed at a passphrase prompt (showing a backup, or
// restoring one) it wipes instead, and the app restarts empty, as if newly installed. What this
// does and does not protect against is in docs/web.md ("Wiping this device").
import { decodeBase64url, encodeBase64url, stretchPassphrase } from '@veche/core'
import type { KeyValueStore } from './key-value-store.js'

const DURESS_KEY = 'duress'

interface DuressRecord {
  readonly salt: string
  readonly hash: string
}

/** Deletes everything this origin keeps in the browser; resolves when all of it is gone. */
export async function wipeDevice(): Promise<void> {
  const names = new Set(['veche'])
  for (const db of await indexedDB.databases()) if (db.name !== undefined) names.add(db.name)
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name)
          request.onsuccess = () => resolve()
          request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`))
        }),
    ),
  )
  localStorage.clear()
  sessionStorage.clear()
  if ('caches' in globalThis)
    await Promise.all((await caches.keys()).map((name) => caches.delete(name)))
  if ('serviceWorker' in navigator)
    await Promise.all((await navigator.serviceWorker.getRegistrations()).map((r) => r.unregister()))
  // The app icon's count of what is new (docs/web.md, "What's new") would show a glance at the
  // phone that the app was in use; it goes with the rest.
  if ('clearAppBadge' in navigator) await navigator.clearAppBadge().catch(() => undefined)
}

async function hashOf(passphrase: string, salt: Uint8Array): Promise<string> {
  return encodeBase64url(await stretchPassphrase(passphrase, salt))
}

/** Sets (or, with '', removes) the duress passphrase. */
export async function setDuressPassphrase(store: KeyValueStore, passphrase: string): Promise<void> {
  if (passphrase === '') return store.delete(DURESS_KEY)
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const record: DuressRecord = { salt: encodeBase64url(salt), hash: await hashOf(passphrase, salt) }
  await store.set(DURESS_KEY, record)
}

/** Whether a duress passphrase is set. */
export async function hasDuressPassphrase(store: KeyValueStore): Promise<boolean> {
  return (await store.get<DuressRecord>(DURESS_KEY)) !== undefined
}

/** Whether `passphrase` is the duress passphrase. */
export async function isDuressPassphrase(
  store: KeyValueStore,
  passphrase: string,
): Promise<boolean> {
  const record = await store.get<DuressRecord>(DURESS_KEY)
  const salt = record === undefined ? null : decodeBase64url(record.salt)
  if (record === undefined || salt === null) return false
  return (await hashOf(passphrase, salt)) === record.hash
}
