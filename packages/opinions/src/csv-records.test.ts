import { expect, test } from 'vitest'
import { parseCsv } from './csv-records.js'

test('csv: quoted fields hold commas, line breaks and doubled quotes; records keep their first line', () => {
  const parsed = parseCsv('a,b,c\r\n1,"x, ""y""\nz",3\n"",,\n')
  expect(parsed).toEqual({
    ok: true,
    records: [
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, "y"\nz', '3'], line: 2 },
      { fields: ['', '', ''], line: 4 },
    ],
  })
})

test('csv: the last record needs no line break; a byte-order mark is skipped', () => {
  expect(parseCsv('\uFEFFa,b\n1,2')).toEqual({
    ok: true,
    records: [
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ],
  })
})

test('csv: an unclosed quote names the line it opened on (a file cut short)', () => {
  expect(parseCsv('a,b\n1,2\n3,"never\nclosed')).toEqual({
    ok: false,
    line: 3,
    message: 'a quoted field is never closed (is the file cut short?)',
  })
})

test('csv: text after a closing quote, or a quote inside a bare field, is an error on its line', () => {
  expect(parseCsv('a\n"x"y\n')).toMatchObject({ ok: false, line: 2 })
  expect(parseCsv('a\nb\nx"y\n')).toMatchObject({ ok: false, line: 3 })
})
