// Rules for opening a secret poll and setting it up (docs/secret-ballot.md, steps 1–3): the poll
// names its issuers and tellers; each issuer publishes an RSA key for this poll, each teller (when
// there are two or more) a key to receive shares and then its dealing. The poll opens for voting
// when every issuer key and every dealing is in; its public key is the sum of the dealings'
// constant commitments, so no single teller ever knows the matching secret.
import { openPoll } from './poll-rules.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { decodePoint } from './secret/secret-group.js'
import { checkShareComplaint } from './secret/teller-complaint.js'
import { checkDealing, pollPublicKey } from './secret/teller-key.js'
import { checkIssuerKey } from './secret/credential-check.js'
import type { TellerDealing } from './secret/teller-key.js'
import { isActiveMember } from './space-state.js'
import type { PollRecord, RuleHandler, SecretPollState, SpaceState } from './space-state.js'
import type { EventId, PublicKey } from './ids.js'

export const applySecretPollOpened: RuleHandler<'secret.poll-opened'> = (state, event, id) => {
  if (state.council !== null) {
    return reject(
      'secret.council',
      "a council's votes stay open: each delegate's vote is checked against their mandate",
      id,
    )
  }
  const { issuers, tellers, tellerQuorum } = event.body.secret
  const outsider = [...issuers, ...tellers].find((key) => !isActiveMember(state, key))
  if (outsider !== undefined)
    return reject('member.unknown', `${outsider} is not an active member of this space`, id)
  const { subject } = event.body
  return openPoll(
    state,
    event.author,
    id,
    { ...event.body, proposal: subject?.kind === 'proposal' ? subject.proposal : null },
    {
      version: 3,
      seats: event.body.seats,
      scoreRange: event.body.scoreRange,
      subject,
      ...(event.body.closesAt === undefined ? {} : { closesAt: event.body.closesAt }),
      secret: {
        issuers,
        tellers,
        tellerQuorum,
        openedAt: event.at,
        phase: 'setup',
        issuerKeys: new Map(),
        tellerKeys: new Map(),
        dealings: new Map(),
        checked: new Set(),
        disqualified: new Set(),
        pollKey: null,
        requests: new Map(),
        requestIds: new Map(),
        reveals: new Map(),
        sealedSeqs: null,
        spoiled: [],
        seals: [],
        counts: [],
      },
    },
    event.at,
  )
}

/** The secret poll `pollId`, or why an event naming it is refused. */
export function secretPoll(
  state: SpaceState,
  pollId: EventId,
  id: EventId,
): { poll: PollRecord; secret: SecretPollState } | Rejection {
  const poll = state.polls.get(pollId)
  if (poll === undefined) return reject('poll.unknown', `no poll ${pollId} in this space`, id)
  if (poll.secret == null)
    return reject('secret.not-secret', `poll ${pollId} is not a secret poll`, id)
  return { poll, secret: poll.secret }
}

function inSetup(secret: SecretPollState, id: EventId): Rejection | null {
  return secret.phase === 'setup'
    ? null
    : reject('secret.already-set-up', 'this secret poll is already set up', id)
}

export const applyIssuerKey: RuleHandler<'secret.issuer-key'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  if (!secret.issuers.includes(event.author))
    return reject('secret.not-issuer', `${event.author} is not an issuer of this poll`, id)
  const late = inSetup(secret, id)
  if (late !== null) return late
  if (secret.issuerKeys.has(event.author))
    return reject('secret.already-keyed', 'this issuer already gave its key for this poll', id)
  const problem = checkIssuerKey(event.body.key)
  if (problem !== null) return reject('secret.bad-key', problem, id)
  secret.issuerKeys.set(event.author, event.body.key)
  openWhenReady(secret)
  return null
}

export const applyTellerKey: RuleHandler<'secret.teller-key'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  if (!secret.tellers.includes(event.author))
    return reject('secret.not-teller', `${event.author} is not a teller of this poll`, id)
  const late = inSetup(secret, id)
  if (late !== null) return late
  if (secret.tellers.length === 1)
    return reject(
      'secret.bad-key',
      'a single teller deals its key directly, without a share key',
      id,
    )
  if (secret.tellerKeys.has(event.author))
    return reject('secret.already-keyed', 'this teller already gave its key for this poll', id)
  if (decodePoint(event.body.key) === null)
    return reject('secret.bad-key', 'the key is not a valid ristretto255 point', id)
  secret.tellerKeys.set(event.author, event.body.key)
  return null
}

export const applyTellerDealt: RuleHandler<'secret.teller-dealt'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  if (!secret.tellers.includes(event.author))
    return reject('secret.not-teller', `${event.author} is not a teller of this poll`, id)
  const late = inSetup(secret, id)
  if (late !== null) return late
  if (secret.dealings.has(event.author))
    return reject('secret.already-dealt', 'this teller already dealt its shares for this poll', id)
  const missing = secret.tellers.filter(
    (t) => secret.tellers.length > 1 && !secret.tellerKeys.has(t),
  )
  if (missing.length > 0) {
    return reject(
      'secret.setup',
      `tellers deal once every teller has given its share key; missing: ${missing.join(', ')}`,
      id,
    )
  }
  const problem = checkDealing(
    event.body.dealing,
    secret.tellerQuorum,
    secret.tellers,
    dealingContext(state.space, event.body.poll),
  )
  if (problem !== null) return reject('secret.bad-dealing', problem, id)
  secret.dealings.set(event.author, event.body.dealing as TellerDealing)
  openWhenReady(secret)
  return null
}

export const applyTellerChecked: RuleHandler<'secret.teller-checked'> = (state, event, id) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  const index = tellerIndex(secret, event.author)
  if (index === 0)
    return reject('secret.not-teller', `${event.author} is not a teller of this poll`, id)
  const late = inSetup(secret, id)
  if (late !== null) return late
  if (secret.tellers.length === 1)
    return reject('secret.bad-dealing', 'a single teller has no dealt shares to check', id)
  if (secret.dealings.size < secret.tellers.length)
    return reject('secret.setup', 'a teller checks its shares once every teller has dealt', id)
  if (secret.checked.has(event.author))
    return reject('secret.already-checked', 'this teller already checked its shares', id)
  const context = dealingContext(state.space, event.body.poll)
  const dealers = new Set<string>()
  for (const { dealer, complaint } of event.body.complaints) {
    const dealing = secret.dealings.get(dealer)
    if (dealing === undefined || dealers.has(dealer))
      return reject('secret.bad-complaint', `${dealer} is not a dealer of this poll, or twice`, id)
    dealers.add(dealer)
    const problem = checkShareComplaint(
      dealing,
      context,
      index,
      event.author,
      secret.tellerKeys.get(event.author)!,
      complaint,
    )
    if (problem !== null) return reject('secret.bad-complaint', problem, id)
  }
  secret.checked.add(event.author)
  for (const dealer of dealers) secret.disqualified.add(dealer as PublicKey)
  openWhenReady(secret)
  return null
}

/**
 * Opens the poll for voting once every issuer key and every dealing is in and, with two tellers
 * or more, every teller has checked its shares; dealers proved at fault are left out of the key.
 */
function openWhenReady(secret: SecretPollState): void {
  if (secret.issuerKeys.size < secret.issuers.length) return
  if (secret.dealings.size < secret.tellers.length) return
  if (secret.tellers.length > 1 && secret.checked.size < secret.tellers.length) return
  const dealings = qualifiedDealings(secret)
  if (dealings.length === 0) return
  secret.pollKey = pollPublicKey(dealings)
  secret.phase = 'open'
}

/** The dealings that make the poll's key: every teller's, less those of dealers proved at fault. */
export function qualifiedDealings(secret: SecretPollState): TellerDealing[] {
  return secret.tellers
    .filter((t) => !secret.disqualified.has(t))
    .map((t) => secret.dealings.get(t)!)
}

/** What a dealing binds: the space and the poll. */
export function dealingContext(space: string, poll: string): string {
  return `${space} ${poll}`
}

/** The 1-based index of `teller` among the poll's tellers (its point on the sharing polynomial). */
export function tellerIndex(secret: SecretPollState, teller: PublicKey): number {
  return secret.tellers.indexOf(teller) + 1
}
