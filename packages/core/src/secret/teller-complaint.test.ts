import fc from 'fast-check'
import { expect, test } from 'vitest'
import { flipChar, seededBytes } from '../test-support/secret-fixtures.js'
import { checkShareComplaint, complainOfShare } from './teller-complaint.js'
import type { ShareComplaint } from './teller-complaint.js'
import {
  checkDealing,
  dealTellerShares,
  dealingRandomBytes,
  tellerKeyPair,
  tellerSecretShare,
} from './teller-key.js'

const context = 'space-1/poll-1'
const members = ['t1', 't2', 't3']
const keys = members.map((_, i) => tellerKeyPair(seededBytes(`complaint key ${i}`, 64)))
const tellers = members.map((key, i) => ({ key, encryptionKey: keys[i]!.publicKey }))
const deal = (seed: string) =>
  dealTellerShares({
    context,
    quorum: 2,
    tellers,
    random: seededBytes(seed, dealingRandomBytes(2, 3)),
  })
const honest = deal('honest')
const other = deal('other')
// A dishonest dealer: its own commitments and proof, but the shares of another polynomial.
const cheat = { ...other, shares: honest.shares }

function complaint(dealing = cheat, index = 2): ShareComplaint | null {
  return complainOfShare({
    dealing,
    context,
    index,
    teller: members[index - 1]!,
    decryptionKey: keys[index - 1]!.secret,
    random: seededBytes(`proof ${index}`, 64),
  })
}

test('complaints: a teller shows in public that its share is off the commitments; anyone checks it', () => {
  expect(checkDealing(cheat, 2, members, context)).toBeNull() // the shape and proof are fine
  expect(tellerSecretShare([honest, cheat], context, 2, 't2', keys[1]!.secret)).toBeNull()
  const made = complaint()!
  expect(made).not.toBeNull()
  expect(checkShareComplaint(cheat, context, 2, 't2', keys[1]!.publicKey, made)).toBeNull()
  // Nothing to complain of in an honest dealing.
  expect(complaint(honest)).toBeNull()
})

test('complaints: a complaint about a good share, or in another poll or by another teller, is refused', () => {
  const made = complaint()!
  // The same share box under the honest commitments: it opens and checks, the dealer is not at fault.
  expect(checkShareComplaint(honest, context, 2, 't2', keys[1]!.publicKey, made)).toMatch(
    /not at fault/,
  )
  expect(checkShareComplaint(cheat, 'another/poll', 2, 't2', keys[1]!.publicKey, made)).toMatch(
    /proof/,
  )
  expect(checkShareComplaint(cheat, context, 3, 't3', keys[2]!.publicKey, made)).toMatch(/proof/)
  expect(checkShareComplaint(cheat, context, 2, 't2', keys[1]!.publicKey, null)).toMatch(/object/)
})

test('complaints: any altered complaint is refused, never thrown', () => {
  const made = complaint()!
  fc.assert(
    fc.property(
      fc.constantFrom('sharedKey', 'challenge', 'response'),
      fc.nat(),
      fc.integer({ min: 1, max: 63 }),
      (field, at, delta) => {
        const altered = { ...made, [field]: flipChar(made[field], at, delta) }
        expect(
          checkShareComplaint(cheat, context, 2, 't2', keys[1]!.publicKey, altered),
        ).not.toBeNull()
      },
    ),
    { numRuns: 100 },
  )
})

test('complaints: a proof needs 64 random bytes', () => {
  expect(() =>
    complainOfShare({
      dealing: cheat,
      context,
      index: 2,
      teller: 't2',
      decryptionKey: keys[1]!.secret,
      random: new Uint8Array(63),
    }),
  ).toThrow(/64 random bytes/)
})
