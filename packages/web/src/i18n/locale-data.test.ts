// The app's own dates and language names, the same in every browser: CLDR's medium date and short
// time in each interface language, and languages named in each (Kazakh included, which Debian's
// chromium cannot name).
import { expect, test } from 'vitest'
import { formatCount, formatDateTime, nameOfLanguage } from './locale-data.js'

test('locale data: a date and time in en, ru, kk and ko', () => {
  const morning = new Date(2026, 11, 6, 8, 2).getTime()
  const evening = new Date(2026, 4, 21, 19, 45).getTime()
  expect(formatDateTime('en', morning)).toBe('Dec 6, 2026, 8:02 AM')
  expect(formatDateTime('ru', morning)).toBe('6 дек. 2026 г., 08:02')
  expect(formatDateTime('kk', morning)).toBe('2026 ж. 06 жел., 08:02')
  expect(formatDateTime('ko', morning)).toBe('2026. 12. 6. 오전 8:02')
  expect(formatDateTime('en', evening)).toBe('May 21, 2026, 7:45 PM')
  expect(formatDateTime('ru', evening)).toBe('21 мая 2026 г., 19:45')
  expect(formatDateTime('kk', evening)).toBe('2026 ж. 21 мам., 19:45')
  expect(formatDateTime('ko', evening)).toBe('2026. 5. 21. 오후 7:45')
  expect(formatDateTime('ko', new Date(2026, 0, 1, 0, 5).getTime())).toBe('2026. 1. 1. 오전 12:05')
})

test('locale data: languages by name in each interface language, regional tags included', () => {
  expect(['en', 'ru', 'kk', 'ko'].map((ui) => nameOfLanguage('ru', ui))).toEqual([
    'Russian',
    'русский',
    'орыс тілі',
    '러시아어',
  ])
  expect(nameOfLanguage('uk', 'kk')).toBe('украин тілі')
  expect(nameOfLanguage('pt-BR', 'kk')).toBe('португал тілі')
  expect(nameOfLanguage('EN', 'ko')).toBe('영어')
  expect(nameOfLanguage('not a tag!', 'en')).toBe(null)
})

test('locale data: counts grouped in thousands as each language writes them', () => {
  expect(formatCount('en', 100_000)).toBe('100,000')
  expect(formatCount('ko', 40_000)).toBe('40,000')
  expect(formatCount('ru', 1_234_567)).toBe('1\u00a0234\u00a0567')
  expect(formatCount('kk', 40_000)).toBe('40\u00a0000')
  expect(formatCount('en', 999)).toBe('999')
})
