// The drafts and invitation links (local-text.ts) while the passphrase lock is on: in this page's
// memory and in one sealed store record, written in order after each change. Moved out of
// localStorage when the lock is set or opened, and back when it is removed. A tab opened before
// the lock was set (in another tab) may still write a draft to localStorage until it hears of the
// lock and reloads: this tab takes each such text into the sealed record at once (a storage
// event) and removes it from localStorage once it is sealed. Loaded with the lock.
import type { KeyValueStore } from './key-value-store.js'
import { keepTextsIn } from './local-text.js'

/** The store record that holds the texts while the device is locked. */
export const LOCAL_TEXT_RECORD = 'local-text'
const KEPT = /^veche\.(draft|invitation)\./

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
  stopSaving()
  const stray = plainTexts()
  const texts = new Map(Object.entries({ ...saved, ...stray }))
  let saving = Promise.resolve()
  let current = true
  const save = (): void => {
    // One write at a time, in order, each with the texts as they are when it runs; none once the
    // lock is removed.
    saving = saving
      .then(() => (current ? store.set(LOCAL_TEXT_RECORD, Object.fromEntries(texts)) : undefined))
      .catch(() => undefined)
  }
  keepTextsIn(
    {
      getItem: (key) => texts.get(key) ?? null,
      setItem(key, value) {
        texts.set(key, value)
        save()
      },
      removeItem(key) {
        texts.delete(key)
        save()
      },
    },
    () => saving,
  )
  const strayed = (e: StorageEvent): void => {
    if (e.storageArea !== localStorage || e.key === null || !KEPT.test(e.key)) return
    if (e.newValue === null) return
    const { key, newValue } = e
    texts.set(key, newValue)
    save()
    // Out of localStorage only once sealed: a text that came back there because another tab
    // removed the lock (which this tab has not heard of) stays, since the write is refused.
    void saving.then(() => {
      if (current && localStorage.getItem(key) === newValue) localStorage.removeItem(key)
    })
  }
  window.addEventListener('storage', strayed)
  stopSaving = () => {
    current = false
    window.removeEventListener('storage', strayed)
  }
  for (const key of Object.keys(stray)) localStorage.removeItem(key)
  if (Object.keys(stray).length > 0) save()
}

let stopSaving = (): void => undefined

/** The lock removed: the texts go back to localStorage. */
export function keepTextsPlain(texts: Readonly<Record<string, string>>): void {
  stopSaving()
  keepTextsIn(null)
  for (const [key, value] of Object.entries(texts)) localStorage.setItem(key, value)
}
