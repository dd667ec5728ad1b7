// @vitest-environment happy-dom
// The ranking ballot: taps build the ranking in order; dragging one item onto another and
// Alt+arrow keys reorder it; the ballot cast is the ranking shown.
import { act } from 'react'
import { beforeEach, expect, test } from 'vitest'
import { click, renderIn } from './component-harness.js'
import { VoteForm } from './vote-form.js'

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const OPTIONS = ['Park', 'Library', 'Pool']

function button(view: HTMLElement, text: string): HTMLButtonElement {
  const found = [...view.querySelectorAll('button')].find((b) => b.textContent?.startsWith(text))
  if (found === undefined) throw new Error(`no button ${text}`)
  return found
}

const ranked = (view: HTMLElement): string[] =>
  [...view.querySelectorAll('ol.ranked li .option')].map((e) => e.textContent ?? '')

async function ballot(votes: unknown[]): Promise<HTMLElement> {
  return renderIn(
    'en',
    <VoteForm pollId="r1" method="irv" options={OPTIONS} onVote={(v) => votes.push(v)} />,
  )
}

test('ranking: tapping options ranks them in the order tapped, and casts that ranking', async () => {
  const votes: unknown[] = []
  const view = await ballot(votes)
  await click(button(view, 'Pool'))
  await click(button(view, 'Park'))
  expect(ranked(view)).toEqual(['Pool', 'Park'])
  await click(button(view, 'Cast my vote'))
  expect(votes).toEqual([{ ranking: ['Pool', 'Park'] }])
})

test('ranking: dragging the last item onto the first puts it first', async () => {
  const view = await ballot([])
  for (const o of OPTIONS) await click(button(view, o))
  const items = [...view.querySelectorAll('ol.ranked li')]
  await act(async () => {
    items[2]!.dispatchEvent(new Event('dragstart', { bubbles: true }))
    await Promise.resolve()
  })
  await act(async () => {
    items[0]!.dispatchEvent(new Event('dragover', { bubbles: true, cancelable: true }))
    items[0]!.dispatchEvent(new Event('drop', { bubbles: true, cancelable: true }))
    await Promise.resolve()
  })
  expect(ranked(view)).toEqual(['Pool', 'Park', 'Library'])
})

test('ranking: Alt+ArrowDown and the up button move an item, and the move is announced', async () => {
  const view = await ballot([])
  for (const o of OPTIONS) await click(button(view, o))
  const first = view.querySelector('ol.ranked li')!
  await act(async () => {
    first.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }),
    )
    await Promise.resolve()
  })
  expect(ranked(view)).toEqual(['Library', 'Park', 'Pool'])
  expect(view.textContent).toContain('Park is now number 2')
  await click(view.querySelector('button[aria-label="Move Pool up"]')!)
  expect(ranked(view)).toEqual(['Library', 'Pool', 'Park'])
})

test('ranking: the ranking is a draft that survives a reload', async () => {
  const first = await ballot([])
  await click(button(first, 'Library'))
  document.body.innerHTML = ''
  const again = await ballot([])
  expect(ranked(again)).toEqual(['Library'])
})

test('ranking: a finger dragging the last item by its handle over the first puts it first', async () => {
  const view = await ballot([])
  for (const o of OPTIONS) await click(button(view, o))
  const items = [...view.querySelectorAll('ol.ranked li')]
  const handle = items[2]!.querySelector('.handle')!
  const touch = { bubbles: true, pointerType: 'touch', pointerId: 1 }
  const original = document.elementFromPoint.bind(document)
  document.elementFromPoint = () => items[0]!.querySelector('.option')
  try {
    await act(async () => {
      handle.dispatchEvent(new PointerEvent('pointerdown', touch))
      await Promise.resolve()
    })
    await act(async () => {
      handle.dispatchEvent(new PointerEvent('pointermove', { ...touch, clientX: 5, clientY: 5 }))
      await Promise.resolve()
    })
    await act(async () => {
      handle.dispatchEvent(new PointerEvent('pointerup', touch))
      await Promise.resolve()
    })
  } finally {
    document.elementFromPoint = original
  }
  expect(ranked(view)).toEqual(['Pool', 'Park', 'Library'])
})
