// The web app in a real browser (Debian's chromium through playwright-core) against a real hub
// process (`veche serve`): a facilitator founds an assembly and invites, a member joins by the
// link, both vote in a majority poll and the facilitator closes it; then a consent vote cast by a
// member who is offline (and reloads while offline) is sent when the network is back and counts.
// Each of the four languages is screenshotted to artifacts/, and axe-core checks accessibility.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPair } from '@veche/store'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  ARTIFACTS,
  injectAxe,
  openSection,
  startBrowserHub,
  WAIT,
} from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null
let url = ''

beforeAll(async () => {
  session = await startBrowserHub('veche-web-')
  url = session.url
})

afterAll(async () => {
  await session?.close()
})

function newPage(): Promise<Page> {
  return session!.newPage()
}

test('browser: found, invite, join, vote, close; an offline vote counts; four languages', async () => {
  const facilitator = await newPage()
  await facilitator.getByLabel('Name of the assembly').fill("Tenants' assembly")
  await facilitator.getByLabel('Your name in this assembly').fill('Aigerim')
  await facilitator.getByRole('button', { name: 'Found the assembly' }).click()
  await facilitator.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
  await facilitator.getByText('1 member', { exact: true }).waitFor()
  const space = /#\/a\/([A-Za-z0-9_-]{22})/.exec(facilitator.url())![1]!

  await openSection(facilitator, 'members')
  await facilitator.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await facilitator.getByLabel('Invitation link').inputValue()
  expect(link).toMatch(/#\/join\/veche-invite:/)
  await facilitator.getByRole('img', { name: /QR code of the invitation link/ }).waitFor()

  const member = await newPage()
  await member.goto(link)
  await member.getByLabel('Your name in this assembly').fill('Bolat')
  await member.getByRole('button', { name: 'Join' }).click()
  await member.getByRole('heading', { name: "Tenants' assembly" }).waitFor()
  await facilitator.getByText('2 members', { exact: true }).waitFor()

  // A majority vote: both vote, the facilitator closes it, both phones show the result.
  await openSection(facilitator, 'now')
  await facilitator.getByLabel('Question').fill('Withhold rent until the heating is fixed?')
  await facilitator.getByLabel('Options, one per line').fill('Yes\nNo')
  await facilitator.getByRole('button', { name: 'Open the vote' }).click()
  const question = { name: 'Withhold rent until the heating is fixed?' }
  await member.getByRole('heading', question).waitFor()
  // The projector, on the facilitator's laptop: a ballot shows there live, with no reload (how
  // fast is the bench's business, not a test's).
  const projector = await facilitator.context().newPage()
  projector.setDefaultTimeout(WAIT)
  await projector.goto(`${facilitator.url().split('#')[0]}#/a/${space}/projector`)
  await projector.getByText('0 people have voted').waitFor()
  await projector.getByRole('img', { name: /QR code of the invitation link/ }).waitFor()
  await member.getByRole('radio', { name: 'Yes' }).check()
  await member.getByRole('button', { name: 'Cast my vote' }).click()
  await projector.getByText('1 person has voted').waitFor()
  await projector.close()
  await facilitator.getByRole('radio', { name: 'No' }).check()
  await facilitator.getByRole('button', { name: 'Cast my vote' }).click()
  await facilitator.getByText('2 people have voted').waitFor()
  await facilitator.getByRole('button', { name: 'Close the vote and count' }).click()
  // A closed vote is a decision: it moves from "now" to the decisions.
  await openSection(facilitator, 'decisions')
  await facilitator.getByText('2 ballots counted; no quorum required.').waitFor()
  // The count is said once, on the result's quorum line (a line under it used to say it again).
  const decided = facilitator.locator('article.poll', { hasText: question.name })
  expect(await decided.getByText(/ballots? counted/).count()).toBe(1)
  await openSection(member, 'decisions')
  await member.getByText('Not adopted').waitFor()

  // A consent vote cast offline, kept across a reload with no network, sent when back.
  await openSection(facilitator, 'now')
  await openSection(member, 'now')
  await facilitator.getByLabel('Question').fill('Hold the next meeting in the yard?')
  await facilitator.getByLabel('Method').selectOption('consent')
  await facilitator.getByRole('button', { name: 'Open the vote' }).click()
  await member.getByRole('heading', { name: 'Hold the next meeting in the yard?' }).waitFor()
  await member.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await member.context().setOffline(true)
  await member.getByRole('radio', { name: 'Block' }).check()
  await member.getByLabel('Reason for the block (required)').fill('The yard floods in spring')
  await member.getByRole('button', { name: 'Cast my vote' }).click()
  await member.getByText('1 action waiting to be sent').first().waitFor()
  await member.reload()
  await member.getByText('1 action waiting to be sent').first().waitFor()
  await member.context().setOffline(false)
  await member.evaluate(() => window.dispatchEvent(new Event('online')))
  await facilitator.getByText('1 person has voted').waitFor()
  await facilitator.getByRole('button', { name: 'Close the vote and count' }).click()
  // The result, not the member's own ballot (which keeps the reason in its form), shows the block.
  await openSection(member, 'decisions')
  await member.getByText('Blocked').first().waitFor()
  await member.getByText('The yard floods in spring').first().waitFor()
  await expect(member.getByText('Blocked').count()).resolves.toBe(1)

  // A proposal from the member, a comment on it from the facilitator.
  await openSection(member, 'proposals')
  await openSection(facilitator, 'proposals')
  await member.getByLabel('Title', { exact: true }).fill('Fix the heating')
  await member.getByLabel('Text', { exact: true }).fill('Call the landlord together on Monday.')
  await member.getByRole('button', { name: 'Propose' }).click()
  await facilitator.getByRole('link', { name: 'Fix the heating' }).click()
  await facilitator.getByText('Proposed by Bolat').waitFor()
  await facilitator.getByLabel('Your comment').fill('Agreed, I will call.')
  await facilitator.getByRole('button', { name: 'Post comment' }).click()
  await facilitator.getByRole('heading', { name: '1 comment' }).waitFor()
  await member.getByRole('link', { name: 'Fix the heating' }).click()
  await member.getByRole('button', { name: 'Reply to Aigerim' }).click()
  await member.getByLabel('Your reply').fill('Thank you, I will come along.')
  await member.getByRole('button', { name: 'Post reply' }).click()
  await facilitator.getByRole('heading', { name: '2 comments' }).waitFor()
  await member.getByText('Amend or withdraw this proposal').click()
  await member.getByLabel('Text', { exact: true }).fill('Call the landlord together on Tuesday.')
  await member.getByLabel('What changed and why').fill('Monday is a holiday')
  await member.getByRole('button', { name: 'Amend', exact: true }).click()
  await facilitator.getByRole('heading', { name: '2 versions' }).waitFor()
  await facilitator.getByText('Call the landlord together on Tuesday.').waitFor()
  await member.getByRole('link', { name: 'Back to the assembly' }).click()
  await facilitator.getByRole('link', { name: 'Back to the assembly' }).click()
  // Back to the section the proposal is listed in.
  await facilitator.getByRole('heading', { name: 'Proposals' }).waitFor()
  expect(facilitator.url()).toMatch(/#\/a\/[A-Za-z0-9_-]{22}\/proposals$/)

  // Dana is admitted by her key (made elsewhere, e.g. with `veche id new`), then removed.
  await openSection(facilitator, 'members')
  await facilitator.getByLabel('Their public key').fill(generateKeyPair().publicKey)
  await facilitator.getByLabel('Their name').fill('Dana')
  await facilitator.getByRole('button', { name: 'Admit', exact: true }).click()
  await member.getByText('3 members', { exact: true }).waitFor()
  await facilitator.getByRole('button', { name: 'Remove Dana' }).click()
  await facilitator.getByLabel('Why Dana is removed').fill('Asked to be removed by letter')
  await facilitator.getByRole('button', { name: 'Remove Dana now' }).click()
  await member.getByText('2 members', { exact: true }).waitFor()

  // Bolat becomes a facilitator too; every phone's fold gives the hub's state hash.
  await facilitator.getByRole('button', { name: 'Make Bolat a facilitator' }).click()
  await openSection(member, 'now')
  await member.getByRole('heading', { name: 'Facilitator tools' }).waitFor()
  await openSection(member, 'decisions')
  await openSection(facilitator, 'decisions')
  const hubHash = ((await (await fetch(`${url}/api/spaces/${space}`)).json()) as { hash: string })
    .hash
  await member.getByText(hubHash).waitFor()
  await facilitator.getByText(hubHash).waitFor()

  // Accessibility: axe-core finds no WCAG A/AA violation on the assembly screen.
  await injectAxe(facilitator)
  const violations = await facilitator.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> }
      }
    ).axe
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa'] })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  expect(violations).toEqual([])

  // Every language, switched in the app, with a screenshot of each.
  mkdirSync(ARTIFACTS, { recursive: true })
  const decisions = {
    en: ['Decisions', 'opened'],
    ru: ['Решения', 'открыто'],
    kk: ['Шешімдер', 'ашылған'],
    ko: ['결정', '열림'],
  }
  for (const [lang, [heading, opened]] of Object.entries(decisions)) {
    await facilitator.locator('label.language select').selectOption(lang)
    await facilitator.getByRole('heading', { name: heading! }).waitFor()
    await facilitator.getByText(opened!).first().waitFor()
    expect(await facilitator.evaluate(() => document.documentElement.lang)).toBe(lang)
    await facilitator.screenshot({ path: join(ARTIFACTS, `web-${lang}.png`), fullPage: true })
  }

  // A key can be backed up only in the session that made it (Bolat's phone has reloaded since, so
  // it says his key can no longer be read); a new phone backs its key up under a passphrase and
  // another restores it by pasting it and typing the passphrase: the same key.
  const myKey = (page: Page) => page.locator('section.identity code.key')
  await member.goto(`${url}/#/device`)
  await member.getByText('can no longer be read').waitFor()
  const first = await newPage()
  await myKey(first).waitFor()
  const firstKey = await myKey(first).textContent()
  expect(firstKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
  await first.getByRole('link', { name: /Back up your key now/ }).waitFor()
  await first.getByRole('link', { name: 'This device', exact: true }).click()
  await first.getByLabel('Passphrase', { exact: true }).first().fill('bolat of block 4')
  await first.getByLabel('The same passphrase again').fill('bolat of block 4')
  const [download] = await Promise.all([
    first.waitForEvent('download'),
    first.getByRole('button', { name: 'Back up my key' }).click(),
  ])
  const backup = readFileSync(await download.path(), 'utf8')
  await first.getByRole('button', { name: 'Show the backup as a QR code' }).click()
  await first.getByRole('img', { name: 'QR code of your key backup' }).waitFor()
  const newPhone = await newPage()
  await myKey(newPhone).waitFor()
  expect(await myKey(newPhone).textContent()).not.toBe(firstKey)
  await newPhone.getByRole('link', { name: 'This device', exact: true }).click()
  await newPhone.getByLabel(/Or paste a backup/).fill(backup)
  await newPhone.getByLabel('Passphrase', { exact: true }).last().fill('bolat of block 4')
  await newPhone.getByRole('button', { name: 'Restore this key' }).click()
  await newPhone.locator('section.identity code.key', { hasText: firstKey! }).waitFor()
}, 120_000)
