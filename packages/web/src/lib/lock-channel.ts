// What the app's tabs tell each other about the passphrase lock (docs/web.md, "Locking this
// device"), over one BroadcastChannel of the origin: a lock set or removed in one tab, a tab locked
// (by hand or by idle time) so that every tab locks, the idle setting changed, and the question
// "when was the app last used?" that a tab asks before it locks for idleness. Messages carry no
// secret: no key, no passphrase, no text. On the first page, so a tab opened before the lock hears
// of it; without BroadcastChannel the write guard in store-gate.ts still holds.

export type LockMessage =
  /** A lock was set: a tab without it reloads into the lock screen. */
  | { readonly type: 'set' }
  /** The lock was removed: a tab reading through it reloads, plain. */
  | { readonly type: 'removed' }
  /** Lock every tab now (_Lock now_, or the app left unused for the idle time). */
  | { readonly type: 'lock' }
  /** A write refused by the lock was kept for the member: an open tab shows it. */
  | { readonly type: 'unsaved' }
  /** The idle time changed, in seconds (0: never). */
  | { readonly type: 'idle'; readonly seconds: number }
  /** When was the app last used in your tab? */
  | { readonly type: 'ask'; readonly id: string }
  /** The answer: the time (ms since the epoch) of the last touch in that tab. */
  | { readonly type: 'used'; readonly id: string; readonly at: number }

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('veche-lock')

/** Tells every other tab of the app (not this one). */
export function tellTabs(message: LockMessage): void {
  channel?.postMessage(message)
}

/** Calls `listener` with what other tabs tell; returns the function that stops listening. */
export function hearTabs(listener: (message: LockMessage) => void): () => void {
  if (channel === null) return () => undefined
  const heard = (e: MessageEvent<LockMessage>): void => listener(e.data)
  channel.addEventListener('message', heard)
  return () => channel.removeEventListener('message', heard)
}
