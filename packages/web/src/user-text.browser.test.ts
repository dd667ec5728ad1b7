// What members wrote, in a real browser against a real hub: a name written right to left is
// isolated from the interface around it (a <bdi>, computed unicode-bidi: isolate; inside a
// translated sentence, wrapped in FSI…PDI), and a newcomer who takes the founder's name with a
// Cyrillic "А" is marked as looking like another member's name, with their key, in the member
// list, in a meeting's queue and when a facilitator types that name to admit someone; a plain name
// is not marked. Screenshots of the member list at 390 px in English and Kazakh go to $SHOTS_DIR,
// else artifacts/user-text.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-user-text-')
})

afterAll(async () => {
  await session?.close()
})

const FOUNDER = 'Alice'
/** "Alice" with CYRILLIC CAPITAL LETTER A: another key passing as the founder. */
const IMPOSTOR = '\u0410lice'
/** Sarah, in Hebrew: written right to left. */
const HEBREW = 'שרה'
const PLAIN = 'Bolat'

async function joinAs(link: string, name: string): Promise<Page> {
  const page = await session!.newPage()
  await page.goto(link)
  await page.getByLabel('Your name in this assembly').fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('heading', { name: 'Hall 7' }).waitFor()
  return page
}

/** What the member list shows of each member: the name's element, its isolation, the badge. */
function memberRows(page: Page) {
  return page.locator('ul.members > li').evaluateAll((items) =>
    items.map((li) => {
      const name = li.querySelector('.name')
      const badge = li.querySelector('.badge.look-alike')
      return {
        name: name?.textContent ?? null,
        element: name?.tagName.toLowerCase() ?? null,
        unicodeBidi: name === null ? null : getComputedStyle(name).unicodeBidi,
        badge: badge?.textContent ?? null,
        grant: li.querySelector('button')?.textContent ?? null,
      }
    }),
  )
}

test('browser: a right-to-left name is isolated, and a look-alike of the founder is marked', async () => {
  const founder = await session!.newPage()
  await founder.getByLabel('Name of the assembly').fill('Hall 7')
  await founder.getByLabel('Your name in this assembly').fill(FOUNDER)
  await founder.getByRole('button', { name: 'Found the assembly' }).click()
  await founder.getByRole('heading', { name: 'Hall 7' }).waitFor()
  await openSection(founder, 'members')
  await founder.getByLabel('How many people may join with it').fill('3')
  await founder.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await founder.getByLabel('Invitation link').inputValue()

  const impostor = await joinAs(link, IMPOSTOR)
  // Each phone stays open: the join screen names the assembly before the join is sent.
  for (const name of [HEBREW, PLAIN]) await joinAs(link, name)
  await founder.getByText('4 members', { exact: true }).waitFor()

  const rows = await memberRows(founder)
  const row = (name: string) => rows.find((r) => r.name === name)!
  expect(rows.map((r) => r.name).sort()).toEqual([FOUNDER, IMPOSTOR, HEBREW, PLAIN].sort())
  // Every name sits in its own isolate: the Hebrew one cannot carry the rest of the line with it.
  for (const r of rows) {
    expect(r.element).toBe('bdi')
    expect(r.unicodeBidi).toBe('isolate')
  }
  // In a sentence (the facilitator's button) the name is wrapped in FSI…PDI; a Latin one is not.
  expect(row(HEBREW).grant).toBe(`Make \u2068${HEBREW}\u2069 a facilitator`)
  expect(row(PLAIN).grant).toBe(`Make ${PLAIN} a facilitator`)
  // The founder and the impostor are both marked; the others are not.
  expect(row(FOUNDER).badge).toBe("looks like another member's name")
  expect(row(IMPOSTOR).badge).toBe("looks like another member's name")
  expect(row(HEBREW).badge).toBeNull()
  expect(row(PLAIN).badge).toBeNull()

  // Typing the founder's name to admit someone by key warns, with the keys to tell them apart.
  const admitName = founder.getByLabel('Their name')
  await admitName.fill('ALICE')
  const warning = founder.locator('p.look-alike')
  await warning.waitFor()
  expect(await warning.textContent()).toMatch(
    /^This name looks like the name of a member already here \(Alice \([\w-]{8}\), Аlice \([\w-]{8}\)\)/,
  )
  await admitName.fill('Aigerim')
  await warning.waitFor({ state: 'detached' })

  // In a meeting's queue, where the facilitator gives the floor, the badge carries the key.
  await openSection(founder, 'now')
  await founder.getByLabel('Title of the meeting').fill('Heating')
  await founder.getByRole('button', { name: 'Start the meeting' }).click()
  await impostor.getByRole('button', { name: 'Raise my hand' }).click()
  const hand = founder.locator('ol.queue > li').filter({ hasText: IMPOSTOR })
  await hand.locator('.badge.look-alike').waitFor()
  expect(await hand.locator('.badge.look-alike').textContent()).toMatch(
    /^looks like another member's name · key [\w-]{8}$/,
  )
  expect(await hand.locator('bdi.name').evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe(
    'isolate',
  )
  // And beside the button that gives the next speaker the floor.
  const callNext = founder.getByRole('button', { name: `Next speaker: ${IMPOSTOR}` })
  await expect
    .poll(() => callNext.locator('xpath=..').locator('.badge.look-alike').textContent())
    .toMatch(/^looks like another member's name · key [\w-]{8}$/)

  const dir = process.env['SHOTS_DIR'] ?? join(ARTIFACTS, 'user-text')
  mkdirSync(dir, { recursive: true })
  await founder.setViewportSize({ width: 390, height: 844 })
  await hand.scrollIntoViewIfNeeded()
  await founder.screenshot({ path: join(dir, 'queue-en.png') })
  await openSection(founder, 'members')
  await founder.locator('ul.members').scrollIntoViewIfNeeded()
  await founder.screenshot({ path: join(dir, 'members-en.png') })
  await founder.getByRole('combobox', { name: 'Language' }).selectOption('kk')
  await founder.getByText('мүшенің атына ұқсайды').first().waitFor()
  await founder.locator('ul.members').scrollIntoViewIfNeeded()
  await founder.screenshot({ path: join(dir, 'members-kk.png') })
  await openSection(founder, 'now')
  await hand.scrollIntoViewIfNeeded()
  await founder.screenshot({ path: join(dir, 'queue-kk.png') })
})
