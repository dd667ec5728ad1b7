// Opening ballots' boxes through node:crypto gives exactly the votes core's @noble path gives, and
// refuses exactly the same boxes: altered anywhere, cut short, or made for another ballot.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import {
  decryptVote,
  encodeBase64url,
  encodePoint,
  encryptVote,
  multiplyGenerator,
  scalarFromBytes,
} from '@veche/core'
import { nodeOpenBox } from './node-ballot-box.js'
import { sodiumScalarMult } from './sodium-ristretto.js'

const context = { space: 'AAAAAAAAAAAAAAAAAAAAAA', poll: 'P'.repeat(43), pseudonym: 'K'.repeat(43) }

test('ballot boxes open to the same votes through node:crypto as through @noble, and altered ones to null with both', async () => {
  const fast = await sodiumScalarMult()
  const x = scalarFromBytes(randomBytes(64))
  const y = encodePoint(multiplyGenerator(x))
  fc.assert(
    fc.property(
      fc.oneof(
        fc.record({ choice: fc.constantFrom('yes', 'no', 'abstain') }),
        fc.record({ ranking: fc.array(fc.string(), { maxLength: 40 }) }),
      ),
      fc.nat(),
      fc.constantFrom('flip', 'cut', 'short', 'other-ballot'),
      (vote, at, how) => {
        const c = encryptVote(y, vote, context, randomBytes(96))
        const both = (box: string, ctx = context): unknown => {
          const noble = decryptVote(x, { ...c, box }, ctx)
          expect(decryptVote(x, { ...c, box }, ctx, fast, nodeOpenBox)).toEqual(noble)
          expect(decryptVote(x, { ...c, box }, ctx, undefined, nodeOpenBox)).toEqual(noble)
          return noble
        }
        expect(both(c.box)).toEqual(vote)
        const bytes = Buffer.from(c.box, 'base64url')
        if (how === 'flip') bytes[at % bytes.length]! ^= 1 << (at % 8)
        const altered =
          how === 'cut'
            ? bytes.subarray(0, at % bytes.length)
            : how === 'short'
              ? bytes.subarray(0, at % 16)
              : bytes
        const box = encodeBase64url(altered)
        const ctx = how === 'other-ballot' ? { ...context, pseudonym: 'L'.repeat(43) } : context
        expect(both(box, ctx)).toBeNull()
      },
    ),
    { numRuns: 200 },
  )
})
