// Where the keyboard's focus is, as a member sees it: which control has it, and whether it can be
// seen (on screen, nothing drawn over it, such as the section bar along the bottom of a phone).
import type { Page } from 'playwright-core'

/** The text of the element that has the keyboard's focus, or null when nothing has it. */
export function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.textContent ?? null)
}

/**
 * What hides the element with the keyboard's focus: '' when it is on screen and nothing is drawn
 * over it, else what is found at its edge instead.
 */
export function focusHiddenBy(page: Page): Promise<string> {
  return page.evaluate(() => {
    const focused = document.activeElement
    if (focused === null) return 'nothing is focused'
    const box = focused.getBoundingClientRect()
    // Its top and bottom edges, in the middle (a rounded corner is not part of it).
    const middle = box.left + box.width / 2
    for (const [x, y] of [
      [middle, box.top + 1],
      [middle, box.bottom - 1],
    ] as const) {
      const shown = document.elementFromPoint(x, y)
      if (shown === null || !focused.contains(shown))
        return `${shown?.tagName ?? 'off screen'}.${shown?.className ?? ''} at ${x}, ${y} of ${innerHeight}`
    }
    return ''
  })
}
