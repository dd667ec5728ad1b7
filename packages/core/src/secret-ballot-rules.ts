// Rules for secret ballots, the seal, the tellers' shares and the count (docs/secret-ballot.md,
// steps 6–9). A ballot is signed by a one-time key; its credentials were checked before the fold
// (signing.ts), here only that they name this poll's issuers and keys. A one-time key's ballots
// are a set numbered by `seq` (a recast is a higher seq), not a chain, so a replica accepts each
// on its own, in any order. The seal names one ballot per one-time key; a key's view is its sealed
// ballot's seq, and its ballots beyond that are kept as late, never counted. After the seal, each
// teller reveals its share; with `tellerQuorum` of them anyone decrypts the sealed ballots, and
// the count states a result that every replica recomputes. Two seals signed at once on two hubs
// both stand, the lowest id in effect, and a count names the seal it counts, so the outcome is a
// function of the set of events, not of their order (docs/events.md, "Two seals of a secret poll").
import { canonicalJson } from './canonical-json.js'
import { checkVote } from './poll-methods.js'
import { canonicalJsonOrNull, computeCloseResult } from './poll-rules.js'
import { reject } from './result.js'
import type { Rejection, Result } from './result.js'
import { credentialsIssued } from './secret-credential-rules.js'
import { qualifiedDealings, secretPoll, tellerIndex } from './secret-setup-rules.js'
import { ballotInfo, checkCiphertext, decryptVote } from './secret/ballot-cipher.js'
import type { BallotCiphertext, BoxOpener, PointCheck, ScalarMult } from './secret/ballot-cipher.js'
import { numberToBytesLE } from '@noble/curves/utils.js'
import { decodeBase64url } from './base64url.js'
import { ENCODED_LENGTH, decodeScalar } from './secret/secret-group.js'
import {
  checkRevealedShare,
  combineRevealedShares,
  tellerPublicShare,
} from './secret/teller-key.js'
import { isActiveMember, isFacilitator, viewAhead } from './space-state.js'
import type {
  BallotRecord,
  PollClose,
  PollRecord,
  RuleHandler,
  SecretPollState,
  SecretSeal,
  SpaceState,
} from './space-state.js'
import type { SignedEventOf } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'

/**
 * Applies a secret ballot. Not through the author chain: the author is a one-time key, not a
 * member, and its ballots are held apart from the log until the seal (docs/secret-ballot.md,
 * "Storage"), so they do not count among the space's events.
 */
export function applySecretBallot(
  state: SpaceState,
  event: SignedEventOf<'secret.ballot'>,
  id: EventId,
  context: { readonly isPoint?: PointCheck | undefined } = {},
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined)
    return reject('ballot.unknown-poll', `no poll ${event.body.poll} in this space`, id)
  const secret = poll.secret
  if (secret == null) return reject('secret.not-secret', `poll ${poll.id} is not a secret poll`, id)
  if (secret.phase === 'setup')
    return reject('secret.setup', 'this secret poll is not open for voting yet', id)
  if (event.at !== secret.openedAt) {
    return reject(
      'secret.bad-time',
      `a secret ballot states the poll's opening time (${secret.openedAt}) as its own, not ${event.at}`,
      id,
    )
  }
  if (event.prev !== null)
    return reject(
      'chain.wrong-prev',
      "a secret ballot's prev is null: recasts are numbered by seq",
      id,
    )
  const named = event.body.credentials.map((c) => `${c.issuer} ${c.key}`).sort()
  const expected = secret.issuers.map((i) => `${i} ${secret.issuerKeys.get(i)}`).sort()
  if (named.join('\n') !== expected.join('\n')) {
    return reject(
      'secret.bad-credential',
      "the credentials must be one per issuer of this poll, under that issuer's key for this poll",
      id,
    )
  }
  const problem = checkCiphertext(event.body.ciphertext, context.isPoint)
  if (problem !== null) return reject('secret.bad-ciphertext', problem, id)
  const ballot: BallotRecord = {
    id,
    voter: event.author,
    seq: event.seq,
    vote: event.body.ciphertext,
  }
  if (secret.phase !== 'open') {
    // After a seal: kept, for a concurrent seal whose view holds it (see `applySecretSealed`);
    // beyond the view of the seal in effect it is late, within it (an equal or older seq that
    // seal did not pick) it changes nothing.
    poll.ballots.set(id, ballot)
    if (event.seq > viewOf(poll, event.author)) poll.late.push({ id, voter: event.author })
    return null
  }
  poll.ballots.set(id, ballot)
  const current = poll.ballots.get(poll.latest.get(event.author)!)
  if (current === undefined || newer(ballot, current)) poll.latest.set(event.author, id)
  poll.received += 1
  return null
}

/** A one-time key's latest ballot: the higher seq, and between equal seqs the lower id. */
function newer(a: BallotRecord, b: BallotRecord): boolean {
  return a.seq > b.seq || (a.seq === b.seq && a.id < b.id)
}

/** After the seal, the seq of the sealed ballot of `key` (0 when none of its ballots is sealed). */
function viewOf(poll: PollRecord, key: string): number {
  return poll.secret?.sealedSeqs?.get(key) ?? 0
}

/**
 * Seals a secret poll. A seal names one ballot per one-time key, each held here; a key's view is
 * its sealed ballot's seq. A seal that reaches a poll already sealed (signed on another hub before
 * the first reached it) is checked the same way against its own view and kept: of all seals the
 * lowest id is in effect on every replica (`settleSecretPoll`), as for two closes of an open poll.
 */
export const applySecretSealed: RuleHandler<'secret.poll-sealed'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { poll, secret } = found
  if (event.author !== poll.opener && !isFacilitator(state, event.author))
    return reject('poll.not-allowed', 'only the opener or a facilitator may seal a poll', id)
  if (secret.phase === 'setup')
    return reject('secret.setup', 'this secret poll is not open for voting yet', id)
  const seqs = new Map<string, number>()
  for (const ballotId of event.body.ballots) {
    const ballot = poll.ballots.get(ballotId)
    if (ballot === undefined) {
      return reject(
        'poll.unknown-ballot',
        `ballot ${ballotId} is not a ballot of this poll known here`,
        id,
      )
    }
    if (seqs.has(ballot.voter))
      return reject('poll.duplicate-voter', `two sealed ballots are from key ${ballot.voter}`, id)
    seqs.set(ballot.voter, ballot.seq)
  }
  secret.seals.push({ id, by: event.author, sealed: [...event.body.ballots].sort(), seqs })
  poll.latest.clear()
  settleSecretPoll(poll, secret)
  return null
}

/**
 * Derives a sealed secret poll from its seals and counts, the same whatever order they came in:
 * the seal with the lowest id is in effect (its sealed ballots, view and late ballots), and the
 * poll is counted once that seal has a count (the lowest id of its counts gives the result). The
 * other seals are listed as superseded, each with the result of its own count if it has one. A
 * poll sealed once carries no `close` or `superseded`, so its state hash is what it always was.
 */
function settleSecretPoll(poll: PollRecord, secret: SecretPollState): void {
  const winner = lowest(secret.seals)!
  const countOf = (seal: SecretSeal) => lowest(secret.counts.filter((c) => c.seal === seal.id))
  const previous = secret.sealedSeqs
  secret.sealedSeqs = winner.seqs as Map<string, number>
  poll.sealed = winner.sealed
  if (previous !== secret.sealedSeqs) {
    poll.late = []
    for (const ballot of poll.ballots.values())
      if (ballot.seq > (winner.seqs.get(ballot.voter) ?? 0))
        poll.late.push({ id: ballot.id, voter: ballot.voter })
  }
  const count = countOf(winner)
  secret.phase = count === undefined ? 'sealed' : 'counted'
  secret.spoiled = count === undefined ? [] : [...count.spoiled]
  poll.status = count === undefined ? 'open' : 'closed'
  poll.result = count === undefined ? null : count.result
  if (secret.seals.length === 1) return
  const asClose = (seal: SecretSeal): PollClose => ({
    id: seal.id,
    by: seal.by,
    seen: Object.fromEntries(seal.seqs),
    sealed: seal.sealed,
    result: countOf(seal)?.result ?? null,
  })
  poll.close = asClose(winner)
  poll.superseded = secret.seals.filter((s) => s !== winner).map(asClose)
}

export const applyTellerRevealed: RuleHandler<'secret.teller-revealed'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  if (!secret.tellers.includes(event.author))
    return reject('secret.not-teller', `${event.author} is not a teller of this poll`, id)
  if (secret.phase === 'setup' || secret.phase === 'open') {
    return reject(
      'secret.too-early',
      'a teller reveals its share only after the seal: before it, shares would open ballots still being cast',
      id,
    )
  }
  if (secret.reveals.has(event.author))
    return reject('secret.already-revealed', 'this teller already revealed its share', id)
  const share = decodeScalar(event.body.share)
  const dealings = qualifiedDealings(secret)
  if (
    share === null ||
    !checkRevealedShare(share, tellerPublicShare(dealings, tellerIndex(secret, event.author)))
  ) {
    return reject(
      'secret.bad-share',
      "the revealed share does not match this teller's public share from the dealings",
      id,
    )
  }
  secret.reveals.set(event.author, share)
  return null
}

/**
 * Counts a sealed secret poll. The count names the seal it counts (`seal`; a count signed before
 * two seals could stand names none and counts the seal in effect) and is checked against that
 * seal's ballots, so it is valid or not whichever seal is in effect when it arrives: a count of a
 * seal that loses stays in the log and is listed with that seal as superseded.
 */
export const applySecretCounted: RuleHandler<'secret.poll-counted'> = (
  state,
  event,
  id,
  context,
) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { poll, secret } = found
  if (!isActiveMember(state, event.author))
    return reject('member.not-member', `${event.author} is not a member of this space`, id)
  if (secret.phase === 'setup' || secret.phase === 'open')
    return reject('secret.too-early', 'a secret poll is counted after its seal', id)
  const seal = sealCounted(secret, event.body.seal)
  if (seal === undefined) {
    return reject(
      'secret.unknown-seal',
      `the count names seal ${event.body.seal}, which is not a seal of this poll held here`,
      id,
    )
  }
  const { members } = event.body
  const ahead = members === undefined ? null : viewAhead(state, members, id)
  if (ahead !== null) return ahead
  const counted = countSecretPoll(state, poll, secret, event.body.tellers, event.at, {
    id,
    sealed: seal.sealed,
    ...(members === undefined ? {} : { members }),
    scalarMult: context.scalarMult,
    openBox: context.openBox,
  })
  if (!counted.ok) return counted
  const { result, spoiled } = counted.value
  if (canonicalJson(result) !== canonicalJsonOrNull(event.body.result)) {
    return reject(
      'poll.result-mismatch',
      `the stated result differs from the count of the sealed ballots: ${canonicalJson(result)}`,
      id,
    )
  }
  secret.counts.push({ id, seal: seal.id, result, spoiled })
  settleSecretPoll(poll, secret)
  return null
}

/** The seal a count counts: the one it names, or (naming none) the seal in effect. */
function sealCounted(secret: SecretPollState, named: EventId | undefined): SecretSeal | undefined {
  return named === undefined ? lowest(secret.seals) : secret.seals.find((s) => s.id === named)
}

/** Of seals or counts, the one with the lowest id: the one in effect. */
function lowest<T extends { readonly id: EventId }>(items: readonly T[]): T | undefined {
  let min: T | undefined
  for (const item of items) if (min === undefined || item.id < min.id) min = item
  return min
}

/**
 * Decrypts the sealed ballots of `poll` (of the seal in effect, or `sealed`: another seal's) with
 * the shares of `tellers` and counts them: the one count every replica and every counter makes.
 * Ballots that do not decrypt to a valid vote are spoiled: listed, not counted.
 */
export function countSecretPoll(
  state: SpaceState,
  poll: PollRecord,
  secret: SecretPollState,
  tellers: readonly PublicKey[],
  at: number,
  options: {
    readonly id?: EventId
    readonly sealed?: readonly EventId[]
    /** The count's membership view (`secret.poll-counted` `members`), if it states one. */
    readonly members?: Readonly<Record<string, number>>
    readonly scalarMult?: ScalarMult | undefined
    readonly openBox?: BoxOpener | undefined
  } = {},
): Result<{ result: unknown; spoiled: EventId[] }> {
  const { id, scalarMult, openBox } = options
  if (new Set(tellers).size !== tellers.length || tellers.length !== secret.tellerQuorum) {
    return reject(
      'secret.bad-share',
      `a count names exactly ${secret.tellerQuorum} distinct tellers whose shares it used`,
      id,
    )
  }
  const missing = tellers.find((t) => !secret.reveals.has(t))
  if (missing !== undefined)
    return reject('secret.too-early', `teller ${missing} has not revealed its share yet`, id)
  const issued = credentialsIssued(secret)
  const sealed = options.sealed ?? poll.sealed ?? []
  if (sealed.length > issued) {
    return reject(
      'secret.over-issued',
      `the seal counts ${sealed.length} one-time keys but only ${issued} credentials were issued: credentials were made outside the log, so this poll is void`,
      id,
    )
  }
  const pollSecret = combineRevealedShares(
    tellers.map((t) => ({ index: tellerIndex(secret, t), share: secret.reveals.get(t)! })),
    secret.tellerQuorum,
  )
  if (!checkRevealedShare(pollSecret, secret.pollKey!))
    return reject('secret.bad-share', "the shares do not open the poll's key", id)
  const opened: BallotRecord[] = []
  const spoiled: EventId[] = []
  for (const ballotId of sealed) {
    const ballot = poll.ballots.get(ballotId)!
    const vote = decryptVote(
      pollSecret,
      ballot.vote as BallotCiphertext,
      { space: state.space, poll: poll.id, pseudonym: ballot.voter },
      scalarMult,
      openBox,
    )
    if (vote === null || checkVote(poll, vote) !== null) spoiled.push(ballotId)
    else opened.push({ ...ballot, vote })
  }
  const result = computeCloseResult(state, poll, opened, at, options.members)
  if (!result.ok) return id === undefined ? result : { ...result, eventId: id }
  return { ok: true, value: { result: result.value, spoiled } }
}

/**
 * The multiplications a count of `event` makes: the poll secret its tellers' shares give (32
 * bytes, little-endian) by each sealed ballot's ephemeral point (its 32 bytes), and with each
 * point the box its product opens (`info` and `sealed` as the count passes them to `openBox`;
 * `sealed` null when the box is not base64url); null when the count is refused before any (the
 * poll is not sealed, the seal it names is not held, or the tellers named have not all revealed).
 * For a platform that computes them ahead on several cores and passes the products to the fold as
 * `scalarMult`, and the opened boxes as `openBox`: the same functions, so the count and its result
 * do not change.
 */
export function countMultiplications(
  state: SpaceState,
  event: SignedEventOf<'secret.poll-counted'>,
): {
  scalar: Uint8Array
  points: Uint8Array[]
  boxes: { info: Uint8Array; sealed: Uint8Array | null }[]
} | null {
  const poll = state.polls.get(event.body.poll)
  const secret = poll?.secret
  if (poll === undefined || secret == null) return null
  const seal = sealCounted(secret, event.body.seal)
  if (seal === undefined) return null
  const { tellers } = event.body
  if (new Set(tellers).size !== tellers.length || tellers.length !== secret.tellerQuorum)
    return null
  if (tellers.some((t) => !secret.reveals.has(t))) return null
  let pollSecret: bigint
  try {
    pollSecret = combineRevealedShares(
      tellers.map((t) => ({ index: tellerIndex(secret, t), share: secret.reveals.get(t)! })),
      secret.tellerQuorum,
    )
  } catch {
    return null
  }
  const points: Uint8Array[] = []
  const boxes: { info: Uint8Array; sealed: Uint8Array | null }[] = []
  for (const ballotId of seal.sealed) {
    const ballot = poll.ballots.get(ballotId)
    const vote = ballot?.vote as Partial<BallotCiphertext> | undefined
    const bytes = typeof vote?.ephemeral === 'string' ? decodeBase64url(vote.ephemeral) : null
    if (ballot === undefined || bytes === null || bytes.length !== ENCODED_LENGTH) continue
    points.push(bytes)
    const context = { space: state.space, poll: poll.id, pseudonym: ballot.voter }
    const sealed = typeof vote?.box === 'string' ? decodeBase64url(vote.box) : null
    boxes.push({ info: ballotInfo(bytes, context), sealed })
  }
  return { scalar: numberToBytesLE(pollSecret, ENCODED_LENGTH), points, boxes }
}

/**
 * What a sealer holding `poll` signs: each one-time key's latest ballot. (A secret seal states no
 * separate view: a key's view is its sealed ballot's seq.)
 */
export function proposeSecretSeal(poll: PollRecord): EventId[] {
  return [...poll.latest.values()].sort()
}

/**
 * A hub's own check on a seal submitted to it directly (as `refuseStaleClose` for open polls):
 * refused with `poll.close-stale` while the hub holds a ballot the seal would leave late, and with
 * `poll.closed` when the hub already holds a seal of the poll, so two sealers racing on one hub
 * leave one seal. Replication never uses it: there a second seal valid against its own view is
 * applied, and of two seals the lowest id takes effect (`applySecretSealed`).
 */
export function refuseStaleSeal(
  state: SpaceState,
  event: SignedEventOf<'secret.poll-sealed'>,
  id: EventId,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll?.secret == null) return null
  if (poll.secret.seals.length > 0) return reject('poll.closed', 'this poll is already sealed', id)
  if (poll.secret.phase !== 'open') return null
  const seqs = new Map<string, number>()
  for (const b of event.body.ballots) {
    const ballot = poll.ballots.get(b)
    if (ballot !== undefined) seqs.set(ballot.voter, ballot.seq)
  }
  let late = 0
  for (const ballot of poll.ballots.values()) if (ballot.seq > (seqs.get(ballot.voter) ?? 0)) late++
  if (late === 0) return null
  return reject(
    'poll.close-stale',
    `this hub holds ${late} ballot(s) of the poll that the seal would leave late: seal again with them`,
    id,
  )
}
