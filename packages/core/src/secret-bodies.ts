// The bodies of secret-poll events (docs/secret-ballot.md). They join EVENT_BODY_SCHEMAS in
// event-bodies.ts; like every body they are strict and never change shape once released. Keys,
// points, scalars, signatures and ciphertexts are base64url strings; their lengths are bounded
// here and their meaning is checked by the rules (secret-poll-rules.ts) and, for signatures and
// credentials, before the fold (signing.ts).
import { z } from 'zod'
import { eventId, publicKey, record } from './body-fields.js'
import { pollFields } from './poll-fields.js'

/** Most issuers a secret poll may name: each must blind-sign every credential. */
export const MAX_SECRET_ISSUERS = 3
/** Most tellers a secret poll may name. */
export const MAX_SECRET_TELLERS = 9

const b64 = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url')
/** A ristretto255 point or scalar: 32 bytes. */
const point = b64(43, 43)
const scalar = b64(43, 43)
/** An RSA-2048 value (blinded message, blind signature, signature): 256 bytes. */
const rsaValue = b64(342, 342)
/** An RSA-2048 public key, SPKI DER. */
const rsaKey = b64(300, 800)

const secretSetup = z
  .strictObject({
    /** Who blind-signs credentials: every one of them signs each. */
    issuers: z.array(publicKey).min(1).max(MAX_SECRET_ISSUERS),
    /** Who holds shares of the poll's decryption key. */
    tellers: z.array(publicKey).min(1).max(MAX_SECRET_TELLERS),
    /** How many tellers' shares open the ballots. */
    tellerQuorum: z.number().int().min(1).max(MAX_SECRET_TELLERS),
  })
  .refine((s) => s.tellerQuorum <= s.tellers.length, 'tellerQuorum must not exceed the tellers')
  .refine((s) => new Set(s.issuers).size === s.issuers.length, 'issuers must be distinct')
  .refine((s) => new Set(s.tellers).size === s.tellers.length, 'tellers must be distinct')

const dealing = z.strictObject({
  /** Feldman commitments to the dealer's polynomial, one per coefficient (tellerQuorum). */
  commitments: z.array(point).min(1).max(MAX_SECRET_TELLERS),
  /** Each teller's share, encrypted to its `secret.teller-key`; empty with one teller. */
  shares: record(publicKey, z.strictObject({ ephemeral: point, box: b64(1, 200) })),
  /** With two tellers or more: proof that the dealer knows its secret (teller-key.ts). */
  proof: z.strictObject({ nonce: point, response: scalar }).optional(),
})

const complaint = z.strictObject({
  /** The teller whose dealt share to the complainer is bad. */
  dealer: publicKey,
  /** The share's key with its proof (teller-complaint.ts): anyone opens the share and sees it. */
  complaint: z.strictObject({ sharedKey: point, challenge: scalar, response: scalar }),
})

const credential = z.strictObject({
  issuer: publicKey,
  /** The issuer's RSA key for this poll (as its `secret.issuer-key` states it). */
  key: rsaKey,
  /** RSA-PSS signature (RFC 9474) on "veche/secret-ballot/1\n<space>\n<poll>\n<one-time key>". */
  signature: rsaValue,
})

export const SECRET_BODY_SCHEMAS = {
  /** A secret poll: a poll.opened.3 body plus who issues credentials and who tells. */
  'secret.poll-opened': z.strictObject({
    ...pollFields,
    secret: secretSetup,
    /**
     * When voting ends, in ms since 1970 (optional, as on `poll.opened.3`: absent on polls without
     * a deadline, so bodies signed before secret deadlines existed keep their bytes and ids). No
     * credential request claimed after it is accepted; a hub refuses requests and ballots that
     * reach it after it by its own clock (docs/events.md, "Deadlines").
     */
    closesAt: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
  }),
  /** An issuer's RSA key for this poll only. */
  'secret.issuer-key': z.strictObject({ poll: eventId, key: rsaKey }),
  /** A teller's key for receiving shares (only when there are two tellers or more). */
  'secret.teller-key': z.strictObject({ poll: eventId, key: point }),
  /** A teller's dealing: commitments and encrypted shares of its secret. */
  'secret.teller-dealt': z.strictObject({ poll: eventId, dealing }),
  /**
   * A teller has checked the shares dealt to it (two tellers or more): none is bad, or these
   * dealers' are, with public proof. Voting opens when every teller has checked.
   */
  'secret.teller-checked': z.strictObject({
    poll: eventId,
    complaints: z.array(complaint).max(MAX_SECRET_TELLERS),
  }),
  /** A member asks for a credential: one blinded message per issuer. */
  'secret.credential-requested': z.strictObject({
    poll: eventId,
    blinded: record(publicKey, rsaValue),
  }),
  /** An issuer's blind signature on a member's request. */
  'secret.credential-issued': z.strictObject({
    poll: eventId,
    request: eventId,
    signature: rsaValue,
  }),
  /**
   * A ballot, signed by a one-time key (the event's author), with that key's credentials and the
   * vote encrypted to the tellers. `seq` counts the key's ballots (a recast is seq 2, 3, …);
   * `prev` is null and `at` is the poll's opening time.
   */
  'secret.ballot': z.strictObject({
    poll: eventId,
    credentials: z.array(credential).min(1).max(MAX_SECRET_ISSUERS),
    ciphertext: z.strictObject({ ephemeral: point, box: b64(1, 4000) }),
  }),
  /** The seal: each one-time key's latest ballot; a key's view is its sealed ballot's seq. */
  'secret.poll-sealed': z.strictObject({
    poll: eventId,
    ballots: z.array(eventId).max(200_000),
  }),
  /** A teller's share of the poll's secret key, revealed after the seal. */
  'secret.teller-revealed': z.strictObject({ poll: eventId, share: scalar }),
  /**
   * The count: the tellers whose shares open the ballots, the result every replica checks, and
   * the seal it counts (absent in counts signed before two seals could stand: the seal in effect).
   */
  'secret.poll-counted': z.strictObject({
    poll: eventId,
    tellers: z.array(publicKey).min(1).max(MAX_SECRET_TELLERS),
    result: z.unknown(),
    seal: eventId.optional(),
    /**
     * The counter's membership view, as a `poll.closed.3`'s `members` (absent in counts signed
     * before it: those count the members at the fold). The quorum counts the members within it.
     */
    members: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((m) => Object.keys(m).length <= 1_000_000, 'must list at most 1000000 members')
      .optional(),
  }),
}
