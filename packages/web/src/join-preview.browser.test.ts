// The join screen in a real browser (Debian's chromium through playwright-core) against a real
// hub process: before joining, it names the assembly, who made the invitation and how many members
// it has; offline it says plainly that these are unknown, and joining still works. (#16: the join
// screen named none of them.)
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSection, startBrowserHub } from './test-support/browser-hub.js'
import type { BrowserHub } from './test-support/browser-hub.js'

let session: BrowserHub | null = null

beforeAll(async () => {
  session = await startBrowserHub('veche-join-')
})

afterAll(async () => {
  await session?.close()
})

test('browser: the join screen names the assembly, the inviter and its members, or says it cannot', async () => {
  const founder = await session!.newPage()
  await founder.getByLabel('Name of the assembly').fill('Courtyard assembly')
  await founder.getByLabel('Your name in this assembly').fill('Aigerim')
  await founder.getByRole('button', { name: 'Found the assembly' }).click()
  await founder.getByRole('heading', { name: 'Courtyard assembly' }).waitFor()
  await openSection(founder, 'members')
  await founder.getByLabel('How many people may join with it').fill('3')
  await founder.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await founder.getByLabel('Invitation link').inputValue()

  const bolat = await session!.newPage()
  await bolat.goto(link)
  await bolat.getByText('You are invited to join:').waitFor()
  await bolat.getByRole('heading', { name: 'Courtyard assembly' }).waitFor()
  await bolat.getByText('Invited by Aigerim.').waitFor()
  await bolat.getByText('It has 1 member.').waitFor()
  // Once the screen has said whose assembly it is, it does not say again that he was invited.
  await bolat.getByText('Choose the name its members will see.', { exact: true }).waitFor()
  expect(await bolat.getByText('You were invited', { exact: false }).count()).toBe(0)
  await bolat.getByLabel('Your name in this assembly').fill('Bolat')
  await bolat.getByRole('button', { name: 'Join' }).click()
  await bolat.getByRole('heading', { name: 'Courtyard assembly', level: 2 }).waitFor()
  await founder.getByText('2 members', { exact: true }).waitFor()

  // Asel opens the link with no network: the screen says what it cannot know, and she joins.
  const asel = await session!.newPage()
  await asel.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await asel.context().setOffline(true)
  await asel.goto(link)
  await asel.getByText(/The hub cannot be reached now/).waitFor()
  expect(await asel.getByText('Courtyard assembly').count()).toBe(0)
  await asel.getByText('You were invited to an assembly.', { exact: false }).waitFor()
  await asel.getByLabel('Your name in this assembly').fill('Asel')
  await asel.getByRole('button', { name: 'Join' }).click()
  await asel.waitForURL(/#\/a\//)
  await asel.context().setOffline(false)
  await asel.evaluate(() => window.dispatchEvent(new Event('online')))
  await founder.getByText('3 members', { exact: true }).waitFor()

  // In Russian, the same screen for a third phone: the inviter and the count, in Russian.
  const dana = await session!.newPage()
  await dana.locator('label.language select').selectOption('ru')
  await dana.goto(link)
  await dana.getByText('Кто пригласил: Aigerim.').waitFor()
  await dana.getByText('В нём 3 участника.').waitFor()
}, 90_000)

test('browser: a member who opens an invitation to their own assembly is told so, with no form to join again', async () => {
  const founder = await session!.newPage()
  await founder.getByLabel('Name of the assembly').fill('Market hall')
  await founder.getByLabel('Your name in this assembly').fill('Aigerim')
  await founder.getByRole('button', { name: 'Found the assembly' }).click()
  await founder.getByRole('heading', { name: 'Market hall' }).waitFor()
  await openSection(founder, 'members')
  await founder.getByLabel('How many people may join with it').fill('3')
  await founder.getByRole('button', { name: 'Make an invitation' }).click()
  const link = await founder.getByLabel('Invitation link').inputValue()

  const bolat = await session!.newPage()
  await bolat.goto(link)
  await bolat.getByLabel('Your name in this assembly').fill('Bolat')
  await bolat.getByRole('button', { name: 'Join' }).click()
  await bolat.getByRole('heading', { name: 'Market hall', level: 2 }).waitFor()
  await founder.getByText('2 members', { exact: true }).waitFor()

  // He scans the same invitation again: no form, the screen says he is a member and where to go.
  await bolat.goto('about:blank')
  await bolat.goto(link)
  await bolat.getByText('You are already a member of this assembly on this device.').waitFor()
  await bolat.getByRole('heading', { name: 'Market hall', level: 3 }).waitFor()
  // Headed as what it is, not as an offer to join.
  await bolat.getByRole('heading', { name: 'An invitation to your assembly', level: 2 }).waitFor()
  expect(await bolat.getByRole('heading', { name: 'Join with an invitation' }).count()).toBe(0)
  expect(await bolat.getByRole('button', { name: 'Join' }).count()).toBe(0)
  expect(await bolat.getByLabel('Your name in this assembly').count()).toBe(0)
  await bolat.getByRole('link', { name: 'Open the assembly' }).click()
  await bolat.getByRole('heading', { name: 'Market hall', level: 2 }).waitFor()

  // Dana joins with no network and scans the invitation again before her join is sent: this
  // device's outbox holds it, so the screen says she is a member, with no second join to sign.
  const dana = await session!.newPage()
  await dana.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await dana.context().setOffline(true)
  await dana.goto(link)
  await dana.getByLabel('Your name in this assembly').fill('Dana')
  await dana.getByRole('button', { name: 'Join' }).click()
  await dana.waitForURL(/#\/a\//)
  await dana.goto(link)
  await dana.getByText('You are already a member of this assembly on this device.').waitFor()
  expect(await dana.getByRole('button', { name: 'Join' }).count()).toBe(0)
  await dana.context().setOffline(false)
  await dana.evaluate(() => window.dispatchEvent(new Event('online')))
  await founder.getByText('3 members', { exact: true }).waitFor()

  // The founder opening her own invitation, in Russian: the same, in Russian.
  await founder.locator('label.language select').selectOption('ru')
  await founder.goto(link)
  await founder.getByText('Вы уже участник этого собрания на этом устройстве.').waitFor()
  await founder.getByRole('heading', { name: 'Приглашение в ваше собрание', level: 2 }).waitFor()
  expect(await founder.getByRole('button', { name: 'Вступить' }).count()).toBe(0)
}, 90_000)
