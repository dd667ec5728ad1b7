// @vitest-environment happy-dom
// Results of the methods without rounds: Schulze's ranking and head-to-head table (the winner of
// each pair in bold), and approval totals with the winners ticked, in Kazakh.
import { computePollResult } from '@veche/core'
import { beforeEach, expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { MethodResult } from './method-result.js'

beforeEach(() => {
  document.body.innerHTML = ''
})

const poll = (method: 'schulze' | 'approval', seats = 1) =>
  ({
    method,
    options: ['Park', 'Library', 'Pool'],
    threshold: { num: 0, den: 1 },
    tieBreakSeed: 'method-result-seed',
    seats,
    scoreRange: null,
  }) as const

test('schulze: the ranking and who beats whom head to head', async () => {
  const votes = [
    { ranking: ['Park', 'Library', 'Pool'] },
    { ranking: ['Library', 'Park', 'Pool'] },
    { ranking: ['Park', 'Pool', 'Library'] },
  ]
  const result = computePollResult(poll('schulze'), votes, { quorum: 0 })
  if (!result.ok) throw new Error(result.message)
  const view = await renderIn('en', <MethodResult result={result.value} />)
  expect(view.querySelector('.outcome')?.textContent).toBe('Decided — Park')
  expect([...view.querySelectorAll('.schulze-ranking li')].map((li) => li.textContent)).toEqual([
    'Park',
    'Library',
    'Pool',
  ])
  const rows = [...view.querySelectorAll('.pairwise tbody tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent),
  )
  expect(rows).toEqual([
    ['Park', '—', '2', '3'],
    ['Library', '1', '—', '2'],
    ['Pool', '0', '1', '—'],
  ])
  expect(view.querySelector('.pairwise tbody tr td.wins')?.textContent).toBe('2')
})

test('approval: totals per option with the two winners ticked, in Kazakh', async () => {
  const votes = [
    { approve: ['Park', 'Library'] },
    { approve: ['Library'] },
    { approve: ['Pool', 'Library'] },
    { approve: [] },
  ]
  const result = computePollResult(poll('approval', 2), votes, { quorum: 0 })
  if (!result.ok) throw new Error(result.message)
  const view = await renderIn('kk', <MethodResult result={result.value} />)
  expect(view.querySelector('caption')?.textContent).toBe('Мақұлдаулар')
  const rows = [...view.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('th, td.votes')].map((c) => c.textContent),
  )
  expect(rows[1]).toEqual(['Library ✓', '3'])
  expect(rows.filter((r) => r[0]?.endsWith('✓'))).toHaveLength(2)
})
