// The passphrase lock across several tabs of the app, and what the idle lock keeps, in a real
// browser (Debian's chromium) against a real hub process. Tabs of one browser context share the
// app's IndexedDB, localStorage and BroadcastChannel, as tabs of one phone's browser do.
// - A tab opened before another tab set the lock goes to the lock screen; one that cannot hear of
//   it (no BroadcastChannel) still writes nothing plain: a key restored there is refused, a second
//   lock set there is refused, and its draft is taken into the sealed record by the tab that is
//   open.
// - Use in any tab keeps every tab unlocked; the app left alone locks every tab; _Lock now_ in one
//   tab locks them all.
// - A reply half typed when the idle lock comes is there again, its form open, after unlocking.
// - Tabs that miss the messages: an action refused in a tab opened before the lock is kept sealed
//   and told of after unlocking; a tab reading through a lock that was removed and set anew writes
//   nothing under its old keys; a tab frozen while the app was locked locks as it resumes; drafts
//   given back to localStorage as the lock is removed stay there.
// Screenshots of that restored reply and of the notice of an action not saved (390 px and 1280 px,
// the notice in every language) go to $SHOTS_DIR, else artifacts/lock-tabs.
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, test, vi } from 'vitest'
import type { ExpectStatic } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { rawStorage } from './test-support/raw-storage.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-lock-tabs-')
})

afterAll(async () => {
  await session?.close()
})

// The cases run side by side (`test.concurrent`): each opens its own browser contexts (their own
// storage) on the shared hub and chromium, and spends most of its time waiting (on the app's
// timers, page loads, chromium), so one after another left the file mostly idle. Side by side
// each takes longer than alone: they get twice the suite's limit.
vi.setConfig({ testTimeout: 120_000 })

const PASSPHRASE = 'correct horse battery'
const ASSEMBLY = 'Tenants of Block 4'
const MEMBER = 'Aigerim Sadykova'
const LOCKED = 'Veche is locked'
const NOT_SAVED = 'Not saved when Veche locked'

async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash)
}

/**
 * Another tab of the same browser as `page`, on the app. Without `broadcast` it hears nothing the
 * other tabs tell over BroadcastChannel; `deaf`, nor their storage events either: a tab that
 * missed every message (frozen in the background, say).
 */
async function anotherTab(
  page: Page,
  options: { broadcast?: boolean; deaf?: boolean } = {},
): Promise<Page> {
  const tab = await page.context().newPage()
  tab.setDefaultTimeout(15_000)
  if (options.broadcast === false || options.deaf === true)
    await tab.addInitScript(() =>
      Object.defineProperty(window, 'BroadcastChannel', { value: undefined }),
    )
  if (options.deaf === true)
    await tab.addInitScript(() =>
      window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true),
    )
  await tab.goto(session!.url)
  return tab
}

function lockPanel(page: Page) {
  return page.locator('section').filter({ hasText: 'Lock with a passphrase' })
}

async function setLock(page: Page): Promise<void> {
  await goTo(page, '#/device')
  await lockPanel(page).getByLabel('New lock passphrase').fill(PASSPHRASE)
  await lockPanel(page).getByLabel('The lock passphrase again').fill(PASSPHRASE)
  await lockPanel(page).getByRole('button', { name: 'Lock this device' }).click()
  await lockPanel(page).getByText('Locked. From now on Veche asks for this passphrase').waitFor()
}

async function setIdle(page: Page, minutes: string): Promise<void> {
  await goTo(page, '#/device')
  await lockPanel(page).getByLabel('Lock after this many minutes without use').fill(minutes)
  await lockPanel(page).getByRole('button', { name: 'Save', exact: true }).click()
  await lockPanel(page)
    .getByText(/^Saved: /)
    .waitFor()
}

async function unlock(page: Page): Promise<void> {
  await page.getByRole('heading', { name: LOCKED }).waitFor()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await page.locator('header .brand').waitFor()
  await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' })
}

async function found(page: Page): Promise<string> {
  await page.getByLabel('Name of the assembly').fill(ASSEMBLY)
  await page.getByLabel('Your name in this assembly').fill(MEMBER)
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: ASSEMBLY }).waitFor()
  await page.getByText('1 member', { exact: true }).waitFor()
  return /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!
}

const isLocked = async (page: Page) =>
  (await page.getByRole('heading', { name: LOCKED }).count()) > 0

test.concurrent(
  'lock across tabs: a tab opened before the lock goes to the lock screen and writes nothing plain',
  async ({ expect }) => {
    const setter = await session!.newPage()
    const space = await found(setter)
    const hearing = await anotherTab(setter)
    await hearing.getByRole('heading', { name: 'Your key' }).waitFor()
    // Two tabs that cannot hear of the lock: one about to restore a command line key, one with a form.
    const { privateKey } = generateKeyPairSync('ed25519')
    const jwk = privateKey.export({ format: 'jwk' })
    const restoring = await anotherTab(setter, { broadcast: false })
    await goTo(restoring, '#/device')
    await restoring
      .locator('form')
      .filter({ hasText: 'Backup file' })
      .locator('textarea')
      .fill(JSON.stringify({ name: 'cli', publicKey: jwk.x, secretKey: jwk.d }))
    const locking = await anotherTab(setter, { broadcast: false })
    await goTo(locking, '#/device')
    await lockPanel(locking).getByLabel('New lock passphrase').fill('a passphrase of its own')
    await lockPanel(locking).getByLabel('The lock passphrase again').fill('a passphrase of its own')
    const typing = await anotherTab(setter, { broadcast: false })
    await goTo(typing, `#/a/${space}`)
    await typing.getByRole('heading', { name: ASSEMBLY }).waitFor()

    await setLock(setter)
    // The tab that hears of it leaves the app for the lock screen.
    await hearing.getByRole('heading', { name: LOCKED }).waitFor()
    // A draft typed where the lock is not known goes to localStorage: the open tab takes it into the
    // sealed record at once. The key restored there is never written: that tab reloads, locked.
    const draft = 'A draft typed in a tab that did not hear of the lock'
    await typing.getByLabel('Question').fill(draft)
    await expect.poll(async () => (await rawStorage(setter)).localStorage).not.toContain(draft)
    await restoring.getByRole('button', { name: 'Restore this key' }).click()
    await restoring.getByRole('heading', { name: LOCKED }).waitFor()
    // A lock set there too would seal nothing and leave the first lock's records unreadable: the
    // first one stands and that tab goes to the lock screen.
    const lockRecord = async () => {
      return (await rawStorage(setter)).byName['lock']
    }
    const firstLock = await lockRecord()
    await lockPanel(locking).getByRole('button', { name: 'Lock this device' }).click()
    await locking.getByRole('heading', { name: LOCKED }).waitFor()
    expect(await lockRecord()).toBe(firstLock)
    const raw = await rawStorage(setter)
    // Besides the lock: the note of the refused restore, sealed (its key left out).
    const notes = raw.names.filter((n) => n.startsWith('unsaved:'))
    expect(notes.length).toBeGreaterThan(0)
    expect(raw.names.filter((n) => !n.startsWith('sealed:') && !notes.includes(n))).toEqual([
      'lock',
    ])
    expect(raw.records).not.toContain('<CryptoKey')
    expect(raw.records).not.toContain(jwk.x)
    expect(raw.localStorage).not.toContain(draft)

    // Unlocked, that tab is told the restore was not saved, and finds the draft typed in the other,
    // kept sealed.
    await unlock(restoring)
    await restoring
      .getByRole('alert')
      .filter({ hasText: NOT_SAVED })
      .getByText('Your key (restored or replaced)')
      .waitFor()
    await goTo(restoring, `#/a/${space}`)
    await expect.poll(() => restoring.getByLabel('Question').inputValue()).toBe(draft)
    await setter.context().close()
  },
)

test.concurrent(
  'lock across tabs: use in any tab keeps all unlocked; idle locks all; Lock now locks all',
  async ({ expect }) => {
    const first = await session!.newPage()
    await found(first)
    await setLock(first)
    const second = await anotherTab(first)
    await unlock(second)
    await goTo(second, '#/device')
    await setIdle(first, '0.05')

    // The member works in the second tab, for more than twice the idle time: neither tab locks.
    const until = Date.now() + 8_000
    for (let i = 0; Date.now() < until; i++) {
      await second.mouse.move(20 + (i % 50), 200)
      await second.waitForTimeout(300)
    }
    expect(await isLocked(first), 'the unused tab locked while the other was in use').toBe(false)
    expect(await isLocked(second)).toBe(false)
    // Left alone, every tab locks.
    await first.getByRole('heading', { name: LOCKED }).waitFor({ timeout: 30_000 })
    await second.getByRole('heading', { name: LOCKED }).waitFor({ timeout: 30_000 })

    // Locking by hand in one tab locks the other.
    await unlock(first)
    await setIdle(first, '0')
    await unlock(second)
    await second.locator('header .brand').waitFor()
    await goTo(first, '#/device')
    await lockPanel(first).getByRole('button', { name: 'Lock now' }).click()
    await first.getByRole('heading', { name: LOCKED }).waitFor()
    await second.getByRole('heading', { name: LOCKED }).waitFor()
    await first.context().close()
  },
)

test.concurrent(
  'lock across tabs: a reply half typed when the idle lock comes is back, its form open',
  async ({ expect }) => {
    const page = await session!.newPage()
    const space = await found(page)
    await setLock(page)
    await goTo(page, `#/a/${space}`)
    await openSection(page, 'proposals')
    await page.getByLabel('Title', { exact: true }).fill('Fix the heating')
    await page.getByLabel('Text', { exact: true }).fill('Call the landlord together on Monday.')
    await page.getByRole('button', { name: 'Propose' }).click()
    await page.getByRole('link', { name: 'Fix the heating' }).click()
    await page.getByLabel('Your comment').fill('I can call on Monday.')
    await page.getByRole('button', { name: 'Post comment' }).click()
    await page.getByRole('heading', { name: '1 comment' }).waitFor()
    const proposal = new URL(page.url()).hash
    await setIdle(page, '0.05')
    await goTo(page, proposal)
    await page.getByRole('button', { name: `Reply to ${MEMBER}` }).click()
    const reply = 'And I will bring the contract'
    await page.getByLabel('Your reply').fill(reply)
    await page.getByLabel('Your comment').fill('A second comment, not sent yet')
    // The time to lock is the idle time and a reload: on a loaded machine, more than one step's.
    await page.getByRole('heading', { name: LOCKED }).waitFor({ timeout: 30_000 })
    await unlock(page)
    await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe(reply)
    expect(await page.getByLabel('Your comment').inputValue()).toBe(
      'A second comment, not sent yet',
    )
    const raw = await rawStorage(page)
    expect(raw.records).not.toContain(reply)
    expect(raw.localStorage).not.toContain(reply)

    await setIdle(page, '0')
    await goTo(page, proposal)
    await page.getByLabel('Your reply').waitFor()
    const dir = process.env['SHOTS_DIR'] ?? join(ARTIFACTS, 'lock-tabs')
    mkdirSync(dir, { recursive: true })
    for (const [width, height, label] of [
      [390, 844, 'phone'],
      [1280, 800, 'laptop'],
    ] as const) {
      await page.setViewportSize({ width, height })
      await page.getByLabel('Your reply').scrollIntoViewIfNeeded()
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      )
      expect(wide, `${width}px scrolls sideways`).toBe(false)
      await page.screenshot({ path: join(dir, `reply-after-unlock-${label}.png`) })
    }
    await page.context().close()
  },
)

/** Fills in a proposal in `page`'s assembly `space`, not sent yet. */
async function draftProposal(page: Page, space: string, title: string): Promise<void> {
  await goTo(page, `#/a/${space}`)
  await page.getByRole('heading', { name: ASSEMBLY }).waitFor()
  await openSection(page, 'proposals')
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Text', { exact: true }).fill('Call the landlord together on Monday.')
}

test.concurrent(
  'lock across tabs: an action refused in a tab that had not heard of the lock is kept sealed and told of after unlocking',
  async ({ expect }) => {
    const setter = await session!.newPage()
    const space = await found(setter)
    const stale = await anotherTab(setter, { broadcast: false })
    const title = 'Fix the heating before winter'
    await draftProposal(stale, space, title)
    await setLock(setter)
    // The member proposes in the tab that has not heard: the write is refused, the tab locks.
    await stale.getByRole('button', { name: 'Propose' }).click()
    await stale.getByRole('heading', { name: LOCKED }).waitFor()
    const raw = await rawStorage(setter)
    expect(raw.records).not.toContain(title)
    expect(raw.names.filter((n) => !n.startsWith('sealed:') && !n.startsWith('unsaved:'))).toEqual([
      'lock',
    ])
    // Unlocked, the member is told what was not saved, with its text.
    await unlock(stale)
    const notice = stale.getByRole('alert').filter({ hasText: NOT_SAVED })
    await notice.getByText(`Proposal (${ASSEMBLY}): “${title}”`).waitFor()
    await shootNotice(stale, expect)
    await notice.getByRole('button', { name: 'I have read this' }).click()
    await notice.waitFor({ state: 'detached' })
    expect((await rawStorage(setter)).names.filter((n) => n.startsWith('unsaved:'))).toEqual([])
    await setter.context().close()
  },
)

test.concurrent(
  'lock across tabs: a tab reading through a lock removed and set anew elsewhere writes nothing under the old keys',
  async ({ expect }) => {
    const first = await session!.newPage()
    const space = await found(first)
    await setLock(first)
    const stale = await anotherTab(first, { deaf: true })
    await unlock(stale)
    const title = 'Repaint the stairwell'
    await draftProposal(stale, space, title)
    // In the first tab the lock is removed and set again: new keys, which the stale tab lacks.
    await goTo(first, '#/device')
    await lockPanel(first).getByLabel('Current lock passphrase').fill(PASSPHRASE)
    await lockPanel(first).getByRole('button', { name: 'Remove the lock' }).click()
    await lockPanel(first).getByText('The lock is removed').waitFor()
    await setLock(first)
    await stale.getByRole('button', { name: 'Propose' }).click()
    await stale.getByRole('heading', { name: LOCKED }).waitFor()
    await unlock(stale)
    await stale
      .getByRole('alert')
      .filter({ hasText: NOT_SAVED })
      .getByText(`Proposal (${ASSEMBLY}): “${title}”`)
      .waitFor()
    // Every record opens under the lock there is: removing it stops on none.
    await goTo(first, '#/device')
    await lockPanel(first).getByLabel('Current lock passphrase').fill(PASSPHRASE)
    await lockPanel(first).getByRole('button', { name: 'Remove the lock' }).click()
    await lockPanel(first).getByText('The lock is removed').waitFor()
    const raw = await rawStorage(first)
    expect(raw.names.filter((n) => n.startsWith('sealed:'))).toEqual([])
    await first.context().close()
  },
)

test.concurrent(
  'lock across tabs: a tab frozen while the app was locked locks as it resumes, before showing anything',
  async ({ expect }) => {
    const first = await session!.newPage()
    const space = await found(first)
    await setLock(first)
    const frozen = await anotherTab(first, { deaf: true })
    await unlock(frozen)
    await goTo(frozen, `#/a/${space}`)
    const content = frozen.getByRole('heading', { name: ASSEMBLY })
    await content.waitFor()
    // The tab is hidden and frozen, as a phone's browser does to a tab in the background. The events
    // are the ones Chrome fires, dispatched here: headless chromium's Page.setWebLifecycleState
    // neither hides nor freezes a page.
    await frozen.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
      document.dispatchEvent(new Event('freeze'))
    })
    expect(await content.isVisible(), 'the hidden tab still shows the assembly').toBe(false)
    await goTo(first, '#/device')
    await lockPanel(first).getByRole('button', { name: 'Lock now' }).click()
    await first.getByRole('heading', { name: LOCKED }).waitFor()
    // Shown again, it checks the lock before showing the assembly: it was locked meanwhile.
    await frozen.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
      document.dispatchEvent(new Event('resume'))
      document.dispatchEvent(new Event('visibilitychange'))
    })
    expect(await content.isVisible(), 'the resumed tab showed the assembly').toBe(false)
    await frozen.getByRole('heading', { name: LOCKED }).waitFor({ timeout: 10_000 })
    await first.context().close()
  },
)

test.concurrent(
  'lock across tabs: drafts given back to localStorage as the lock is removed stay there, though a tab still reads through the lock',
  async ({ expect }) => {
    const first = await session!.newPage()
    const space = await found(first)
    await setLock(first)
    // This tab hears the storage events, not the message that the lock is removed.
    const stale = await anotherTab(first, { broadcast: false })
    await unlock(stale)
    await goTo(stale, `#/a/${space}`)
    const draft = 'A question typed before the lock was removed'
    await stale.getByLabel('Question').fill(draft)
    await expect.poll(async () => (await rawStorage(first)).localStorage).not.toContain(draft)
    await first.waitForTimeout(500)
    await goTo(first, '#/device')
    await lockPanel(first).getByLabel('Current lock passphrase').fill(PASSPHRASE)
    await lockPanel(first).getByRole('button', { name: 'Remove the lock' }).click()
    await lockPanel(first).getByText('The lock is removed').waitFor()
    await first.waitForTimeout(2_000)
    expect((await rawStorage(first)).localStorage).toContain(draft)
    await goTo(stale, `#/a/${space}`)
    await expect.poll(() => stale.getByLabel('Question').inputValue()).toBe(draft)
    await first.context().close()
  },
)

/**
 * The notice of an action not saved, at a phone's and a laptop's size, in every language. `expect`
 * is the case's own: a case run side by side with others polls through its own.
 */
async function shootNotice(page: Page, expect: ExpectStatic): Promise<void> {
  const dir = process.env['SHOTS_DIR'] ?? join(ARTIFACTS, 'lock-tabs')
  mkdirSync(dir, { recursive: true })
  const notice = page.getByRole('alert').filter({ has: page.getByRole('heading', { level: 2 }) })
  for (const language of ['en', 'ru', 'kk', 'ko'] as const) {
    await page.locator('header select').selectOption(language)
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
    for (const [width, height, label] of [
      [390, 844, 'phone'],
      [1280, 800, 'laptop'],
    ] as const) {
      await page.setViewportSize({ width, height })
      await notice.first().scrollIntoViewIfNeeded()
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      )
      expect(wide, `${language} at ${width}px scrolls sideways`).toBe(false)
      await page.screenshot({ path: join(dir, `not-saved-${language}-${label}.png`) })
    }
  }
  await page.locator('header select').selectOption('en')
}
