// Locking by itself after a while without use (docs/web.md, "Locking this device"): once the
// member chose a number of minutes, a page left that long with no touch, click, key or scroll
// reloads, which forgets the keys that opened the lock (they live only in this page's memory) and
// shows the lock screen. Off unless chosen: a screen showing a meeting is often left untouched for
// long. Loaded with the lock; the setting is a sealed record, read once the lock is open.

/** The store record of the setting: seconds without use before locking, 0 or none for never. */
export const IDLE_LOCK_RECORD = 'lock.idle'

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart'] as const
let stopWatching: (() => void) | null = null

/**
 * From now on, `lock` runs once `seconds` pass with no activity on this page (0: never; a new call
 * replaces the previous one). A page hidden in the meantime is checked as soon as it shows again.
 */
export function lockWhenIdle(seconds: number, lock: () => void = () => location.reload()): void {
  stopWatching?.()
  stopWatching = null
  if (!(seconds > 0)) return
  let last = Date.now()
  const touched = (): void => {
    last = Date.now()
  }
  const check = (): void => {
    if (Date.now() - last < seconds * 1000) return
    stopWatching?.()
    stopWatching = null
    lock()
  }
  const options = { capture: true, passive: true }
  for (const type of ACTIVITY) window.addEventListener(type, touched, options)
  document.addEventListener('visibilitychange', check)
  const timer = setInterval(check, 1000)
  stopWatching = () => {
    clearInterval(timer)
    document.removeEventListener('visibilitychange', check)
    for (const type of ACTIVITY) window.removeEventListener(type, touched, options)
  }
}

/** Minutes as the member typed them (decimals allowed) into whole seconds, at least 1 unless 0. */
export function idleSeconds(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0
  return Math.max(1, Math.round(minutes * 60))
}
