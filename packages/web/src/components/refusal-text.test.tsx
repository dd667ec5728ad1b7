// @vitest-environment happy-dom
// The app's own checks before it signs refuse with the codes the rules use, and those refusals are
// shown in the member's language like the hub's: a close of a vote this device already holds
// closed used to say "this poll is not open" in English whatever the language.
import { act } from 'react'
import { beforeEach, expect, test } from 'vitest'
import type { Language } from '../i18n/i18n-setup.js'
import { renderIn } from './component-harness.js'
import { RefusalAlert } from './refusal-text.js'

beforeEach(() => {
  document.body.innerHTML = ''
})

async function alertIn(language: Language, code: string | null): Promise<string | null> {
  const view = await renderIn(language, <RefusalAlert code={code} />)
  // The texts load on first use, in a chunk of their own.
  for (let i = 0; i < 50 && view.querySelector('[role=alert]') === null; i++)
    await act(() => new Promise((r) => setTimeout(r, 10)))
  return view.querySelector('[role=alert]')?.textContent ?? null
}

test('local refusal: the code of a refusal made on this device shows in ru, kk, ko and en', async () => {
  // What closing a vote this device already holds closed gives (assembly-actions.test.ts).
  expect(await alertIn('ru', 'poll.closed')).toBe('голосование закрыто')
  expect(await alertIn('kk', 'poll.closed')).toBe('дауыс беру жабық')
  expect(await alertIn('ko', 'poll.closed')).toBe('투표가 마감되었습니다')
  expect(await alertIn('en', 'poll.closed')).toBe('the vote is closed')
  // Recording an election that elected no one (federation-actions.ts).
  expect(await alertIn('ru', 'delegate.bad-election')).toBe('выборы недействительны')
})

test('local refusal: nothing is shown with no refusal; a code with no text shows as itself', async () => {
  expect(await alertIn('ru', null)).toBeNull()
  expect(await alertIn('ru', 'some.newer-code')).toBe('some.newer-code')
})
