// A hub that lies about a refusal (docs/events.md, "Refusal kinds"; docs/web.md, "Offline"), in a
// real browser (Debian's chromium through playwright-core) on a real hub process. Between the page
// and the hub sits a hostile part of the hub: it keeps every ballot it is sent and answers that
// the poll is closed, while the page's own copy of the assembly holds the poll open. The app keeps
// the ballot and its seq and says why; the proposal made after it waits behind it, so no second
// event is signed at the ballot's seq, and an honest hub that gets everything the liar kept flags
// no fork. A ballot refused honestly (it names an option the poll does not have: no replica takes
// it) still frees its seq: the proposal made after it takes its place. Screenshots of the list, in
// the four languages on a phone and a laptop, go to $SHOTS_DIR, else artifacts/lying-hub.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { computeEventId, EventAuthor } from '@veche/core'
import type { PublicKey, SignedEvent, Signer, SpaceId } from '@veche/core'
import { syncWithPeer } from '@veche/server'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createHubClient } from './lib/hub-client.js'
import type { SubmitOutcome } from './lib/hub-client.js'
import { startSqliteHub } from './lib/test-support/sqlite-hub.js'
import { ARTIFACTS, openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-lying-hub-')
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

/** The member's events the hub holds in `space`, as "seq type". */
async function heldFrom(space: SpaceId, author: PublicKey): Promise<string[]> {
  const events = (await createHubClient(session!.url).readEvents(space, 0)) ?? []
  return events
    .map((e) => e.event as SignedEvent)
    .filter((e) => e.author === author)
    .map((e) => `${e.seq} ${e.type}`)
}

/** An assembly where `member` is admitted, with an open poll, all held by the hub. */
async function assemblyWithPoll(nonce: string, member: PublicKey) {
  const aigerim = new EventAuthor(nodeSigner(generateKeyPair()))
  const space = aigerim.spaceFor(nonce)
  const events = [
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
    await aigerim.next(
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
    ),
  ]
  const outcomes = await createHubClient(session!.url).submit(events)
  expect(outcomes?.map((o) => o.status)).toEqual(events.map(() => 'accepted'))
  return { space, poll: computeEventId(events[2]!) }
}

async function propose(page: Page, title: string): Promise<void> {
  await openSection(page, 'proposals')
  await page.getByLabel('Title').fill(title)
  await page.getByLabel('Text').fill('Keep the depot heated at night.')
  await page.getByRole('button', { name: 'Propose', exact: true }).click()
}

/**
 * Makes the hub lie to `page`: every ballot the page sends is kept in `kept` and answered as
 * refused (the poll closed); everything else goes to the real hub. `sent` gets every event sent.
 */
async function lieAboutBallots(
  page: Page,
  kept: SignedEvent[],
  sent: SignedEvent[],
): Promise<void> {
  const hub = createHubClient(session!.url)
  await page.route('**/api/events', async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    const { events } = route.request().postDataJSON() as { events: SignedEvent[] }
    sent.push(...events)
    const others = events.filter((e) => e.type !== 'ballot.cast')
    const answers = others.length === 0 ? [] : ((await hub.submit(others)) ?? [])
    const outcomes = events.map((event): SubmitOutcome => {
      if (event.type !== 'ballot.cast') return answers.shift()!
      if (!kept.some((k) => computeEventId(k) === computeEventId(event))) kept.push(event)
      return { status: 'rejected', code: 'ballot.poll-closed', message: 'this poll is closed' }
    })
    await route.fulfill({ status: 207, json: { outcomes } })
  })
}

const SHOTS = process.env.SHOTS_DIR ?? join(ARTIFACTS, 'lying-hub')

const LINES = {
  en: 'Vote: refused by the hub (the vote is closed), but what this device holds does not show why. ballot.poll-closed',
  ru: 'Голос: хаб отклонил это (голосование закрыто), но по данным этого устройства причины не видно. ballot.poll-closed',
  kk: 'Дауыс: хаб қабылдамады (дауыс беру жабық), бірақ бұл құрылғыдағы деректерден себебі көрінбейді. ballot.poll-closed',
  ko: '투표: 허브가 거부함(투표가 마감되었습니다). 하지만 이 기기가 가진 정보로는 그 이유가 보이지 않습니다. ballot.poll-closed',
} as const

test('browser: a hub that says a ballot it keeps was refused gets no second event at its seq; the member is told why, and an honest hub flags no fork', async () => {
  const page = await session!.newPage()
  const key = page.locator('code.key').first()
  await key.waitFor()
  const dana = (await key.textContent())!.trim() as PublicKey
  const member = new EventAuthor(pageSigner(page, dana))
  const { space, poll } = await assemblyWithPoll('lying-hub-1', dana)
  await page.goto(`${session!.url}/#/a/${space}`)
  await page.getByText('Strike on Monday?').first().waitFor()
  const kept: SignedEvent[] = []
  const sent: SignedEvent[] = []
  await lieAboutBallots(page, kept, sent)
  const ballot = await member.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, 10)
  await seedOutbox(page, [ballot])
  const list = page.locator('section.pending')
  const line = list.locator('li.not-yet p').first()
  await list.getByText('ballot.poll-closed').waitFor()
  // The reason in the member's words, once the refusal texts have loaded (never the hub's English).
  await expect.poll(async () => (await line.textContent())?.replace(/\s+/g, ' ')).toBe(LINES.en)
  await propose(page, 'Heat the depot')
  await list.getByText('Proposal: waits for your action above.').waitFor()
  mkdirSync(SHOTS, { recursive: true })
  for (const size of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'laptop', width: 1280, height: 800 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height })
    for (const [lang, text] of Object.entries(LINES)) {
      await page.locator('label.language select').selectOption(lang)
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
      await list.locator('li').nth(1).waitFor()
      await expect.poll(async () => (await line.textContent())?.replace(/\s+/g, ' ')).toBe(text)
      // Nothing wider than the screen on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        size.width,
      )
      await list.scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, `lying-hub-${size.name}-${lang}.png`) })
    }
  }
  await page.locator('label.language select').selectOption('en')

  // Every event the page signed has a seq of its own: the proposal came after the ballot.
  const mine = sent.filter((e) => e.author === dana)
  expect(mine.map((e) => `${e.seq} ${e.type}`)).toContain('2 proposal.submitted')
  expect(new Set(mine.map((e) => `${e.seq}`)).size).toBe(new Set(mine.map(computeEventId)).size)
  expect(kept.map((e) => computeEventId(e))).toEqual([computeEventId(ballot)])

  // The liar hands what it kept, and all it holds, to an honest hub: no fork there.
  const honest = await startSqliteHub()
  try {
    await syncWithPeer(honest.ledger, session!.url, { spaces: [space] })
    await honest.ledger.submit([...kept, ...sent], { park: true })
    expect((await honest.ledger.state(space))?.forks.get(dana)).toBeUndefined()
    expect(await honest.store.forks(space)).toEqual([])
  } finally {
    await honest.stop()
  }
  await page.close()
}, 120_000)

test('browser: a ballot every replica refuses (an option the poll does not have) still frees its seq: the proposal made after it takes its place', async () => {
  const page = await session!.newPage()
  const key = page.locator('code.key').first()
  await key.waitFor()
  const dana = (await key.textContent())!.trim() as PublicKey
  const member = new EventAuthor(pageSigner(page, dana))
  const { space, poll } = await assemblyWithPoll('lying-hub-2', dana)
  await page.goto(`${session!.url}/#/a/${space}`)
  await page.getByText('Strike on Monday?').first().waitFor()
  const ballot = await member.next(space, 'ballot.cast', { poll, vote: { choice: 'maybe' } }, 10)
  await seedOutbox(page, [ballot])
  const list = page.locator('section.pending')
  await list.locator('li.rejected').getByText('ballot.invalid').waitFor()
  await propose(page, 'Heat the depot')
  await expect
    .poll(() => heldFrom(space, dana), { timeout: 15_000 })
    .toEqual(['1 proposal.submitted'])
  await page.close()
}, 120_000)
