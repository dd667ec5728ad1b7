// ristretto255 through libsodium (WebAssembly), for checking and counting secret polls: the same
// functions as @noble/curves' (RFC 9496), several times faster here, so that a count of 10,000
// ballots does not take a minute and checking a ballot's point costs a fraction of its signature.
// Loaded once, on the first use.
import type { PointCheck, ScalarMult } from '@veche/core'

interface SodiumRistretto {
  readonly scalarMult: ScalarMult
  readonly isPoint: PointCheck
}

let loading: Promise<SodiumRistretto> | null = null

function sodiumRistretto(): Promise<SodiumRistretto> {
  loading ??= import('libsodium-wrappers-sumo').then(async ({ default: sodium }) => {
    await sodium.ready
    return {
      scalarMult: (scalar, point) => {
        try {
          return sodium.crypto_scalarmult_ristretto255(scalar, point)
        } catch {
          return null
        }
      },
      // libsodium accepts the identity (32 zero bytes, its only canonical encoding); decodePoint
      // does not (secret-group.ts).
      isPoint: (bytes) =>
        bytes.length === 32 &&
        bytes.some((b) => b !== 0) &&
        sodium.crypto_core_ristretto255_is_valid_point(bytes),
    }
  })
  return loading
}

/** libsodium's `crypto_scalarmult_ristretto255`, as core's `ScalarMult` (null for a refused point). */
export async function sodiumScalarMult(): Promise<ScalarMult> {
  return (await sodiumRistretto()).scalarMult
}

/**
 * libsodium's `crypto_core_ristretto255_is_valid_point`, without the identity: core's `PointCheck`,
 * the predicate `decodePoint` applies.
 */
export async function sodiumIsPoint(): Promise<PointCheck> {
  return (await sodiumRistretto()).isPoint
}
