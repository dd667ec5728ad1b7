// The passphrase lock in a real browser (Debian's chromium) against a real hub process: a member
// with an assembly, a vote cast, a draft typed and a proposal waiting offline sets a passphrase;
// the raw IndexedDB records and localStorage then hold none of it readable; a reload shows the
// lock screen; a wrong passphrase is refused and changes nothing; the right one opens the app with
// the assembly, the draft and the queued proposal intact, which is sent when the network is back.
// The duress passphrase typed at the lock screen wipes instead; removing the lock writes everything
// back plain. The identity's key is kept only wrapped under the lock (no CryptoKey in storage),
// signs with the same public key after unlocking, and can be backed up again at any time; a key
// made before the lock stays a stored CryptoKey until its kept backup's passphrase seals it; the
// app locks itself after the idle time chosen. Screenshots of the lock screen and the lock panel (390 px and 1280 px, four
// languages) go to $SHOTS_DIR, else artifacts/app-lock.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, test, vi } from 'vitest'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { rawStorage } from './test-support/raw-storage.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-lock-')
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
const CHOICE = 'Ochre walls everywhere'
const PROPOSAL = 'Fix the boiler before winter'
const DRAFT = 'A draft about the laundry room'

async function goTo(page: Page, hash: string): Promise<void> {
  // A change of hash, not a load: it works offline without the service worker.
  await page.evaluate((h) => (window.location.hash = h), hash)
}

async function setLock(page: Page, passphrase: string): Promise<void> {
  await goTo(page, '#/device')
  const panel = page.locator('section').filter({ hasText: 'Lock with a passphrase' })
  await panel.getByLabel('New lock passphrase').fill(passphrase)
  await panel.getByLabel('The lock passphrase again').fill(passphrase)
  await panel.getByRole('button', { name: 'Lock this device' }).click()
  await panel.getByText('Locked. From now on Veche asks for this passphrase').waitFor()
}

async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByRole('heading', { name: 'Veche is locked' }).waitFor()
  await page.getByLabel('Passphrase').fill(passphrase)
  await page.getByRole('button', { name: 'Unlock' }).click()
}

async function found(page: Page): Promise<string> {
  await page.getByLabel('Name of the assembly').fill(ASSEMBLY)
  await page.getByLabel('Your name in this assembly').fill(MEMBER)
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: ASSEMBLY }).waitFor()
  await page.getByText('1 member', { exact: true }).waitFor()
  return /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!
}

// The longest case first: the others run beside it.
test.concurrent(
  'browser lock: the lock screen and the lock panel fit a phone and a laptop in four languages',
  async ({ expect }) => {
    const page = await session!.newPage()
    await found(page)
    await setLock(page, PASSPHRASE)
    const dir = process.env['SHOTS_DIR'] ?? join(ARTIFACTS, 'app-lock')
    mkdirSync(dir, { recursive: true })
    for (const language of ['en', 'ru', 'kk', 'ko']) {
      await page.evaluate((lang) => localStorage.setItem('veche.language', lang), language)
      for (const [width, height, label] of [
        [390, 844, 'phone'],
        [1280, 800, 'laptop'],
      ] as const) {
        await page.setViewportSize({ width, height })
        // A reload: the key that opened the lock is forgotten, the lock screen shows.
        await page.reload()
        // The lock screen's one form sits right in <main>; the device screen's are in sections.
        await page.locator('main > form input[type="password"]').fill('wrong passphrase')
        await page.locator('main > form button[type="submit"]').click()
        await page.locator('p[role="status"]').filter({ hasNotText: '…' }).waitFor()
        const wide = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth,
        )
        expect(wide, `lock screen ${language} ${width}px scrolls sideways`).toBe(false)
        await page.screenshot({
          path: join(dir, `lock-screen-${language}-${label}.png`),
          fullPage: true,
        })
        // A forgotten passphrase: the wipe asks first, in the language (its strings are there
        // before the app opens), in both themes; Escape keeps everything.
        await page.locator('main section button.danger').click()
        const question = page.getByRole('alertdialog')
        expect(await question.textContent()).not.toMatch(/device\./)
        expect(await page.locator('html').getAttribute('lang')).toBe(language)
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme })
          await question.scrollIntoViewIfNeeded()
          await page.screenshot({
            path: join(dir, `lock-wipe-confirm-${language}-${label}-${scheme}.png`),
          })
        }
        await page.emulateMedia({ colorScheme: 'light' })
        await page.keyboard.press('Escape')
        await question.waitFor({ state: 'detached' })
        await page.locator('main > form input[type="password"]').fill(PASSPHRASE)
        await page.locator('main > form button[type="submit"]').click()
        await page.locator('main section input[autocomplete="current-password"]').first().waitFor()
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth,
        )
        expect(overflow, `lock panel ${language} ${width}px scrolls sideways`).toBe(false)
        await page.screenshot({
          path: join(dir, `device-locked-${language}-${label}.png`),
          fullPage: true,
        })
      }
    }
    await page.context().close()
  },
)

test.concurrent(
  'browser lock: sealed at rest, locked on reload, wrong passphrase refused, right one opens all',
  async ({ expect }) => {
    const page = await session!.newPage()
    const space = await found(page)
    await page.getByLabel('Question').fill('What colour for the stairwell?')
    await page.getByLabel('Options, one per line').fill(`${CHOICE}\nGreen walls`)
    await page.getByRole('button', { name: 'Open the vote' }).click()
    await page.getByRole('radio', { name: CHOICE }).check()
    await page.getByRole('button', { name: 'Cast my vote' }).click()
    await page.getByText('1 person has voted').waitFor()
    await page.getByLabel('Question').fill(DRAFT)
    // The device screen and the lock's code loaded once online; then the service worker has all.
    await goTo(page, '#/device')
    await page.getByText('Lock with a passphrase').waitFor()
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    await goTo(page, `#/a/${space}`)
    await page.context().setOffline(true)
    await openSection(page, 'proposals')
    await page.getByLabel('Title', { exact: true }).fill(PROPOSAL)
    await page.getByLabel('Text', { exact: true }).fill('Call the heating company on Monday.')
    await page.getByRole('button', { name: 'Propose' }).click()
    await page.getByText('1 action waiting to be sent').first().waitFor()

    // Before the lock, all of it is readable by anyone holding the phone's browser profile.
    const plain = await rawStorage(page)
    for (const secret of [ASSEMBLY, MEMBER, CHOICE, PROPOSAL])
      expect(plain.records, secret).toContain(secret)
    expect(plain.localStorage).toContain(DRAFT)

    await setLock(page, PASSPHRASE)
    const sealed = await rawStorage(page)
    for (const secret of [ASSEMBLY, MEMBER, CHOICE, PROPOSAL, DRAFT, space]) {
      expect(sealed.records, secret).not.toContain(secret)
      expect(sealed.localStorage, secret).not.toContain(secret)
    }
    expect(sealed.names.filter((n) => !n.startsWith('sealed:')).sort()).toEqual(['lock'])
    // Still working, unlocked, without a reload: the outbox and the draft read through the lock.
    await goTo(page, `#/a/${space}`)
    await expect.poll(() => page.getByLabel('Question').inputValue()).toBe(DRAFT)
    await page.getByText('1 action waiting to be sent').first().waitFor()

    await page.reload()
    await page.getByRole('heading', { name: 'Veche is locked' }).waitFor()
    expect(await page.getByText(ASSEMBLY).count()).toBe(0)
    const atLock = await rawStorage(page)
    await unlock(page, 'correct horse batter')
    await page.getByText('Wrong passphrase. Nothing was changed: try again.').waitFor()
    expect(await rawStorage(page)).toEqual(atLock)

    await unlock(page, PASSPHRASE)
    await page.getByRole('heading', { name: ASSEMBLY }).waitFor()
    await expect.poll(() => page.getByLabel('Question').inputValue()).toBe(DRAFT)
    await page.getByText('1 action waiting to be sent').first().waitFor()
    await page.getByRole('heading', { name: 'What colour for the stairwell?' }).waitFor()
    await page.getByText('1 person has voted').waitFor()
    await page.context().setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.locator('header .waiting').waitFor({ state: 'detached' })
    await expect
      .poll(async () =>
        JSON.stringify(await (await fetch(`${session!.url}/api/spaces/${space}`)).json()),
      )
      .toContain(PROPOSAL)
    await page.context().close()
  },
)

test.concurrent(
  'browser lock: the duress passphrase wipes at the lock screen; removing the lock unseals',
  async ({ expect }) => {
    const page = await session!.newPage()
    const space = await found(page)
    await setLock(page, PASSPHRASE)
    const duress = page.locator('section').filter({ hasText: 'Duress passphrase' })
    await duress.getByLabel('Duress passphrase').fill(PASSPHRASE)
    await duress.getByRole('button', { name: 'Set the duress passphrase' }).click()
    await duress.getByText('must differ from your lock passphrase').waitFor()
    await duress.getByLabel('Duress passphrase').fill('the weather is fine')
    await duress.getByRole('button', { name: 'Set the duress passphrase' }).click()
    await duress.getByText('A duress passphrase is set on this device.').waitFor()

    // The lock removed with its passphrase: every record plain again, and no lock screen.
    const panel = page.locator('section').filter({ hasText: 'Lock with a passphrase' })
    await panel.getByLabel('Current lock passphrase').fill('not the passphrase')
    await panel.getByRole('button', { name: 'Remove the lock' }).click()
    await panel.getByText('Wrong passphrase.').waitFor()
    await panel.getByLabel('Current lock passphrase').fill(PASSPHRASE)
    await panel.getByRole('button', { name: 'Remove the lock' }).click()
    await panel.getByText('The lock is removed').waitFor()
    const unsealed = await rawStorage(page)
    expect(unsealed.names).not.toContain('lock')
    expect(unsealed.names.filter((n) => n.startsWith('sealed:'))).toEqual([])
    expect(unsealed.records).toContain(ASSEMBLY)
    await page.reload()
    await page.getByRole('heading', { name: 'Your key' }).waitFor()
    await goTo(page, `#/a/${space}`)
    await page.getByRole('heading', { name: ASSEMBLY }).waitFor()

    // Locked again; the duress passphrase at the lock screen erases everything.
    await setLock(page, 'a second lock passphrase')
    await page.reload()
    await unlock(page, 'the weather is fine')
    await page.waitForURL(`${session!.url}/`)
    await page.getByText(/It never asks for your e-mail/).waitFor()
    const after = await rawStorage(page)
    expect(after.names).not.toContain('lock')
    expect(after.records).not.toContain(ASSEMBLY)
    await page.context().close()
  },
)

async function publicKeyShown(page: Page): Promise<string> {
  await goTo(page, '#/device')
  return (await page.locator('code.key').first().textContent())!.trim()
}

test.concurrent(
  'browser lock: the key is kept only wrapped, signs after unlocking, and backs up at any time',
  async ({ expect }) => {
    const page = await session!.newPage()
    const space = await found(page)
    const key = await publicKeyShown(page)
    expect((await rawStorage(page)).records).toContain('<CryptoKey private>')
    await setLock(page, PASSPHRASE)
    await page.getByText('Your key is sealed under the lock too').waitFor()
    await page.getByText('Your key has no backup yet: make one above first.').waitFor()
    const sealed = await rawStorage(page)
    expect(sealed.records).not.toContain('<CryptoKey')
    expect(sealed.records).not.toContain(key)

    // A new session: the lock opens the same key, wrapped still, and it signs what the hub accepts.
    await page.reload()
    await unlock(page, PASSPHRASE)
    expect(await publicKeyShown(page)).toBe(key)
    expect((await rawStorage(page)).records).not.toContain('<CryptoKey')
    await goTo(page, `#/a/${space}`)
    await page.getByLabel('Question').fill('Signed after unlocking?')
    await page.getByLabel('Options, one per line').fill('Yes\nNo')
    await page.getByRole('button', { name: 'Open the vote' }).click()
    await expect
      .poll(async () =>
        JSON.stringify(await (await fetch(`${session!.url}/api/spaces/${space}`)).json()),
      )
      .toContain('Signed after unlocking?')

    // No backup was made in the key's first session; the lock still lets one be made, after its
    // passphrase, and the file restores the same key in a fresh browser.
    await goTo(page, '#/device')
    const backup = page.locator('form').filter({ hasText: 'so a backup can be made at any time' })
    await backup.getByLabel('Current lock passphrase').fill('not the lock passphrase')
    await backup.getByLabel('Passphrase', { exact: true }).fill('tenants of block 4')
    await backup.getByLabel('The same passphrase again').fill('tenants of block 4')
    await backup.getByRole('button', { name: 'Back up my key' }).click()
    await page.getByText('Wrong passphrase. Nothing was changed').first().waitFor()
    await backup.getByLabel('Current lock passphrase').fill(PASSPHRASE)
    const download = page.waitForEvent('download')
    await backup.getByRole('button', { name: 'Back up my key' }).click()
    const file = readFileSync(await (await download).path(), 'utf8')
    expect(JSON.parse(file)).toMatchObject({ format: 'veche-key-backup-1', publicKey: key })
    expect((await rawStorage(page)).records).not.toContain('<CryptoKey')

    const fresh = await session!.newPage()
    await goTo(fresh, '#/device')
    const restore = fresh.locator('form').filter({ hasText: 'Backup file' })
    await restore.locator('textarea').fill(file)
    await restore.getByLabel('Passphrase').fill('tenants of block 4')
    await fresh.getByRole('button', { name: 'Restore this key' }).click()
    await fresh.waitForEvent('load')
    expect(await publicKeyShown(fresh)).toBe(key)
    await fresh.context().close()
    await page.context().close()
  },
)

test.concurrent(
  'browser lock: a key made before the lock stays stored until its backup seals it; idle time locks',
  async ({ expect }) => {
    const page = await session!.newPage()
    await found(page)
    const key = await publicKeyShown(page)
    const backup = page.locator('form').filter({ hasText: 'The same passphrase again' })
    await backup.getByLabel('Passphrase', { exact: true }).fill('tenants of block 4')
    await backup.getByLabel('The same passphrase again').fill('tenants of block 4')
    const download = page.waitForEvent('download')
    await backup.getByRole('button', { name: 'Back up my key' }).click()
    await download
    // A new session forgets the seed: only the kept backup's passphrase can give the key back.
    await page.reload()
    await page.getByRole('heading', { name: 'Your key', exact: true }).waitFor()
    await setLock(page, PASSPHRASE)
    const panel = page.locator('section').filter({ hasText: 'Lock with a passphrase' })
    await panel.getByText('Your key is not sealed under the lock.').waitFor()
    expect((await rawStorage(page)).records).toContain('<CryptoKey private>')
    await panel.getByLabel('Backup passphrase').fill('tenants of block 5')
    await panel.getByRole('button', { name: 'Seal my key under the lock' }).click()
    await panel.getByText('Wrong passphrase: it does not open this backup.').waitFor()
    expect((await rawStorage(page)).records).toContain('<CryptoKey private>')
    await panel.getByLabel('Backup passphrase').fill('tenants of block 4')
    await panel.getByRole('button', { name: 'Seal my key under the lock' }).click()
    await panel.getByText('Your key is now sealed under the lock.').waitFor()
    expect((await rawStorage(page)).records).not.toContain('<CryptoKey')
    expect(await publicKeyShown(page)).toBe(key)

    // Locking by itself: a short idle time chosen, then nothing touched until the lock screen shows.
    await panel.getByLabel('Lock after this many minutes without use').fill('0.05')
    await panel.getByRole('button', { name: 'Save', exact: true }).click()
    await panel.getByText('Saved: after 0.05 minutes without a touch').waitFor()
    await page.getByRole('heading', { name: 'Veche is locked' }).waitFor()
    expect(await page.locator('code.key').count()).toBe(0)
    // The setting is kept (sealed): unlocked, the app locks itself again when left alone.
    await unlock(page, PASSPHRASE)
    await page.getByRole('heading', { name: 'Your key', exact: true }).waitFor()
    await page.getByRole('heading', { name: 'Veche is locked' }).waitFor()
    await page.context().close()
  },
)
