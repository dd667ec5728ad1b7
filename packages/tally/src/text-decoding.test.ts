import { expect, test } from 'vitest'
import { decodeBallotText, decodeUtf8Strict } from './text-decoding.js'

test('text: valid UTF-8 decodes as UTF-8, a lone 0xEB as Latin-1, and a BOM is dropped', () => {
  expect(decodeBallotText(new Uint8Array([0x52, 0x61, 0x70, 0x68, 0x61, 0xc3, 0xab, 0x6c]))).toBe(
    'Raphaël',
  )
  expect(decodeBallotText(new Uint8Array([0x52, 0x61, 0x70, 0x68, 0x61, 0xeb, 0x6c]))).toBe(
    'Raphaël',
  )
  expect(decodeBallotText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A')
  expect(decodeBallotText('\ufeffB')).toBe('B')
})

test('text: the strict UTF-8 decoder agrees with TextDecoder and rejects what it rejects', () => {
  const samples = ['plain', 'Ciarán Renée', '日本語', '🗳️ vote', '']
  for (const s of samples) expect(decodeUtf8Strict(new TextEncoder().encode(s))).toBe(s)
  for (const bad of [
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf5, 0x80, 0x80, 0x80],
    [0xe2, 0x82],
    [0x80],
  ]) {
    expect(decodeUtf8Strict(new Uint8Array(bad))).toBe(null)
  }
})
