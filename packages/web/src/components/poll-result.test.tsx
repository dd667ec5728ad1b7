// @vitest-environment happy-dom
// A recorded result as members read it: the outcome, the counts, the quorum, the block reasons.
import { tallyConsent, tallyMajority } from '@veche/tally'
import { beforeEach, expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { PollResult } from './poll-result.js'
import { LANGUAGES } from '../i18n/i18n-setup.js'
import type { Language } from '../i18n/i18n-setup.js'

beforeEach(() => {
  document.body.innerHTML = ''
})

test('poll result: a blocked consent shows the counts and the reason for the block', async () => {
  const outcome = tallyConsent({
    ballots: [
      { position: 'agree' },
      { position: 'agree' },
      { position: 'block', reason: 'Nobody asked the night shift' },
    ],
    quorum: 2,
  })
  if (!outcome.ok) throw new Error(outcome.message)
  const view = await renderIn('en', <PollResult result={outcome.report} />)
  expect(view.querySelector('.outcome')?.textContent).toBe('Blocked')
  const rows = [...view.querySelectorAll('tr')].map((tr) => tr.textContent)
  expect(rows).toEqual(['Agree2', 'Stand aside0', 'Disagree0', 'Block1'])
  expect(view.textContent).toContain('3 ballots counted; quorum of 2 met.')
  expect(view.querySelector('li')?.textContent).toBe('Nobody asked the night shift')
})

test('poll result: a majority in Russian names the winner and counts in Russian forms', async () => {
  const outcome = tallyMajority({
    options: ['да', 'нет'],
    ballots: [
      { choice: 'да' },
      { choice: 'да' },
      { choice: 'нет' },
      { choice: null },
      { choice: 'да' },
    ],
    tieBreakSeed: 'seed',
  })
  if (!outcome.ok) throw new Error(outcome.message)
  const view = await renderIn('ru', <PollResult result={outcome.report} />)
  expect(view.querySelector('.outcome')?.textContent).toBe('Принято — да')
  expect(view.textContent).toContain('Учтено 5 бюллетеней;')
})

test('poll result: a vote without a quorum says none was required, never "quorum of 0 met", in each language', async () => {
  const outcome = tallyMajority({
    options: ['yes', 'no'],
    ballots: [{ choice: 'yes' }, { choice: 'no' }, { choice: 'yes' }],
    tieBreakSeed: 'seed',
  })
  if (!outcome.ok) throw new Error(outcome.message)
  expect(outcome.report.quorum.required).toBe(0)
  const said: Record<Language, string> = {
    en: '3 ballots counted; no quorum required.',
    ru: 'кворум не требуется.',
    kk: 'кворум талап етілмейді.',
    ko: '정족수 없음.',
  }
  for (const lang of LANGUAGES) {
    const text = said[lang]
    document.body.innerHTML = ''
    const view = await renderIn(lang, <PollResult result={outcome.report} />)
    expect(view.textContent).toContain(text)
    expect(view.textContent).not.toMatch(/0 met|кворум в 0|0 дауыстық|정족수 0/)
  }
})
