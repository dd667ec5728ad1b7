// An action the hub does not take yet for a "waiting" reason (docs/web.md, "Offline"), seen in a
// real browser (Debian's chromium through playwright-core) on a real hub process. The member's
// ballot names a poll this hub does not hold (it was opened where this hub has not heard of it):
// it is put in the device's outbox as the app keeps it, signed by the member's own key in the
// page. The pending list says the hub has not taken it yet and why, in the member's language; a
// proposal made after it waits behind it. Once the poll reaches the hub, the retry is taken and the
// list empties; in a second assembly, where the poll never comes, "Give up" drops the ballot and
// the proposal, signed again in its place, is taken. Screenshots of the list in that state, in the
// four languages on a phone and a laptop, go to $SHOTS_DIR, else artifacts/give-up.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { computeEventId, EventAuthor } from '@veche/core'
import type { PublicKey, SignedEvent, Signer, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createHubClient } from './lib/hub-client.js'
import { checkScreen } from './test-support/screen-check.js'
import { focusHiddenBy, focusedText } from './test-support/focus-check.js'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-give-up-')
})

afterAll(async () => {
  await session?.close()
})

/** The member's key as the page keeps it: it signs in the page, its secret never leaves. */
function pageSigner(page: Page, publicKey: PublicKey): Signer {
  return {
    publicKey,
    async sign(message) {
      const signature = await page.evaluate(async (bytes) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('veche', 1)
          open.onsuccess = () => resolve(open.result)
          open.onerror = () => reject(open.error ?? new Error('open failed'))
        })
        const stored = await new Promise<{ privateKey: CryptoKey }>((resolve, reject) => {
          const get = db.transaction('kv').objectStore('kv').get('identity')
          get.onsuccess = () => resolve(get.result as { privateKey: CryptoKey })
          get.onerror = () => reject(get.error ?? new Error('read failed'))
        })
        db.close()
        const signed = await crypto.subtle.sign(
          { name: 'Ed25519' },
          stored.privateKey,
          new Uint8Array(bytes),
        )
        return Array.from(new Uint8Array(signed))
      }, Array.from(message))
      return new Uint8Array(signature)
    },
  }
}

/** Puts `events` in the device's outbox as pending, as the app keeps them, and reloads the page. */
async function seedOutbox(page: Page, events: readonly SignedEvent[]): Promise<void> {
  const entries = events.map((event) => ({ id: computeEventId(event), event, status: 'pending' }))
  await page.evaluate(async (value) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('veche', 1)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error ?? new Error('open failed'))
    })
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('kv', 'readwrite')
      tx.objectStore('kv').put(value, 'outbox')
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error ?? new Error('write failed'))
    })
    db.close()
  }, entries)
  await page.reload()
}

async function send(events: readonly SignedEvent[]): Promise<void> {
  const outcomes = await createHubClient(session!.url).submit(events)
  expect(outcomes?.map((o) => o.status)).toEqual(events.map(() => 'accepted'))
}

/** The member's events the hub holds in `space`, by type. */
async function heldFrom(space: SpaceId, author: PublicKey): Promise<string[]> {
  const events = (await createHubClient(session!.url).readEvents(space, 0)) ?? []
  return events
    .map((e) => e.event as SignedEvent)
    .filter((e) => e.author === author)
    .map((e) => `${e.seq} ${e.type}`)
}

/** An assembly where `member` is admitted, held by the hub, and a poll it does not hold. */
async function assemblyWithUnseenPoll(nonce: string, member: PublicKey) {
  const aigerim = new EventAuthor(nodeSigner(generateKeyPair()))
  const space = aigerim.spaceFor(nonce)
  await send([
    await aigerim.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Depot',
        description: '',
        languages: ['en'],
        founderName: 'Aigerim',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
          visibility: 'public',
        },
      },
      1,
    ),
    await aigerim.next(space, 'member.admitted', { member, name: 'Dana' }, 2),
  ])
  const opened = await aigerim.next(
    space,
    'poll.opened',
    {
      question: 'Strike on Monday?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: `seed-${nonce}`,
    },
    3,
  )
  return { space, opened, poll: computeEventId(opened) }
}

async function propose(page: Page, title: string): Promise<void> {
  await openSection(page, 'proposals')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Text').fill('Keep the depot heated at night.')
  await page.getByRole('button', { name: 'Propose', exact: true }).click()
}

const SHOTS = process.env.SHOTS_DIR ?? join(ARTIFACTS, 'give-up')

/** The list's line for the ballot and the one behind it, in each language. */
const expected = {
  en: {
    ballot:
      'Vote: not taken yet — the vote it belongs to has not reached this hub. ballot.unknown-poll',
    behind: 'Proposal: waits for your action above.',
    button: 'Give up',
    keep: 'Keep it',
  },
  ru: {
    ballot:
      'Голос: хаб пока не принял — голосование, к которому это относится, ещё не дошло до этого хаба. ballot.unknown-poll',
    behind: 'Предложение: ждёт вашего действия выше.',
    button: 'Отказаться',
    keep: 'Оставить',
  },
  kk: {
    ballot:
      'Дауыс: хаб әлі қабылдаған жоқ — қатысты дауыс беру бұл хабқа әлі жеткен жоқ. ballot.unknown-poll',
    behind: 'Ұсыныс: жоғарыдағы әрекетіңізді күтуде.',
    button: 'Бас тарту',
    keep: 'Қалдыру',
  },
  ko: {
    ballot:
      '투표: 허브가 아직 받지 않음 — 이 작업이 속한 투표가 아직 이 허브에 오지 않았습니다. ballot.unknown-poll',
    behind: '안건: 위의 작업을 기다리는 중입니다.',
    button: '포기하기',
    keep: '유지하기',
  },
} as const

test('browser: a ballot the hub cannot take yet waits with its reason, what follows waits behind it; taken once its poll arrives, or given up', async () => {
  mkdirSync(SHOTS, { recursive: true })
  const page = await session!.newPage()
  const key = page.locator('code.key').first()
  await key.waitFor()
  const dana = (await key.textContent())!.trim() as PublicKey
  const member = new EventAuthor(pageSigner(page, dana))
  const list = page.locator('section.pending')
  const notYet = list.locator('li.not-yet')
  const rejected = list.locator('li.rejected')

  // 1. The poll reaches the hub later: the retry is taken and the list empties, nothing refused.
  const first = await assemblyWithUnseenPoll('give-up-browser-1', dana)
  const ballot = await member.next(
    first.space,
    'ballot.cast',
    { poll: first.poll, vote: { choice: 'yes' } },
    10,
  )
  await page.goto(`${session!.url}/#/a/${first.space}`)
  await seedOutbox(page, [ballot])
  await notYet.filter({ hasText: 'ballot.unknown-poll' }).waitFor()
  await propose(page, 'Heat the depot')
  await list.getByText(expected.en.behind).waitFor()
  // The ballot is sent again on every flush, and still not taken while the poll is missing.
  expect(await heldFrom(first.space, dana)).toEqual([])
  await send([first.opened])
  await list.waitFor({ state: 'detached' })
  expect(await heldFrom(first.space, dana)).toEqual(['1 ballot.cast', '2 proposal.submitted'])

  // 2. The poll never comes: "Give up" drops the ballot, the proposal takes its place.
  const second = await assemblyWithUnseenPoll('give-up-browser-2', dana)
  const lost = await member.next(
    second.space,
    'ballot.cast',
    { poll: second.poll, vote: { choice: 'no' } },
    20,
  )
  await page.goto(`${session!.url}/#/a/${second.space}`)
  await seedOutbox(page, [lost])
  await notYet.filter({ hasText: 'ballot.unknown-poll' }).waitFor()
  await propose(page, 'Open the canteen')
  await list.getByText(expected.en.behind).waitFor()
  const items = list.locator('li')
  const dialog = list.getByRole('alertdialog')
  for (const size of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'laptop', width: 1280, height: 800 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const [lang, text] of Object.entries(expected)) {
      await page.locator('label.language select').selectOption(lang)
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await list.getByText(text.behind).waitFor()
      expect(await items.count()).toBe(2)
      await expect
        .poll(async () => (await notYet.locator('p').first().textContent())?.replace(/\s+/g, ' '))
        .toBe(text.ballot)
      // One button, on the ballot; a touch target on a phone.
      const button = list.getByRole('button')
      expect(await button.allTextContents()).toEqual([text.button])
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)
      // A screen reader hears which action the button gives up.
      const describedBy = (await button.getAttribute('aria-describedby'))!
      expect(
        (await page.locator(`[id="${describedBy}"]`).textContent())?.replace(/\s+/g, ' '),
      ).toBe(text.ballot)
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        await list.scrollIntoViewIfNeeded()
        await page.screenshot({ path: join(SHOTS, `give-up-${size.name}-${lang}-${scheme}.png`) })
        // Give up asks before it drops anything, with the keyboard on the safe answer; that
        // answer, or Escape, keeps the action here and gives the keyboard back to Give up.
        await button.click()
        await dialog.waitFor()
        expect(await focusedText(page)).toBe(text.keep)
        // ... in sight, not under the section bar along the bottom of a phone.
        expect(await focusHiddenBy(page), `${lang} ${size.name} ${scheme}`).toBe('')
        await dialog.scrollIntoViewIfNeeded()
        await page.screenshot({
          path: join(SHOTS, `give-up-confirm-${size.name}-${lang}-${scheme}.png`),
        })
        if (scheme === 'light')
          await list.getByRole('button', { name: text.keep, exact: true }).click()
        else await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        expect(await focusedText(page)).toBe(text.button)
      }
      await page.emulateMedia({ colorScheme: 'light' })
    }
  }
  await page.locator('label.language select').selectOption('en')
  // axe on the waiting action and on its question, in both themes.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const found = await checkScreen(page, `give-up ${scheme}`, (p) =>
      p.locator('section.pending li.not-yet button').waitFor(),
    )
    await list.getByRole('button', { name: 'Give up' }).click()
    found.push(
      ...(await checkScreen(page, `give-up question ${scheme}`, (p) =>
        p.locator('section.pending [role="alertdialog"]').waitFor(),
      )),
    )
    expect(found).toEqual([])
    await list.getByRole('button', { name: 'Keep it' }).click()
    await dialog.waitFor({ state: 'detached' })
  }
  await page.emulateMedia({ colorScheme: 'light' })
  // Still waiting: nothing of the member's is on the hub.
  expect(await heldFrom(second.space, dana)).toEqual([])
  // Give up asks once more; "Keep it" keeps the action, "Yes, give up" drops it.
  await list.getByRole('button', { name: 'Give up' }).click()
  // The question is the dialog's name; which action, and that it is for good, its description.
  await list.getByRole('alertdialog', { name: 'Give up this action for good?' }).waitFor()
  const about = (await dialog.getAttribute('aria-describedby'))!.split(' ')
  const description = await Promise.all(
    about.map((id) => page.locator(`[id="${id}"]`).textContent()),
  )
  expect(description.join(' ').replace(/\s+/g, ' ')).toBe(
    `${expected.en.ballot} It cannot be undone.`,
  )
  await list.getByRole('button', { name: 'Keep it' }).click()
  await list.getByRole('button', { name: 'Give up' }).click()
  expect(await heldFrom(second.space, dana)).toEqual([])
  await list.getByRole('button', { name: 'Yes, give up' }).click()
  await list.waitFor({ state: 'detached' })
  // The keyboard is on the heading of what follows on the screen, in sight, not on the page.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2')
  expect(await focusedText(page)).toBe('Proposals')
  expect(await focusHiddenBy(page)).toBe('')
  expect(await rejected.count()).toBe(0)
  expect(await heldFrom(second.space, dana)).toEqual(['1 proposal.submitted'])
}, 300_000)
