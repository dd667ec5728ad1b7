// `npm run screenshots`: every screen of the web app as a newcomer meets it, on a phone (390 × 844)
// and a laptop (1280 × 800), in each of the four languages, for reviewers to look at. It starts
// `veche serve --demo` over a fresh data folder (the demo assembly, its polls, its statement, its
// conversation with an opinion map, and its council), opens Debian's chromium, joins the demo assembly with the printed link as a new
// member would, and saves full-page pictures as artifacts/screenshots/<screen>-<size>-<lang>.png
// (each section of the assembly as assembly-<section>, two of them also in the dark theme; the
// projector also at 1920 × 1080, as on a TV; the pending list with an action the hub does not
// take yet, as pending-not-yet).
// A screen wider than the phone (sideways scrolling) is named on stderr and makes the exit code 1.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import { computeEventId, EventAuthor } from '@veche/core'
import type { EventId, PublicKey, SignedEvent, SpaceId } from '@veche/core'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
const OUT = process.env.VECHE_SHOTS ?? join(ROOT, 'artifacts/screenshots')
const LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const
const SECTIONS = ['now', 'decisions', 'proposals', 'statements', 'members', 'councils'] as const
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 800 },
] as const

if (!existsSync(join(ROOT, 'packages/web/dist/index.html')) || !existsSync(CHROMIUM)) {
  process.stderr.write(
    'screenshots: needs the built web app (npm run build) and Debian chromium (apt-get install -y chromium)\n',
  )
  process.exit(2)
}

/** Starts `veche serve --demo` on a free port; resolves with its address and the demo link. */
function startDemoHub(data: string) {
  const hub = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/cli/bin/veche.js'),
      'serve',
      '--demo',
      '--data',
      data,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const ready = new Promise<{ url: string; link: string }>((resolve, reject) => {
    let printed = ''
    const timer = setTimeout(
      () => reject(new Error(`the demo hub did not start: ${printed}`)),
      60_000,
    )
    const read = (chunk: Buffer): void => {
      printed += chunk.toString()
      const link = /Join the demo assembly: (\S+)/.exec(printed)?.[1]
      const port = /listening on port (\d+)/.exec(printed)?.[1]
      if (link !== undefined && port !== undefined && printed.includes('Stop: Ctrl+C')) {
        clearTimeout(timer)
        resolve({ url: `http://127.0.0.1:${port}`, link })
      }
    }
    hub.stdout.on('data', read)
    hub.stderr.on('data', read)
    hub.once('exit', (code) => reject(new Error(`the demo hub exited (${code}): ${printed}`)))
  })
  return { hub, ready }
}

/**
 * Brings the pending list of `space` to an action the hub does not take yet (docs/web.md,
 * "Offline"): a ballot on a vote this hub has never seen, signed in the page by the member's own
 * key and put in the device's outbox as the app keeps it, then a proposal made after it, which
 * waits behind it.
 */
async function shootNotYet(page: Page, url: string, space: string): Promise<void> {
  await page.goto(`${url}/#/a/${space}/proposals`)
  await page.locator('nav a[data-section="proposals"][aria-current="page"]').waitFor()
  // In the page, as text (this script has no DOM types): one step on the app's key-value store.
  const kv = `async function kv(mode, step) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('veche', 1)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const tx = db.transaction('kv', mode)
    const request = step(tx.objectStore('kv'))
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve
      tx.onerror = () => reject(tx.error)
    })
    db.close()
    return request.result
  }`
  const key = await page.evaluate<PublicKey>(
    `(async () => { ${kv}; return (await kv('readonly', (s) => s.get('identity'))).publicKey })()`,
  )
  // Where the member's chain stands on the hub: the ballot continues it.
  let head: { seq: number; head: EventId } | null = null
  for (let after: number | null = 0; after !== null;) {
    const response = await fetch(`${url}/api/spaces/${space}/events?after=${after}&limit=1000`)
    const read = (await response.json()) as {
      events: { id: EventId; event: SignedEvent }[]
      next: number | null
    }
    for (const { id, event } of read.events)
      if (event.author === key && (head === null || event.seq > head.seq))
        head = { seq: event.seq, head: id }
    after = read.next
  }
  // The member's key signs in the page; its secret never leaves it.
  const member = new EventAuthor({
    publicKey: key,
    async sign(message) {
      const bytes = JSON.stringify(Array.from(message))
      return new Uint8Array(
        await page.evaluate<number[]>(`(async () => {
          ${kv}
          const identity = await kv('readonly', (s) => s.get('identity'))
          const signed = await crypto.subtle.sign(
            { name: 'Ed25519' }, identity.privateKey, new Uint8Array(${bytes}))
          return Array.from(new Uint8Array(signed))
        })()`),
      )
    },
  })
  member.follow(space as SpaceId, head)
  // The id of a vote opened where this hub has never heard of it.
  const unseen = createHash('sha256').update('a vote opened elsewhere').digest('base64url')
  const ballot = await member.next(
    space as SpaceId,
    'ballot.cast',
    { poll: unseen, vote: { choice: 'yes' } },
    Date.now(),
  )
  const entries = JSON.stringify([{ id: computeEventId(ballot), event: ballot, status: 'pending' }])
  await page.evaluate(`(async () => {
    ${kv}
    await kv('readwrite', (s) => s.put(${entries}, 'outbox'))
  })()`)
  await page.reload()
  await page.locator('section.pending li.not-yet button').waitFor()
  await page.getByLabel('Title').fill('Heat the depot at night')
  await page.getByLabel('Text').fill('From November to March.')
  await page.getByRole('button', { name: 'Propose', exact: true }).click()
  await page.locator('section.pending li.not-yet').nth(1).waitFor()
}

const data = mkdtempSync(join(tmpdir(), 'veche-screenshots-'))
const { hub, ready } = startDemoHub(data)
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // The QR screens open the camera: chromium's own fake one (a test pattern), granted at once.
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ],
})
let wide = 0
try {
  const { url, link } = await ready
  mkdirSync(OUT, { recursive: true })
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage()
  page.setDefaultTimeout(30_000)

  /** Saves the page as it is now, at every size and in every language. */
  async function shoot(
    screen: string,
    settle: (page: Page) => Promise<void>,
    sizes: readonly { name: string; width: number; height: number }[] = SIZES,
  ): Promise<void> {
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height })
      for (const lang of LANGUAGES) {
        await page.locator('label.language select').selectOption(lang)
        // The language's strings load before it switches; a string predicate would be eval'd in the
        // page, which the app's CSP forbids, so wait on the attribute.
        await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
        await settle(page)
        const width = await page.evaluate<number>('document.documentElement.scrollWidth')
        if (width > size.width) {
          wide++
          process.stderr.write(
            `${screen} ${size.name} ${lang}: ${width} px wide, the screen is ${size.width}\n`,
          )
        }
        // The whole page, as a screen as tall as it would show it: a full-page capture would draw
        // the assembly's section bar (sticky at the bottom of the screen) in the middle.
        const tall = await page.evaluate<number>('document.documentElement.scrollHeight')
        await page.setViewportSize({ width: size.width, height: Math.max(size.height, tall) })
        await page.screenshot({ path: join(OUT, `${screen}-${size.name}-${lang}.png`) })
        await page.setViewportSize({ width: size.width, height: size.height })
      }
    }
    await page.locator('label.language select').selectOption('en')
  }
  const heading = async (p: Page) => {
    await p.locator('h1, h2').first().waitFor()
  }

  await page.goto(url)
  await page.getByRole('button').first().waitFor()
  await shoot('home', heading)

  await page.goto(link)
  await page.getByLabel(/name/i).first().waitFor()
  await shoot('join', heading)
  await page.locator('label.language select').selectOption('en')
  await page.getByLabel('Your name in this assembly').fill('Dana')
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(/#\/a\//)
  await page.locator('h1, h2').first().waitFor()
  const assembly = page.url()
  const space = /#\/a\/([^/]+)/.exec(assembly)![1]!
  // Each section of the assembly (#/a/<space>/<section>), and the links each one holds.
  const hrefs: string[] = []
  for (const section of SECTIONS) {
    await page.goto(section === 'now' ? `${url}/#/a/${space}` : `${url}/#/a/${space}/${section}`)
    await page.locator(`nav a[data-section="${section}"][aria-current="page"]`).waitFor()
    await shoot(`assembly-${section}`, heading)
    hrefs.push(
      ...(await page.evaluate<string[]>(
        `[...document.querySelectorAll('main a[href^="#/a/"]')].map((a) => a.getAttribute('href'))`,
      )),
    )
  }
  // The dark theme, as a device set to it shows the assembly.
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(`${url}/#/a/${space}`)
  await shoot('assembly-now-dark', heading)
  await page.goto(`${url}/#/a/${space}/decisions`)
  await shoot('assembly-decisions-dark', heading)
  await page.emulateMedia({ colorScheme: 'light' })

  // The pages the assembly links to: a proposal, the statement, the council.
  const proposal = hrefs.find((h) => h.startsWith(`#/a/${space}/p/`))
  const statement = hrefs.find((h) => h.startsWith(`#/a/${space}/s/`))
  const council = hrefs.find((h) => /^#\/a\/[^/]+$/.test(h) && !h.includes(space))
  const conversation = hrefs.find((h) => h.startsWith(`#/a/${space}/c/`))
  for (const [screen, href] of [
    ['proposal', proposal],
    ['statement', statement],
    ['conversation', conversation],
    ['council', council],
  ] as const) {
    if (href === undefined) {
      process.stderr.write(`screenshots: the demo assembly links to no ${screen}\n`)
      continue
    }
    await page.goto(`${url}/${href}`)
    await page.locator('h1, h2').first().waitFor()
    await shoot(screen, heading)
  }
  // The statement's translation editor (into Kazakh) and the form that drafts a new statement.
  if (statement !== undefined) {
    await page.goto(`${url}/${statement}/translate/kk`)
    await page.locator('h1, h2').first().waitFor()
    await shoot('statement-translate', heading)
  }
  await page.goto(`${url}/#/a/${space}/s/new`)
  await page.locator('h1, h2').first().waitFor()
  await shoot('statement-draft', heading)
  await page.goto(`${url}/#/a/${space}/projector`)
  await page.locator('main').first().waitFor()
  await shoot(
    'projector',
    async (p) => {
      await p.locator('main').first().waitFor()
    },
    [...SIZES, { name: 'tv', width: 1920, height: 1080 }],
  )
  // The QR screens: this phone's series of the assembly (held on its first code), receiving a
  // series, scanning an invitation.
  await page.goto(`${url}/#/a/${space}/carry`)
  await page.locator('img.carry-qr').waitFor()
  await page.locator('.carry-controls button').nth(1).click()
  await shoot('carry-show', heading)
  await page.goto(`${url}/#/carry`)
  await shoot('carry-receive', heading)
  await page.goto(`${url}/#/scan`)
  await shoot('scan-invitation', heading)
  await page.goto(`${url}/#/device`)
  await shoot('device', heading)
  await page.goto(`${url}/#/new-council`)
  await shoot('new-council', heading)
  // An assembly as its founder sees it: the facilitator's tools and the form that opens a vote,
  // which the demo's new member never sees.
  await page.goto(url)
  await page.getByLabel('Name of the assembly').fill('Depot workers')
  await page.getByLabel('Your name in this assembly').fill('Dana')
  await page.getByRole('button', { name: 'Found the assembly' }).click()
  await page.getByRole('heading', { name: 'Depot workers' }).waitFor()
  await shoot('assembly-founder', heading)
  await shootNotYet(page, url, space)
  await shoot('pending-not-yet', async (p) => {
    await p.locator('section.pending li.not-yet button').waitFor()
  })
  process.stdout.write(`screenshots in ${OUT}\n`)
} finally {
  await browser.close()
  hub.kill('SIGTERM')
  rmSync(data, { recursive: true, force: true })
}
process.exitCode = wide > 0 ? 1 : 0
