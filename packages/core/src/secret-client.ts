// What a device does in a secret poll (docs/secret-ballot.md), for the CLI and the web app alike:
// the member's steps (ask for a credential, finalize it, cast under the one-time key), the
// issuer's (publish its key, answer requests) and the teller's (publish its share key, deal,
// reveal after the seal), and the seal and the count anyone may sign. Pure but for WebCrypto's
// RSA (through `blind-credential.ts`): randomness comes in as `random`, and what the device must
// remember between steps is a plain JSON `SecretWallet` that the caller stores (0600 files in the
// CLI, IndexedDB in the browser) and forgets after the count.
import { ed25519 } from '@noble/curves/ed25519.js'
import { decodeBase64url, encodeBase64url } from './base64url.js'
import type { EventBodyInput, EventType } from './event-bodies.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'
import { ok, reject } from './result.js'
import type { Result } from './result.js'
import { countSecretPoll, proposeSecretSeal } from './secret-ballot-rules.js'
import { dealingContext, qualifiedDealings, tellerIndex } from './secret-setup-rules.js'
import { encryptVote } from './secret/ballot-cipher.js'
import { blindCredential, finalizeCredential } from './secret/blind-credential.js'
import { credentialMessage } from './secret/credential-check.js'
import { decodeScalar, encodeScalar, scalarFromBytes } from './secret/secret-group.js'
import { complainOfShare } from './secret/teller-complaint.js'
import type { ShareComplaint } from './secret/teller-complaint.js'
import {
  dealingRandomBytes,
  dealTellerShares,
  singleTellerDealing,
  tellerKeyPair,
  tellerSecretShare,
} from './secret/teller-key.js'
import { computeEventId, signEvent } from './signing.js'
import type { Signer } from './signing.js'
import { membershipView } from './space-state.js'
import type { PollRecord, SecretPollState, SpaceState } from './space-state.js'

/** Random bytes (crypto.getRandomValues in the app, node:crypto in the CLI). */
export type RandomBytes = (length: number) => Uint8Array

/** What one device remembers of one secret poll for one of its identities. */
export interface SecretWallet {
  /** Voter: the one-time key's secret seed and public key. */
  pseudonymSeed?: string
  pseudonym?: string
  /** Voter: per issuer, the blinded message sent and the inverse that unblinds the answer. */
  blinding?: Record<string, { blinded: string; inverse: string }>
  /** Voter: the finalized credentials. */
  credentials?: { issuer: string; key: string; signature: string }[]
  /** Voter: the ballots cast (seq and id) and the vote waiting to be cast, if any. */
  cast?: { seq: number; id: string }[]
  waiting?: unknown
  /** Issuer: this poll's RSA key pair. */
  issuerPublicKey?: string
  issuerPrivateKey?: string
  /** Teller: the share key's secret (two tellers or more), or the whole secret (one teller). */
  tellerSecret?: string
  tellerPublicKey?: string
}

/** An event for the device's own identity to sign in the space (its chain, its time). */
export interface SecretDraft<T extends EventType = EventType> {
  readonly type: T
  readonly body: EventBodyInput<T>
}

function secretOf(state: SpaceState, poll: EventId): { poll: PollRecord; secret: SecretPollState } {
  const record = state.polls.get(poll)
  if (record?.secret == null) throw new Error(`poll ${poll} is not a secret poll here`)
  return { poll: record, secret: record.secret }
}

// —— member ——————————————————————————————————————————————————————————————————————————

/**
 * The member's request for a credential: a new one-time key, blinded once per issuer. Returns the
 * draft and the wallet to keep (the one-time key and the blinding inverses).
 */
export async function requestCredential(
  state: SpaceState,
  pollId: EventId,
  wallet: SecretWallet,
  random: RandomBytes,
): Promise<{ draft: SecretDraft<'secret.credential-requested'>; wallet: SecretWallet }> {
  const { secret } = secretOf(state, pollId)
  const seed = random(32)
  const pseudonym = encodeBase64url(ed25519.getPublicKey(seed))
  const message = credentialMessage(state.space, pollId, pseudonym)
  const blinding: Record<string, { blinded: string; inverse: string }> = {}
  for (const issuer of secret.issuers)
    blinding[issuer] = await blindCredential(secret.issuerKeys.get(issuer)!, message)
  const blinded = Object.fromEntries(Object.entries(blinding).map(([k, v]) => [k, v.blinded]))
  return {
    draft: { type: 'secret.credential-requested', body: { poll: pollId, blinded } },
    wallet: { ...wallet, pseudonymSeed: encodeBase64url(seed), pseudonym, blinding },
  }
}

/**
 * Unblinds the issuers' answers to `member`'s request into credentials, once every issuer has
 * answered. Null while some have not; an error when an answer does not verify (the issuer signed
 * something else: the member cannot vote with it, and should say so).
 */
export async function finalizeCredentials(
  state: SpaceState,
  pollId: EventId,
  member: PublicKey,
  wallet: SecretWallet,
): Promise<Result<SecretWallet | null>> {
  if (wallet.credentials !== undefined) return ok(wallet)
  const { secret } = secretOf(state, pollId)
  const request = secret.requests.get(member)
  if (request === undefined || wallet.blinding === undefined || wallet.pseudonym === undefined)
    return ok(null)
  if (request.issued.size < secret.issuers.length) return ok(null)
  const message = credentialMessage(state.space, pollId, wallet.pseudonym)
  const credentials: { issuer: string; key: string; signature: string }[] = []
  for (const issuer of secret.issuers) {
    const key = secret.issuerKeys.get(issuer)!
    const blinding = wallet.blinding[issuer]!
    const signature = await finalizeCredential(
      key,
      message,
      request.issued.get(issuer)!,
      blinding.inverse,
    )
    if (signature === null) {
      return reject(
        'secret.bad-credential',
        `issuer ${issuer}'s blind signature does not verify: this credential cannot be used`,
      )
    }
    credentials.push({ issuer, key, signature })
  }
  return ok({ ...wallet, credentials })
}

/** A signer for the wallet's one-time key (Ed25519 through @noble/curves). */
export function pseudonymSigner(wallet: SecretWallet): Signer {
  const seed = decodeBase64url(wallet.pseudonymSeed ?? '')
  if (seed === null || seed.length !== 32) throw new Error('this wallet has no one-time key')
  return {
    publicKey: wallet.pseudonym as PublicKey,
    sign: (message) => Promise.resolve(ed25519.sign(message, seed)),
  }
}

/**
 * Casts (or recasts) `vote` under the wallet's one-time key: encrypted to the poll's key, signed
 * by the one-time key, `at` the poll's opening time. Returns the ballot to send on its own.
 */
export async function castSecretBallot(
  state: SpaceState,
  pollId: EventId,
  wallet: SecretWallet,
  vote: unknown,
  random: RandomBytes,
): Promise<{ ballot: SignedEvent; wallet: SecretWallet }> {
  const { secret } = secretOf(state, pollId)
  if (wallet.credentials === undefined) throw new Error('no credential yet: finalize it first')
  const pseudonym = wallet.pseudonym!
  const ciphertext = encryptVote(
    secret.pollKey!,
    vote,
    { space: state.space, poll: pollId, pseudonym },
    random(96),
  )
  const seq = (wallet.cast?.length ?? 0) + 1
  const ballot = await signEvent(
    {
      space: state.space,
      seq,
      prev: null,
      type: 'secret.ballot',
      body: { poll: pollId, credentials: wallet.credentials, ciphertext },
      at: secret.openedAt,
    },
    pseudonymSigner(wallet),
  )
  const cast = [...(wallet.cast ?? []), { seq, id: computeEventId(ballot) }]
  const { waiting: _sent, ...rest } = wallet
  return { ballot, wallet: { ...rest, cast } }
}

/** Whether the wallet's last ballot is sealed, and once counted whether it was counted. */
export function myBallotStatus(
  poll: PollRecord,
  wallet: SecretWallet,
): 'not-cast' | 'held' | 'sealed' | 'counted' | 'late' | 'spoiled' {
  const last = wallet.cast?.at(-1)
  if (last === undefined) return 'not-cast'
  if (poll.late.some((b) => b.id === last.id)) return 'late'
  if (poll.sealed?.includes(last.id as EventId) !== true) return 'held'
  if (poll.secret?.spoiled.includes(last.id as EventId) === true) return 'spoiled'
  return poll.secret?.phase === 'counted' ? 'counted' : 'sealed'
}

// —— issuer ——————————————————————————————————————————————————————————————————————————

/** The issuer's key for this poll, made once and kept in the wallet (generating is async). */
export async function issuerKeyDraft(
  pollId: EventId,
  wallet: SecretWallet,
  generate: () => Promise<{ publicKey: string; privateKey: string }>,
): Promise<{ draft: SecretDraft<'secret.issuer-key'>; wallet: SecretWallet }> {
  const keys =
    wallet.issuerPublicKey !== undefined && wallet.issuerPrivateKey !== undefined
      ? { publicKey: wallet.issuerPublicKey, privateKey: wallet.issuerPrivateKey }
      : await generate()
  return {
    draft: { type: 'secret.issuer-key', body: { poll: pollId, key: keys.publicKey } },
    wallet: { ...wallet, issuerPublicKey: keys.publicKey, issuerPrivateKey: keys.privateKey },
  }
}

/** The requests `issuer` has not answered yet, with their blinded message for it. */
export function unansweredRequests(
  state: SpaceState,
  pollId: EventId,
  issuer: PublicKey,
  blindedOf: (request: EventId) => string | undefined,
): { request: EventId; blinded: string }[] {
  const { secret } = secretOf(state, pollId)
  if (secret.phase !== 'open') return []
  const out: { request: EventId; blinded: string }[] = []
  for (const request of secret.requests.values()) {
    if (request.issued.has(issuer)) continue
    const blinded = blindedOf(request.id)
    if (blinded !== undefined) out.push({ request: request.id, blinded })
  }
  return out
}

// —— teller ——————————————————————————————————————————————————————————————————————————

/**
 * The teller's next setup step, if any: with one teller its dealing (its key directly); with two
 * or more its share key, then its dealing once every share key is in, then its check of the
 * shares dealt to it (with a public complaint of any bad one) once every dealing is in.
 */
export function tellerSetupDraft(
  state: SpaceState,
  pollId: EventId,
  teller: PublicKey,
  wallet: SecretWallet,
  random: RandomBytes,
): { draft: SecretDraft; wallet: SecretWallet } | null {
  const { secret } = secretOf(state, pollId)
  if (secret.phase !== 'setup' || !secret.tellers.includes(teller)) return null
  if (secret.tellers.length === 1) {
    if (secret.dealings.has(teller)) return null
    const x =
      wallet.tellerSecret !== undefined
        ? decodeScalar(wallet.tellerSecret)!
        : scalarFromBytes(random(64))
    return {
      draft: {
        type: 'secret.teller-dealt',
        body: { poll: pollId, dealing: singleTellerDealing(x) },
      },
      wallet: { ...wallet, tellerSecret: encodeScalar(x) },
    }
  }
  if (!secret.tellerKeys.has(teller)) {
    let next = wallet
    if (wallet.tellerSecret === undefined || wallet.tellerPublicKey === undefined) {
      const pair = tellerKeyPair(random(64))
      next = { ...wallet, tellerSecret: encodeScalar(pair.secret), tellerPublicKey: pair.publicKey }
    }
    return {
      draft: { type: 'secret.teller-key', body: { poll: pollId, key: next.tellerPublicKey! } },
      wallet: next,
    }
  }
  if (secret.tellerKeys.size < secret.tellers.length) return null
  if (!secret.dealings.has(teller)) {
    const dealing = dealTellerShares({
      context: dealingContext(state.space, pollId),
      quorum: secret.tellerQuorum,
      tellers: secret.tellers.map((key) => ({ key, encryptionKey: secret.tellerKeys.get(key)! })),
      random: random(dealingRandomBytes(secret.tellerQuorum, secret.tellers.length)),
    })
    return { draft: { type: 'secret.teller-dealt', body: { poll: pollId, dealing } }, wallet }
  }
  if (secret.dealings.size < secret.tellers.length || secret.checked.has(teller)) return null
  // Every dealing is in: open each share dealt to this teller, and complain of any bad one.
  const own = decodeScalar(wallet.tellerSecret ?? '')
  if (own === null) return null
  const context = dealingContext(state.space, pollId)
  const index = tellerIndex(secret, teller)
  const complaints: { dealer: PublicKey; complaint: ShareComplaint }[] = []
  for (const dealer of secret.tellers) {
    const complaint = complainOfShare({
      dealing: secret.dealings.get(dealer)!,
      context,
      index,
      teller,
      decryptionKey: own,
      random: random(64),
    })
    if (complaint !== null) complaints.push({ dealer, complaint })
  }
  return { draft: { type: 'secret.teller-checked', body: { poll: pollId, complaints } }, wallet }
}

/** After the seal: the teller's revealed share, or an error when its dealt shares do not check. */
export function tellerRevealDraft(
  state: SpaceState,
  pollId: EventId,
  teller: PublicKey,
  wallet: SecretWallet,
): Result<SecretDraft<'secret.teller-revealed'> | null> {
  const { secret } = secretOf(state, pollId)
  if (secret.phase !== 'sealed' || secret.reveals.has(teller) || !secret.tellers.includes(teller))
    return ok(null)
  const own = wallet.tellerSecret === undefined ? null : decodeScalar(wallet.tellerSecret)
  if (own === null) return reject('secret.bad-share', 'this device does not hold the teller key')
  const share =
    secret.tellers.length === 1
      ? own
      : tellerSecretShare(
          qualifiedDealings(secret),
          dealingContext(state.space, pollId),
          tellerIndex(secret, teller),
          teller,
          own,
        )
  if (share === null) {
    return reject(
      'secret.bad-dealing',
      "a share dealt to this teller does not match its dealer's commitments: this teller cannot help count",
    )
  }
  return ok({ type: 'secret.teller-revealed', body: { poll: pollId, share: encodeScalar(share) } })
}

// —— seal and count ———————————————————————————————————————————————————————————————————

/** The seal a facilitator holding `state` signs. */
export function secretSealDraft(
  state: SpaceState,
  pollId: EventId,
): SecretDraft<'secret.poll-sealed'> {
  const { poll } = secretOf(state, pollId)
  return { type: 'secret.poll-sealed', body: { poll: pollId, ballots: proposeSecretSeal(poll) } }
}

/**
 * The count anyone may sign once `tellerQuorum` tellers revealed their shares (the first ones in
 * the poll's order), with the result every replica recomputes; null while too few have.
 */
export function secretCountDraft(
  state: SpaceState,
  pollId: EventId,
  at: number,
): Result<SecretDraft<'secret.poll-counted'> | null> {
  const { poll, secret } = secretOf(state, pollId)
  if (secret.phase !== 'sealed') return ok(null)
  const tellers = secret.tellers.filter((t) => secret.reveals.has(t)).slice(0, secret.tellerQuorum)
  if (tellers.length < secret.tellerQuorum) return ok(null)
  // The quorum counts the members within this counter's membership view (as a poll.closed.3's).
  const members = membershipView(state)
  const counted = countSecretPoll(state, poll, secret, tellers, at, { members })
  if (!counted.ok) return counted
  // Names the seal it counts (the one in effect here), so it stays valid on a replica where
  // another seal of the poll, signed at once on another hub, takes effect instead.
  const seal = poll.close?.id ?? secret.seals[0]!.id
  return ok({
    type: 'secret.poll-counted',
    body: { poll: pollId, tellers, result: counted.value.result, seal, members },
  })
}
