// QR scanning in a real browser whose camera is a video of the codes the app drew (chromium's
// fake capture device playing a Y4M file the test writes): a phone scans a facilitator's
// invitation and lands on the join screen; a phone cut off from the hub receives an assembly's
// events from another phone's QR series (in any order, a pasted code and a foreign one mixed in)
// and shows the same state; `veche bundle unqr` reads the phone's codes too.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, ROOT, startBrowserHub, WAIT } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'
import { blankFrame, fakeCameraArgs, grabCode, writeY4m } from './test-support/fake-camera.js'
import { checkScreen } from './test-support/screen-check.js'

let session: BrowserHub | null = null
let dir = ''
let camera = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-qr-camera-'))
  camera = join(dir, 'camera.y4m')
  // Chromium opens the file each time a page starts the camera; until a test writes its codes,
  // the camera sees a white wall.
  writeY4m(camera, [blankFrame()])
  session = await startBrowserHub('veche-qr-', { browserArgs: fakeCameraArgs(camera) })
})

afterAll(async () => {
  await session?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function phone(): Promise<Page> {
  const page = await session!.newPage()
  await page.context().grantPermissions(['camera'])
  return page
}

/** Whether this phone's IndexedDB copy of `space` holds at least `atLeast` folded events. */
function savedEvents({ space, atLeast }: { space: string; atLeast: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open('veche')
    open.onsuccess = () => {
      const read = open.result.transaction('kv').objectStore('kv').get(`space:${space}`)
      read.onsuccess = () => {
        open.result.close()
        const saved = read.result as { events?: unknown[] } | undefined
        resolve((saved?.events?.length ?? 0) >= atLeast)
      }
      read.onerror = () => resolve(false)
    }
    open.onerror = () => resolve(false)
  })
}

/** `words` words of text that compresses about as little as real prose does. */
function longText(words: number): string {
  const vocabulary = ['boiler', 'landlord', 'radiator', 'winter', 'repair', 'notice', 'stairwell']
  let seed = 7
  return Array.from({ length: words }, (_, i) => {
    seed = (seed * 48271) % 2147483647
    return `${vocabulary[seed % vocabulary.length]!}${seed % 97}${i % 10 === 9 ? '.' : ''}`
  }).join(' ')
}

async function foundAssembly(page: Page): Promise<string> {
  await page.getByLabel('Name of the assembly').fill("Tenants' assembly")
  await page.getByLabel('Your name in this assembly').fill('Aigerim')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByText('1 member', { exact: true }).waitFor()
  return /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!
}

test('qr: a phone scans an invitation with its camera and opens the join screen for it', async () => {
  const facilitator = await phone()
  await foundAssembly(facilitator)
  await openSection(facilitator, 'members')
  await facilitator.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await facilitator.getByLabel('Invitation link').inputValue()
  const code = await grabCode(
    facilitator.getByRole('img', { name: /QR code of the invitation link/ }),
  )
  writeY4m(camera, [code.grey])

  const newcomer = await phone()
  await newcomer.getByRole('link', { name: 'Scan a QR code' }).click()
  await newcomer.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
  await newcomer.getByRole('button', { name: 'Join' }).waitFor()
  expect(decodeURIComponent(newcomer.url().split('#/join/')[1]!)).toBe(
    decodeURIComponent(link.split('#/join/')[1]!),
  )
})

test('qr: a phone with no network receives an assembly from another phone’s codes and shows the same state', async () => {
  const a = await phone()
  const space = await foundAssembly(a)
  await openSection(a, 'members')
  await a.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await a.getByLabel('Invitation link').inputValue()
  const b = await phone()
  await b.goto(link)
  await b.getByLabel('Your name in this assembly').fill('Bolat')
  await b.getByRole('button', { name: 'Join' }).click()
  await b.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
  await a.getByText('2 members', { exact: true }).waitFor()

  // B loses the network (its app is closed meanwhile, so no stream opened before stays open);
  // A's assembly goes on without it: a vote, cast and counted. Before closing, B's copy on disk
  // must hold its own joining (the app writes it a moment after folding it).
  await b.getByText('2 members', { exact: true }).waitFor()
  await b.waitForFunction(savedEvents, { space, atLeast: 3 })
  await b.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  const phoneB = b.context()
  await b.close()
  await phoneB.setOffline(true)
  await openSection(a, 'now')
  await a.getByLabel('Question').fill('Withhold rent until the heating is fixed?')
  await a.getByLabel('Options, one per line').fill('Yes\nNo')
  await a.getByRole('button', { name: 'Open the vote' }).click()
  await a.getByRole('radio', { name: 'Yes' }).check()
  await a.getByRole('button', { name: 'Cast my vote' }).click()
  await a.getByText('1 person has voted').waitFor()
  await a.getByRole('button', { name: 'Close the vote and count' }).click()
  await openSection(a, 'decisions')
  await a.getByText('1 ballot counted; no quorum required.').waitFor()
  // And a long proposal, so that the series has enough codes for their order to matter.
  await openSection(a, 'proposals')
  await a.getByLabel('Title', { exact: true }).fill('Fix the heating')
  await a.getByLabel('Text', { exact: true }).fill(longText(700))
  await a.getByRole('button', { name: 'Propose' }).click()
  await a.getByRole('link', { name: 'Fix the heating' }).waitFor()
  await openSection(a, 'decisions')
  const stateA = await a.locator('section.verify code.key').textContent()
  // B opens the app with no network: the service worker serves it, the assembly is as B left it.
  const offline = await phoneB.newPage()
  offline.setDefaultTimeout(WAIT)
  await offline.goto(`${link.split('#')[0]}#/a/${space}`)
  await offline.getByText('2 members', { exact: true }).waitFor()
  await expect(
    offline.getByText('Withhold rent until the heating is fixed?').count(),
  ).resolves.toBe(0)

  // A shows its series; the test holds each code (Pause, Next) and films it.
  await a.getByRole('link', { name: 'Carry to another phone by QR' }).click()
  const caption = await a.getByText(/^Code 1 of \d+$/).textContent()
  const count = Number(/of (\d+)/.exec(caption!)![1])
  expect(count).toBeGreaterThan(2)
  await a.getByRole('button', { name: 'Pause' }).click()
  await a.getByRole('button', { name: 'Previous code' }).click()
  await a.getByRole('button', { name: 'Next code' }).click()
  const frames = []
  const pngs = join(dir, 'codes')
  mkdirSync(pngs)
  for (let i = 1; i <= count; i++) {
    const code = await grabCode(a.locator(`img.carry-qr[data-code="${i}"]`))
    frames.push(code.grey)
    writeFileSync(join(pngs, `code-${String(i).padStart(3, '0')}.png`), code.png)
    await a.getByRole('button', { name: 'Next code' }).click()
  }
  await a.getByText('The codes as text').click()
  const texts = (await a.getByRole('textbox', { name: /The codes as text/ }).inputValue()).split(
    '\n',
  )
  expect(texts).toHaveLength(count)

  // The CLI reads the phone's codes as it reads its own.
  const unqr = spawnSync(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/veche.js'),
      'bundle',
      'unqr',
      pngs,
      '--out',
      join(dir, 'phone.bundle'),
    ],
    { encoding: 'utf8' },
  )
  expect(unqr.stderr).toBe('')
  expect(unqr.stdout).toMatch(new RegExp(`read ${count} QR code\\(s\\)`))
  // …and a hub started from nothing takes every event in them as its own.
  const carried = /carry (\d+) signed events/.exec(
    (await a.getByText(/These codes carry/).textContent())!,
  )![1]!
  const imported = spawnSync(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/veche.js'),
      '--data',
      join(dir, 'fresh-hub'),
      'bundle',
      'import',
      join(dir, 'phone.bundle'),
    ],
    { encoding: 'utf8' },
  )
  expect(imported.stdout).toMatch(new RegExp(`^imported ${carried} new event\\(s\\)`))

  // B, still offline, opens the receiving screen; its camera looks at a white wall at first.
  // A code pasted by hand counts; a foreign one is refused and the pasted one is kept.
  await offline.goto(`${link.split('#')[0]}#/carry`)
  await offline.getByRole('heading', { name: 'Receive events by QR' }).waitFor()
  await offline.getByLabel(/Or paste the code here/).fill(`${texts[count - 1]!}\nhello there`)
  await offline.getByRole('button', { name: 'Read the pasted code' }).click()
  await offline.getByText(`1 of ${count} codes read`).waitFor()
  await offline
    .getByRole('alert')
    .getByText(/That code is not part of a Veche series.*The codes already read are kept/)
    .waitFor()

  // Now the camera films A's codes, the first last; the video loops until every one is read.
  writeY4m(camera, [...frames.slice(1), frames[0]!])
  await offline.getByRole('button', { name: 'Turn the camera off' }).click()
  await offline.getByRole('button', { name: 'Turn the camera on' }).click()
  const filming = Date.now()
  await offline.getByText(/new events checked and added/).waitFor({ timeout: 120_000 })
  console.log(
    `${count} codes (${carried} events) scanned from the camera in ${Date.now() - filming} ms`,
  )
  await offline.getByRole('link', { name: 'Open the assembly' }).click()
  await openSection(offline, 'decisions')
  await offline
    .getByRole('heading', { name: 'Withhold rent until the heating is fixed?' })
    .waitFor()
  await offline.getByText('1 ballot counted; no quorum required.').waitFor()
  await expect(offline.locator('section.verify code.key').textContent()).resolves.toBe(stateA)
  // B never reached the hub for any of it.
  await expect(offline.evaluate(() => navigator.onLine)).resolves.toBe(false)
})

/** Runs the CLI over the data folder `data`; returns what it printed, failing on an error. */
function veche(data: string, ...args: string[]): string {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'packages/cli/bin/veche.js'), '--data', data, ...args],
    { encoding: 'utf8' },
  )
  expect(run.stderr, `veche ${args.join(' ')}`).toBe('')
  return run.stdout.trim()
}

test('qr: a series printed by veche bundle qr scans into a phone, which shows the state veche verify prints', async () => {
  const hall = join(dir, 'cli-hall')
  veche(hall, 'id', 'new', 'aigerim')
  const space = veche(hall, '--as', 'aigerim', 'assembly', 'create', '--name', 'Dock assembly')
  veche(
    hall,
    '--as',
    'aigerim',
    'propose',
    '--space',
    space,
    '--title',
    'Shade',
    '--text',
    'Awnings.',
  )
  const verified = JSON.parse(veche(hall, '--json', 'verify')) as {
    spaces: { space: string; hash: string }[]
  }
  veche(hall, 'bundle', 'export', '--out', join(dir, 'hall.bundle'))
  const printed = join(dir, 'printed')
  veche(hall, 'bundle', 'qr', join(dir, 'hall.bundle'), '--out', printed)

  // The printed codes are filmed as they are: each PNG drawn on the fake camera's picture.
  const page = await phone()
  const frames = []
  for (const name of readdirSync(printed).sort()) {
    const png = readFileSync(join(printed, name)).toString('base64')
    await page.evaluate((src) => {
      document.getElementById('printed')?.remove()
      const img = document.createElement('img')
      img.id = 'printed'
      img.src = `data:image/png;base64,${src}`
      document.body.append(img)
      return img.decode()
    }, png)
    frames.push((await grabCode(page.locator('#printed'))).grey)
  }
  writeY4m(camera, frames)
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await page.context().setOffline(true)
  await page.goto(`${page.url().split('#')[0]!}#/carry`)
  await page.getByText(/new events checked and added/).waitFor({ timeout: 120_000 })
  await page.getByRole('link', { name: 'Open the assembly' }).click()
  await openSection(page, 'proposals')
  await page.getByRole('link', { name: 'Shade' }).waitFor()
  await openSection(page, 'decisions')
  await expect(page.locator('section.verify code.key').textContent()).resolves.toBe(
    verified.spaces.find((s) => s.space === space)!.hash,
  )
})

test('qr: the QR screens have no serious accessibility fault and never scroll sideways, in four languages', async () => {
  // The camera sees a white wall: the screens are looked at as they wait for a code.
  writeY4m(camera, [blankFrame()])
  const page = await phone()
  const space = await foundAssembly(page)
  const base = page.url().split('#')[0]!
  const found: string[] = []
  await page.goto(`${base}#/a/${space}/carry`)
  await page.getByRole('button', { name: 'Pause' }).waitFor()
  found.push(...(await checkScreen(page, 'carry-show', (p) => p.locator('img.carry-qr').waitFor())))
  await page.goto(`${base}#/carry`)
  found.push(...(await checkScreen(page, 'carry-receive', (p) => p.locator('video').waitFor())))
  await page.goto(`${base}#/scan`)
  found.push(...(await checkScreen(page, 'scan', (p) => p.locator('video').waitFor())))
  expect(found, found.join('\n')).toEqual([])
})
