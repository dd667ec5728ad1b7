import fc from 'fast-check'
import { expect, test } from 'vitest'
import { jsonErrorOffset } from './json-error-position.js'

test('json error position: valid JSON gives -1, and errors point at the offending character', () => {
  expect(jsonErrorOffset('{"a": [1, 2.5e3, "x\\n", true, null]}')).toBe(-1)
  expect(jsonErrorOffset('{"a": [,]}')).toBe(7)
  expect(jsonErrorOffset('{"a": 1} x')).toBe(9)
  expect(jsonErrorOffset('{"a": tru}')).toBe(6)
  expect(jsonErrorOffset('"open')).toBe(5)
})

test('json error position property: agrees with JSON.parse on what is valid', () => {
  fc.assert(
    fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (json, at, junk) => {
      expect(jsonErrorOffset(json)).toBe(-1)
      const broken =
        json.slice(0, at % (json.length + 1)) + junk + json.slice(at % (json.length + 1))
      let valid = true
      try {
        JSON.parse(broken)
      } catch {
        valid = false
      }
      expect(jsonErrorOffset(broken) === -1).toBe(valid)
    }),
  )
})
