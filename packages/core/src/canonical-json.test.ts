import fc from 'fast-check'
import { expect, test } from 'vitest'
import { canonicalJson, isCanonicalText, NotCanonicalJsonError } from './canonical-json.js'

test('canonical json: RFC 8785 §3.2.3 example sorts keys by UTF-16 code units', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  }
  const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'] as const
  const expected = order
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(input[key])}`)
    .join(',')
  expect(canonicalJson(input)).toBe(`{${expected}}`)
})

test('canonical json: RFC 8785 number and string serialisation', () => {
  expect(
    canonicalJson({
      numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
    }),
  ).toBe('{"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}')
  expect(canonicalJson({ string: '\u20ac$\u000f\nA\'B"\\\\"/' })).toBe(
    '{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  )
  expect(canonicalJson([-0, true, false, null])).toBe('[0,true,false,null]')
  expect(canonicalJson({ b: [], a: {} })).toBe('{"a":{},"b":[]}')
})

test('canonical json: values JSON cannot hold are refused, never guessed', () => {
  expect(() => canonicalJson({ n: Number.NaN })).toThrow(NotCanonicalJsonError)
  expect(() => canonicalJson({ n: Infinity })).toThrow(NotCanonicalJsonError)
  expect(() => canonicalJson([undefined])).toThrow(NotCanonicalJsonError)
  expect(() => canonicalJson(10n)).toThrow(NotCanonicalJsonError)
})

test('canonical json: key order of the input never changes the output', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
      const reversed = Object.fromEntries(Object.entries(record).reverse())
      expect(canonicalJson(reversed)).toBe(canonicalJson(record))
      expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)))
    }),
  )
})

test('canonical json: a text found canonical without encoding is the canonical text, and a canonical one is found so', () => {
  const value = fc.jsonValue({ maxDepth: 4 })
  fc.assert(
    fc.property(value, fc.boolean(), (v, spaced) => {
      const canonical = canonicalJson(v)
      // As stored (canonical), as another encoder writes it (keys in insertion order), and spaced.
      for (const text of [canonical, JSON.stringify(v), JSON.stringify(v, null, spaced ? 1 : 0)]) {
        const decoded: unknown = JSON.parse(text)
        if (isCanonicalText(decoded, text)) expect(text).toBe(canonicalJson(decoded))
      }
      // A canonical text is recognised unless an object has a key like an array index, which
      // JSON.parse puts first (then it is encoded instead, as before).
      if (!/"\d+":/.test(canonical))
        expect(isCanonicalText(JSON.parse(canonical), canonical)).toBe(true)
    }),
    { numRuns: 2000 },
  )
  expect(isCanonicalText({ b: 1, a: 2 }, '{"b":1,"a":2}')).toBe(false)
  expect(isCanonicalText(JSON.parse('{"9":1,"10":2}'), '{"10":2,"9":1}')).toBe(false)
  expect(isCanonicalText({ a: [1, undefined] }, '{"a":[1,null]}')).toBe(false)
})
