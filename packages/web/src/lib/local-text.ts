// Text the app keeps as it is typed (drafts of forms) and the invitation links it made last. Read
// synchronously, as a form first renders: in localStorage while the device has no passphrase lock;
// with the lock on, in this page's memory and in the app's store as one sealed record, since
// localStorage cannot be encrypted (store-lock.ts). The interface language stays in localStorage:
// it is needed before the lock screen, and says little.
import type { KeyValueStore } from './key-value-store.js'

/** The store record that holds the texts while the device is locked. */
export const LOCAL_TEXT_RECORD = 'local-text'
const KEPT = /^veche\.(draft|invitation)\./

let sealed: { readonly texts: Map<string, string>; readonly store: KeyValueStore } | null = null
let saving = Promise.resolve()

function save(): void {
  const now = sealed
  if (now === null) return
  // One write at a time, in order, each with the texts as they are when it runs.
  saving = saving
    .then(() =>
      sealed === now ? now.store.set(LOCAL_TEXT_RECORD, Object.fromEntries(now.texts)) : undefined,
    )
    .catch(() => undefined)
}

export function readText(key: string): string | null {
  return sealed === null ? localStorage.getItem(key) : (sealed.texts.get(key) ?? null)
}

export function writeText(key: string, value: string): void {
  if (sealed === null) return localStorage.setItem(key, value)
  sealed.texts.set(key, value)
  save()
}

export function removeText(key: string): void {
  if (sealed === null) return localStorage.removeItem(key)
  sealed.texts.delete(key)
  save()
}

/** The drafts and links localStorage holds now. */
export function plainTexts(): Record<string, string> {
  const texts: Record<string, string> = {}
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)
    const value = key === null ? null : localStorage.getItem(key)
    if (key !== null && value !== null && KEPT.test(key)) texts[key] = value
  }
  return texts
}

/**
 * From now on the texts live in `store` (sealed), starting from `saved`; any still in localStorage
 * (typed while the lock was being set, or left by a crash) join them and leave localStorage.
 */
export function keepTextsSealed(
  store: KeyValueStore,
  saved: Readonly<Record<string, string>>,
): void {
  const stray = plainTexts()
  sealed = { texts: new Map(Object.entries({ ...saved, ...stray })), store }
  for (const key of Object.keys(stray)) localStorage.removeItem(key)
  if (Object.keys(stray).length > 0) save()
}

/** The lock removed: the texts go back to localStorage. */
export function keepTextsPlain(texts: Readonly<Record<string, string>>): void {
  sealed = null
  for (const [key, value] of Object.entries(texts)) localStorage.setItem(key, value)
}
