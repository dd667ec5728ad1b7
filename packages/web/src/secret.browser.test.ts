// A secret poll in real browsers (Debian's chromium through playwright-core) against a real hub
// process (`veche serve`): the facilitator opens it with the box ticked, and her open app issues
// the credentials and holds the tellers' key by itself; three members in their own browser
// contexts get credentials on seeing the poll, vote through POST /api/ballots (one of them
// offline, sent when back, and recast), see only the count of ballots until the seal; the
// facilitator seals and counts, the result is the plain count of the last votes, and each voter's
// phone says its ballot was sealed and counted, having forgotten its one-time key. The
// explanation shows in each of the four languages.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ARTIFACTS, injectAxe, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-secret-web-')
})

afterAll(async () => {
  await session?.close()
})

const EXPLAIN = {
  en: 'Secret vote. Everyone can see who asked to take part. Nobody — not the hub, not the facilitators — can see how anyone voted. The choices are counted only after the vote is sealed.',
  ru: 'Тайное голосование. Все видят, кто попросил участвовать. Никто — ни хаб, ни ведущие — не видит, кто как проголосовал. Голоса подсчитываются только после того, как голосование запечатано.',
  kk: 'Жасырын дауыс беру. Қатысуды кім сұрағанын бәрі көре алады. Ешкім — хаб та, жүргізушілер де — кімнің қалай дауыс бергенін көре алмайды. Таңдаулар дауыс беру мөрленгеннен кейін ғана саналады.',
  ko: '비밀 투표입니다. 누가 참여를 요청했는지는 모두가 볼 수 있습니다. 허브도, 진행자도, 그 누구도 누가 어떻게 투표했는지 볼 수 없습니다. 선택은 투표가 봉인된 뒤에만 집계됩니다.',
}

/** Where the screenshots go (VECHE_SHOTS, else artifacts/secret). */
const SHOTS = process.env.VECHE_SHOTS ?? join(ARTIFACTS, 'secret')

/** Screenshots of `target` on a phone (390 px) and a laptop (1280 px), in every language. */
async function shoot(page: Page, name: string, target = 'article.secret'): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const [size, width] of [
    ['phone', 390],
    ['laptop', 1280],
  ] as const) {
    await page.setViewportSize({ width, height: 900 })
    for (const lang of Object.keys(EXPLAIN)) {
      await page.locator('label.language select').selectOption(lang)
      await page.waitForFunction((l) => document.documentElement.lang === l, lang)
      // No sideways scrolling on a phone, in any language.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      )
      await page
        .locator(target)
        .first()
        .screenshot({ path: join(SHOTS, `${name}-${size}-${lang}.png`) })
    }
  }
  await page.locator('label.language select').selectOption('en')
  await page.setViewportSize({ width: 420, height: 900 })
}

/** The value kept under `key` in this page's IndexedDB. */
function storedValue(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (k) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('veche', 1)
        open.onerror = () => reject(open.error ?? new Error('no IndexedDB'))
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').get(k)
          request.onsuccess = () => resolve(request.result)
        }
      }),
    key,
  )
}

/** The keys this page's IndexedDB holds (the app's one key-value store). */
function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('veche', 1)
        open.onerror = () => reject(open.error ?? new Error('no IndexedDB'))
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').getAllKeys()
          request.onsuccess = () => resolve(request.result.map(String))
        }
      }),
  )
}

async function vote(page: Page, choice: string): Promise<void> {
  await page.getByRole('radio', { name: choice }).check()
  await page.getByRole('button', { name: 'Cast my vote' }).click()
}

test('browser: a secret poll from opening to count, with a recast and an offline ballot', async () => {
  const facilitator = await session!.newPage()
  await facilitator.getByLabel('Name of the assembly').fill('Night shift union')
  await facilitator.getByLabel('Your name in this assembly').fill('Aigerim')
  await facilitator.getByRole('button', { name: 'Found the assembly' }).click()
  await facilitator.getByRole('heading', { name: 'Night shift union' }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(facilitator.url())![1]!
  await openSection(facilitator, 'members')
  await facilitator.getByLabel('How many people may join with it').fill('3')
  await facilitator.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await facilitator.getByLabel('Invitation link').inputValue()
  await openSection(facilitator, 'now')

  const names = ['Bolat', 'Dana', 'Yerlan']
  const members: Page[] = []
  for (const name of names) {
    const page = await session!.newPage()
    await page.goto(link)
    await page.getByLabel('Your name in this assembly').fill(name)
    await page.getByRole('button', { name: 'Join' }).click()
    await page.getByRole('heading', { name: 'Night shift union' }).waitFor()
    members.push(page)
  }
  await facilitator.getByText('4 members', { exact: true }).waitFor()
  // The facilitator and Bolat each have the assembly open in a second tab too (same storage):
  // one tab of a device issues, and a member asks for one credential, not two.
  const tabs: Page[] = []
  for (const page of [facilitator, members[0]!]) {
    const tab = await page.context().newPage()
    tab.setDefaultTimeout(15_000)
    await tab.goto(page.url())
    await tab.getByRole('heading', { name: 'Night shift union' }).waitFor()
    tabs.push(tab)
  }

  // The facilitator opens a secret poll; her app publishes the issuer key and the teller's dealing.
  await facilitator.getByLabel('Question').fill('Strike on Monday?')
  await facilitator.getByLabel('Options, one per line').fill('Yes\nNo')
  await facilitator.getByRole('checkbox', { name: 'Secret vote' }).check()
  await shoot(facilitator, 'open-form', 'section.tools form')
  await facilitator.getByRole('button', { name: 'Open the vote' }).click()
  const [bolat, dana, yerlan] = members as [Page, Page, Page]
  expect(space).toMatch(/^[A-Za-z0-9_-]{22}$/)
  // Seeing the poll asks for the credential; the facilitator's app answers; before any vote.
  for (const page of [facilitator, ...members]) {
    await page.getByText(EXPLAIN.en).waitFor()
    await page
      .getByText('You may vote. Your ballot is sent without your name.')
      .waitFor({ timeout: 30_000 })
  }
  await facilitator.getByText('4 members asked to take part').waitFor()
  for (const tab of tabs) {
    await tab.getByText('You may vote. Your ballot is sent without your name.').waitFor()
    await tab.close()
  }
  const types = (
    (await (await fetch(`${session!.url}/api/spaces/${space}/events?limit=1000`)).json()) as {
      events: { event: { type: string } }[]
    }
  ).events.map((e) => e.event.type)
  expect(types.filter((t) => t === 'secret.issuer-key')).toHaveLength(1)
  expect(types.filter((t) => t === 'secret.credential-requested')).toHaveLength(4)
  expect(types.filter((t) => t === 'secret.credential-issued')).toHaveLength(4)
  for (const page of [facilitator, ...members])
    expect(await page.locator('section.pending li.rejected').count()).toBe(0)

  await shoot(bolat, 'ready')
  // A secret choice picked but not yet cast is never a draft: nothing of it in localStorage (the
  // app's drafts, readable by whoever holds the phone when there is no passphrase lock).
  await bolat.getByRole('radio', { name: 'Yes' }).check()
  expect(
    await bolat.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.vote.'))),
  ).toEqual([])
  await vote(bolat, 'Yes')
  await vote(dana, 'Yes')
  await vote(facilitator, 'No')
  // Yerlan votes offline: the ballot waits on the phone, across a reload, and goes when back.
  await yerlan.context().setOffline(true)
  await vote(yerlan, 'No')
  await yerlan.getByText('Sending your secret ballot…').waitFor()
  await yerlan.reload()
  await yerlan.getByText('Sending your secret ballot…').waitFor()
  await yerlan.context().setOffline(false)
  await yerlan.evaluate(() => window.dispatchEvent(new Event('online')))
  for (const page of [facilitator, ...members])
    await page
      .getByText('Your secret ballot is in. You may change it until the vote is sealed.')
      .waitFor({ timeout: 30_000 })
  // Dana changes her mind; only her last ballot counts.
  await vote(dana, 'No')
  await dana.getByText('Sending your secret ballot…').waitFor()
  await dana
    .getByText('Your secret ballot is in. You may change it until the vote is sealed.')
    .waitFor({ timeout: 30_000 })
  // Before the seal the hub and every phone know how many ballots there are, not what they say.
  await facilitator.getByText('5 ballots are in.', { exact: false }).waitFor({ timeout: 15_000 })
  await bolat.getByText('5 ballots are in.', { exact: false }).waitFor({ timeout: 15_000 })
  expect(await bolat.locator('.result').count()).toBe(0)
  // The projector too: the count, no tally.
  const projector = await facilitator.context().newPage()
  await projector.goto(`${session!.url}/#/a/${space}/projector`)
  await projector.getByText(EXPLAIN.en).waitFor()
  await projector.getByText('5 ballots are in.', { exact: false }).waitFor()
  expect(await projector.locator('.live-tally').count()).toBe(0)
  await projector.close()
  await shoot(bolat, 'voted')
  // Accessibility: axe-core finds no WCAG A/AA violation on the secret poll.
  await injectAxe(bolat)
  const violations = await bolat.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }>
        }
      }
    ).axe
    const result = await axe.run('article.secret', { runOnly: ['wcag2a', 'wcag2aa'] })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  expect(violations).toEqual([])

  await facilitator.getByRole('button', { name: 'Seal the vote' }).click()
  await facilitator.getByText('Sealed with 4 ballots.').waitFor()
  await bolat.getByText('Your ballot was sealed.').waitFor()
  await facilitator.getByRole('button', { name: 'Count the ballots' }).waitFor()
  await shoot(facilitator, 'sealed')
  // The facilitator's app reveals the teller's share by itself; then she counts.
  await facilitator.getByRole('button', { name: 'Count the ballots' }).click()
  // Counted, the vote is a decision: it moves from "now" to the decisions.
  for (const page of [facilitator, ...members]) {
    await openSection(page, 'decisions')
    await page.getByText('4 ballots counted;').waitFor()
    await page.getByText('Your ballot was sealed and counted.').waitFor()
  }
  const rows = await bolat.locator('.result tbody tr').allTextContents()
  expect(rows.slice(0, 2).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
    expect.stringMatching(/^Yes\D*1\b/),
    expect.stringMatching(/^No\D*3\b/),
  ])
  await shoot(bolat, 'counted')
  // After the count nothing on the phone keeps the one-time key or the choice.
  for (const page of [facilitator, ...members]) {
    const keys = await storedKeys(page)
    expect(keys.filter((k) => k.startsWith('secret.wallet:'))).toEqual([])
    expect(keys.filter((k) => k.startsWith('secret.final:'))).toHaveLength(1)
    expect((await storedValue(page, 'secret.outbox')) ?? []).toEqual([])
  }
  // The explanation, in every language.
  for (const [lang, text] of Object.entries(EXPLAIN)) {
    await bolat.locator('label.language select').selectOption(lang)
    await bolat.getByText(text).waitFor()
  }
}, 180_000)
