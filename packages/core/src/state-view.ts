// The readable state of a space: plain JSON, the same for the same set of accepted events, so its
// hash can be compared between hubs and after any replay. Records are keyed by id or key (canonical
// JSON sorts keys), never listed in arrival order.
import { hashCanonical } from './signing.js'
import type { EventId, PublicKey, SpaceId, StateHash } from './ids.js'
import { flaggedFrom } from './space-state.js'
import type { SecretPollState, SpaceState } from './space-state.js'
import { allocateSeats, seatAt, seatedDelegates } from './council-state.js'
import { electionsOffChain } from './council-election-chain.js'
import type { CouncilState, FederationState, MemberSpaceRecord } from './council-state.js'
import { describeStatements, hasNoStatements } from './statement-view.js'
import type { StatementsView } from './statement-view.js'
import { describeMeetings } from './meeting-view.js'
import type { MeetingsView } from './meeting-view.js'
import { describeConversations } from './conversation-view.js'
import type { ConversationsView } from './conversation-view.js'
import type { PollSubject } from './poll-subject.js'

export interface SpaceView {
  readonly space: SpaceId
  readonly assembly: {
    readonly name: string
    readonly description: string
    readonly languages: readonly string[]
    readonly founder: PublicKey
    readonly rules: unknown
    readonly created: EventId
  } | null
  readonly members: Record<string, { name: string; status: string; roles: string[] }>
  readonly invitations: Record<
    string,
    {
      by: string
      uses: number
      used: number
      /** Only for `member.invited.2` invitations. */
      expires?: number | null
      note?: string
      revoked?: string | null
    }
  >
  readonly proposals: Record<
    string,
    {
      author: string
      title: string
      text: string
      status: string
      versions: number
      comments: number
    }
  >
  readonly polls: Record<
    string,
    {
      opener: string
      question: string
      proposal: string | null
      method: string
      options: readonly string[]
      threshold: { num: number; den: number }
      tieBreakSeed: string
      status: string
      voters: number
      sealed: number
      result: unknown
      /** Only for `poll.opened.2` and `poll.opened.3` polls. */
      seats?: number
      scoreRange?: { min: number; max: number } | null
      /** Only for `poll.opened.3` polls: what the poll decides. */
      subject?: PollSubject | null
      /** Only for polls with a deadline: when voting ends (ms since 1970). */
      closesAt?: number
      /** Only for recall polls. */
      recall?: { council: string; delegate: string }
      /** Only when some: ballots kept but not counted, beyond the closer's view (sorted ids). */
      late?: readonly string[]
      /**
       * Only for a poll closed by two or more closes each valid against its own view: the close
       * in effect (the lowest id) and the others, kept in the log and listed here by id.
       */
      close?: string
      superseded?: readonly { close: string; by: string; sealed: number; result: unknown }[]
      /** Only for secret polls; their held ballots are not in the view before the seal. */
      secret?: SecretPollView
    }
  >
  readonly heads: Record<string, { seq: number; head: string }>
  /**
   * Authors seen forking, only when there are any (so spaces without forks keep the hashes they
   * always had). `flaggedFrom` is null once resolved; the seqs of the fork are not listed, because
   * hubs learn about later forked seqs in different orders, but all agree on the first.
   */
  readonly forks?: Record<
    string,
    { flaggedFrom: number | null; resumeAt: number; resolution: string | null }
  >
  /** Only in a council: its rules, member spaces, delegates and referrals. */
  readonly council?: CouncilView
  /** Only in a space tied to councils: its joins, delegates, mandates and reported decisions. */
  readonly federation?: FederationView
  /** Only once a recall rule was set. */
  readonly recallShare?: { num: number; den: number }
  /** Only once a statement was drafted or co-signing decided (other spaces keep their hashes). */
  readonly statements?: StatementsView
  /** Only once a meeting was opened (other spaces keep their hashes). */
  readonly meetings?: MeetingsView
  /** Only once a conversation was opened (other spaces keep their hashes). */
  readonly conversations?: ConversationsView
  readonly events: number
}

/** The plain-JSON view of `state`. */
export function describeSpace(state: SpaceState): SpaceView {
  const commentsPer = new Map<string, number>()
  for (const comment of state.comments.values()) {
    commentsPer.set(comment.proposal, (commentsPer.get(comment.proposal) ?? 0) + 1)
  }
  const { assembly } = state
  return {
    space: state.space,
    assembly:
      assembly === null
        ? null
        : {
            name: assembly.name,
            description: assembly.description,
            languages: assembly.languages,
            founder: assembly.founder,
            rules: assembly.rules,
            created: assembly.created,
          },
    members: Object.fromEntries(
      [...state.members.values()].map((m) => [
        m.key,
        { name: m.name, status: m.status, roles: [...m.roles].sort() },
      ]),
    ),
    invitations: Object.fromEntries(
      [...state.invitations.values()].map((i) => [
        i.key,
        {
          by: i.by,
          uses: i.uses,
          used: i.used,
          ...(i.expires === undefined
            ? {}
            : { expires: i.expires, note: i.note ?? '', revoked: i.revoked ?? null }),
        },
      ]),
    ),
    proposals: Object.fromEntries(
      [...state.proposals.values()].map((p) => [
        p.id,
        {
          author: p.author,
          title: p.title,
          text: p.text,
          status: p.status,
          versions: p.versions.length,
          comments: commentsPer.get(p.id) ?? 0,
        },
      ]),
    ),
    polls: Object.fromEntries(
      [...state.polls.values()].map((p) => [
        p.id,
        {
          opener: p.opener,
          question: p.question,
          proposal: p.proposal,
          method: p.method,
          options: p.options,
          threshold: p.threshold,
          tieBreakSeed: p.tieBreakSeed,
          status: p.status,
          voters: p.status === 'open' && p.secret == null ? p.latest.size : (p.sealed?.length ?? 0),
          sealed: p.sealed?.length ?? 0,
          result: p.result,
          ...(p.version === 1 ? {} : { seats: p.seats, scoreRange: p.scoreRange }),
          ...(p.subject === undefined ? {} : { subject: p.subject }),
          ...(p.closesAt === undefined ? {} : { closesAt: p.closesAt }),
          ...(p.recall === null ? {} : { recall: { ...p.recall } }),
          ...(p.late.length === 0 ? {} : { late: p.late.map((b) => b.id).sort() }),
          // Only a poll closed twice carries these, so the hash of every other log is unchanged.
          ...(p.superseded === undefined || p.superseded.length === 0
            ? {}
            : {
                close: p.close!.id,
                superseded: p.superseded
                  .map((c) => ({
                    close: c.id,
                    by: c.by,
                    sealed: c.sealed.length,
                    result: c.result,
                  }))
                  .sort((a, b) => (a.close < b.close ? -1 : 1)),
              }),
          ...(p.secret == null ? {} : { secret: describeSecretPoll(p.secret) }),
        },
      ]),
    ),
    heads: Object.fromEntries(
      [...state.heads.entries()].map(([key, h]) => [key, { seq: h.seq, head: h.head }]),
    ),
    ...(state.forks.size === 0
      ? {}
      : {
          forks: Object.fromEntries(
            [...state.forks.entries()].map(([key, f]) => [
              key,
              {
                flaggedFrom: flaggedFrom(state, key),
                resumeAt: f.resumeAt,
                resolution: f.resolution,
              },
            ]),
          ),
        }),
    ...(state.council === null ? {} : { council: describeCouncil(state.council) }),
    ...(state.federation.ties.size + state.federation.reported.size === 0 &&
    state.federation.maxConsecutiveTerms === undefined
      ? {}
      : { federation: describeFederation(state.federation) }),
    ...(state.recallShare === null ? {} : { recallShare: { ...state.recallShare } }),
    ...(hasNoStatements(state.statements)
      ? {}
      : { statements: describeStatements(state.statements) }),
    ...(state.meetings.size === 0 ? {} : { meetings: describeMeetings(state.meetings) }),
    ...(state.conversations.size === 0
      ? {}
      : { conversations: describeConversations(state.conversations) }),
    events: state.events,
  }
}

/** The hash of a space's state: equal on every hub that holds the same accepted events. */
export function hashSpaceState(state: SpaceState): StateHash {
  return hashCanonical(describeSpace(state))
}

export interface CouncilView {
  readonly rules: unknown
  /** The voting members: every seated delegate, sorted. */
  readonly voters: readonly string[]
  readonly spaces: Record<
    string,
    {
      status: string
      decision: string
      admitted: string
      seats: number
      members: number | null
      election: string | null
      /** Only for an election with a term end (`delegate.elected.2`). */
      termEnds?: number
      delegates: readonly string[]
      alternates: readonly string[]
      mandates: Record<string, string>
      /** Only once one was noticed: the space's elections off its chain (they seat no one). */
      offChain?: readonly string[]
    }
  >
  /** `status` is `term-ended` for a seat whose term ended by the council's latest claimed time. */
  readonly delegates: Record<
    string,
    {
      space: string
      election: string
      status: string
      recalledBy: string | null
      termEnds?: number
    }
  >
  readonly referrals: Record<
    string,
    { motion: string; rule: string; status: string; answers: number; result: unknown }
  >
}

/** The elections of a space off its chain, in the view only once there is one (old hashes hold). */
function offChainView(space: MemberSpaceRecord): { offChain?: readonly string[] } {
  const off = electionsOffChain(space)
  return off.length === 0 ? {} : { offChain: off }
}

function describeCouncil(council: CouncilState): CouncilView {
  const seats = allocateSeats(council)
  return {
    rules: council.rules,
    voters: seatedDelegates(council),
    spaces: Object.fromEntries(
      [...council.spaces.values()].map((s) => [
        s.space,
        {
          status: s.status,
          decision: s.decision,
          admitted: s.admitted,
          seats: seats.get(s.space) ?? 0,
          members: s.count?.members ?? null,
          election: s.election,
          ...(s.termEnds === null ? {} : { termEnds: s.termEnds }),
          delegates: [...s.delegates],
          alternates: [...s.alternates],
          mandates: Object.fromEntries([...s.mandates].map(([poll, m]) => [poll, m.position])),
          ...offChainView(s),
        },
      ]),
    ),
    delegates: Object.fromEntries(
      [...council.delegates.values()].map((d) => [
        d.key,
        {
          space: d.space,
          election: d.election,
          status: seatAt(council, d.key)!,
          recalledBy: d.recalledBy,
          ...(d.termEnds === null ? {} : { termEnds: d.termEnds }),
        },
      ]),
    ),
    referrals: Object.fromEntries(
      [...council.referrals.values()].map((r) => [
        r.id,
        {
          motion: r.motion,
          rule: r.rule,
          status: r.status,
          answers: r.answers.size,
          result: r.result,
        },
      ]),
    ),
  }
}

export interface FederationView {
  readonly councils: Record<
    string,
    {
      joined: string | null
      left: string | null
      election: string | null
      /** Only for an election with a term end. */
      termEnds?: number
      delegates: Record<string, string>
      alternates: readonly string[]
      mandates: Record<string, string>
      answers: Record<string, string>
      /** Only once a rotation rule was set: consecutive terms served by the current delegates. */
      terms?: Record<string, number>
    }
  >
  /** Only once a rotation rule was set: the most consecutive terms (null: no limit). */
  readonly maxConsecutiveTerms?: number | null
  /** Council decisions recorded in this space's feed, by the council's closing event. */
  readonly reported: Record<
    string,
    { council: string; kind: string; subject: string; result: unknown }
  >
}

function describeFederation(federation: FederationState): FederationView {
  const rotation = federation.maxConsecutiveTerms
  return {
    councils: Object.fromEntries(
      [...federation.ties.values()].map((t) => [
        t.council,
        {
          joined: t.joined,
          left: t.left,
          election: t.election,
          ...(t.termEnds === null ? {} : { termEnds: t.termEnds }),
          delegates: Object.fromEntries(t.delegates),
          alternates: [...t.alternates],
          mandates: Object.fromEntries([...t.mandates].map(([poll, m]) => [poll, m.position])),
          answers: Object.fromEntries(t.answers),
          ...(rotation === undefined ? {} : { terms: Object.fromEntries(t.terms) }),
        },
      ]),
    ),
    ...(rotation === undefined ? {} : { maxConsecutiveTerms: rotation }),
    reported: Object.fromEntries(
      [...federation.reported].map(([id, r]) => [
        id,
        { council: r.council, kind: r.kind, subject: r.subject, result: r.result },
      ]),
    ),
  }
}

/** What every replica can say of a secret poll: its setup, its register, and after the count. */
export interface SecretPollView {
  issuers: readonly string[]
  tellers: readonly string[]
  tellerQuorum: number
  phase: string
  /** Members who asked for a credential (the register), and requests every issuer answered. */
  requested: readonly string[]
  issued: number
  /** Dealers left out of the poll's key on a teller's proof that they dealt it a bad share. */
  disqualified: readonly string[]
  /** Tellers who have revealed their share. */
  revealed: readonly string[]
  /** After the count: sealed ballots that did not decrypt to a valid vote (sorted ids). */
  spoiled?: readonly string[]
}

function describeSecretPoll(s: SecretPollState): SecretPollView {
  let issued = 0
  for (const r of s.requests.values()) if (r.issued.size === s.issuers.length) issued++
  return {
    issuers: s.issuers,
    tellers: s.tellers,
    tellerQuorum: s.tellerQuorum,
    phase: s.phase,
    requested: [...s.requests.keys()].sort(),
    issued,
    disqualified: [...s.disqualified].sort(),
    revealed: [...s.reveals.keys()].sort(),
    ...(s.phase === 'counted' ? { spoiled: [...s.spoiled].sort() } : {}),
  }
}
