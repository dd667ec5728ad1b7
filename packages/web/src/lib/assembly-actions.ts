// What a member does, as signed events: each is signed in this browser on the author's own chain
// in the space (continuing from the outbox's newest unconfirmed event, else from the head the
// folded state knows), put in the outbox, and sent when the hub can be reached.
import {
  computeEventId,
  deriveSpaceId,
  encodeBase64url,
  EventAuthor,
  joinStatement,
  lookAlikeOptions,
  proposeCloseAt,
  RULES_VERSION,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type {
  DecisionMethod,
  EventBodyInput,
  EventId,
  EventType,
  PollMethod,
  PublicKey,
  RejectionCode,
  Signature,
  SignedEvent,
  Signer,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { randomToken, signerFromSeed } from './browser-identity.js'
import type { Outbox } from './outbox.js'

const CODE_PATTERN = /^veche-invite:([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/

/** The parts of an invitation code (see docs/cli.md), or null if `code` is not one. */
export function parseInvitation(
  code: string,
): { space: SpaceId; invitation: PublicKey; secret: string } | null {
  const match = CODE_PATTERN.exec(code.trim())
  if (match === null) return null
  return { space: match[1] as SpaceId, invitation: match[2] as PublicKey, secret: match[3]! }
}

export interface NewAssembly {
  readonly name: string
  readonly description: string
  readonly founderName: string
  readonly method: PollMethod
  readonly quorumPercent: number
}

export class AssemblyActions {
  readonly #author: EventAuthor
  readonly #outbox: Outbox
  readonly #now: () => number
  /** The action being signed now: the next one starts after it is in the outbox. */
  #turn: Promise<unknown> = Promise.resolve()

  constructor(signer: Signer, outbox: Outbox, now: () => number = Date.now) {
    this.#author = new EventAuthor(signer)
    this.#outbox = outbox
    this.#now = now
  }

  get me(): PublicKey {
    return this.#author.publicKey
  }

  /** The time this device's next event claims (an action that counts at that time asks first). */
  now(): number {
    return this.#now()
  }

  /**
   * Signs `type` with `body` as this device's next event in `space`, claimed at `at` (now unless
   * the caller already computed with a time), and puts it in the outbox; the building block of
   * every action here and of the council and statement actions.
   */
  act<T extends EventType>(
    state: SpaceState | null,
    space: SpaceId,
    type: T,
    body: EventBodyInput<T>,
    at: number = this.#now(),
  ): Promise<SignedEvent> {
    // One at a time: an action started while another is being signed (a second form sent before
    // the first's answer came back) must continue from the first's event, not sign the same seq.
    // Another tab of this device signs with the same key: the outbox's lock covers both tabs.
    const run = this.#turn.then(() =>
      this.#outbox.exclusive(async () => {
        // The further along of what the outbox knows and what the folded state knows.
        const queued = this.#outbox.headOf(space, this.me)
        const folded = state?.heads.get(this.me) ?? null
        const head = queued !== null && queued.seq > (folded?.seq ?? 0) ? queued : folded
        this.#author.follow(space, head)
        const event = await this.#author.next(space, type, body, at)
        await this.#outbox.append(event)
        return event
      }),
    )
    this.#turn = run.catch(() => undefined)
    void run.then(() => this.#outbox.flush()).catch(() => undefined)
    return run
  }

  async createAssembly(input: NewAssembly): Promise<SpaceId> {
    const nonce = randomToken()
    const space = deriveSpaceId(this.me, nonce)
    await this.act(null, space, 'assembly.created', {
      nonce,
      texts: TEXT_RULES_VERSION,
      rulesVersion: RULES_VERSION,
      name: input.name,
      description: input.description,
      languages: ['en', 'ru', 'kk', 'ko'],
      founderName: input.founderName,
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { percent: input.quorumPercent, ballots: 0 },
        defaultMethod: input.method,
        visibility: 'public',
      },
    })
    return space
  }

  async admit(state: SpaceState, member: PublicKey, name: string): Promise<void> {
    await this.act(state, state.space, 'member.admitted', { member, name })
  }

  async setFacilitator(state: SpaceState, member: PublicKey, on: boolean): Promise<void> {
    if (on) await this.act(state, state.space, 'role.granted', { member, role: 'facilitator' })
    else await this.act(state, state.space, 'role.revoked', { member, role: 'facilitator' })
  }

  async remove(state: SpaceState, member: PublicKey, reason: string): Promise<void> {
    await this.act(state, state.space, 'member.removed', { member, reason })
  }

  async leave(state: SpaceState): Promise<void> {
    await this.act(state, state.space, 'member.left', {})
  }

  /** Records a fresh invitation key's public half; returns the code that carries its secret. */
  async invite(
    state: SpaceState,
    uses: number,
    note: string,
    expires: number | null = null,
  ): Promise<string> {
    const secret = randomToken(32)
    const invitation = await signerFromSeed(secret)
    if (invitation === null) throw new Error('this browser cannot make Ed25519 keys')
    await this.act(state, state.space, 'member.invited.2', {
      invitation: invitation.publicKey,
      uses,
      note,
      expires,
    })
    return `veche-invite:${state.space}.${invitation.publicKey}.${secret}`
  }

  /** Joins with an invitation code; false if the code is damaged. */
  async join(code: string, name: string): Promise<SpaceId | null> {
    const parsed = parseInvitation(code)
    if (parsed === null) return null
    const invitation = await signerFromSeed(parsed.secret)
    if (invitation === null || invitation.publicKey !== parsed.invitation) return null
    const proof = encodeBase64url(
      await invitation.sign(joinStatement(parsed.space, this.me)),
    ) as Signature
    await this.act(null, parsed.space, 'member.joined', {
      invitation: parsed.invitation,
      proof,
      name,
    })
    return parsed.space
  }

  async propose(state: SpaceState, title: string, text: string): Promise<EventId> {
    const event = await this.act(state, state.space, 'proposal.submitted', { title, text })
    return computeEventId(event)
  }

  async comment(
    state: SpaceState,
    proposal: EventId,
    text: string,
    parent: EventId | null = null,
  ): Promise<void> {
    await this.act(state, state.space, 'comment.posted', { proposal, parent, text })
  }

  async amend(
    state: SpaceState,
    proposal: EventId,
    change: { title: string; text: string; note: string },
  ): Promise<void> {
    await this.act(state, state.space, 'proposal.amended', { proposal, ...change })
  }

  async withdraw(state: SpaceState, proposal: EventId): Promise<void> {
    await this.act(state, state.space, 'proposal.withdrawn', { proposal })
  }

  /**
   * Opens a poll: majority and consent as `poll.opened` (as before), every other method as
   * `poll.opened.2` with its seats (STV, approval, score, Borda, Schulze) and score range. Throws,
   * signing nothing, when two options look alike (`lookAlikeOptions`).
   */
  async openPoll(
    state: SpaceState,
    poll: {
      question: string
      proposal: EventId | null
      method: DecisionMethod
      options: string[]
      seats?: number
      scoreRange?: { min: number; max: number } | null
      /** A secret poll (docs/secret-ballot.md): who issues credentials and who tells. */
      secret?: { issuers: PublicKey[]; tellers: PublicKey[]; tellerQuorum: number }
      /** When voting ends (ms since 1970), open or secret (docs/events.md, "Deadlines"). */
      closesAt?: number
    },
  ): Promise<void> {
    const { question, proposal, method, options } = poll
    // The form says so in the reader's language first; nothing is signed here in any space.
    const alike = lookAlikeOptions(options)
    if (alike !== null) throw new Error(alike)
    const threshold = method === 'majority' ? { num: 1, den: 2 } : { num: 0, den: 1 }
    // What a deadline poll and a secret poll share: both name their proposal as their subject.
    const subjectBody = () => ({
      question,
      subject: proposal === null ? null : { kind: 'proposal' as const, proposal },
      method,
      options,
      voters: 'members' as const,
      threshold,
      seats:
        method === 'irv' || method === 'majority' || method === 'consent' ? 1 : (poll.seats ?? 1),
      scoreRange: method === 'score' ? (poll.scoreRange ?? { min: 0, max: 5 }) : null,
      tieBreakSeed: randomToken(),
    })
    if (poll.secret !== undefined) {
      await this.act(state, state.space, 'secret.poll-opened', {
        ...subjectBody(),
        secret: poll.secret,
        ...(poll.closesAt === undefined ? {} : { closesAt: poll.closesAt }),
      })
      return
    }
    if (poll.closesAt !== undefined) {
      // Of the open poll types only the third carries a deadline.
      await this.act(state, state.space, 'poll.opened.3', {
        ...subjectBody(),
        closesAt: poll.closesAt,
      })
      return
    }
    if (method === 'majority' || method === 'consent') {
      await this.act(state, state.space, 'poll.opened', {
        question,
        proposal,
        method,
        options,
        voters: 'members',
        threshold,
        tieBreakSeed: randomToken(),
      })
      return
    }
    await this.act(state, state.space, 'poll.opened.2', {
      question,
      proposal,
      method,
      options,
      voters: 'members',
      threshold,
      seats: method === 'irv' ? 1 : (poll.seats ?? 1),
      scoreRange: method === 'score' ? (poll.scoreRange ?? { min: 0, max: 5 }) : null,
      tieBreakSeed: randomToken(),
    })
  }

  async openMeeting(
    state: SpaceState,
    meeting: { title: string; agenda: string[]; progressiveStack: boolean; speakerSeconds: number },
  ): Promise<void> {
    await this.act(state, state.space, 'meeting.opened', meeting)
  }

  async advanceAgenda(state: SpaceState, meeting: EventId, item: number): Promise<void> {
    await this.act(state, state.space, 'meeting.agenda-advanced', { meeting, item })
  }

  async raiseHand(
    state: SpaceState,
    meeting: EventId,
    kind: 'speak' | 'point-of-order',
  ): Promise<void> {
    await this.act(state, state.space, 'meeting.hand-raised', { meeting, kind })
  }

  async lowerHand(state: SpaceState, meeting: EventId, member: PublicKey): Promise<void> {
    await this.act(state, state.space, 'meeting.hand-lowered', { meeting, member })
  }

  async callSpeaker(state: SpaceState, meeting: EventId, member: PublicKey): Promise<void> {
    await this.act(state, state.space, 'meeting.speaker-called', { meeting, member })
  }

  async attend(state: SpaceState, meeting: EventId): Promise<void> {
    await this.act(state, state.space, 'meeting.attended', { meeting })
  }

  async closeMeeting(state: SpaceState, meeting: EventId): Promise<void> {
    await this.act(state, state.space, 'meeting.closed', { meeting })
  }

  async vote(state: SpaceState, poll: EventId, vote: unknown): Promise<void> {
    await this.act(state, state.space, 'ballot.cast', { poll, vote })
  }

  /**
   * Seals each voter's latest ballot, counts them with core's `computeCloseResult` (as `veche poll
   * close` does: recalls and council polls with their mandate checks too) and
   * signs the result; returns the reason when the poll cannot be counted.
   */
  /**
   * Closes the poll as this device holds it; the code of the rules' refusal if this device's own
   * check refuses it first (shown as the hub's refusals are, in the member's language), or null.
   */
  async closePoll(state: SpaceState, pollId: EventId): Promise<RejectionCode | null> {
    const poll = state.polls.get(pollId)
    if (poll === undefined) return 'poll.unknown'
    if (poll.status === 'closed') return 'poll.closed'
    // The one count every hub checks (a recall's result, a council poll's mandate checks), at the
    // time the close will claim: in a council, delegates whose term ended by then do not count.
    // The close states this device's view, so a ballot it has not seen yet is never left out
    // unnoticed: the hub refuses the close (poll.close-stale) or keeps the ballot as late. After
    // the poll's deadline it is the deadline close (deadline-close.ts in core), claimed at the
    // deadline: a hub tending as this key that held the same ballots signed the same bytes.
    const close = proposeCloseAt(state, poll, this.#now())
    if (!close.ok) return close.code
    await this.act(state, state.space, 'poll.closed.3', close.value.body, close.value.at)
    return null
  }
}
