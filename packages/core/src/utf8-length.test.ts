import fc from 'fast-check'
import { expect, test } from 'vitest'
import { utf8Length } from './utf8-length.js'

const encoder = new TextEncoder()

test('utf8 length: one, two, three and four bytes, and lone surrogates as U+FFFD', () => {
  for (const text of [
    '',
    'a',
    'é',
    '€',
    '😀',
    '\uD800',
    '\uDC00',
    'x\uD83D',
    '\uDE00\uD83D',
    'a😀é€\uDFFF',
  ]) {
    expect(utf8Length(text)).toBe(encoder.encode(text).length)
  }
})

test('utf8 length: equals the encoded length of any string, valid UTF-16 or not', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      expect(utf8Length(text)).toBe(encoder.encode(text).length)
    }),
  )
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }), (units) => {
      const text = String.fromCharCode(...units)
      expect(utf8Length(text)).toBe(encoder.encode(text).length)
    }),
  )
})
