// A screen looked at as reviewers do: in each interface language, on a phone (390 × 844) and a
// laptop (1280 × 800), axe-core (WCAG 2.0/2.1 A and AA) must find no serious or critical
// violation and the page must not scroll sideways. One line per problem, naming where.
import type { Page } from 'playwright-core'
import { injectAxe } from './browser-hub.js'

const RUN_ONLY = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 800 },
] as const

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[] }[]
}

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await injectAxe(page)
  const { violations, passed } = await page.evaluate(async (runOnly) => {
    const axe = (
      globalThis as unknown as {
        axe: { run(o: unknown): Promise<{ violations: Violation[]; passes: unknown[] }> }
      }
    ).axe
    const result = await axe.run({ runOnly })
    return { violations: result.violations, passed: result.passes.length }
  }, RUN_ONLY)
  // A screen on which no rule applied was not checked at all (axe missing, page blank).
  if (passed === 0) return [`${where}: axe checked nothing`]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) ${JSON.stringify(n.target)} — ${v.help}`),
    )
}

/**
 * Checks the screen `page` shows now (`ready` waits for its content) in every language and size;
 * `sideways: false` leaves out the check that it does not scroll sideways. Ends on the laptop, in
 * English.
 */
export async function checkScreen(
  page: Page,
  screen: string,
  ready: (page: Page) => Promise<void>,
  options: { readonly sideways?: boolean } = {},
): Promise<string[]> {
  const found: string[] = []
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const lang of LANGUAGES) {
      await page.locator('label.language select').selectOption(lang)
      // The language's strings load before it switches; a string predicate for waitForFunction
      // would be eval'd in the page, which the app's CSP forbids, so wait on the attribute.
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await ready(page)
      const where = `${screen} ${lang} ${size.name}`
      found.push(...(await seriousViolations(page, where)))
      if (options.sideways === false) continue
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > size.width) found.push(`${where}: ${width} px wide, the screen is ${size.width}`)
    }
  }
  await page.locator('label.language select').selectOption('en')
  return found
}
