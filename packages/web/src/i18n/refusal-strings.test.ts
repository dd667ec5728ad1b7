// Every refusal a hub can send has a text in each of the four languages: each code of the rules
// (core's REJECTION_CODES, what a hub answers per event) and each of the hub's own (the server's
// HUB_PROBLEM_CODES, what it answers for a request it refused whole). Read from those lists, so a
// code added to either fails here until it has its four texts. A code no list has is shown as
// itself.
import { REJECTION_CODES } from '@veche/core'
import { HUB_PROBLEM_CODES } from '@veche/server'
import { createInstance } from 'i18next'
import { expect, test } from 'vitest'
import { LANGUAGES } from './i18n-setup.js'
import { addRefusalStrings, refusalTexts } from './refusal-strings.js'

const CODES = [...new Set<string>([...REJECTION_CODES, ...HUB_PROBLEM_CODES])]

test('refusal texts: every code a hub can send has a text in en, ru, kk and ko', () => {
  expect(CODES.length).toBeGreaterThan(150)
  for (const lang of LANGUAGES) {
    const missing = CODES.filter((code) => (refusalTexts[lang][code] ?? '').trim() === '')
    expect(missing, lang).toEqual([])
    // None is the English text left untranslated (short words like "хаб" aside, the texts differ).
    if (lang !== 'en') {
      const same = CODES.filter((code) => refusalTexts[lang][code] === refusalTexts.en[code])
      expect(same, lang).toEqual([])
    }
  }
})

test('refusal texts: nothing beyond the codes a hub can send', () => {
  for (const lang of LANGUAGES)
    expect(
      Object.keys(refusalTexts[lang]).filter((code) => !CODES.includes(code)),
      lang,
    ).toEqual([])
})

test('refusal texts: added to i18next as refusal.<code> in each language', async () => {
  const instance = createInstance()
  await instance.init({ lng: 'ko', resources: {}, keySeparator: false, nsSeparator: false })
  addRefusalStrings(instance)
  expect(instance.t('refusal.ballot.poll-closed')).toBe('투표가 마감되었습니다')
  expect(instance.getFixedT('ru')('refusal.poll.closed')).toBe('голосование закрыто')
  expect(instance.exists('refusal.some.newer-code')).toBe(false)
})
