// A first visit to an assembly whose record spans several of the hub's pages, in a real browser
// against a real hub (docs/web.md, "Large assemblies"): while the pages are checked and folded
// the screen says how far that has come (a polite status line, numbers grouped as the language
// writes them) and calls its member count a count so far; once the last page is folded the line
// is gone and the count is the whole assembly's. The assembly is seeded through the hub's API with
// signed events: a founder, 100 members and polls each member votes on, 5,000 events in all.
import type { SignedEvent, SpaceId } from '@veche/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  castBallots,
  openPoll,
  signedAssembly,
} from '../../server/src/test-support/signed-assembly.js'
import { startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

const MEMBERS = 100
const TOTAL = 5_000

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-large-open-')
})

afterAll(async () => {
  await session?.close()
})

/**
 * The assembly's whole log, signed: its creation, the admissions, then majority polls each followed
 * by every member's ballot, cut at TOTAL events.
 */
async function largeAssembly(): Promise<{ space: SpaceId; events: SignedEvent[] }> {
  const assembly = await signedAssembly(MEMBERS, 'large-open')
  const events = [...assembly.events]
  for (let p = 0; events.length < TOTAL; p++) {
    const { event, poll } = await openPoll(assembly, `Question ${p}`)
    events.push(event, ...(await castBallots(assembly, poll)))
  }
  return { space: assembly.space, events: events.slice(0, TOTAL) }
}

test('a first visit to a large assembly says how far checking its record has come, then shows the final count', async () => {
  const url = session!.url
  const { space, events } = await largeAssembly()
  // In batches the hub takes (at most 1,000 events a request, within each key's burst).
  for (let i = 0; i < events.length; i += 1_000) {
    const response = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(i, i + 1_000) }),
    })
    expect(response.status, await response.clone().text()).toBe(200)
  }
  const page = await session!.newPage()
  // Every text the head of the assembly shows, recorded in the page as it changes (the lines
  // come and go between any two looks from here).
  await page.context().addInitScript(`(() => {
    globalThis.__veche_seen = []
    const record = () => {
      const head = document.querySelector('.assembly-head')
      if (head === null) return
      const status = head.querySelector('.catch-up')
      const text = [head.querySelector('.meta')?.textContent ?? '', status === null ? '' :
        status.getAttribute('role') + '|' + status.getAttribute('aria-live') + '|' + status.textContent]
      const last = globalThis.__veche_seen.at(-1)
      if (last === undefined || last[0] !== text[0] || last[1] !== text[1]) globalThis.__veche_seen.push(text)
    }
    document.addEventListener('DOMContentLoaded', () =>
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true }))
  })()`)
  await page.goto('about:blank')
  await page.goto(`${url}/#/a/${space}`)
  // The fold is complete when the stream opens after the last page: the count is then final.
  await page.getByText('101 members', { exact: true }).waitFor({ timeout: 200_000 })
  await page.getByText('Live: connected to the hub').waitFor()
  expect(await page.locator('.catch-up').count()).toBe(0)

  const seen = await page.evaluate<[string, string][]>('globalThis.__veche_seen')
  const during = seen.filter(([, status]) => status !== '')
  // The line was there, politely, with the hub's total grouped in thousands.
  expect(during.length).toBeGreaterThan(0)
  for (const [, status] of during)
    expect(status).toMatch(/^status\|polite\|Checking the assembly's record: /)
  expect(during.map(([, s]) => s)).toContainEqual(
    expect.stringMatching(
      /^status\|polite\|Checking the assembly's record: [\d,]+ of 5,000 events$/,
    ),
  )
  // Meanwhile the member count never claimed to be final.
  for (const [members] of during) expect(members).toMatch(/^\d+ members? so far$/)
  expect(seen.at(-1)).toEqual(['101 members', ''])
  await page.context().close()
}, 240_000)
