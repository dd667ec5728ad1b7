import fc from 'fast-check'
import { expect, test } from 'vitest'
import { decodeBase64url, encodeBase64url } from './base64url.js'

test('base64url: round-trips any bytes and matches RFC 4648 test vectors', () => {
  const enc = (s: string) => encodeBase64url(new TextEncoder().encode(s))
  expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
    '',
    'Zg',
    'Zm8',
    'Zm9v',
    'Zm9vYg',
    'Zm9vYmE',
    'Zm9vYmFy',
  ])
  expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes)
    }),
  )
})

test('base64url: round-trips inputs longer than one piece of its encoder (8,192 characters)', () => {
  for (const length of [6143, 6144, 6145, 20_000]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + (i >> 8)) & 0xff)
    const text = encodeBase64url(bytes)
    expect(text).toHaveLength(Math.ceil((length * 4) / 3))
    expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
    expect(decodeBase64url(text)).toEqual(bytes)
  }
})

test('base64url: refuses padding, foreign characters and non-canonical spellings', () => {
  expect(decodeBase64url('Zg==')).toBeNull()
  expect(decodeBase64url('Zm9v+')).toBeNull()
  expect(decodeBase64url('Z')).toBeNull()
  // "Zh" decodes to the same byte as "Zg" if stray low bits were ignored.
  expect(decodeBase64url('Zh')).toBeNull()
})
