// Counting with a platform's faster multiplication (libsodium on Node) gives exactly the votes
// @noble/curves gives, and refuses exactly the same ciphertexts; checking a ballot's point with
// libsodium accepts exactly the encodings @noble/curves' decoding accepts.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import {
  checkCiphertext,
  decodePoint,
  decryptVote,
  encodeBase64url,
  encodePoint,
  encryptVote,
  multiplyGenerator,
  scalarFromBytes,
} from '@veche/core'
import type { PointCheck, ScalarMult } from '@veche/core'
import { sodiumIsPoint, sodiumScalarMult } from './sodium-ristretto.js'

const context = { space: 'AAAAAAAAAAAAAAAAAAAAAA', poll: 'P'.repeat(43), pseudonym: 'K'.repeat(43) }

test('a ballot decrypts to the same vote with libsodium as with @noble/curves, and a tampered one to null with both', async () => {
  const fast: ScalarMult = await sodiumScalarMult()
  const x = scalarFromBytes(randomBytes(64))
  const y = encodePoint(multiplyGenerator(x))
  fc.assert(
    fc.property(fc.constantFrom('yes', 'no', 'abstain'), fc.nat(43 * 2), (choice, flip) => {
      const c = encryptVote(y, { choice }, context, randomBytes(96))
      expect(decryptVote(x, c, context, fast)).toEqual({ choice })
      expect(decryptVote(x, c, context)).toEqual({ choice })
      const field = flip < 43 ? 'ephemeral' : 'box'
      const at = flip % 43
      const text = c[field]
      const swapped = text[at] === 'A' ? 'B' : 'A'
      const tampered = { ...c, [field]: text.slice(0, at) + swapped + text.slice(at + 1) }
      expect(decryptVote(x, tampered, context, fast)).toEqual(decryptVote(x, tampered, context))
    }),
    { numRuns: 60 },
  )
})

test('libsodium accepts exactly the ballot points @noble/curves decodes: not the identity, no non-canonical encoding', async () => {
  const isPoint: PointCheck = await sodiumIsPoint()
  const box = encodeBase64url(new Uint8Array(256 + 16))
  const agree = (bytes: Uint8Array): void => {
    const text = encodeBase64url(bytes)
    expect(isPoint(bytes)).toBe(decodePoint(text) !== null)
    expect(checkCiphertext({ ephemeral: text, box }, isPoint)).toBe(
      checkCiphertext({ ephemeral: text, box }),
    )
  }
  const fieldPrime = 2n ** 255n - 19n
  const littleEndian = (n: bigint): Uint8Array =>
    Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
  // The identity, small values, field elements at and past p (non-canonical), negative (odd) ones,
  // and the top bit set.
  const edges = [0n, 1n, 2n, 4n, fieldPrime - 1n, fieldPrime, fieldPrime + 1n, fieldPrime + 2n]
  for (const n of edges) agree(littleEndian(n))
  agree(new Uint8Array(32).fill(0xff))
  const valid = Array.from({ length: 8 }, () => multiplyGenerator(scalarFromBytes(randomBytes(64))))
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.tuple(fc.constantFrom(...valid), fc.nat(255), fc.nat(7)).map(([p, at, bit]) => {
          const bytes = p.toBytes()
          bytes[at % 32]! ^= 1 << bit
          return bytes
        }),
        fc.constantFrom(...valid).map((p) => p.toBytes()),
      ),
      (bytes) => agree(bytes),
    ),
    { numRuns: 2_000 },
  )
  // Texts that are not 32 bytes of base64url are refused before the bytes are looked at.
  for (const ephemeral of ['', 'A'.repeat(42), 'A'.repeat(44), '!'.repeat(43)]) {
    expect(checkCiphertext({ ephemeral, box }, isPoint)).toBe(checkCiphertext({ ephemeral, box }))
  }
})
