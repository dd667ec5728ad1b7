import fc from 'fast-check'
import { expect, test } from 'vitest'
import { flipChar, seededBytes } from '../test-support/secret-fixtures.js'
import {
  GROUP_ORDER,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  multiplyGenerator,
} from './secret-group.js'
import {
  MAX_TELLERS,
  checkDealing,
  checkRevealedShare,
  combineRevealedShares,
  dealTellerShares,
  dealingRandomBytes,
  openDealtShare,
  pollPublicKey,
  singleTellerDealing,
  tellerKeyPair,
  tellerPublicShare,
  tellerSecretShare,
} from './teller-key.js'
import type { TellerDealing } from './teller-key.js'

/** A poll's tellers, each with its teller key, and every teller's dealing. */
function dealt(seed: string, n: number, k: number) {
  const context = `space-${seed}/poll`
  const members = Array.from({ length: n }, (_, i) => `teller-${seed}-${i + 1}`)
  const keys = members.map((_, i) => tellerKeyPair(seededBytes(`${seed}/key/${i}`, 64)))
  const tellers = members.map((key, i) => ({ key, encryptionKey: keys[i]!.publicKey }))
  const dealings = members.map((_, i) =>
    dealTellerShares({
      context,
      quorum: k,
      tellers,
      random: seededBytes(`${seed}/deal/${i}`, dealingRandomBytes(k, n)),
    }),
  )
  return { context, members, keys, tellers, dealings }
}

const pollSetup = fc.integer({ min: 2, max: MAX_TELLERS }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.integer({ min: 1, max: n }),
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.shuffledSubarray(
      Array.from({ length: n }, (_, i) => i),
      { minLength: n, maxLength: n },
    ),
  ),
)

test('tellers: with k ≤ n ≤ 9 every teller opens a checked share, and any k of them give the poll secret', () => {
  fc.assert(
    fc.property(pollSetup, ([n, k, seed, order]) => {
      const { context, members, keys, dealings } = dealt(seed, n, k)
      for (const d of dealings) expect(checkDealing(d, k, members, context)).toBeNull()
      const shares = members.map((member, i) => {
        const share = tellerSecretShare(dealings, context, i + 1, member, keys[i]!.secret)
        expect(share).not.toBeNull()
        expect(checkRevealedShare(share!, tellerPublicShare(dealings, i + 1))).toBe(true)
        return { index: i + 1, share: share! }
      })
      const y = pollPublicKey(dealings)
      const picked = order.map((i) => shares[i]!)
      const secret = combineRevealedShares(picked, k)
      expect(encodePoint(multiplyGenerator(secret))).toBe(y)
      if (k >= 2) {
        // k − 1 shares interpolate to some other number: not the poll secret.
        const short = combineRevealedShares(picked.slice(0, k - 1), k - 1)
        expect(encodePoint(multiplyGenerator(short))).not.toBe(y)
      }
    }),
    { numRuns: 12 },
  )
})

test('tellers: one teller keeps its own secret; its key is the poll key', () => {
  const { secret, publicKey } = tellerKeyPair(seededBytes('single', 64))
  const d = singleTellerDealing(secret)
  expect(checkDealing(d, 1, ['only'], 'ctx')).toBeNull()
  expect(pollPublicKey([d])).toBe(publicKey)
  expect(tellerPublicShare([d], 1)).toBe(publicKey)
  expect(tellerSecretShare([d], 'ctx', 1, 'only', secret)).toBe(secret)
  expect(tellerSecretShare([d], 'ctx', 1, 'only', secret + 1n)).toBeNull()
  expect(checkRevealedShare(secret, tellerPublicShare([d], 1))).toBe(true)
  expect(combineRevealedShares([{ index: 1, share: secret }], 1)).toBe(secret)
  expect(checkDealing({ ...d, shares: { only: d.shares['x'] } }, 1, ['only'], 'ctx')).toMatch(
    /no shares/,
  )
})

const fixed = dealt('tamper', 4, 3)
const FIELDS = ['commitment', 'ephemeral', 'box', 'nonce', 'response'] as const

function tamper(
  d: TellerDealing,
  field: (typeof FIELDS)[number],
  teller: string,
  j: number,
  at: number,
  delta: number,
): TellerDealing {
  const shares = { ...d.shares }
  const share = shares[teller]!
  switch (field) {
    case 'commitment': {
      const commitments = d.commitments.slice()
      commitments[j] = flipChar(commitments[j]!, at, delta)
      return { ...d, commitments }
    }
    case 'ephemeral':
      shares[teller] = { ...share, ephemeral: flipChar(share.ephemeral, at, delta) }
      return { ...d, shares }
    case 'box':
      shares[teller] = { ...share, box: flipChar(share.box, at, delta) }
      return { ...d, shares }
    case 'nonce':
      return { ...d, proof: { ...d.proof!, nonce: flipChar(d.proof!.nonce, at, delta) } }
    case 'response':
      return { ...d, proof: { ...d.proof!, response: flipChar(d.proof!.response, at, delta) } }
  }
}

test('tellers: any altered commitment, proof, ephemeral or share box is refused, never thrown', () => {
  const { context, members, keys, dealings } = fixed
  fc.assert(
    fc.property(
      fc.constantFrom(...FIELDS),
      fc.nat(3),
      fc.nat(3),
      fc.nat(2),
      fc.nat(),
      fc.integer({ min: 1, max: 63 }),
      (field, dealer, t, j, at, delta) => {
        const d = tamper(dealings[dealer]!, field, members[t]!, j, at, delta)
        const problem = checkDealing(d, 3, members, context)
        if (field === 'commitment' || field === 'nonce' || field === 'response') {
          expect(problem).not.toBeNull()
        } else {
          // A damaged box has the right shape; the teller it is for finds it out.
          const opened = openDealtShare(d, context, t + 1, members[t]!, keys[t]!.secret)
          expect(problem !== null || opened === null).toBe(true)
          const all = dealings.map((other, i) => (i === dealer ? d : other))
          expect(tellerSecretShare(all, context, t + 1, members[t]!, keys[t]!.secret)).toBeNull()
        }
      },
    ),
    { numRuns: 150 },
  )
})

test('tellers: a share well encrypted but off the committed polynomial is found by its teller', () => {
  const { context, members, keys, tellers, dealings } = fixed
  // The shares of another polynomial under dealing 0's commitments and proof.
  const other = dealTellerShares({
    context,
    quorum: 3,
    tellers,
    random: seededBytes('another polynomial', dealingRandomBytes(3, 4)),
  })
  const forged = { ...dealings[0]!, shares: other.shares }
  expect(checkDealing(forged, 3, members, context)).toBeNull()
  members.forEach((member, t) => {
    expect(openDealtShare(other, context, t + 1, member, keys[t]!.secret)).not.toBeNull()
    expect(openDealtShare(forged, context, t + 1, member, keys[t]!.secret)).toBeNull()
  })
  // The share opens only for the teller, index and poll it was dealt to.
  const d = dealings[0]!
  expect(openDealtShare(d, context, 1, members[0]!, keys[0]!.secret)).not.toBeNull()
  expect(openDealtShare(d, context, 2, members[0]!, keys[0]!.secret)).toBeNull()
  expect(openDealtShare(d, context, 1, members[0]!, keys[1]!.secret)).toBeNull()
  expect(openDealtShare(d, 'another/poll', 1, members[0]!, keys[0]!.secret)).toBeNull()
})

test('tellers: an altered revealed share is refused', () => {
  const { context, members, keys, dealings } = fixed
  const share = tellerSecretShare(dealings, context, 2, members[1]!, keys[1]!.secret)!
  const publicShare = tellerPublicShare(dealings, 2)
  expect(checkRevealedShare(share, publicShare)).toBe(true)
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: GROUP_ORDER - 1n }),
      fc.nat(),
      fc.integer({ min: 1, max: 63 }),
      (delta, at, shift) => {
        expect(checkRevealedShare((share + delta) % GROUP_ORDER, publicShare)).toBe(false)
        const text = flipChar(encodeScalar(share), at, shift)
        const decoded = decodeScalar(text)
        expect(decoded === null || !checkRevealedShare(decoded, publicShare)).toBe(true)
        expect(checkRevealedShare(share, flipChar(publicShare, at, shift))).toBe(false)
      },
    ),
    { numRuns: 100 },
  )
  expect(checkRevealedShare(share, tellerPublicShare(dealings, 3))).toBe(false)
  expect(checkRevealedShare(GROUP_ORDER + share, publicShare)).toBe(false)
})

test('tellers: a last dealer cannot cancel the others to hold the poll secret alone', () => {
  const { context, members, dealings } = fixed
  // The rogue-key attack: C_0 = a·G − Σ (the others' C_0), so Y = a·G for an `a` it knows.
  const a = 12345n
  const others = dealings.slice(0, 3)
  const cancel = others.map((d) => decodePoint(d.commitments[0]!)!).reduce((sum, c) => sum.add(c))
  const rogue = {
    ...dealings[3]!,
    commitments: [
      encodePoint(multiplyGenerator(a).subtract(cancel)),
      ...dealings[3]!.commitments.slice(1),
    ],
  }
  expect(pollPublicKey([...others, rogue])).toBe(encodePoint(multiplyGenerator(a)))
  expect(checkDealing(rogue, 3, members, context)).toMatch(/proof/)
  // Nor can a dealing be carried over from another poll, where its proof was made.
  expect(checkDealing(dealings[0], 3, members, 'another/poll')).toMatch(/proof/)
})

test('tellers: a dealing from outside gets a specific message for what is wrong', () => {
  const { context, members, dealings } = fixed
  const d = dealings[0]!
  const check = (value: unknown) => checkDealing(value, 3, members, context)
  expect(check(null)).toMatch(/object/)
  expect(check({ ...d, commitments: d.commitments.slice(1) })).toMatch(/exactly 3 commitments/)
  expect(check({ ...d, commitments: [...d.commitments, d.commitments[0]] })).toMatch(/exactly 3/)
  const identity = 'A'.repeat(43)
  expect(check({ ...d, commitments: [d.commitments[0], identity, d.commitments[2]] })).toMatch(
    /commitment 1 is not a valid/,
  )
  const { [members[2]!]: _dropped, ...missing } = d.shares
  expect(check({ ...d, shares: missing })).toMatch(/no share for teller 3/)
  expect(check({ ...d, shares: { ...d.shares, stranger: d.shares[members[0]!] } })).toMatch(
    /stranger, who is not a teller/,
  )
  const extra = { ...d.shares[members[1]!]!, note: 'x' }
  expect(check({ ...d, shares: { ...d.shares, [members[1]!]: extra } })).toMatch(/teller 2/)
  const { proof: _proof, ...unproved } = d
  expect(check(unproved)).toMatch(/proof/)
  expect(check({ ...d, event: 'fields of the event are not looked at' })).toBeNull()
})

test('tellers: dealing needs exactly its random bytes, 2 to 9 distinct tellers and 1 ≤ k ≤ n', () => {
  const { context, tellers } = fixed
  const needed = dealingRandomBytes(3, 4)
  expect(needed).toBe(64 * 8)
  const deal = (input: Partial<Parameters<typeof dealTellerShares>[0]>) => () =>
    dealTellerShares({ context, quorum: 3, tellers, random: seededBytes('r', needed), ...input })
  expect(deal({})).not.toThrow()
  expect(deal({ random: seededBytes('r', needed - 1) })).toThrow(/needs 512 random bytes, got 511/)
  expect(deal({ quorum: 0 })).toThrow(/quorum/)
  expect(deal({ quorum: 5 })).toThrow(/quorum/)
  expect(deal({ tellers: tellers.slice(0, 1), quorum: 1 })).toThrow(/singleTellerDealing/)
  expect(deal({ tellers: [...tellers, tellers[0]!] })).toThrow(/twice/)
  const ten = Array.from({ length: MAX_TELLERS + 1 }, (_, i) => ({ ...tellers[0]!, key: `t${i}` }))
  expect(deal({ tellers: ten, random: seededBytes('r', dealingRandomBytes(3, 10)) })).toThrow(
    /1 to 9 tellers/,
  )
  expect(
    deal({ tellers: [tellers[0]!, { key: 'x', encryptionKey: 'A'.repeat(43) }], quorum: 1 }),
  ).toThrow(/encryption key/)
})

test('tellers: combining needs quorum shares with distinct indices', () => {
  expect(() => combineRevealedShares([{ index: 1, share: 1n }], 2)).toThrow(/need 2/)
  const twice = [
    { index: 1, share: 1n },
    { index: 1, share: 2n },
  ]
  expect(() => combineRevealedShares(twice, 2)).toThrow(/distinct/)
  expect(() => combineRevealedShares([{ index: 0, share: 1n }], 1)).toThrow(/positive/)
})
