// `npm run screenshots`: every screen of the web app as a newcomer meets it, on a phone (390 × 844)
// and a laptop (1280 × 800), in each of the four languages, for reviewers to look at. It starts
// `veche serve --demo` over a fresh data folder (the demo assembly, its polls, its statement, its
// conversation with an opinion map, and its council), opens Debian's chromium, joins the demo assembly with the printed link as a new
// member would, and saves full-page pictures as artifacts/screenshots/<screen>-<size>-<lang>.png
// (each section of the assembly as assembly-<section>, two of them also in the dark theme; the
// projector also at 1920 × 1080, as on a TV).
// A screen wider than the phone (sideways scrolling) is named on stderr and makes the exit code 1.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'

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
  process.stdout.write(`screenshots in ${OUT}\n`)
} finally {
  await browser.close()
  hub.kill('SIGTERM')
  rmSync(data, { recursive: true, force: true })
}
process.exitCode = wide > 0 ? 1 : 0
