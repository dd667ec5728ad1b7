// The tellers' joint key: every teller deals a share of a secret of its own with Feldman's
// verifiable secret sharing (P. Feldman, "A Practical Scheme for Non-interactive Verifiable Secret
// Sharing", FOCS 1987), and the poll's key is the sum of the dealt secrets: Pedersen's joint-Feldman
// key generation (T. P. Pedersen, "A Threshold Cryptosystem without a Trusted Party", EUROCRYPT
// 1991). Group: ristretto255 (RFC 9496) from @noble/curves; shares travel encrypted with
// ristretto255 Diffie–Hellman, HKDF-SHA-256 (RFC 5869, @noble/hashes) and AES-256-GCM
// (@noble/ciphers).
//
// Teller l (1-based position in the poll's `tellers`) of n, quorum k. Dealer i picks
// f_i(z) = a_i0 + a_i1·z + … + a_i,k−1·z^(k−1) and publishes C_ij = a_ij·G and, encrypted to every
// teller's key (its own included, so a device rebuilds its share from its teller secret and the
// log alone), f_i(l). Then Y = Σ_i C_i0 is the poll key, x_l = Σ_i f_i(l) teller l's secret share
// and X_l = x_l·G = Σ_i Σ_j C_ij·l^j its public share; any k shares give x = Σ_i a_i0 by Lagrange
// interpolation at 0, and fewer say nothing about it.
//
// Each dealing with n ≥ 2 carries a Schnorr proof of knowledge of a_i0, bound to the poll (the
// round-1 proof of Komlo and Goldberg's FROST key generation, SAC 2020). Without it the last
// dealer could publish C_0 = a·G − Σ (the others' C_0) and know the poll secret a alone, reading
// every ballot before the seal. Gennaro, Jarecki, Krawczyk and Rabin (EUROCRYPT 1999) showed that
// a dishonest dealer can still bias the distribution of Y (by choosing its dealing after seeing the
// others'); it cannot learn x, and for encryption to Y that bias does not matter: with the proofs a
// reduction extracts every dishonest a_i0, so Y is an honest dealer's uniformly random C_0 shifted
// by a known offset, and hashed ElGamal under Y is as hard as under a uniform key (their own
// follow-up, J. Cryptology 2007, §4, makes the same argument for threshold Schnorr).
//
// Share boxes: ephemeral e, E = e·G, K = e·T (T the teller's key); key ‖ nonce = HKDF-SHA-256(
// ikm = K, info = "veche/teller-share/1", context, teller key, index, E), 32 + 12 bytes: the nonce is
// derived, not included, since every key encrypts exactly one message. Box = AES-256-GCM of the
// share's 32-byte little-endian encoding: 48 bytes.
import { gcm } from '@noble/ciphers/aes.js'
import { ristretto255 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import {
  ENCODED_LENGTH,
  GENERATOR,
  GROUP_ORDER,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  hashToScalar,
  joinParts,
  modOrder,
  multiplyGenerator,
  multiplySecret,
  scalarFromBytes,
  sumPoints,
} from './secret-group.js'
import type { Point } from './secret-group.js'

/** A share encrypted to one teller: the ephemeral point E and the AES-GCM box. */
export interface DealtShare {
  ephemeral: string
  box: string
}

/** Proof of knowledge of a dealing's secret a_0: nonce R = k·G and response z = k + c·a_0. */
export interface DealingProof {
  nonce: string
  response: string
}

/** What a teller publishes in `secret.teller-dealt`. */
export interface TellerDealing {
  /** C_j = a_j·G for j = 0 … k−1. */
  commitments: string[]
  /** Teller public key (member key) → f(l) encrypted to that teller's encryption key. */
  shares: Record<string, DealtShare>
  /** With two tellers or more: the proof of knowledge of a_0; absent with one teller. */
  proof?: DealingProof
}

/** Tellers a poll may have (the design's 1–9). */
export const MAX_TELLERS = 9

/** Characters of a share box: 32 bytes of share and 16 of GCM tag, in base64url. */
export const SHARE_BOX_CHARS = 64

const SHARE_BOX_BYTES = ENCODED_LENGTH + 16
const SHARE_INFO = 'veche/teller-share/1'
const PROOF_DOMAIN = 'veche/teller-dealing/1'
const Fn = ristretto255.Point.Fn

/** A teller's key pair for receiving shares, from 64 random bytes (`secret.teller-key`). */
export function tellerKeyPair(random: Uint8Array): { secret: bigint; publicKey: string } {
  const secret = scalarFromBytes(random.subarray(0, 64))
  return { secret, publicKey: encodePoint(multiplyGenerator(secret)) }
}

/** How many random bytes `dealTellerShares` needs: 64 per coefficient, per teller and for the proof. */
export function dealingRandomBytes(quorum: number, tellers: number): number {
  return 64 * (quorum + tellers + 1)
}

/**
 * A teller's dealing for a poll of two tellers or more: a random polynomial of degree quorum−1,
 * its commitments, its value at every teller's index encrypted to that teller, and the proof.
 * Needs `dealingRandomBytes(quorum, tellers.length)` random bytes; throws (a programming error)
 * with fewer, with one teller (use `singleTellerDealing`), a bad quorum, a repeated teller or an
 * encryption key that is not a valid point.
 */
export function dealTellerShares(input: {
  context: string
  quorum: number
  tellers: readonly { key: string; encryptionKey: string }[]
  random: Uint8Array
}): TellerDealing {
  const { context, quorum, tellers, random } = input
  checkSetup(
    quorum,
    tellers.map((t) => t.key),
  )
  if (tellers.length < 2) throw new RangeError('one teller deals nothing: use singleTellerDealing')
  const needed = dealingRandomBytes(quorum, tellers.length)
  if (random.length < needed) {
    throw new RangeError(`dealTellerShares needs ${needed} random bytes, got ${random.length}`)
  }
  let offset = 0
  const draw = (): bigint => scalarFromBytes(random.subarray(offset, (offset += 64)))
  const coefficients = Array.from({ length: quorum }, draw)
  const commitments = coefficients.map((a) => encodePoint(multiplyGenerator(a)))
  const shares: Record<string, DealtShare> = {}
  tellers.forEach((teller, i) => {
    const index = i + 1
    const key = decodePoint(teller.encryptionKey)
    if (key === null) throw new RangeError(`teller ${index}'s encryption key is not a valid point`)
    const e = draw()
    const ephemeral = multiplyGenerator(e)
    const { aesKey, nonce } = shareKey(
      multiplySecret(key, e),
      ephemeral,
      context,
      teller.key,
      index,
    )
    const value = evaluatePolynomial(coefficients, BigInt(index))
    const box = gcm(aesKey, nonce).encrypt(numberToBytesLE(value, ENCODED_LENGTH))
    shares[teller.key] = { ephemeral: encodePoint(ephemeral), box: encodeBase64url(box) }
  })
  const k = draw()
  const nonce = multiplyGenerator(k)
  const keys = tellers.map((t) => t.key)
  const c = dealingChallenge(context, quorum, keys, commitments, nonce)
  const response = modOrder(k + c * coefficients[0]!)
  return {
    commitments,
    shares,
    proof: { nonce: encodePoint(nonce), response: encodeScalar(response) },
  }
}

/** The dealing of a poll's only teller: its public key Y = x·G, no shares, no proof. */
export function singleTellerDealing(secret: bigint): TellerDealing {
  return { commitments: [encodePoint(multiplyGenerator(secret))], shares: {} }
}

/**
 * Checks a dealing from outside: exactly `quorum` commitments, each a valid point other than the
 * identity; with two tellers or more a share (a valid ephemeral point and a box of
 * SHARE_BOX_CHARS) for each teller and no one else, and a proof of knowledge of a_0 that holds
 * for `context`; with one teller no shares and no proof. Other fields of `d` belong to the event
 * and are not looked at. Returns what is wrong, or null.
 */
export function checkDealing(
  d: unknown,
  quorum: number,
  tellers: readonly string[],
  context: string,
): string | null {
  checkSetup(quorum, tellers)
  if (!isRecord(d)) return 'a dealing is an object { commitments, shares }'
  const { commitments, shares, proof } = d
  if (!Array.isArray(commitments) || commitments.length !== quorum) {
    return `a dealing has exactly ${quorum} commitments (one per coefficient of a polynomial of degree ${quorum - 1})`
  }
  const points: Point[] = []
  for (const [j, commitment] of commitments.entries()) {
    const point = typeof commitment === 'string' ? decodePoint(commitment) : null
    if (point === null) return `commitment ${j} is not a valid ristretto255 point`
    points.push(point)
  }
  if (!isRecord(shares)) return 'the shares are an object keyed by teller'
  const keys = Object.keys(shares)
  if (tellers.length === 1) {
    if (keys.length !== 0) return 'the only teller of a poll deals no shares'
    if (proof !== undefined) return 'the only teller of a poll gives no proof'
    return null
  }
  const stranger = keys.find((key) => !tellers.includes(key))
  if (stranger !== undefined) return `a share for ${stranger}, who is not a teller of this poll`
  for (const [i, teller] of tellers.entries()) {
    if (!Object.hasOwn(shares, teller)) return `no share for teller ${i + 1} (${teller})`
    const problem = checkDealtShare(shares[teller])
    if (problem !== null) return `the share for teller ${i + 1} (${teller}): ${problem}`
  }
  if (!isRecord(proof) || Object.keys(proof).length !== 2) {
    return 'a dealing carries a proof { nonce, response } of its secret'
  }
  const nonce = typeof proof.nonce === 'string' ? decodePoint(proof.nonce) : null
  const response = typeof proof.response === 'string' ? decodeScalar(proof.response) : null
  if (nonce === null || response === null) {
    return "the proof's nonce must be a valid point and its response a scalar"
  }
  const c = dealingChallenge(context, quorum, tellers, commitments as string[], nonce)
  // z·G = R + c·C_0; public values only, so the variable-time multiplication is safe.
  if (!GENERATOR.multiplyUnsafe(response).equals(nonce.add(points[0]!.multiplyUnsafe(c)))) {
    return 'the proof of the dealt secret does not hold (a dealing copied or forged?)'
  }
  return null
}

/**
 * Teller `index`'s share of one dealing, decrypted with its teller secret and checked against the
 * commitments (f(l)·G = Σ_j C_j·l^j); null when it is missing, does not decrypt or does not check.
 */
export function openDealtShare(
  d: TellerDealing,
  context: string,
  index: number,
  teller: string,
  decryptionKey: bigint,
): bigint | null {
  const ephemeral = dealtShareEphemeral(d, teller)
  if (ephemeral === null) return null
  return openDealtShareWithKey(d, context, index, teller, multiplySecret(ephemeral, decryptionKey))
}

/** The ephemeral point E of a teller's share in a dealing, or null if the share is malformed. */
export function dealtShareEphemeral(d: TellerDealing, teller: string): Point | null {
  if (!isRecord(d.shares) || !Object.hasOwn(d.shares, teller)) return null
  const entry = d.shares[teller]
  return checkDealtShare(entry) === null ? decodePoint((entry as DealtShare).ephemeral) : null
}

/**
 * `openDealtShare` given the Diffie–Hellman point K = t·E itself (what a complaint reveals, so
 * anyone can open the share it is about).
 */
export function openDealtShareWithKey(
  d: TellerDealing,
  context: string,
  index: number,
  teller: string,
  shared: Point,
): bigint | null {
  const ephemeral = dealtShareEphemeral(d, teller)
  const sealed = ephemeral === null ? null : decodeBase64url(d.shares[teller]!.box)
  const expected = commitmentsAt(d.commitments, index)
  if (ephemeral === null || sealed === null || expected === null) return null
  const { aesKey, nonce } = shareKey(shared, ephemeral, context, teller, index)
  let plain: Uint8Array
  try {
    plain = gcm(aesKey, nonce).decrypt(sealed)
  } catch {
    return null
  }
  const share = bytesToNumberLE(plain)
  if (plain.length !== ENCODED_LENGTH || share >= GROUP_ORDER) return null
  return multiplyGenerator(share).equals(expected) ? share : null
}

/**
 * Teller `index`'s secret share x_l: the sum of its opened shares of every dealing, null if any
 * is bad. With one teller (one dealing, no shares) it is that teller's own secret, `decryptionKey`,
 * checked against the dealing's key.
 */
export function tellerSecretShare(
  dealings: readonly TellerDealing[],
  context: string,
  index: number,
  teller: string,
  decryptionKey: bigint,
): bigint | null {
  if (dealings.length === 0) throw new RangeError('a poll has at least one dealing')
  const [only] = dealings
  if (dealings.length === 1 && Object.keys(only!.shares).length === 0) {
    const key = only!.commitments.length === 1 ? decodePoint(only!.commitments[0]!) : null
    return key !== null && multiplyGenerator(decryptionKey).equals(key) ? decryptionKey : null
  }
  let sum = 0n
  for (const d of dealings) {
    const share = openDealtShare(d, context, index, teller, decryptionKey)
    if (share === null) return null
    sum = modOrder(sum + share)
  }
  return sum
}

/** The poll key Y = Σ C_0 over the dealings (checked dealings; throws on a bad point). */
export function pollPublicKey(dealings: readonly TellerDealing[]): string {
  return encodePoint(sumPoints(dealings.map((d) => pointOf(d.commitments[0]))))
}

/** Teller `index`'s public share X_l = Σ_i Σ_j C_ij·l^j (checked dealings; throws on a bad point). */
export function tellerPublicShare(dealings: readonly TellerDealing[], index: number): string {
  return encodePoint(
    sumPoints(
      dealings.map((d) => {
        const at = commitmentsAt(d.commitments, index)
        if (at === null) throw new RangeError('tellerPublicShare needs checked dealings')
        return at
      }),
    ),
  )
}

/** Whether a revealed share x_l matches the teller's public share: x_l·G = X_l. */
export function checkRevealedShare(share: bigint, publicShare: string): boolean {
  const expected = decodePoint(publicShare)
  if (expected === null || typeof share !== 'bigint' || share < 0n || share >= GROUP_ORDER) {
    return false
  }
  // A revealed share is public: the variable-time multiplication is safe.
  return GENERATOR.multiplyUnsafe(share).equals(expected)
}

/**
 * The poll secret x from revealed shares: Lagrange interpolation at 0 over the first `quorum`.
 * Throws (a programming error) with fewer than `quorum`, or indices that are not distinct
 * positive integers.
 */
export function combineRevealedShares(
  shares: readonly { index: number; share: bigint }[],
  quorum: number,
): bigint {
  if (!Number.isInteger(quorum) || quorum < 1) throw new RangeError('quorum must be at least 1')
  if (shares.length < quorum) throw new RangeError(`need ${quorum} shares, got ${shares.length}`)
  const used = shares.slice(0, quorum)
  const indices = used.map((s) => s.index)
  if (indices.some((i) => !Number.isInteger(i) || i < 1) || new Set(indices).size !== quorum) {
    throw new RangeError('share indices must be distinct positive integers')
  }
  let secret = 0n
  for (const { index, share } of used) {
    let num = 1n
    let den = 1n
    for (const other of indices) {
      if (other === index) continue
      num = modOrder(num * BigInt(other))
      den = modOrder(den * BigInt(other - index))
    }
    secret = modOrder(secret + share * num * Fn.inv(den))
  }
  return secret
}

function checkSetup(quorum: number, tellers: readonly string[]): void {
  if (tellers.length < 1 || tellers.length > MAX_TELLERS) {
    throw new RangeError(`a poll has 1 to ${MAX_TELLERS} tellers`)
  }
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > tellers.length) {
    throw new RangeError('the teller quorum must be between 1 and the number of tellers')
  }
  if (new Set(tellers).size !== tellers.length) throw new RangeError('a teller is listed twice')
}

function checkDealtShare(entry: unknown): string | null {
  if (!isRecord(entry) || Object.keys(entry).length !== 2) return 'not { ephemeral, box }'
  const { ephemeral, box } = entry
  if (typeof ephemeral !== 'string' || decodePoint(ephemeral) === null) {
    return 'the ephemeral key is not a valid point'
  }
  if (typeof box !== 'string' || box.length !== SHARE_BOX_CHARS) {
    return `the box is not ${SHARE_BOX_CHARS} base64url characters`
  }
  if (decodeBase64url(box)?.length !== SHARE_BOX_BYTES) return 'the box is not base64url'
  return null
}

function shareKey(
  shared: Point,
  ephemeral: Point,
  context: string,
  teller: string,
  index: number,
): { aesKey: Uint8Array; nonce: Uint8Array } {
  const info = joinParts(SHARE_INFO, context, teller, String(index), ephemeral.toBytes())
  const okm = hkdf(sha256, shared.toBytes(), undefined, info, 44)
  return { aesKey: okm.subarray(0, 32), nonce: okm.subarray(32) }
}

function dealingChallenge(
  context: string,
  quorum: number,
  tellers: readonly string[],
  commitments: readonly string[],
  nonce: Point,
): bigint {
  return hashToScalar(
    PROOF_DOMAIN,
    context,
    String(quorum),
    ...tellers,
    ...commitments,
    nonce.toBytes(),
  )
}

/** f(l) = Σ_j a_j·l^j mod ℓ by Horner's rule. */
function evaluatePolynomial(coefficients: readonly bigint[], l: bigint): bigint {
  let value = 0n
  for (let j = coefficients.length - 1; j >= 0; j--) value = modOrder(value * l + coefficients[j]!)
  return value
}

/** Σ_j C_j·l^j by Horner's rule, or null if a commitment is not a valid point. */
function commitmentsAt(commitments: unknown, index: number): Point | null {
  if (!Array.isArray(commitments) || commitments.length === 0) return null
  const l = BigInt(index)
  let acc: Point | null = null
  for (let j = commitments.length - 1; j >= 0; j--) {
    const text: unknown = commitments[j]
    const c = typeof text === 'string' ? decodePoint(text) : null
    if (c === null) return null
    acc = acc === null ? c : acc.multiplyUnsafe(l).add(c)
  }
  return acc
}

function pointOf(text: string | undefined): Point {
  const point = text === undefined ? null : decodePoint(text)
  if (point === null) throw new RangeError('pollPublicKey needs checked dealings')
  return point
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
