// Casting a secret ballot: the vote encrypted to the tellers' poll key Y with hashed ElGamal over
// ristretto255, the ECIES construction (V. Shoup, "A Proposal for an ISO Standard for Public Key
// Encryption", 2001, §15; DHIES, Abdalla–Bellare–Rogaway CT-RSA 2001): random r, R = r·G,
// key ‖ nonce = HKDF-SHA-256(ikm = r·Y, info = "veche/secret-ballot/1", space, poll, pseudonym, R),
// 32 + 12 bytes, then AES-256-GCM over the vote. Primitives: ristretto255 (RFC 9496) from
// @noble/curves, HKDF (RFC 5869) and SHA-256 from @noble/hashes, AES-256-GCM from @noble/ciphers.
// The nonce is derived, not sent: every key encrypts one message.
//
// Binding the one-time key (`pseudonym`), poll and space into the key derivation means a
// ciphertext copied into another one-time key's ballot, another poll or another space does not
// decrypt there: nobody can repeat someone else's vote without knowing it.
//
// Padding: the plaintext is the vote's canonical JSON (RFC 8785) followed by zero bytes up to a
// bucket, the smallest power of two of at least SMALLEST_VOTE_BUCKET bytes (and of at least
// `padTo`, when the caller knows the largest vote of its poll) that holds it. Canonical JSON never
// contains a zero byte, so the padding is removed without a length field. A ciphertext shows its
// bucket and nothing else of the vote: every `{ choice }` and most other votes fill the first.
import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { numberToBytesLE } from '@noble/curves/utils.js'
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import { canonicalBytes, canonicalJson } from '../canonical-json.js'
import {
  ENCODED_LENGTH,
  GROUP_ORDER,
  decodePoint,
  encodePoint,
  joinParts,
  multiplyGenerator,
  multiplySecret,
  scalarFromBytes,
} from './secret-group.js'

/** An encrypted vote: R = r·G and the AES-GCM box of the padded vote. */
export interface BallotCiphertext {
  ephemeral: string
  box: string
}

/** What a ballot's key is bound to: its space, poll and one-time key. */
/**
 * The ristretto255 product scalar·point on encoded values (RFC 9496: 32-byte little-endian scalar,
 * 32-byte point), or null when the point's encoding is refused or the product is the identity:
 * a faster implementation of the same function a platform may pass in (libsodium's
 * `crypto_scalarmult_ristretto255` on Node), for counting many ballots.
 */
export type ScalarMult = (scalar: Uint8Array, point: Uint8Array) => Uint8Array | null

/**
 * HKDF-SHA-256 (RFC 5869, no salt) of `ikm` and `info` into 44 bytes, a 32-byte key and a 12-byte
 * nonce, then AES-256-GCM opening of `sealed` (the box and its 16-byte tag, no associated data):
 * the plaintext, or null when `sealed` is shorter than a tag or the tag does not match. How a
 * ballot's box is opened (`ballotKey`, then `gcm`), through a faster implementation a platform may
 * pass in (node:crypto, OpenSSL), for counting many ballots.
 */
export type BoxOpener = (ikm: Uint8Array, info: Uint8Array, sealed: Uint8Array) => Uint8Array | null

/**
 * Whether 32 bytes are the canonical RFC 9496 encoding of a ristretto255 element other than the
 * identity: the predicate `decodePoint` applies, through a faster implementation a platform may
 * pass in (libsodium's `crypto_core_ristretto255_is_valid_point` on Node), for checking many
 * ballots. It only answers yes or no: nothing decoded by it is used further.
 */
export type PointCheck = (bytes: Uint8Array) => boolean

export interface BallotContext {
  space: string
  poll: string
  pseudonym: string
}

/** The smallest padded vote, in bytes: every ordinary vote fits, so most ciphertexts look alike. */
export const SMALLEST_VOTE_BUCKET = 256

/**
 * The largest vote, in bytes of canonical JSON, that a secret ballot may carry: the largest power
 * of two whose ciphertext (base64url, 4/3 of it) leaves room in a 64 KiB event for the envelope and
 * three credentials.
 */
export const MAX_SECRET_VOTE_BYTES = 32 * 1024

const TAG_BYTES = 16

/** The longest box text `checkCiphertext` accepts: a MAX_SECRET_VOTE_BYTES bucket and its tag. */
export const MAX_BALLOT_BOX_CHARS = Math.ceil(((MAX_SECRET_VOTE_BYTES + TAG_BYTES) * 4) / 3)

const BALLOT_INFO = 'veche/secret-ballot/1'
const decoder = new TextDecoder('utf-8', { fatal: true })

/** The bucket a plaintext of `length` bytes is padded to (see the module header). */
export function voteBucket(length: number, padTo = 0): number {
  let bucket = SMALLEST_VOTE_BUCKET
  while (bucket < length || bucket < padTo) bucket *= 2
  return bucket
}

/**
 * Encrypts `vote` to the poll key for one ballot, with 64 random bytes for r. Throws (programming
 * errors, checked before casting) when the poll key is not a valid point, fewer than 64 random
 * bytes are given, or the vote's canonical JSON or `padTo` exceeds MAX_SECRET_VOTE_BYTES.
 */
export function encryptVote(
  pollKey: string,
  vote: unknown,
  context: BallotContext,
  random: Uint8Array,
  padTo = 0,
): BallotCiphertext {
  const y = decodePoint(pollKey)
  if (y === null) throw new RangeError('the poll key is not a valid point')
  if (random.length < 64) throw new RangeError('encryptVote needs 64 random bytes')
  const text = canonicalBytes(vote)
  if (text.length > MAX_SECRET_VOTE_BYTES || padTo > MAX_SECRET_VOTE_BYTES) {
    throw new RangeError(`a secret vote holds at most ${MAX_SECRET_VOTE_BYTES} bytes of JSON`)
  }
  const padded = new Uint8Array(voteBucket(text.length, padTo))
  padded.set(text)
  const r = scalarFromBytes(random.subarray(0, 64))
  const ephemeral = multiplyGenerator(r)
  const { key, nonce } = ballotKey(multiplySecret(y, r).toBytes(), ephemeral.toBytes(), context)
  return {
    ephemeral: encodePoint(ephemeral),
    box: encodeBase64url(gcm(key, nonce).encrypt(padded)),
  }
}

/**
 * The vote in a ciphertext, decrypted with the poll secret x: null when the ciphertext is
 * malformed, was made for another space, poll or one-time key, was altered, or does not hold the
 * padded canonical JSON of a value.
 */
export function decryptVote(
  pollSecret: bigint,
  c: BallotCiphertext,
  context: BallotContext,
  scalarMult?: ScalarMult,
  openBox?: BoxOpener,
): unknown {
  if (pollSecret < 0n || pollSecret >= GROUP_ORDER) return null
  let shared: Uint8Array
  let ephemeral: Uint8Array
  if (scalarMult === undefined) {
    if (checkCiphertext(c) !== null) return null
    const point = decodePoint(c.ephemeral)!
    // x is public once the tellers have revealed their shares, the only way anyone gets it: the
    // variable-time multiplication is safe, and a quarter faster for a count of many ballots.
    shared = point.multiplyUnsafe(pollSecret).toBytes()
    ephemeral = point.toBytes()
  } else {
    // The same product through the caller's implementation of RFC 9496 (libsodium on Node), which
    // refuses a non-canonical or identity encoding as decodePoint does.
    const bytes = typeof c.ephemeral === 'string' ? decodeBase64url(c.ephemeral) : null
    if (bytes === null || bytes.length !== ENCODED_LENGTH) return null
    const product = scalarMult(numberToBytesLE(pollSecret, ENCODED_LENGTH), bytes)
    if (product === null) return null
    shared = product
    ephemeral = bytes
  }
  const sealed = typeof c.box === 'string' ? decodeBase64url(c.box) : null
  if (sealed === null) return null
  let padded: Uint8Array
  if (openBox === undefined) {
    const { key, nonce } = ballotKey(shared, ephemeral, context)
    try {
      padded = gcm(key, nonce).decrypt(sealed)
    } catch {
      return null
    }
  } else {
    const opened = openBox(shared, ballotInfo(ephemeral, context), sealed)
    if (opened === null) return null
    padded = opened
  }
  let end = padded.length
  while (end > 0 && padded[end - 1] === 0) end--
  try {
    const text = decoder.decode(padded.subarray(0, end))
    const vote: unknown = JSON.parse(text)
    return canonicalJson(vote) === text ? vote : null
  } catch {
    return null
  }
}

/**
 * Checks a ciphertext's shape from outside: the ephemeral a valid point other than the identity,
 * the box base64url of a padded vote (a power of two from SMALLEST_VOTE_BUCKET to
 * MAX_SECRET_VOTE_BYTES) and its 16-byte tag, at most MAX_BALLOT_BOX_CHARS characters. Other
 * fields belong to the event and are not looked at. Returns what is wrong, or null. `isPoint`, when
 * given, checks the ephemeral instead of `decodePoint` (the same answer, faster).
 */
export function checkCiphertext(c: unknown, isPoint?: PointCheck): string | null {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    return 'a ciphertext is an object { ephemeral, box }'
  }
  const { ephemeral, box } = c as Record<string, unknown>
  if (typeof ephemeral !== 'string' || !isEncodedPoint(ephemeral, isPoint)) {
    return "the ciphertext's ephemeral key is not a valid ristretto255 point"
  }
  if (typeof box !== 'string' || box.length > MAX_BALLOT_BOX_CHARS) {
    return `the ciphertext's box is text of at most ${MAX_BALLOT_BOX_CHARS} characters`
  }
  const bytes = decodeBase64url(box)
  if (bytes === null) return "the ciphertext's box is not base64url"
  const padded = bytes.length - TAG_BYTES
  if (padded < SMALLEST_VOTE_BUCKET || voteBucket(padded) !== padded) {
    return `the ciphertext's box holds ${bytes.length} bytes, not a padded vote of ${SMALLEST_VOTE_BUCKET}, ${SMALLEST_VOTE_BUCKET * 2}, … or ${MAX_SECRET_VOTE_BYTES} bytes and a ${TAG_BYTES}-byte tag`
  }
  return null
}

/** Whether `text` is what `decodePoint` accepts, through `isPoint` when given. */
function isEncodedPoint(text: string, isPoint: PointCheck | undefined): boolean {
  if (isPoint === undefined) return decodePoint(text) !== null
  // decodePoint's own screening, then the platform's check of the 32 bytes.
  if (text.length !== 43) return false
  const bytes = decodeBase64url(text)
  return bytes !== null && bytes.length === ENCODED_LENGTH && isPoint(bytes)
}

/**
 * HKDF's info for a ballot's key: what binds it to its space, poll, one-time key and R (what a
 * `BoxOpener` is given as `info`).
 */
export function ballotInfo(ephemeral: Uint8Array, context: BallotContext): Uint8Array {
  return joinParts(BALLOT_INFO, context.space, context.poll, context.pseudonym, ephemeral)
}

function ballotKey(
  shared: Uint8Array,
  ephemeral: Uint8Array,
  context: BallotContext,
): { key: Uint8Array; nonce: Uint8Array } {
  const okm = hkdf(sha256, shared, undefined, ballotInfo(ephemeral, context), 44)
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32) }
}
