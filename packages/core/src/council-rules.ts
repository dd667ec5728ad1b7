// Rules of a council space. A council is created by `council.created`; its founder is its first
// convenor (a facilitator, not a voter). Member spaces are admitted by a convenor's
// `council.space-admitted`, which references the space's own `council.join-decided`. Everything
// else arrives by `council.notice`, which any key may post: its validity depends only on the
// accepted event it references (a delegate election, a recall's close, a leave, a member count, a
// mandate, a referral answer) and on the council's state. The voting members are exactly the
// seated delegates (council-state.ts).
import { canonicalJson } from './canonical-json.js'
import { allocateSeats, noteSeatChanges } from './council-state.js'
import {
  chainKeys,
  endSeats,
  noticeChainElection,
  noticeChainRecall,
  recallSeat,
} from './council-election-chain.js'
import { countTakesEffect, orderElection } from './election-order.js'
import type { CouncilState, MemberSpaceRecord } from './council-state.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'
import { canonicalJsonOrNull } from './poll-rules.js'
import { computeReferralResult } from './referral-result.js'
import type { RecallResult } from './recall-rules.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { deriveSpaceId } from './signing.js'
import { isFacilitator, putMember } from './space-state.js'
import type { RuleHandler, SpaceState } from './space-state.js'

export const applyCouncilCreated: RuleHandler<'council.created'> = (state, event, id) => {
  if (state.assembly !== null)
    return reject('space.already-created', 'this space was already created', id)
  const expected = deriveSpaceId(event.author, event.body.nonce)
  if (expected !== event.space) {
    return reject(
      'space.id-mismatch',
      `space id must be ${expected}, derived from the founder's key and nonce`,
      id,
    )
  }
  const { name, description, languages, rules, founderName } = event.body
  state.textRules = event.body.texts ?? 0
  state.rulesVersion = event.body.rulesVersion ?? event.body.forkRule ?? 1
  state.forkRule = state.rulesVersion >= 2 ? 2 : 1
  state.assembly = {
    founder: event.author,
    name,
    description,
    languages,
    // What the shared rules need: delegates and convenors propose, convenors admit.
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: rules.quorum,
      defaultMethod: 'majority',
      visibility: 'public',
    },
    created: id,
  }
  state.council = {
    rules,
    spaces: new Map(),
    delegates: new Map(),
    noticed: new Set(),
    referrals: new Map(),
    clock: event.at,
    seatAuthors: new Map(),
    seatSteps: new Map(),
  }
  putMember(state, {
    key: event.author,
    name: founderName,
    status: 'active',
    roles: new Set(['facilitator']),
  })
  return null
}

function councilOf(state: SpaceState, id: EventId): CouncilState | Rejection {
  return state.council ?? reject('council.not-council', 'this space is not a council', id)
}

function missing(reference: EventId, id: EventId): Rejection {
  return reject('reference.missing', `the referenced event ${reference} is not here yet`, id)
}

export const applySpaceAdmitted: RuleHandler<'council.space-admitted'> = (
  state,
  event,
  id,
  context,
) => {
  const council = councilOf(state, id)
  if ('ok' in council) return council
  if (!isFacilitator(state, event.author))
    return reject('member.not-facilitator', 'only a convenor admits member spaces', id)
  const decision = context.foreign.get(event.body.decision)
  if (decision === undefined) return missing(event.body.decision, id)
  if (
    (decision.type !== 'council.join-decided' && decision.type !== 'council.join-decided.2') ||
    decision.space !== event.body.space ||
    decision.body.council !== state.space
  ) {
    return reject(
      'reference.wrong-kind',
      `the decision must be a council.join-decided (or .2) of ${event.body.space} naming this council`,
      id,
    )
  }
  if (council.spaces.get(event.body.space)?.status === 'member')
    return reject('council.already-member', `${event.body.space} is already a member space`, id)
  council.spaces.set(event.body.space, {
    space: event.body.space,
    decision: event.body.decision,
    admitted: id,
    status: 'member',
    count: null,
    election: null,
    electedAt: null,
    chain: new Map(),
    chainBase: null,
    chainRecalls: new Map(),
    termEnds: null,
    delegates: [],
    alternates: [],
    mandates: new Map(),
  })
  return null
}

export const applyCouncilNotice: RuleHandler<'council.notice'> = (state, event, id, context) => {
  const council = councilOf(state, id)
  if ('ok' in council) return council
  const reference = context.foreign.get(event.body.reference)
  if (reference === undefined) return missing(event.body.reference, id)
  if (council.noticed.has(event.body.reference))
    return reject('council.already-noticed', 'this event was already noticed here', id)
  // The keys a notice may reseat: those of the referenced event's space, and an election's.
  const space = council.spaces.get(reference.space)
  const keys = new Set<PublicKey>([
    ...(space?.delegates ?? []),
    ...(space?.alternates ?? []),
    ...(space === undefined ? [] : chainKeys(space)),
  ])
  if (isElection(reference))
    for (const key of [...reference.body.delegates, ...reference.body.alternates]) keys.add(key)
  const before = new Map([...keys].map((key) => [key, council.delegates.get(key)]))
  const beforeStatus = new Map([...keys].map((key) => [key, council.delegates.get(key)?.status]))
  const rejection = notice(state, council, reference, event.body.reference, id)
  if (rejection !== null) return rejection
  council.noticed.add(event.body.reference)
  noteSeatChanges(council, event.author, event.seq, before, beforeStatus)
  return null
}

function isElection(event: SignedEvent): event is SignedEvent & {
  type: 'delegate.elected' | 'delegate.elected.2' | 'delegate.elected.3'
} {
  return (
    event.type === 'delegate.elected' ||
    event.type === 'delegate.elected.2' ||
    event.type === 'delegate.elected.3'
  )
}

function memberSpace(
  state: SpaceState,
  council: CouncilState,
  reference: SignedEvent,
  id: EventId,
): MemberSpaceRecord | Rejection {
  const record = council.spaces.get(reference.space)
  if (record?.status !== 'member')
    return reject(
      'council.not-member-space',
      `${reference.space} is not a member space of this council`,
      id,
    )
  return record
}

function naming(reference: SignedEvent, state: SpaceState, id: EventId): Rejection | null {
  const named = (reference.body as { council?: SpaceId }).council
  return named === state.space
    ? null
    : reject('reference.wrong-kind', `the referenced ${reference.type} is for another council`, id)
}

function notice(
  state: SpaceState,
  council: CouncilState,
  reference: SignedEvent,
  referenceId: EventId,
  id: EventId,
): Rejection | null {
  switch (reference.type) {
    case 'delegate.elected':
    case 'delegate.elected.2':
    case 'delegate.elected.3': {
      const wrong = naming(reference, state, id)
      if (wrong !== null) return wrong
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      // Elections of one space are taken in their own order (election-order.ts), whatever order
      // their notices come in: an older one noticed late would bring back ended seats.
      const order = orderElection(space, reference, referenceId)
      if (order === 'refused') {
        return reject(
          'delegate.election-superseded',
          `${space.space} has a later election noticed here (${space.electedAt!.event})`,
          id,
        )
      }
      const seats = allocateSeats(council).get(space.space) ?? 0
      if (reference.body.delegates.length > seats) {
        return reject(
          'council.too-many-delegates',
          `${space.space} holds ${seats} seat(s) here, not ${reference.body.delegates.length}`,
          id,
        )
      }
      for (const key of [...reference.body.delegates, ...reference.body.alternates]) {
        const other = council.delegates.get(key)
        if (other !== undefined && other.space !== space.space && other.status === 'seated')
          return reject('delegate.already-seated', `${key} holds a seat for ${other.space}`, id)
      }
      // A `delegate.elected.3` goes into the space's chain, from which the seats are derived
      // again (council-election-chain.ts): on or off the chain in effect, in any notice order.
      if (reference.type === 'delegate.elected.3') {
        const { after, round, termEnds, delegates, alternates } = reference.body
        noticeChainElection(council, space, {
          id: referenceId,
          at: reference.at,
          round,
          after,
          termEnds,
          delegates,
          alternates,
        })
        return null
      }
      endSeats(council, space)
      space.electedAt = { at: reference.at, event: referenceId, round: 0 }
      const termEnds = reference.type === 'delegate.elected' ? null : reference.body.termEnds
      space.election = referenceId
      space.termEnds = termEnds
      space.delegates = [...reference.body.delegates]
      space.alternates = [...reference.body.alternates]
      const seat = (key: PublicKey, status: 'seated' | 'alternate') =>
        council.delegates.set(key, {
          key,
          space: space.space,
          election: referenceId,
          status,
          recalledBy: null,
          termEnds,
        })
      for (const key of reference.body.delegates) seat(key, 'seated')
      for (const key of reference.body.alternates) seat(key, 'alternate')
      return null
    }
    case 'poll.closed':
    case 'poll.closed.2':
    case 'poll.closed.3': {
      const result = reference.body.result as Partial<RecallResult>
      if (result.method !== 'recall' || result.council !== state.space) {
        return reject(
          'reference.wrong-kind',
          'only the close of a recall of this council is noticed',
          id,
        )
      }
      if (result.outcome !== 'recalled')
        return reject('delegate.not-recalled', 'this recall did not pass', id)
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      const key = result.delegate as PublicKey
      // A space with a chain of `delegate.elected.3`: the recall is taken when an election noticed
      // here names its key, and its effect derived with the chain (council-election-chain.ts).
      const taken =
        space.chainBase !== null
          ? noticeChainRecall(council, space, key, referenceId)
          : recallSeat(council, space, key, referenceId)
      if (!taken) {
        return reject(
          'delegate.not-seated',
          space.chainBase !== null
            ? `no election of ${space.space} noticed here names ${key} yet`
            : `${key} holds no seat of ${space.space}`,
          id,
        )
      }
      return null
    }
    case 'council.leave-decided':
    case 'council.leave-decided.2': {
      const wrong = naming(reference, state, id)
      if (wrong !== null) return wrong
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      endSeats(council, space)
      space.status = 'left'
      return null
    }
    case 'space.counted':
    case 'space.counted.2': {
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      if (countTakesEffect(space.count, reference, referenceId)) {
        space.count = {
          members: reference.body.members,
          at: reference.at,
          event: referenceId,
          round: reference.type === 'space.counted.2' ? reference.body.round : 0,
        }
      }
      return null
    }
    case 'mandate.decided':
    case 'mandate.decided.2': {
      const wrong = naming(reference, state, id)
      if (wrong !== null) return wrong
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      const poll = state.polls.get(reference.body.councilPoll)
      if (poll === undefined)
        return reject('poll.unknown', `no poll ${reference.body.councilPoll} in this council`, id)
      if (poll.status === 'closed') return reject('poll.closed', 'this council poll is closed', id)
      space.mandates.set(poll.id, { position: reference.body.position, event: referenceId })
      return null
    }
    case 'referral.answered':
    case 'referral.answered.2': {
      const wrong = naming(reference, state, id)
      if (wrong !== null) return wrong
      const space = memberSpace(state, council, reference, id)
      if ('ok' in space) return space
      const referral = council.referrals.get(reference.body.referral)
      if (referral === undefined)
        return reject('referral.unknown', `no referral ${reference.body.referral} here`, id)
      if (referral.status === 'closed')
        return reject('referral.closed', 'this referral is closed', id)
      if (referral.answers.has(space.space))
        return reject('referral.already-answered', `${space.space} already answered`, id)
      referral.answers.set(space.space, {
        for: reference.body.for,
        against: reference.body.against,
        abstain: reference.body.abstain,
        event: referenceId,
      })
      return null
    }
    default:
      return reject(
        'reference.wrong-kind',
        `a ${reference.type} is not something a council notices`,
        id,
      )
  }
}

export const applyReferralOpened: RuleHandler<'referral.opened'> = (state, event, id) => {
  const council = councilOf(state, id)
  if ('ok' in council) return council
  if (!isFacilitator(state, event.author))
    return reject('member.not-facilitator', 'only a convenor refers a motion', id)
  const motion = state.proposals.get(event.body.motion)
  if (motion === undefined)
    return reject('proposal.unknown', `no proposal ${event.body.motion} in this council`, id)
  if (motion.status === 'withdrawn')
    return reject('proposal.withdrawn', 'this motion was withdrawn', id)
  council.referrals.set(id, {
    id,
    motion: event.body.motion,
    rule: event.body.rule,
    status: 'open',
    answers: new Map(),
    result: null,
  })
  return null
}

export const applyReferralClosed: RuleHandler<'referral.closed'> = (state, event, id) => {
  const council = councilOf(state, id)
  if ('ok' in council) return council
  if (!isFacilitator(state, event.author))
    return reject('member.not-facilitator', 'only a convenor closes a referral', id)
  const referral = council.referrals.get(event.body.referral)
  if (referral === undefined)
    return reject('referral.unknown', `no referral ${event.body.referral} here`, id)
  if (referral.status === 'closed') return reject('referral.closed', 'this referral is closed', id)
  const result = computeReferralResult(council, referral)
  if (canonicalJson(result) !== canonicalJsonOrNull(event.body.result)) {
    return reject(
      'referral.result-mismatch',
      `the stated result differs from the sum of the noticed answers: ${canonicalJson(result)}`,
      id,
    )
  }
  referral.status = 'closed'
  referral.result = result
  return null
}
