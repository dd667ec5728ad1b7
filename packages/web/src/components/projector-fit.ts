// The projector on a hall's screen fits the screen: a TV does not scroll, so whatever the meeting,
// the votes and an opinion map need, it must all show at once (#16: the demo's map made the page
// 1,982 px tall on a 1080 px TV, which cut off its lower half). On a screen at least 60rem wide
// (where styles.css lays the projector out in columns) this sets the projector's `--fit`, the
// factor its type, QR code and map are drawn at, to the largest that leaves no vertical scroll;
// never below MIN_FIT, and the type never below 1rem (styles.css), so it stays readable, and
// scrolls rather than shrink further. A phone scrolls like every other page: --fit stays 1.
import { useLayoutEffect } from 'react'
import type { RefObject } from 'react'

/** The smallest factor the projector is drawn at: below half size, the back row cannot read it. */
export const MIN_FIT = 0.5
/** Steps of halving the interval between a factor that fits and one that does not. */
const STEPS = 7
const WIDE = '(min-width: 60rem)'

/** Whether the page, drawn at the factor set now, needs no vertical scroll. */
function fits(): boolean {
  return document.documentElement.scrollHeight <= window.innerHeight
}

/** Sets `--fit` on `element` to the largest factor in [MIN_FIT, 1] at which the page fits. */
function fitToScreen(element: HTMLElement): void {
  const set = (factor: number): void => element.style.setProperty('--fit', String(factor))
  set(1)
  if (!window.matchMedia(WIDE).matches || fits()) return
  let [low, high] = [MIN_FIT, 1]
  set(low)
  if (!fits()) return
  for (let i = 0; i < STEPS; i++) {
    const middle = (low + high) / 2
    set(middle)
    if (fits()) low = middle
    else high = middle
  }
  set(low)
}

/**
 * Keeps the projector in `ref` (drawn once `shown`) fitted to the screen: after every render, when
 * the window is resized, and when the page changes size without a render of the projector (the
 * opinion map's code arriving, the header in another language).
 */
export function useProjectorFit(ref: RefObject<HTMLElement | null>, shown: boolean): void {
  useLayoutEffect(() => {
    if (ref.current !== null) fitToScreen(ref.current)
  })
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return
    let frame = 0
    const refit = (): void => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => fitToScreen(element))
    }
    // Fitting changes the projector's size only until it settles on one factor for one content,
    // so the observer stops once the content stops changing. The page's body too: the header and
    // the notes above the projector change height with the language, in a render of their own.
    const observer = new ResizeObserver(refit)
    for (const child of element.children) observer.observe(child)
    observer.observe(document.body)
    window.addEventListener('resize', refit)
    return () => {
      cancelAnimationFrame(frame)
      observer.disconnect()
      window.removeEventListener('resize', refit)
    }
  }, [ref, shown])
}
