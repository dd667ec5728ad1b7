// @vitest-environment happy-dom
// Form drafts: a form cleared after its action was signed keeps what was typed meanwhile. A
// facilitator admitting two members types the second key while the first admission is still being
// signed; clearing the form afterwards used to wipe the second key, and she admitted no one.
import { act } from 'react'
import type { FormEvent } from 'react'
import { expect, test } from 'vitest'
import { click, renderIn, typeInto } from './components/component-harness.js'
import { useDraft } from './hooks.js'

function AdmitForm({ send }: { readonly send: (key: string) => Promise<void> }) {
  const [key, setKey, clearKey] = useDraft('test.admit.key')
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await send(key)
    clearKey()
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <input value={key} onChange={(e) => setKey(e.target.value)} />
      <button type="submit">Admit</button>
    </form>
  )
}

test('drafts: text typed while the form was being sent stays; text sent is cleared', async () => {
  const sent: string[] = []
  let finish = (): void => undefined
  const send = (key: string): Promise<void> => {
    sent.push(key)
    return new Promise((resolve) => (finish = resolve))
  }
  const page = await renderIn('en', <AdmitForm send={send} />)
  const input = page.querySelector('input')!
  const button = page.querySelector('button')!

  await typeInto(input, 'first-key')
  await click(button)
  await typeInto(input, 'second-key')
  await act(async () => {
    finish()
    await Promise.resolve()
  })
  expect(input.value).toBe('second-key')
  expect(localStorage.getItem('veche.draft.test.admit.key')).toBe('second-key')

  await click(button)
  await act(async () => {
    finish()
    await Promise.resolve()
  })
  expect(sent).toEqual(['first-key', 'second-key'])
  expect(input.value).toBe('')
  expect(localStorage.getItem('veche.draft.test.admit.key')).toBeNull()
})
