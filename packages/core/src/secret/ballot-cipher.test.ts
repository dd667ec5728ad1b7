import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import { flipChar, seededBytes } from '../test-support/secret-fixtures.js'
import {
  MAX_BALLOT_BOX_CHARS,
  MAX_SECRET_VOTE_BYTES,
  SMALLEST_VOTE_BUCKET,
  checkCiphertext,
  decryptVote,
  encryptVote,
} from './ballot-cipher.js'
import type { BallotCiphertext } from './ballot-cipher.js'
import {
  decodePoint,
  encodePoint,
  joinParts,
  multiplyGenerator,
  scalarFromBytes,
} from './secret-group.js'
import {
  checkRevealedShare,
  combineRevealedShares,
  dealTellerShares,
  dealingRandomBytes,
  pollPublicKey,
  tellerKeyPair,
  tellerPublicShare,
  tellerSecretShare,
} from './teller-key.js'

const { secret: x, publicKey: pollKey } = tellerKeyPair(seededBytes('poll secret', 64))
const context = { space: 'space-1', poll: 'poll-1', pseudonym: 'one-time-key-1' }

const VOTES: readonly unknown[] = [
  { choice: 'Yes' },
  { choice: null },
  { position: 'block', reason: 'Nobody asked the tenants of block C.' },
  { position: 'agree', reason: '' },
  { ranking: ['Amina', 'Bohdan', 'Chiara'] },
  { ranking: [] },
  { approve: ['Park', 'Library'] },
  { scores: { Park: 3, Library: -1, Pool: 0 } },
]

test('ballots: the vote of every method comes back from its ciphertext', () => {
  VOTES.forEach((vote, i) => {
    const c = encryptVote(pollKey, vote, context, seededBytes(`r${i}`, 64))
    expect(checkCiphertext(c)).toBeNull()
    expect(decryptVote(x, c, context)).toEqual(vote)
  })
})

test('ballots: every ordinary vote gives a ciphertext of the same length', () => {
  const lengths = VOTES.map((vote, i) => {
    const c = encryptVote(pollKey, vote, context, seededBytes(`len${i}`, 64))
    return [c.ephemeral.length, c.box.length]
  })
  const box = Math.ceil(((SMALLEST_VOTE_BUCKET + 16) * 4) / 3)
  for (const length of lengths) expect(length).toEqual([43, box])
  // A long reason moves to the next bucket; a poll that knows its largest vote pads every vote to it.
  const long = { position: 'disagree', reason: 'x'.repeat(300) }
  expect(encryptVote(pollKey, long, context, seededBytes('l', 64)).box.length).toBeGreaterThan(box)
  const padded = encryptVote(pollKey, { choice: 'Yes' }, context, seededBytes('p', 64), 512)
  const longPadded = encryptVote(pollKey, long, context, seededBytes('q', 64), 512)
  expect(padded.box.length).toBe(longPadded.box.length)
  expect(decryptVote(x, padded, context)).toEqual({ choice: 'Yes' })
})

test('ballots: a ciphertext opens only for its own space, poll and one-time key, and the poll secret', () => {
  const c = encryptVote(pollKey, { choice: 'Yes' }, context, seededBytes('bind', 64))
  expect(decryptVote(x, c, { ...context, pseudonym: 'one-time-key-2' })).toBeNull()
  expect(decryptVote(x, c, { ...context, poll: 'poll-2' })).toBeNull()
  expect(decryptVote(x, c, { ...context, space: 'space-2' })).toBeNull()
  expect(decryptVote(x + 1n, c, context)).toBeNull()
  expect(decryptVote(x, c, context)).toEqual({ choice: 'Yes' })
})

test('ballots: any altered ephemeral or box is refused, never thrown', () => {
  const c = encryptVote(pollKey, { ranking: ['A', 'B'] }, context, seededBytes('t', 64))
  fc.assert(
    fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 63 }), (inBox, at, delta) => {
      const altered: BallotCiphertext = inBox
        ? { ...c, box: flipChar(c.box, at, delta) }
        : { ...c, ephemeral: flipChar(c.ephemeral, at, delta) }
      expect(decryptVote(x, altered, context)).toBeNull()
    }),
    { numRuns: 200 },
  )
})

test('ballots: a ciphertext from outside gets a specific message for what is wrong', () => {
  const c = encryptVote(pollKey, { choice: 'Yes' }, context, seededBytes('shape', 64))
  expect(checkCiphertext(null)).toMatch(/object/)
  expect(checkCiphertext({ ...c, ephemeral: 'A'.repeat(43) })).toMatch(/ephemeral/)
  expect(checkCiphertext({ ...c, box: 42 })).toMatch(/text/)
  const short = encodeBase64url(decodeBase64url(c.box)!.subarray(1))
  expect(checkCiphertext({ ...c, box: short })).toMatch(/holds 271 bytes, not a padded vote/)
  expect(checkCiphertext({ ...c, box: `${c.box.slice(0, -1)}*` })).toMatch(/base64url/)
  expect(checkCiphertext({ ...c, box: '' })).toMatch(/padded vote/)
  expect(checkCiphertext({ ...c, poll: 'fields of the event are not looked at' })).toBeNull()
})

test('ballots: a vote of MAX_SECRET_VOTE_BYTES is cast and read back; one byte more is refused', () => {
  const atLimit = { reason: 'x'.repeat(MAX_SECRET_VOTE_BYTES - '{"reason":""}'.length) }
  const c = encryptVote(pollKey, atLimit, context, seededBytes('max', 64))
  expect(c.box.length).toBe(MAX_BALLOT_BOX_CHARS)
  expect(checkCiphertext(c)).toBeNull()
  expect(decryptVote(x, c, context)).toEqual(atLimit)
  const past = { reason: `${atLimit.reason}x` }
  expect(() => encryptVote(pollKey, past, context, seededBytes('max', 64))).toThrow(/at most 32768/)
  // A box one bucket larger than the limit is refused by its length alone.
  const oversized = encodeBase64url(new Uint8Array(2 * MAX_SECRET_VOTE_BYTES + 16))
  expect(oversized.length).toBeGreaterThan(MAX_BALLOT_BOX_CHARS)
  expect(checkCiphertext({ ...c, box: oversized })).toMatch(/at most/)
  expect(() => encryptVote(pollKey, { choice: 'Yes' }, context, new Uint8Array(63))).toThrow(/64/)
})

/** A ciphertext of any plaintext bytes, made the way encryptVote makes one (for refusals). */
function sealRaw(plain: Uint8Array, seed: string): BallotCiphertext {
  const r = scalarFromBytes(seededBytes(seed, 64))
  const ephemeral = multiplyGenerator(r)
  const shared = decodePoint(pollKey)!.multiply(r)
  const info = joinParts(
    'veche/secret-ballot/1',
    context.space,
    context.poll,
    context.pseudonym,
    ephemeral.toBytes(),
  )
  const okm = hkdf(sha256, shared.toBytes(), undefined, info, 44)
  const box = gcm(okm.subarray(0, 32), okm.subarray(32)).encrypt(plain)
  return { ephemeral: encodePoint(ephemeral), box: encodeBase64url(box) }
}

function padded(text: string | Uint8Array): Uint8Array {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  const out = new Uint8Array(SMALLEST_VOTE_BUCKET)
  out.set(bytes)
  return out
}

test('ballots: a box holding anything but padded canonical JSON is refused', () => {
  expect(decryptVote(x, sealRaw(padded('{"choice":"Yes"}'), 'a'), context)).toEqual({
    choice: 'Yes',
  })
  const refused = [
    padded('{ "choice": "Yes" }'), // not canonical
    padded('{"choice":"Yes","choice":"No"}'), // a key twice
    padded('{"choice":"Yes"'), // not JSON
    padded(Uint8Array.of(0x7b, 0xff, 0x7d)), // not UTF-8
    padded(Uint8Array.of(...new TextEncoder().encode('{"choice":"Yes"}'), 0, 0, 0x78)), // bytes after the padding
    padded('1e400'), // not a finite number
    new Uint8Array(SMALLEST_VOTE_BUCKET), // nothing
  ]
  refused.forEach((plain, i) => expect(decryptVote(x, sealRaw(plain, `r${i}`), context)).toBeNull())
})

test('ballots: tellers deal, members cast, k revealed shares open every ballot', () => {
  const members = ['t1', 't2', 't3']
  const keys = members.map((_, i) => tellerKeyPair(seededBytes(`tk${i}`, 64)))
  const tellers = members.map((key, i) => ({ key, encryptionKey: keys[i]!.publicKey }))
  const dealings = members.map((_, i) =>
    dealTellerShares({
      context: 'space-1/poll-1',
      quorum: 2,
      tellers,
      random: seededBytes(`d${i}`, dealingRandomBytes(2, 3)),
    }),
  )
  const y = pollPublicKey(dealings)
  const ballots = VOTES.map((vote, i) => {
    const ballotContext = { ...context, pseudonym: `one-time-key-${i}` }
    return { vote, ballotContext, c: encryptVote(y, vote, ballotContext, seededBytes(`b${i}`, 64)) }
  })
  // Tellers 3 and 1 reveal after the seal; teller 2 is gone.
  const revealed = [3, 1].map((index) => {
    const share = tellerSecretShare(
      dealings,
      'space-1/poll-1',
      index,
      members[index - 1]!,
      keys[index - 1]!.secret,
    )!
    expect(checkRevealedShare(share, tellerPublicShare(dealings, index))).toBe(true)
    return { index, share }
  })
  const secret = combineRevealedShares(revealed, 2)
  expect(encodePoint(multiplyGenerator(secret))).toBe(y)
  for (const { vote, ballotContext, c } of ballots) {
    expect(decryptVote(secret, c, ballotContext)).toEqual(vote)
  }
})
