// Locking by itself after a while without use (docs/web.md, "Locking this device"), across every
// tab of the app: once the member chose a number of minutes, the app left that long with no touch,
// click, key or scroll in **any** of its tabs locks **every** tab. Each tab watches its own page;
// one that finds itself idle first asks the others when they were last used (lock-channel.ts) and
// locks only if none was used within the time, and then tells them all to lock, and counts the lock
// in the lock record, so that a tab that missed the message writes nothing more (store-lock.ts) and
// locks as soon as it is shown again (lock-resume.ts). Locking writes out the drafts still being
// saved, then reloads, which forgets the keys that opened the lock (they live
// only in the page's memory) and shows the lock screen. Off unless chosen: a screen showing a
// meeting is often left untouched for long. Loaded with the lock; the setting is a sealed record,
// read once the lock is open, and passed to the other tabs when it changes.
import { hearTabs, tellTabs } from './lock-channel.js'
import { textsSettled } from './local-text.js'

/** The store record of the setting: seconds without use before locking, 0 or none for never. */
export const IDLE_LOCK_RECORD = 'lock.idle'

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart'] as const
/** How long a tab that found itself idle waits for the other tabs to say when they were used. */
const ANSWER_WAIT_MS = 500
/**
 * How long the tab that locks waits before counting the lock in the lock record: the tabs that
 * heard it write out their drafts meanwhile (once counted, no tab's write goes through).
 */
const SETTLE_MS = 300
let stopWatching: (() => void) | null = null
let countLock: () => Promise<void> = () => Promise.resolve()

/** How this tab counts a lock in the lock record (the open store's `close`): set on unlocking. */
export function countLocksWith(close: () => Promise<void>): void {
  countLock = close
}

/**
 * Locks this tab: the drafts being saved are written out first, then (with `count`, in the tab
 * that locks them all) the lock is counted, then the page reloads.
 */
export async function lockThisTab(count = false): Promise<void> {
  stopWatching?.()
  stopWatching = null
  await textsSettled()
  if (count) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    await countLock().catch(() => undefined)
  }
  location.reload()
}

/** Locks every tab of the app, this one included (_Lock now_, or the idle time passed). */
export function lockEveryTab(): void {
  tellTabs({ type: 'lock' })
  void lockThisTab(true)
}

/**
 * From now on, `lock` runs once `seconds` pass with no activity in any tab of the app (0: never;
 * a new call replaces the previous one). A page hidden in the meantime is checked as soon as it
 * shows again.
 */
export function lockWhenIdle(seconds: number, lock: () => void = lockEveryTab): void {
  stopWatching?.()
  stopWatching = null
  if (!(seconds > 0)) return
  const limit = seconds * 1000
  let last = Date.now()
  let asking = false
  let watching = true
  const touched = (): void => {
    last = Date.now()
  }
  const stopAnswering = hearTabs((m) => {
    if (m.type === 'ask') tellTabs({ type: 'used', id: m.id, at: last })
  })
  const check = async (): Promise<void> => {
    if (asking || Date.now() - last < limit) return
    // Idle here; another tab may be in use. Its answer counts as a touch in this one.
    asking = true
    const id = `${Date.now()}-${Math.random()}`
    const stopHearing = hearTabs((m) => {
      if (m.type === 'used' && m.id === id) last = Math.max(last, m.at)
    })
    tellTabs({ type: 'ask', id })
    await new Promise((resolve) => setTimeout(resolve, ANSWER_WAIT_MS))
    stopHearing()
    asking = false
    if (!watching || Date.now() - last < limit) return
    stopWatching?.()
    stopWatching = null
    lock()
  }
  const checkSoon = (): void => void check()
  const options = { capture: true, passive: true }
  for (const type of ACTIVITY) window.addEventListener(type, touched, options)
  document.addEventListener('visibilitychange', checkSoon)
  const timer = setInterval(checkSoon, 1000)
  stopWatching = () => {
    watching = false
    clearInterval(timer)
    stopAnswering()
    document.removeEventListener('visibilitychange', checkSoon)
    for (const type of ACTIVITY) window.removeEventListener(type, touched, options)
  }
}

/** Minutes as the member typed them (decimals allowed) into whole seconds, at least 1 unless 0. */
export function idleSeconds(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0
  return Math.max(1, Math.round(minutes * 60))
}
