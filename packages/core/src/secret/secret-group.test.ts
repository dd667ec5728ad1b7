import { expect, test } from 'vitest'
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import { bytesHex, hexBytes } from '../test-support/secret-fixtures.js'
import {
  GENERATOR,
  GROUP_ORDER,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  hashToScalar,
  multiplyGenerator,
  scalarFromBytes,
} from './secret-group.js'

// RFC 9496 Appendix A.1: encodings of the multiples 1·B … 5·B of the generator.
const MULTIPLES = [
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
  'da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57',
  'e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e',
]

// RFC 9496 Appendix A.2: non-canonical field encodings and a negative field element.
const BAD_ENCODINGS = [
  '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0100000000000000000000000000000000000000000000000000000000000000',
]

test('group: RFC 9496 A.1 multiples of the generator encode and decode as published', () => {
  MULTIPLES.forEach((hex, i) => {
    const point = multiplyGenerator(BigInt(i + 1))
    expect(bytesHex(decodeBase64url(encodePoint(point))!)).toBe(hex)
    expect(decodePoint(encodeBase64url(hexBytes(hex)))!.equals(point)).toBe(true)
  })
})

test('group: RFC 9496 A.2 bad encodings, the identity and wrong lengths are refused', () => {
  for (const hex of BAD_ENCODINGS) expect(decodePoint(encodeBase64url(hexBytes(hex)))).toBeNull()
  expect(decodePoint(encodeBase64url(new Uint8Array(32)))).toBeNull() // the identity, 0·B
  expect(decodePoint(encodePoint(GENERATOR).slice(0, 42))).toBeNull()
  expect(decodePoint(encodePoint(GENERATOR) + 'A')).toBeNull()
  expect(decodePoint('')).toBeNull()
})

test('group: scalars are 32 bytes little-endian below ℓ (at ℓ − 1, and at ℓ)', () => {
  expect(decodeScalar(encodeScalar(GROUP_ORDER - 1n))).toBe(GROUP_ORDER - 1n)
  expect(decodeScalar(encodeScalar(0n))).toBe(0n)
  expect(bytesHex(decodeBase64url(encodeScalar(1n))!)).toBe('01' + '00'.repeat(31))
  const order = new Uint8Array(32)
  let rest = GROUP_ORDER
  for (let i = 0; i < 32; i++, rest >>= 8n) order[i] = Number(rest & 0xffn)
  expect(decodeScalar(encodeBase64url(order))).toBeNull()
  expect(decodeScalar(encodeBase64url(new Uint8Array(31)))).toBeNull()
  expect(() => encodeScalar(GROUP_ORDER)).toThrow(RangeError)
  expect(() => encodeScalar(-1n)).toThrow(RangeError)
})

test('group: wide reduction takes exactly 64 bytes and lands below ℓ', () => {
  const x = scalarFromBytes(new Uint8Array(64).fill(0xff))
  expect(x).toBe((2n ** 512n - 1n) % GROUP_ORDER)
  expect(() => scalarFromBytes(new Uint8Array(63))).toThrow(RangeError)
})

test('group: hashToScalar separates domains and the boundaries between parts', () => {
  const base = hashToScalar('veche/test', 'ab', 'c')
  expect(hashToScalar('veche/test', 'ab', 'c')).toBe(base)
  expect(hashToScalar('veche/test', 'a', 'bc')).not.toBe(base)
  expect(hashToScalar('veche/other', 'ab', 'c')).not.toBe(base)
  expect(hashToScalar('veche/test', new TextEncoder().encode('ab'), 'c')).toBe(base)
  expect(base).toBeLessThan(GROUP_ORDER)
})
