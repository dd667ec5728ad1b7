// What members, facilitators and convenors do about councils, as signed events built on
// `AssemblyActions.act` (same chain, same outbox): founding a council, deciding to join or leave,
// admitting, counting, electing delegates, recalls, mandates, referrals, and carrying an accepted
// event of one space into another (`council.notice` in the council, `council.reported` in a member
// space), which any key may do. Each action restates from the folded state what the rules will
// check (an election's winners, an answer's counts, a referral's sum), so the rules never refuse
// what the app built. A decision about a council rests on a poll opened on exactly it
// (`openDecisionPoll`, a `poll.opened.3` subject), and is signed as the events' second versions,
// which accept no other poll.
import {
  computeEventId,
  computeReferralResult,
  nextCount,
  nextElection,
  proposeSpaceCount,
  deriveSpaceId,
  lookAlikeOptions,
  referralCounts,
  resultWinners,
  RULES_VERSION,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type {
  CouncilRules,
  DecisionMethod,
  EventId,
  FederationSubject,
  MandatePosition,
  PublicKey,
  ReferralRule,
  RejectionCode,
  SpaceId,
  SpaceState,
} from '@veche/core'
import type { AssemblyActions } from './assembly-actions.js'
import { randomToken } from './browser-identity.js'

export interface NewCouncil {
  readonly name: string
  readonly description: string
  readonly founderName: string
  readonly seats: CouncilRules['seats']
  readonly quorumPercent: number
  readonly method: DecisionMethod
}

/**
 * Why this device refused to sign an action, as the code the rules would refuse it with (shown in
 * the member's language, components/refusal-text.tsx), or null when it was signed.
 */
export type ActionProblem = RejectionCode | null

export class FederationActions {
  readonly #actions: AssemblyActions

  constructor(actions: AssemblyActions) {
    this.#actions = actions
  }

  get me(): PublicKey {
    return this.#actions.me
  }

  /** Founds a council; this key becomes its first convenor. */
  async createCouncil(input: NewCouncil): Promise<SpaceId> {
    const nonce = randomToken()
    const space = deriveSpaceId(this.me, nonce)
    await this.#actions.act(null, space, 'council.created', {
      nonce,
      texts: TEXT_RULES_VERSION,
      rulesVersion: RULES_VERSION,
      name: input.name,
      description: input.description,
      languages: ['en', 'ru', 'kk', 'ko'],
      founderName: input.founderName,
      rules: {
        seats: input.seats,
        quorum: { percent: input.quorumPercent, ballots: 0 },
        defaultMethod: input.method,
      },
    })
    return space
  }

  /**
   * Opens the majority poll on a decision about a council (`subject`): its first option is the
   * motion (joining, leaving, the mandate, for the referred motion).
   */
  async openDecisionPoll(
    state: SpaceState,
    subject: FederationSubject,
    question: string,
    motion: string,
    no: string,
  ): Promise<void> {
    const options = [motion, no]
    const alike = lookAlikeOptions(options)
    if (alike !== null) throw new Error(alike)
    await this.#actions.act(state, state.space, 'poll.opened.3', {
      question,
      subject,
      method: 'majority',
      options,
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: randomToken(),
    })
  }

  /** Records that the space decided, by the adopted `poll` on it, to join or leave `council`. */
  async recordDecision(
    state: SpaceState,
    council: SpaceId,
    poll: EventId,
    kind: 'join' | 'leave',
  ): Promise<EventId> {
    const type = kind === 'join' ? 'council.join-decided.2' : 'council.leave-decided.2'
    return computeEventId(await this.#actions.act(state, state.space, type, { council, poll }))
  }

  /** Admits the space whose `council.join-decided` is `decision` (its space read from it). */
  async admit(council: SpaceState, decision: EventId, space: SpaceId): Promise<void> {
    await this.#actions.act(council, council.space, 'council.space-admitted', { space, decision })
  }

  /**
   * Records the space's voters now (members; in a council its seated delegates) with the
   * membership view they were counted in, at the time the event claims (in a council a term that
   * has ended by then does not count), after the latest count this replica holds: the council
   * takes the count of the highest round.
   */
  async count(state: SpaceState): Promise<EventId> {
    const at = this.#actions.now()
    const body = { ...proposeSpaceCount(state, at), ...nextCount(state) }
    const event = await this.#actions.act(state, state.space, 'space.counted.2', body, at)
    return computeEventId(event)
  }

  /** Opens an election among `candidates`: majority for one seat, Scottish STV for several. */
  async openElection(
    state: SpaceState,
    question: string,
    candidates: readonly PublicKey[],
    seats: number,
  ): Promise<void> {
    await this.#actions.openPoll(state, {
      question,
      proposal: null,
      method: seats === 1 ? 'majority' : 'scottish-stv',
      options: [...candidates],
      seats,
    })
  }

  /** Records the closed election's winners as the delegates, with alternates and a term. */
  async recordElection(
    state: SpaceState,
    council: SpaceId,
    poll: EventId,
    alternates: readonly PublicKey[],
    term: string,
    termEnds: number | null = null,
  ): Promise<ActionProblem> {
    const record = state.polls.get(poll)
    // As the rules refuse a delegate.elected naming no closed election or no winner.
    if (record?.status !== 'closed') return 'delegate.bad-election'
    const delegates = resultWinners(record.result) as PublicKey[]
    if (delegates.length === 0) return 'delegate.bad-election'
    const body = {
      council,
      delegates,
      alternates: alternates.filter((k) => !delegates.includes(k)),
      poll,
      term,
    }
    // After the latest election this replica holds: the council orders a space's elections by
    // that chain, not by claimed times (docs/federation.md).
    await this.#actions.act(state, state.space, 'delegate.elected.3', {
      ...body,
      termEnds,
      ...nextElection(state, council),
    })
    return null
  }

  /** Sets the share of members whose recall votes a recall needs more than (facilitators). */
  async setRecallShare(state: SpaceState, share: { num: number; den: number }): Promise<void> {
    await this.#actions.act(state, state.space, 'recall.rule-set', { share })
  }

  /** Sets how many consecutive terms a key may serve on one council; null: no limit. */
  async setRotationLimit(state: SpaceState, maxConsecutiveTerms: number | null): Promise<void> {
    await this.#actions.act(state, state.space, 'rotation.rule-set', { maxConsecutiveTerms })
  }

  /** Starts a recall poll of a seated delegate (any member). */
  async startRecall(
    state: SpaceState,
    council: SpaceId,
    delegate: PublicKey,
    reason: string,
  ): Promise<void> {
    await this.#actions.act(state, state.space, 'recall.started', { council, delegate, reason })
  }

  /** Records how the space's delegates must vote on a council poll, by the adopted poll on it. */
  async decideMandate(
    state: SpaceState,
    council: SpaceId,
    councilPoll: EventId,
    position: MandatePosition,
    poll: EventId,
  ): Promise<void> {
    await this.#actions.act(state, state.space, 'mandate.decided.2', {
      council,
      councilPoll,
      position,
      poll,
    })
  }

  /** Refers a council proposal to the member spaces (convenors). */
  async refer(council: SpaceState, motion: EventId, rule: ReferralRule): Promise<void> {
    await this.#actions.act(council, council.space, 'referral.opened', { motion, rule })
  }

  /** Answers a referral with the space's closed majority or consent poll on it. */
  async answerReferral(
    state: SpaceState,
    council: SpaceId,
    referral: EventId,
    poll: EventId,
  ): Promise<ActionProblem> {
    const record = state.polls.get(poll)
    const counts = record?.status === 'closed' ? referralCounts(record) : null
    if (counts === null) return 'referral.bad-answer'
    await this.#actions.act(state, state.space, 'referral.answered.2', {
      council,
      referral,
      poll,
      ...counts,
    })
    return null
  }

  /** Adds up the noticed answers and closes the referral (convenors). */
  async closeReferral(council: SpaceState, referral: EventId): Promise<ActionProblem> {
    const record = council.council?.referrals.get(referral)
    if (record === undefined) return 'referral.unknown'
    if (record.status !== 'open') return 'referral.closed'
    const result = computeReferralResult(council.council!, record)
    await this.#actions.act(council, council.space, 'referral.closed', { referral, result })
    return null
  }

  /** Takes note in the council of a member space's accepted event (any key). */
  async notice(council: SpaceState, reference: EventId): Promise<void> {
    await this.#actions.act(council, council.space, 'council.notice', { reference })
  }

  /** Records a council's closed poll or referral in a member space's feed (members). */
  async report(state: SpaceState, reference: EventId): Promise<void> {
    await this.#actions.act(state, state.space, 'council.reported', { reference })
  }
}
