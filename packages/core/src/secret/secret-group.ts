// The prime-order group every secret-ballot step works in: ristretto255 (RFC 9496), through
// @noble/curves, and its scalars modulo the group order ℓ = 2^252 + 27742317777372353535851937790883648493.
// Points and scalars cross the log as base64url text of their 32-byte canonical encodings.
//
// Invariants:
// - `decodePoint` accepts only the canonical RFC 9496 encoding (§4.3.1: noble's `fromBytes`
//   refuses the rest) and never the identity: no honest party publishes it (its chance is 2^-252),
//   and a teller key, commitment, ephemeral or poll key equal to it would make a shared secret
//   that everyone knows. Every caller in this folder decodes through it.
// - `decodeScalar` accepts only the canonical little-endian encoding of a value below ℓ.
// - Multiplying by a secret scalar uses noble's constant-time `multiply`; `multiplyUnsafe` is kept
//   for public scalars (indices, challenges, revealed shares).
import { ristretto255 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { decodeBase64url, encodeBase64url } from '../base64url.js'

/** A ristretto255 group element. */
export type Point = InstanceType<typeof ristretto255.Point>

/** The order ℓ of the group. */
export const GROUP_ORDER: bigint = ristretto255.Point.Fn.ORDER

/** The generator G of RFC 9496 §4.4. */
export const GENERATOR: Point = ristretto255.Point.BASE

/** Length in bytes of an encoded point or scalar. */
export const ENCODED_LENGTH = 32

const encoder = new TextEncoder()

/** The base64url text of a point's 32-byte canonical encoding. */
export function encodePoint(point: Point): string {
  return encodeBase64url(point.toBytes())
}

/**
 * The point a base64url text encodes, or null when it is not 32 bytes, not a canonical
 * ristretto255 encoding, or the identity (see the module header).
 */
export function decodePoint(text: string): Point | null {
  if (typeof text !== 'string' || text.length !== 43) return null
  const bytes = decodeBase64url(text)
  if (bytes === null || bytes.length !== ENCODED_LENGTH) return null
  let point: Point
  try {
    point = ristretto255.Point.fromBytes(bytes)
  } catch {
    return null
  }
  return point.is0() ? null : point
}

/** The base64url text of a scalar, 32 bytes little-endian; throws if it is not in [0, ℓ). */
export function encodeScalar(x: bigint): string {
  if (x < 0n || x >= GROUP_ORDER) throw new RangeError('a scalar must lie in [0, ℓ)')
  return encodeBase64url(numberToBytesLE(x, ENCODED_LENGTH))
}

/** The scalar a base64url text encodes, or null unless it is 32 bytes little-endian below ℓ. */
export function decodeScalar(text: string): bigint | null {
  if (typeof text !== 'string' || text.length !== 43) return null
  const bytes = decodeBase64url(text)
  if (bytes === null || bytes.length !== ENCODED_LENGTH) return null
  const x = bytesToNumberLE(bytes)
  return x < GROUP_ORDER ? x : null
}

/**
 * A scalar from 64 uniformly random bytes, read little-endian and reduced modulo ℓ (the wide
 * reduction of RFC 9496 §4.4, bias below 2^-259). Throws unless given exactly 64 bytes.
 */
export function scalarFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length !== 64) throw new RangeError('scalarFromBytes needs exactly 64 bytes')
  return bytesToNumberLE(bytes) % GROUP_ORDER
}

/**
 * An unambiguous byte string of several parts: each is its 4-byte big-endian length followed by
 * its bytes (text as UTF-8). What every hash and key derivation in this folder takes as input.
 */
export function joinParts(...parts: readonly (string | Uint8Array)[]): Uint8Array {
  const encoded = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part))
  const out = new Uint8Array(encoded.reduce((sum, part) => sum + 4 + part.length, 0))
  let offset = 0
  for (const part of encoded) {
    new DataView(out.buffer).setUint32(offset, part.length)
    out.set(part, offset + 4)
    offset += 4 + part.length
  }
  return out
}

/**
 * A scalar derived from `domain` and `parts`: SHA-512 of their `joinParts` encoding, reduced
 * modulo ℓ. Distinct domains give independent functions (a Fiat–Shamir challenge is one).
 */
export function hashToScalar(domain: string, ...parts: readonly (string | Uint8Array)[]): bigint {
  return scalarFromBytes(sha512(joinParts(domain, ...parts)))
}

/** x·G for a secret scalar x, in constant time; the identity for x = 0. */
export function multiplyGenerator(x: bigint): Point {
  return x === 0n ? ristretto255.Point.ZERO : GENERATOR.multiply(x)
}

/** x·P for a secret scalar x, in constant time; the identity for x = 0. */
export function multiplySecret(point: Point, x: bigint): Point {
  return x === 0n ? ristretto255.Point.ZERO : point.multiply(x)
}

/** Σ points, the identity for none. */
export function sumPoints(points: readonly Point[]): Point {
  return points.reduce((sum, point) => sum.add(point), ristretto255.Point.ZERO)
}

/** x mod ℓ, in [0, ℓ). */
export function modOrder(x: bigint): bigint {
  const r = x % GROUP_ORDER
  return r < 0n ? r + GROUP_ORDER : r
}
