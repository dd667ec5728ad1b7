import { expect, test } from 'vitest'
import { formatDeadlineText, parseDeadlineText } from './deadline-text.js'

const at = new Date(2026, 11, 18, 18, 30).getTime()

test('deadline text: each language reads back what it writes, and ISO in every language', () => {
  for (const lang of ['en', 'ru', 'kk', 'ko'])
    expect(parseDeadlineText(lang, formatDeadlineText(lang, at)), lang).toBe(at)
  expect(formatDeadlineText('ru', at)).toBe('18.12.2026 18:30')
  expect(formatDeadlineText('ko', at)).toBe('2026. 12. 18. 18:30')
  expect(formatDeadlineText('en', at)).toBe('12/18/2026 18:30')
  for (const lang of ['en', 'ru', 'kk', 'ko'])
    expect(parseDeadlineText(lang, '2026-12-18T18:30'), lang).toBe(at)
  expect(parseDeadlineText('en', '12/18/2026 6:30 PM')).toBe(at)
  expect(parseDeadlineText('ko', '2026. 12. 18. 오후 6:30')).toBe(at)
  expect(parseDeadlineText('en', '12/18/2026 12:00 AM')).toBe(new Date(2026, 11, 18).getTime())
})

test('deadline text: empty is no deadline; a day that does not exist or another form is bad', () => {
  expect(parseDeadlineText('ru', '  ')).toBeNull()
  for (const [lang, text] of [
    ['ru', '31.02.2027 18:30'],
    ['ru', '12/18/2026 18:30'],
    ['en', '18.12.2026 18:30'],
    ['ko', '2026. 13. 1. 18:30'],
    ['kk', '18.12.2026 24:00'],
    ['en', '12/18/2026 13:00 PM'],
    ['ru', 'завтра'],
  ])
    expect(parseDeadlineText(lang!, text!), `${lang} ${text}`).toBe('bad')
})
