// A teller's complaint about a share dealt to it that does not open, or does not lie on the
// dealer's committed polynomial. Feldman's scheme (FOCS 1987) lets only the receiver see that a
// share is bad; Pedersen's joint key generation (EUROCRYPT 1991) and Gennaro et al.'s (EUROCRYPT
// 1999) let it complain in public and exclude the dealer. Here the complaint reveals the
// Diffie–Hellman point K = t·E of that one share and proves it with a Chaum–Pedersen proof of equal
// discrete logarithms (CRYPTO 1992), log_G(T) = log_E(K), made non-interactive by Fiat–Shamir over
// SHA-512: anyone then opens the share with K and sees it is bad, and the teller's key t stays
// secret. Without complaints one dishonest dealer could hand every teller a bad share and block the
// count of every poll it tells. Group: ristretto255 (RFC 9496) from @noble/curves.
//
// Proof: random k, A_1 = k·G, A_2 = k·E, c = H("veche/share-complaint/1", context, teller, index,
// T, E, K, A_1, A_2), z = k + c·t; it is sent as (K, c, z) and checked by recomputing
// A_1 = z·G − c·T and A_2 = z·E − c·K.
import {
  GENERATOR,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  hashToScalar,
  modOrder,
  multiplyGenerator,
  multiplySecret,
  scalarFromBytes,
} from './secret-group.js'
import type { Point } from './secret-group.js'
import { dealtShareEphemeral, openDealtShare, openDealtShareWithKey } from './teller-key.js'
import type { TellerDealing } from './teller-key.js'

/** A teller's public complaint about its share in one dealing. */
export interface ShareComplaint {
  /** K = t·E, the key of that share's box. */
  sharedKey: string
  challenge: string
  response: string
}

const COMPLAINT_DOMAIN = 'veche/share-complaint/1'

/**
 * The complaint of teller `index` about its share in `d`, with 64 random bytes for the proof; null
 * when the share opens and checks (nothing to complain of) or has no valid ephemeral point (then
 * `checkDealing` refuses the whole dealing). Throws with fewer than 64 random bytes.
 */
export function complainOfShare(input: {
  dealing: TellerDealing
  context: string
  index: number
  teller: string
  decryptionKey: bigint
  random: Uint8Array
}): ShareComplaint | null {
  const { dealing, context, index, teller, decryptionKey: t, random } = input
  if (random.length < 64) throw new RangeError('complainOfShare needs 64 random bytes')
  const ephemeral = dealtShareEphemeral(dealing, teller)
  if (ephemeral === null || openDealtShare(dealing, context, index, teller, t) !== null) return null
  const shared = multiplySecret(ephemeral, t)
  const k = scalarFromBytes(random.subarray(0, 64))
  const c = complaintChallenge(
    context,
    teller,
    index,
    multiplyGenerator(t),
    ephemeral,
    shared,
    multiplyGenerator(k),
    multiplySecret(ephemeral, k),
  )
  return {
    sharedKey: encodePoint(shared),
    challenge: encodeScalar(c),
    response: encodeScalar(modOrder(k + c * t)),
  }
}

/**
 * Checks a complaint from outside by teller `index` (whose share-receiving key is `encryptionKey`)
 * about its share in a dealing that passed `checkDealing`: null when it holds (the proof is good
 * and the share, opened with the revealed key, is bad: the dealer is at fault), or what is wrong.
 */
export function checkShareComplaint(
  dealing: TellerDealing,
  context: string,
  index: number,
  teller: string,
  encryptionKey: string,
  complaint: unknown,
): string | null {
  if (typeof complaint !== 'object' || complaint === null || Array.isArray(complaint)) {
    return 'a complaint is an object { sharedKey, challenge, response }'
  }
  const { sharedKey, challenge, response } = complaint as Record<string, unknown>
  const shared = typeof sharedKey === 'string' ? decodePoint(sharedKey) : null
  const c = typeof challenge === 'string' ? decodeScalar(challenge) : null
  const z = typeof response === 'string' ? decodeScalar(response) : null
  if (shared === null || c === null || z === null) {
    return "a complaint's key must be a valid point, and its challenge and response scalars"
  }
  const key = decodePoint(encryptionKey)
  const ephemeral = dealtShareEphemeral(dealing, teller)
  if (key === null || ephemeral === null) {
    throw new RangeError('checkShareComplaint needs a checked dealing and teller key')
  }
  // Public values only: the variable-time multiplication is safe.
  const a1 = GENERATOR.multiplyUnsafe(z).subtract(key.multiplyUnsafe(c))
  const a2 = ephemeral.multiplyUnsafe(z).subtract(shared.multiplyUnsafe(c))
  if (complaintChallenge(context, teller, index, key, ephemeral, shared, a1, a2) !== c) {
    return "the complaint's proof does not hold: the key it reveals is not the teller's"
  }
  if (openDealtShareWithKey(dealing, context, index, teller, shared) !== null) {
    return 'the share complained of opens and lies on the commitments: the dealer is not at fault'
  }
  return null
}

function complaintChallenge(
  context: string,
  teller: string,
  index: number,
  ...points: readonly Point[]
): bigint {
  return hashToScalar(
    COMPLAINT_DOMAIN,
    context,
    teller,
    String(index),
    ...points.map((p) => p.toBytes()),
  )
}
