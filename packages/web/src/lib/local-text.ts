// Text the app keeps as it is typed (drafts of forms) and the invitation links it made last. Read
// synchronously, as a form first renders: from localStorage while the device has no passphrase
// lock; with the lock on, from a sealed store record kept in memory (sealed-texts.ts sets that up,
// since localStorage cannot be encrypted). Only this switch is on the first page.

export type TextKeeper = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Where the texts are now (an ES module binding: readers see each change). */
export let texts: TextKeeper = globalThis.localStorage

/** Where the texts go from now on; null: localStorage. */
export function keepTextsIn(next: TextKeeper | null): void {
  texts = next ?? localStorage
}
