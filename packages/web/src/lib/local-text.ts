// Text the app keeps as it is typed (drafts of forms) and the invitation links it made last. Read
// synchronously, as a form first renders: from localStorage while the device has no passphrase
// lock; with the lock on, from a sealed store record kept in memory (sealed-texts.ts sets that up,
// since localStorage cannot be encrypted). Only this switch is on the first page.

export type TextKeeper = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Where the texts are now (an ES module binding: readers see each change). */
export let texts: TextKeeper = globalThis.localStorage

let settled: () => Promise<void> = () => Promise.resolve()

/**
 * Where the texts go from now on; null: localStorage. `whenSaved` resolves once every change made
 * so far is written (a sealed record's writes are asynchronous; localStorage's are not).
 */
export function keepTextsIn(next: TextKeeper | null, whenSaved?: () => Promise<void>): void {
  texts = next ?? localStorage
  settled = whenSaved ?? (() => Promise.resolve())
}

/** Resolves once every text kept so far is written: before the app locks and reloads. */
export function textsSettled(): Promise<void> {
  return settled()
}
