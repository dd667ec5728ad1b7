// Signing and ids. Ed25519 itself is a port (`SignatureVerifier`, `Signer`): node:crypto on Node,
// WebCrypto in browsers. Hashing is pure (SHA-256 from @noble/hashes), so ids are computed the
// same way everywhere and synchronously.
//
// Signed bytes: "veche/event/1\n" followed by the canonical JSON of the event without `sig`.
// The prefix separates event signatures from any other use of the same key (e.g. join proofs).
// Event id: base64url(SHA-256(canonical JSON of the whole signed event)).
import { sha256 } from '@noble/hashes/sha2.js'
import { decodeBase64url, encodeBase64url } from './base64url.js'
import { canonicalBytes } from './canonical-json.js'
import { credentialMessage } from './secret/credential-check.js'
import type { EventBodyInput, EventType } from './event-bodies.js'
import type { SignedEvent, UnsignedEvent } from './event-envelope.js'
import type { EventId, PublicKey, Signature, SpaceId, StateHash } from './ids.js'
import { normaliseTexts } from './text-rules.js'

/** One Ed25519 signature to check. */
export interface SignatureCheck {
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

/** One voting credential to check: an RFC 9474 RSA-PSS signature by a secret poll's issuer. */
export interface CredentialCheck {
  /** The issuer's RSA-2048 public key, SubjectPublicKeyInfo DER in base64url. */
  readonly publicKey: string
  readonly message: Uint8Array
  /** The unblinded signature, 256 bytes in base64url. */
  readonly signature: string
}

/**
 * Checks Ed25519 signatures and voting credentials, many at a time so an implementation can spread
 * them over cores. Implementations: node:crypto (optionally with worker threads), WebCrypto.
 */
export interface SignatureVerifier {
  /** Result i says whether `checks[i]` holds; an invalid key or signature is simply false. */
  verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]>
  /**
   * Result i says whether credential `checks[i]` holds (RSASSA-PSS, SHA-384, 48-byte salt: RFC
   * 9474 §4.5). A key that `checkIssuerKey` refuses, or a signature that is not 256 bytes, is
   * simply false, so every implementation answers alike.
   */
  verifyCredentials(checks: readonly CredentialCheck[]): Promise<boolean[]>
}

/** Holds one private key and signs with it. */
export interface Signer {
  readonly publicKey: PublicKey
  sign(message: Uint8Array): Promise<Uint8Array>
}

const encoder = new TextEncoder()
const EVENT_PREFIX_TEXT = 'veche/event/1\n'
const EVENT_PREFIX = encoder.encode(EVENT_PREFIX_TEXT)

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** The bytes an author signs for `event` (everything but `sig`). */
export function signingBytes(event: UnsignedEvent | SignedEvent): Uint8Array {
  const { sig: _sig, ...unsigned } = event as SignedEvent
  return concat(EVENT_PREFIX, canonicalBytes(unsigned))
}

/**
 * The signed bytes of `event`, cut out of its canonical text `json` instead of encoding it again.
 * In canonical order the keys after `sig` are `space`, `type` and `v`, whose values are fixed by
 * the envelope, so removing `,"sig":"…"` from the text gives exactly the unsigned canonical text.
 * Falls back to `signingBytes` if the text does not have that shape.
 */
export function signingBytesOfJson(event: SignedEvent, json: string): Uint8Array {
  const tail = `,"space":${JSON.stringify(event.space)},"type":${JSON.stringify(event.type)},"v":${event.v}}`
  const sigPart = `,"sig":${JSON.stringify(event.sig)}`
  if (!json.endsWith(sigPart + tail)) return signingBytes(event)
  // One encoding of the whole text, not an encoding and a copy behind the prefix.
  return encoder.encode(
    EVENT_PREFIX_TEXT + json.slice(0, json.length - sigPart.length - tail.length) + tail,
  )
}

/** The id of a signed event. */
export function computeEventId(event: SignedEvent): EventId {
  return encodeBase64url(sha256(canonicalBytes(event))) as EventId
}

/** The id of an event given its canonical JSON text. */
export function eventIdOfJson(json: string): EventId {
  return encodeBase64url(sha256(encoder.encode(json))) as EventId
}

/** SHA-256 of UTF-8 text or bytes, as base64url. */
export function hashBase64url(data: Uint8Array | string): string {
  return encodeBase64url(sha256(typeof data === 'string' ? encoder.encode(data) : data))
}

/** The id of a space founded by `founder` with `nonce`: only that key can create it. */
export function deriveSpaceId(founder: PublicKey, nonce: string): SpaceId {
  const digest = sha256(canonicalBytes({ purpose: 'veche/space/1', founder, nonce }))
  return encodeBase64url(digest.subarray(0, 16)) as SpaceId
}

/** What an invitation key signs to let `joiner` into `space`. */
export function joinStatement(space: SpaceId, joiner: PublicKey): Uint8Array {
  return encoder.encode(`veche/join/1\n${space}\n${joiner}`)
}

/** Hash of any JSON value's canonical form, as a state hash. */
export function hashCanonical(value: unknown): StateHash {
  return encodeBase64url(sha256(canonicalBytes(value))) as StateHash
}

/** A draft: what a client fills in before signing. */
export interface EventDraft<T extends EventType = EventType> {
  readonly space: SpaceId
  readonly seq: number
  readonly prev: EventId | null
  readonly type: T
  readonly body: EventBodyInput<T>
  readonly at: number
}

/** Signs a draft with `signer`; the result still goes through `parseEvent` when received. */
export async function signEvent<T extends EventType>(
  draft: EventDraft<T>,
  signer: Signer,
): Promise<SignedEvent> {
  // Texts are signed as NFC with LF line ends, the form the rules accept (text-rules.ts).
  const unsigned = {
    v: 1 as const,
    ...draft,
    body: normaliseTexts(draft.body),
    author: signer.publicKey,
  }
  const sig = encodeBase64url(await signer.sign(signingBytes(unsigned as UnsignedEvent)))
  return { ...unsigned, sig: sig as Signature } as unknown as SignedEvent
}

export type SignatureVerdict = 'ok' | 'bad-signature' | 'bad-proof' | 'bad-credential'

/**
 * Checks the signatures of many events in one call: each author's signature, and for a
 * `member.joined` event also the invitation key's proof. `json`, when given, is the event's
 * canonical text (saves encoding it again).
 */
export async function verifyEventsSignatures(
  items: readonly { readonly event: SignedEvent; readonly json?: string }[],
  verifier: SignatureVerifier,
): Promise<SignatureVerdict[]> {
  const checks: SignatureCheck[] = []
  const credentials: CredentialCheck[] = []
  const plan: {
    author: number
    proof: number
    credentials: readonly number[]
    malformed: SignatureVerdict | null
  }[] = []
  for (const { event, json } of items) {
    const publicKey = decodeBase64url(event.author)
    const signature = decodeBase64url(event.sig)
    if (publicKey === null || signature === null) {
      plan.push({ author: -1, proof: -1, credentials: [], malformed: 'bad-signature' })
      continue
    }
    const message = json === undefined ? signingBytes(event) : signingBytesOfJson(event, json)
    const author = checks.push({ publicKey, message, signature }) - 1
    let proof = -1
    let malformed: SignatureVerdict | null = null
    if (event.type === 'member.joined') {
      const invitation = decodeBase64url(event.body.invitation)
      const proofSig = decodeBase64url(event.body.proof)
      if (invitation === null || proofSig === null) malformed = 'bad-proof'
      else {
        const statement = joinStatement(event.space, event.author)
        proof = checks.push({ publicKey: invitation, message: statement, signature: proofSig }) - 1
      }
    }
    // A secret ballot's credentials: each issuer's RSA signature on this one-time key for this
    // poll (that they are the poll's issuers and keys, the fold checks).
    const credentialChecks: number[] = []
    if (event.type === 'secret.ballot') {
      const credentialText = credentialMessage(event.space, event.body.poll, event.author)
      for (const c of event.body.credentials) {
        credentialChecks.push(
          credentials.push({ publicKey: c.key, message: credentialText, signature: c.signature }) -
            1,
        )
      }
    }
    plan.push({ author, proof, credentials: credentialChecks, malformed })
  }
  const [results, held] = await Promise.all([
    checks.length === 0 ? [] : verifier.verifyAll(checks),
    credentials.length === 0 ? [] : verifier.verifyCredentials(credentials),
  ])
  return plan.map(({ author, proof, credentials: mine, malformed }) => {
    if (author < 0 || results[author] !== true) return malformed ?? 'bad-signature'
    if (malformed !== null) return malformed
    if (proof >= 0 && results[proof] !== true) return 'bad-proof'
    if (mine.some((i) => held[i] !== true)) return 'bad-credential'
    return 'ok'
  })
}

/** Checks one event's signatures (see `verifyEventsSignatures`). */
export async function verifyEventSignatures(
  event: SignedEvent,
  verifier: SignatureVerifier,
): Promise<SignatureVerdict> {
  const [verdict] = await verifyEventsSignatures([{ event }], verifier)
  return verdict!
}

/** The draft of `author`'s next event in a space, numbered after its newest one in `state`. */
export function draftNext<T extends EventType>(
  state: {
    readonly heads: ReadonlyMap<PublicKey, { readonly seq: number; readonly head: EventId }>
  } | null,
  space: SpaceId,
  author: PublicKey,
  type: T,
  body: EventBodyInput<T>,
  at: number,
): EventDraft<T> {
  const head = state?.heads.get(author)
  return { space, seq: (head?.seq ?? 0) + 1, prev: head?.head ?? null, type, body, at }
}
