// Counting with a platform's faster multiplication (libsodium on Node) gives exactly the votes
// @noble/curves gives, and refuses exactly the same ciphertexts.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import {
  decryptVote,
  encodePoint,
  encryptVote,
  multiplyGenerator,
  scalarFromBytes,
} from '@veche/core'
import type { ScalarMult } from '@veche/core'
import { sodiumScalarMult } from './sodium-scalar-mult.js'

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
