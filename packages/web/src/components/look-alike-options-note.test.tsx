// @vitest-environment happy-dom
// A poll with look-alike options (taken in a space founded before the rules refused them) warns
// voters which two, in their language; a poll whose options differ to the eye says nothing.
import { beforeEach, expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { LookAlikeOptionsNote } from './look-alike-options-note.js'

beforeEach(() => {
  document.body.innerHTML = ''
})

test('look-alike options note: names the two options that look alike, by their place', async () => {
  const view = await renderIn('en', <LookAlikeOptionsNote options={['Yes', 'No', 'Y\u0435s']} />)
  expect(view.querySelector('[role=note]')?.textContent).toMatch(/^Options 1 and 3 of this vote/)
  const ru = await renderIn('ru', <LookAlikeOptionsNote options={['Да', 'Нет', 'Да\u200b']} />)
  expect(ru.querySelector('[role=note]')?.textContent).toMatch(/^Варианты 1 и 3/)
})

test('look-alike options note: nothing for options that differ to the eye', async () => {
  const view = await renderIn('kk', <LookAlikeOptionsNote options={['Қанат', 'Канат', 'Иә']} />)
  expect(view.querySelector('[role=note]')).toBeNull()
  expect(view.textContent).toBe('')
})
