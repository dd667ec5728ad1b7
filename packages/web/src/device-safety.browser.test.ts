// This device's safety in a real browser (Debian's chromium) against a real hub process: the key is
// a non-extractable CryptoKey that still signs after a reload; an older extractable key is
// migrated with the same public key; a backup opens only with its passphrase on another phone; a
// wipe leaves no IndexedDB database, localStorage entry, cache or service worker; the duress
// passphrase wipes instead of showing the backup; the app shows the fingerprint the hub announces
// and the build wrote. Screenshots of the touched screens (390 px and 1280 px, four languages) go
// to $SHOTS_DIR, else artifacts/hardening.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, test, vi } from 'vitest'
import { ARTIFACTS, injectAxe, ROOT, startBrowserHub, WAIT } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { focusHiddenBy, focusedText } from './test-support/focus-check.js'
import { checkScreen } from './test-support/screen-check.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-device-')
})

afterAll(async () => {
  await session?.close()
})

// The cases run side by side (`test.concurrent`): each opens its own browser contexts (their own
// storage) on the shared hub and chromium, and spends most of its time waiting (on the app's
// timers, page loads, chromium), so one after another left the file mostly idle. Side by side
// each takes longer than alone: they get twice the suite's limit.
vi.setConfig({ testTimeout: 120_000 })

/**
 * The stored identity record, read in the page as any script of the origin could; waits (up to
 * 20 s) for the app to have made it, since a page just opened may not have stored its key yet.
 */
function storedKey(page: Page) {
  return page.evaluate(async () => {
    const read = async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('veche', 1)
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error ?? new Error('open failed'))
      })
      try {
        return await new Promise<{ publicKey: string; privateKey: CryptoKey } | undefined>(
          (resolve, reject) => {
            const get = db.transaction('kv').objectStore('kv').get('identity')
            get.onsuccess = () =>
              resolve(get.result as { publicKey: string; privateKey: CryptoKey } | undefined)
            get.onerror = () => reject(get.error ?? new Error('get failed'))
          },
        )
      } finally {
        db.close()
      }
    }
    let record = await read()
    for (let tries = 0; record === undefined && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      record = await read()
    }
    if (record === undefined) throw new Error('the app stored no identity within 20 s')
    const exported: string[] = []
    for (const format of ['pkcs8', 'jwk'] as const)
      await crypto.subtle.exportKey(format, record.privateKey).then(
        () => exported.push(format),
        () => undefined,
      )
    return {
      publicKey: record.publicKey,
      extractable: record.privateKey.extractable,
      exported,
      secretReadable: JSON.stringify(record).includes('secretKey'),
    }
  })
}

/** Founds an assembly (a signed event the hub must accept); returns its founder's public key. */
async function found(page: Page, name: string): Promise<string> {
  await page.goto(`${session!.url}/#/`)
  await page.getByLabel('Name of the assembly').fill(name)
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name }).waitFor()
  await page.getByText('1 member', { exact: true }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!
  const deadline = Date.now() + WAIT
  while (Date.now() < deadline) {
    const answer = await fetch(`${session!.url}/api/spaces/${space}`)
    if (answer.ok) {
      const state = (await answer.json()) as { members: Record<string, { name: string }> }
      const keys = Object.keys(state.members)
      if (keys.length === 1) return keys[0]!
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the hub never accepted the founding')
}

const LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const

/** The SHA-256 of the build manifest the web app's build wrote. */
function builtFingerprint(): string {
  return createHash('sha256')
    .update(readFileSync(join(ROOT, 'packages/web/dist/build-manifest.txt')))
    .digest('hex')
}

/** Where the screenshots go: $SHOTS_DIR, else artifacts/hardening. */
function shotsDir(): string {
  const dir = process.env['SHOTS_DIR'] ?? join(ARTIFACTS, 'hardening')
  mkdirSync(dir, { recursive: true })
  return dir
}

// Screenshots of the touched screens, phone and laptop, in every language: each is a fresh load, so
// one language a case, and these longest cases first, the others beside them.
test.concurrent.for(LANGUAGES)(
  'browser: the device and home screens fit a phone and a laptop in %s',
  async (language, { expect }) => {
    const built = builtFingerprint()
    const dir = shotsDir()
    const page = await session!.newPage()
    const mine = page.locator('code.fingerprint')
    await page.evaluate((lang) => localStorage.setItem('veche.language', lang), language)
    for (const [width, label] of [
      [390, 'phone'],
      [1280, 'laptop'],
    ] as const) {
      await page.setViewportSize({ width, height: 844 })
      for (const [route, name] of [
        ['#/device', 'device'],
        ['#/', 'home'],
      ] as const) {
        await page.goto(`${session!.url}/${route}`)
        await page.reload()
        await page.locator('header').waitFor()
        if (name === 'device')
          await expect.poll(() => mine.textContent(), { timeout: WAIT }).toBe(built)
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth,
        )
        expect(overflow, `${name} ${language} ${width}px scrolls sideways`).toBe(false)
        await page.screenshot({
          path: join(dir, `${name}-${language}-${label}.png`),
          fullPage: true,
        })
      }
    }
    await page.context().close()
  },
)

test.concurrent(
  'browser: the app shows the fingerprint the hub announces and the build wrote',
  async ({ expect }) => {
    const built = builtFingerprint()
    const hub = (await (await fetch(`${session!.url}/api/hub`)).json()) as {
      app: { sha256: string }
    }
    expect(hub.app.sha256).toBe(built)
    const page = await session!.newPage()
    await page.goto(`${session!.url}/#/device`)
    const mine = page.locator('code.fingerprint')
    await expect.poll(() => mine.textContent(), { timeout: WAIT }).toMatch(/^[0-9a-f]{64}$/)
    expect(await mine.textContent()).toBe(built)
    await page.getByText(built).nth(1).waitFor()
    await injectAxe(page)
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run(options: unknown): Promise<{ violations: unknown[] }> }
        }
      ).axe
      return (await axe.run({ runOnly: ['wcag2a', 'wcag2aa'] })).violations
    })
    expect(violations).toEqual([])
    await page.context().close()
  },
)

// A key's first session (its backup form) and the wipe's confirmation, one language a case.
test.concurrent.for(LANGUAGES)(
  "browser: a key's first session and the wipe's question fit a phone and a laptop in %s",
  async (language, { expect }) => {
    const dir = shotsDir()
    const fresh = await session!.newPage()
    await fresh.locator('label.language select').selectOption(language)
    await fresh.setViewportSize({ width: 390, height: 844 })
    await fresh.locator('main p.warning a[href="#/device"]').waitFor()
    await fresh.screenshot({ path: join(dir, `home-first-session-${language}-phone.png`) })
    await fresh.goto(`${session!.url}/#/device`)
    await fresh.locator('button.danger').click()
    const question = fresh.getByRole('alertdialog')
    for (const [width, label] of [
      [390, 'phone'],
      [1280, 'laptop'],
    ] as const) {
      await fresh.setViewportSize({ width, height: label === 'phone' ? 844 : 800 })
      const overflow = await fresh.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      )
      expect(overflow, `first session ${language} ${width}px scrolls sideways`).toBe(false)
      await fresh.screenshot({
        path: join(dir, `device-first-session-${language}-${label}.png`),
        fullPage: true,
      })
      // The question itself, as the screen shows it, in both themes.
      for (const scheme of ['light', 'dark'] as const) {
        await fresh.emulateMedia({ colorScheme: scheme })
        await question.scrollIntoViewIfNeeded()
        await fresh.screenshot({
          path: join(dir, `device-wipe-confirm-${language}-${label}-${scheme}.png`),
        })
      }
      await fresh.emulateMedia({ colorScheme: 'light' })
    }
    await fresh.context().close()
  },
)

test.concurrent(
  "browser: the wipe's question passes axe, its disabled yes looks disabled, in both themes",
  async ({ expect }) => {
    const asked = await session!.newPage()
    await asked.goto(`${session!.url}/#/device`)
    await asked.getByRole('button', { name: 'Wipe this device' }).click()
    // Its red yes, disabled while the device panel is busy (a backup, a duress passphrase), looks
    // disabled like any other button does, in both themes, instead of still red.
    for (const scheme of ['light', 'dark'] as const) {
      await asked.emulateMedia({ colorScheme: scheme })
      const looks = await asked.evaluate(() =>
        ['danger', 'close', ''].map((className) => {
          const button = document.createElement('button')
          button.className = className
          button.disabled = true
          document.querySelector('main')!.append(button)
          const background = getComputedStyle(button).backgroundColor
          button.remove()
          return background
        }),
      )
      expect(new Set(looks).size, `${scheme}: ${looks.join(', ')}`).toBe(1)
    }
    for (const scheme of ['light', 'dark'] as const) {
      await asked.emulateMedia({ colorScheme: scheme })
      expect(
        await checkScreen(asked, `wipe question ${scheme}`, (p) =>
          p.getByRole('alertdialog').waitFor(),
        ),
      ).toEqual([])
    }
    await asked.context().close()
  },
)

test.concurrent(
  'browser key: non-extractable, signs after a reload; an old extractable key migrates',
  async ({ expect }) => {
    const page = await session!.newPage()
    await page.getByRole('heading', { name: 'Your key' }).waitFor()
    const before = await storedKey(page)
    expect(before).toMatchObject({ extractable: false, exported: [], secretReadable: false })
    await page.reload()
    await page.getByRole('heading', { name: 'Your key' }).waitFor()
    expect((await storedKey(page)).publicKey).toBe(before.publicKey)
    expect(await found(page, 'Reload assembly')).toBe(before.publicKey)

    // A key kept extractable by an older version of the app, the way every phone holds it today.
    const old = await session!.newPage()
    await old.getByRole('heading', { name: 'Your key' }).waitFor()
    const oldKey = await old.evaluate(async () => {
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
      const publicKey = btoa(String.fromCharCode(...raw))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('veche', 1)
        open.onsuccess = () => resolve(open.result)
      })
      const tx = db.transaction('kv', 'readwrite')
      tx.objectStore('kv').put({ publicKey, privateKey: pair.privateKey }, 'identity')
      await new Promise((resolve) => (tx.oncomplete = resolve))
      db.close()
      return publicKey
    })
    await old.reload()
    await old.getByRole('heading', { name: 'Your key' }).waitFor()
    expect(await storedKey(old)).toMatchObject({
      publicKey: oldKey,
      extractable: false,
      exported: [],
    })
    await old.getByRole('link', { name: /Back up your key now/ }).waitFor()
    expect(await found(old, 'Migrated assembly')).toBe(oldKey)
    await old.context().close()
    await page.context().close()
  },
)

test.concurrent(
  'browser backup: sealed under a passphrase, refused with a wrong one, restored with the right one',
  async ({ expect }) => {
    const phone = await session!.newPage()
    await phone.goto(`${session!.url}/#/device`)
    const key = (await storedKey(phone)).publicKey
    await phone.getByLabel('Passphrase', { exact: true }).first().fill('tenants of block 4')
    await phone.getByLabel('The same passphrase again').fill('tenants of block 4')
    const download = phone.waitForEvent('download')
    await phone.getByRole('button', { name: 'Back up my key' }).click()
    const file = readFileSync(await (await download).path(), 'utf8')
    await phone.getByText('The backup file is saved.').waitFor()
    expect(JSON.parse(file)).toMatchObject({ format: 'veche-key-backup-1', publicKey: key })
    expect(file).not.toMatch(/"secretKey"/)
    // Later, the same passphrase gives the same file again.
    await phone.reload()
    await phone.getByText('Type your backup passphrase').waitFor()
    await phone.getByLabel('Passphrase', { exact: true }).first().fill('tenants of block 4')
    const again = phone.waitForEvent('download')
    await phone.getByRole('button', { name: 'Back up my key' }).click()
    expect(readFileSync(await (await again).path(), 'utf8')).toBe(file)

    const laptop = await session!.newPage()
    await laptop.goto(`${session!.url}/#/device`)
    const restoreForm = laptop.locator('form').filter({ hasText: 'Backup file' })
    await restoreForm.getByLabel('Backup file').setInputFiles({
      name: 'veche-key.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    })
    await expect.poll(() => restoreForm.locator('textarea').inputValue()).toBe(file)
    await restoreForm.getByLabel('Passphrase').fill('tenants of block 5')
    await laptop.getByRole('button', { name: 'Restore this key' }).click()
    await laptop.getByText('Wrong passphrase: it does not open this backup.').waitFor()
    expect((await storedKey(laptop)).publicKey).not.toBe(key)
    await restoreForm.getByLabel('Passphrase').fill('tenants of block 4')
    await laptop.getByRole('button', { name: 'Restore this key' }).click()
    await laptop.waitForEvent('load')
    await laptop.getByRole('heading', { name: 'Your key' }).waitFor()
    expect(await storedKey(laptop)).toMatchObject({ publicKey: key, extractable: false })
    expect(await found(laptop, 'Restored assembly')).toBe(key)
    await phone.context().close()
    await laptop.context().close()
  },
)

/** Everything of this origin a script (or a forensic look at the profile) could list. */
function leftovers(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    localStorage: Object.keys(localStorage),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }))
}

test.concurrent(
  'browser wipe: nothing readable is left; the duress passphrase wipes instead of backing up',
  async ({ expect }) => {
    const page = await session!.newPage()
    await found(page, 'Wiped assembly')
    await page.getByLabel('Question').fill('A draft kept as it is typed')
    await page.evaluate(() => navigator.serviceWorker.ready)
    await expect.poll(async () => (await leftovers(page)).caches.length).toBeGreaterThan(0)
    const before = await leftovers(page)
    expect(before.databases).toContain('veche')
    expect(before.localStorage.length).toBeGreaterThan(0)
    expect(before.workers).toBe(1)

    await page.goto(`${session!.url}/#/device`)
    // The wipe asks first, named by its question and described by what it means, with the keyboard
    // on Cancel; Escape is Cancel too, and gives the keyboard back to the wipe button.
    const wipe = page.getByRole('button', { name: 'Wipe this device' })
    await wipe.click()
    const dialog = page.getByRole('alertdialog', { name: 'Erase everything Veche keeps here?' })
    await dialog.waitFor()
    const describedBy = (await dialog.getAttribute('aria-describedby'))!
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('This cannot be undone.')
    expect(await focusedText(page)).toBe('Cancel')
    expect(await focusHiddenBy(page)).toBe('')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedText(page)).toBe('Wipe this device')
    await wipe.click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedText(page)).toBe('Wipe this device')
    // Enter on the focused answer keeps everything too.
    await wipe.click()
    await dialog.waitFor()
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    expect(await leftovers(page)).toMatchObject({ databases: ['veche'], workers: 1 })
    await wipe.click()
    await page.getByRole('button', { name: 'Yes, erase everything' }).click()
    await page.waitForURL(`${session!.url}/wiped.html`)
    await page.getByText('has been erased').waitFor()
    expect(await leftovers(page)).toEqual({
      databases: [],
      localStorage: [],
      caches: [],
      workers: 0,
    })
    // Starting again gives a new, empty app with a new key.
    await page.getByRole('link', { name: 'Start again with a new key' }).click()
    await page.getByText(/It never asks for your e-mail/).waitFor()
    await page.context().close()

    // The duress passphrase, typed where the backup's passphrase is asked for.
    const member = await session!.newPage()
    await found(member, 'Duress assembly')
    await member.goto(`${session!.url}/#/device`)
    const key = (await storedKey(member)).publicKey
    await member.getByLabel('Passphrase', { exact: true }).first().fill('tenants of block 4')
    await member.getByLabel('The same passphrase again').fill('tenants of block 4')
    const download = member.waitForEvent('download')
    await member.getByRole('button', { name: 'Back up my key' }).click()
    await download
    await member.getByLabel('Duress passphrase').fill('tenants of block 4')
    await member.getByRole('button', { name: 'Set the duress passphrase' }).click()
    await member.getByText('must differ from your backup passphrase').waitFor()
    await member.getByLabel('Duress passphrase').fill('the weather is fine')
    await member.getByRole('button', { name: 'Set the duress passphrase' }).click()
    await member.getByText('A duress passphrase is set on this device.').waitFor()
    await member.getByLabel('Passphrase', { exact: true }).first().fill('the weather is fine')
    await member.getByRole('button', { name: 'Back up my key' }).click()
    await member.waitForURL(`${session!.url}/`)
    await member.getByText(/It never asks for your e-mail/).waitFor()
    const after = await storedKey(member)
    expect(after.publicKey).not.toBe(key)
    expect(await member.evaluate(() => Object.keys(localStorage))).not.toContain(
      expect.stringMatching(/^veche\.invitation|create\./),
    )
    await member.context().close()
  },
)
