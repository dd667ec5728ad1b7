// Rules for credentials (docs/secret-ballot.md, steps 4–5). A member who may vote asks once per
// poll, with one blinded message per issuer; each issuer answers each request once. The requests
// are the public register of who took part; the blind signatures in the answers cannot be tied to
// the one-time keys they certify. An issuer's blind signature is checked against the request's
// blinded message (s^e mod n = m, which anyone can check from the log); whether a credential is
// right is checked on every ballot before the fold (signing.ts).
import { reject } from './result.js'
import { requestAfterDeadline } from './secret-deadline.js'
import { secretPoll } from './secret-setup-rules.js'
import { checkBlindSignature } from './secret/credential-check.js'
import { isVoter } from './space-state.js'
import type { RuleHandler, SecretPollState, SpaceState } from './space-state.js'
import type { SignedEventOf } from './event-envelope.js'
import type { EventId } from './ids.js'
import type { Rejection } from './result.js'

/**
 * A request or issuance is taken while the poll is open and, by replication, after its seal too:
 * signed on a hub that had not heard of the seal yet, it changes nothing the seal or the count
 * depends on but the count's check on issued credentials, which takes every issuance held
 * (`credentialsIssued`), so the poll's state does not depend on whether it came before the seal.
 * A hub refuses one submitted to it directly after a seal (`refuseSealedCredential`).
 */
function openForCredentials(secret: SecretPollState, id: EventId): Rejection | null {
  if (secret.phase === 'setup')
    return reject('secret.setup', 'this secret poll is not open for voting yet', id)
  return null
}

export const applyCredentialRequested: RuleHandler<'secret.credential-requested'> = (
  state,
  event,
  id,
) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { poll, secret } = found
  const closed = openForCredentials(secret, id)
  if (closed !== null) return closed
  // The request's own claimed time decides, as a ballot's does on an open poll, so every replica
  // refuses the same requests; a hub also refuses by its own clock (`refuseLateSecretAct`).
  if (poll.closesAt !== undefined && event.at > poll.closesAt)
    return requestAfterDeadline(poll.closesAt, id)
  if (!isVoter(state, event.author, event.at))
    return reject('member.not-member', `${event.author} may not vote in this poll`, id)
  if (secret.requests.has(event.author))
    return reject('secret.already-requested', 'this member already asked for a credential', id)
  const named = Object.keys(event.body.blinded).sort()
  const issuers = [...secret.issuers].sort()
  if (named.join() !== issuers.join()) {
    return reject(
      'secret.bad-request',
      `a request needs one blinded message for each issuer (${issuers.join(', ')}), and no other`,
      id,
    )
  }
  secret.requests.set(event.author, { id, blinded: event.body.blinded, issued: new Map() })
  secret.requestIds.set(id, event.author)
  return null
}

export const applyCredentialIssued: RuleHandler<'secret.credential-issued'> = (
  state,
  event,
  id,
  context,
) => {
  const found = secretPoll(state, event.body.poll, id)
  if ('ok' in found) return found
  const { secret } = found
  if (!secret.issuers.includes(event.author))
    return reject('secret.not-issuer', `${event.author} is not an issuer of this poll`, id)
  const closed = openForCredentials(secret, id)
  if (closed !== null) return closed
  const member = secret.requestIds.get(event.body.request)
  if (member === undefined)
    return reject('secret.not-requested', `no credential request ${event.body.request} here`, id)
  const request = secret.requests.get(member)!
  if (request.issued.has(event.author))
    return reject('secret.already-issued', 'this issuer already answered this request', id)
  // A wrong answer would count as issued (so a credential made off the log would fit under the
  // count) while leaving the member nothing to vote with, and no second answer is taken.
  const key = secret.issuerKeys.get(event.author)!
  const blinded = request.blinded[event.author]
  if (
    blinded === undefined ||
    !checkBlindSignature(key, blinded, event.body.signature, context.rsaPublic)
  ) {
    return reject(
      'secret.bad-issuance',
      "the signature is not the issuer's blind signature on this request's blinded message (s^e mod n = m)",
      id,
    )
  }
  request.issued.set(event.author, event.body.signature)
  return null
}

/**
 * Requests every issuer answered: the most one-time keys the seal may count. Every answer held
 * counts, also one that reached this replica after the seal (signed on a hub that had not heard of
 * it yet), so the count's check is the same on every replica holding the same events.
 */
export function credentialsIssued(secret: SecretPollState): number {
  let n = 0
  for (const request of secret.requests.values())
    if (request.issued.size === secret.issuers.length) n++
  return n
}

/**
 * A hub's own check on a credential request or issuance submitted to it directly (not a rule of
 * the fold, as `refuseStaleSeal` is not): refused with `secret.sealed` once the hub holds a seal of
 * its poll, so no member or issuer starts on a credential after the seal there. Replication never
 * uses it: a request or issuance signed on a hub that had not heard of the seal yet is taken (see
 * `openForCredentials`), or that hub and this one would differ for good, the signer's later events
 * held behind it here.
 */
export function refuseSealedCredential(
  state: SpaceState,
  event: SignedEventOf<'secret.credential-requested'> | SignedEventOf<'secret.credential-issued'>,
  id: EventId,
): Rejection | null {
  const secret = state.polls.get(event.body.poll)?.secret
  if (secret == null || secret.seals.length === 0) return null
  return reject('secret.sealed', 'this secret poll is sealed: no more credentials', id)
}
