// @vitest-environment happy-dom
// The ballot form: a block cannot be cast without its reason; abstaining in a majority poll is a
// null choice; what was chosen survives a reload (it is a draft until cast).
import { beforeEach, expect, test } from 'vitest'
import { click, renderIn, typeInto } from './component-harness.js'
import { VoteForm } from './vote-form.js'

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

function radio(container: HTMLElement, label: string): HTMLInputElement {
  const found = [...container.querySelectorAll('label.choice')].find(
    (l) => l.textContent?.trim() === label,
  )
  return found!.querySelector('input')!
}

test('vote form: a consent block needs a reason before it can be cast', async () => {
  const votes: unknown[] = []
  const view = await renderIn(
    'en',
    <VoteForm pollId="p1" method="consent" options={[]} onVote={(v) => votes.push(v)} />,
  )
  const submit = view.querySelector('button[type=submit]') as HTMLButtonElement
  expect(submit.disabled).toBe(true)
  await click(radio(view, 'Block'))
  expect(view.textContent).toContain('Reason for the block (required)')
  expect(submit.disabled).toBe(true)
  await typeInto(view.querySelector('textarea')!, 'It breaks the lease')
  expect(submit.disabled).toBe(false)
  await click(submit)
  expect(votes).toEqual([{ position: 'block', reason: 'It breaks the lease' }])
})

test('vote form: abstaining in a majority poll casts a null choice, labelled in Korean', async () => {
  const votes: unknown[] = []
  const view = await renderIn(
    'ko',
    <VoteForm
      pollId="p2"
      method="majority"
      options={['yes', 'no']}
      onVote={(v) => votes.push(v)}
    />,
  )
  await click(radio(view, '기권'))
  await click(view.querySelector('button[type=submit]')!)
  expect(votes).toEqual([{ choice: null }])
})

test('vote form: a chosen option and a reason survive a reload', async () => {
  const first = await renderIn(
    'en',
    <VoteForm pollId="p3" method="consent" options={[]} onVote={() => undefined} />,
  )
  await click(radio(first, 'Disagree'))
  await typeInto(first.querySelector('textarea')!, 'Too soon')
  document.body.innerHTML = ''
  const second = await renderIn(
    'en',
    <VoteForm pollId="p3" method="consent" options={[]} onVote={() => undefined} />,
  )
  expect(radio(second, 'Disagree').checked).toBe(true)
  expect(second.querySelector('textarea')!.value).toBe('Too soon')
})
