// A tab coming back checks the lock before it shows or does anything (docs/threat-model.md, "A phone
// seized"): a tab frozen in the background, or one that missed a message (lock-channel.ts), may have
// missed _Lock now_, the idle lock, or the lock being set, removed or set anew in another tab. While
// hidden or frozen the app's content is hidden; shown again (visibilitychange, pageshow, resume), it
// stays hidden until one read of the lock record says this tab is still current (store-gate.ts's
// `current`), else the tab locks (or reloads, plain) without showing it. Focus checks too. Writes
// need no such check: each is refused in its own transaction once the lock changed (store-lock.ts).
// On the first page: a plain tab must find a lock set meanwhile as well.
import type { StoreGate } from './store-gate.js'

/** Watches the page's comings back for as long as it lives; `stale` runs once it is not current. */
export function checkLockOnResume(gate: StoreGate, content: HTMLElement, stale: () => void): void {
  let gone = false
  const hide = (): void => {
    content.style.visibility = 'hidden'
  }
  const check = async (): Promise<void> => {
    if (gone) return
    if (await gate.current().catch(() => false)) {
      content.style.visibility = ''
      return
    }
    gone = true
    hide()
    stale()
  }
  const checkNow = (): void => void check()
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') hide()
    else checkNow()
  })
  document.addEventListener('freeze', hide)
  window.addEventListener('pagehide', hide)
  document.addEventListener('resume', checkNow)
  window.addEventListener('pageshow', checkNow)
  window.addEventListener('focus', checkNow)
}
