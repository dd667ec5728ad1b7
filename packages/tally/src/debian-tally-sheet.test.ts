import { expect, test } from 'vitest'
import { looksLikeDebianTallySheet, readDebianTallySheet } from './debian-tally-sheet.js'
import { readElectionBytes } from './test-data.js'

const sheet = (votes: string) =>
  `   Option 1-->: Ana\n /  Option 2->: Bo\n |/  Option 3>: None Of The Above\n ||/\n${votes}`

test('debian sheet: the 2007 file is Latin-1 and its 0xEB byte becomes ë', () => {
  const bytes = readElectionBytes('debian/leader2007_tally.txt')
  expect(bytes.includes(0xeb)).toBe(true)
  const outcome = readDebianTallySheet(bytes)
  expect(outcome.ok && outcome.report.candidates[5]).toBe('Raphaël Hertzog')
  expect(outcome.ok && outcome.report.ballots.totalWeight).toBe(482)
})

test('debian sheet: digits are ranks (equal digits rank equal, gaps allowed), "-" is unranked', () => {
  const outcome = readDebianTallySheet(sheet('V: 3-1  abc\nV: 22- def\n'))
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const b = outcome.report.ballots
  expect(Array.from(b.prefs)).toEqual([2, 0, 0, 1])
  expect(Array.from(b.tiers ?? [])).toEqual([0, 1, 0, 0])
  expect(looksLikeDebianTallySheet(sheet('V: 3-1 x\n'))).toBe(true)
  expect(looksLikeDebianTallySheet('3 1\n1 1 0\n0\n')).toBe(false)
})

test.each([
  [sheet('V: 12 x\n'), 5, 'has 2 characters for 3 options'],
  [sheet('V: 1x2 x\n'), 5, '"x" is not a rank'],
  ['   Option 2->: Bo\n', 1, 'expected Option 1, found Option 2'],
  ['V: 12 x\n', 1, 'before any "Option N--->: name" line'],
  ['   Option 1->: Ana\n', 1, 'no "V:" vote lines found'],
])('debian sheet: a bad sheet fails naming its line (%#)', (text, line, message) => {
  const outcome = readDebianTallySheet(text)
  expect(outcome).toMatchObject({ ok: false, code: 'tally.parse-error', line })
  expect(!outcome.ok && outcome.message).toContain(message)
})
