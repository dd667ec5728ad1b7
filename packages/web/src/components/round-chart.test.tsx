// @vitest-environment happy-dom
// The round chart of an IRV count: a block per round with a bar per candidate still counting,
// who went out, and the winner; the plain table beside it has every total per round.
import { computePollResult } from '@veche/core'
import { beforeEach, expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { MethodResult } from './method-result.js'

beforeEach(() => {
  document.body.innerHTML = ''
})

const POLL = {
  method: 'irv',
  options: ['Park', 'Library', 'Pool'],
  threshold: { num: 0, den: 1 },
  tieBreakSeed: 'round-chart-seed',
  seats: 1,
  scoreRange: null,
} as const

test('round chart: IRV rounds show who went out and who won, in Russian numbers', async () => {
  const votes = [
    { ranking: ['Park', 'Library'] },
    { ranking: ['Park'] },
    { ranking: ['Library', 'Park'] },
    { ranking: ['Library'] },
    { ranking: ['Pool', 'Park'] },
  ]
  const result = computePollResult(POLL, votes, { quorum: 0 })
  if (!result.ok) throw new Error(result.message)
  const view = await renderIn('ru', <MethodResult result={result.value} />)
  const rounds = [...view.querySelectorAll('.round-chart > li')]
  expect(rounds.map((r) => r.querySelector('h4')?.textContent)).toEqual([
    'Тур 1: первые предпочтения',
    'Тур 2: голоса Pool переходят дальше',
  ])
  expect(rounds[0]!.querySelector('.excluded .name')?.textContent).toBe('Pool')
  expect(rounds[1]!.querySelectorAll('.bar-row')).toHaveLength(2)
  expect(rounds[1]!.querySelector('.elected .name')?.textContent).toBe('Park')
  const table = [...view.querySelectorAll('.round-table tbody tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent),
  )
  expect(table).toEqual([
    ['Park ✓', '2', '3'],
    ['Library', '2', '2'],
    ['Pool', '1', '0'],
    ['Больше не учитываются', '0', '0'],
  ])
  expect(view.querySelector('.outcome')?.textContent).toBe('Решено — Park')
})
