// Helpers for federation tests: decide a question in a space (open, vote, close through the
// ledger), found councils, and carry a space's event into a council by `council.notice`.
import { computeCloseResult, proposeSeal } from '@veche/core'
import type { EventAuthor, EventId, PollSubject, SignedEvent, SpaceId } from '@veche/core'
import type { Ledger, SubmitOutcome } from '../ledger.js'
import { newAuthor, submitAll, submitOne, T0 } from './assembly-fixture.js'

let clock = T0

/** A claimed time that grows with every event made here. */
export function tick(): number {
  clock += 1
  return clock
}

/** The latest claimed time given out by `tick`. */
export function now(): number {
  return clock
}

/** Moves the claimed time on by `ms` (a term can end in between). */
export function advance(ms: number): void {
  clock += ms
}

/**
 * Opens a poll, casts `votes` (voter, vote) and closes it; returns the poll id. With a `subject`
 * the poll is a `poll.opened.3` naming it; without, a `poll.opened.2` about nothing in the log.
 */
export async function decide(
  ledger: Ledger,
  space: SpaceId,
  facilitator: EventAuthor,
  poll: { method: string; options: string[]; seats?: number; subject?: PollSubject },
  votes: readonly (readonly [EventAuthor, unknown])[],
): Promise<EventId> {
  const fields = {
    question: 'Decide',
    method: poll.method as 'majority',
    options: poll.options,
    voters: 'members',
    threshold: { num: 1, den: 2 },
    seats: poll.seats ?? 1,
    scoreRange: null,
    tieBreakSeed: 'seed-000001',
  } as const
  const [pollId] = await submitAll(ledger, [
    poll.subject === undefined
      ? await facilitator.next(space, 'poll.opened.2', { ...fields, proposal: null }, tick())
      : await facilitator.next(
          space,
          'poll.opened.3',
          { ...fields, subject: poll.subject },
          tick(),
        ),
  ])
  await castAndClose(ledger, space, facilitator, pollId!, votes)
  return pollId!
}

/** Casts `votes` in an open poll and closes it with the result the fold expects. */
export async function castAndClose(
  ledger: Ledger,
  space: SpaceId,
  closer: EventAuthor,
  pollId: EventId,
  votes: readonly (readonly [EventAuthor, unknown])[],
): Promise<void> {
  for (const [voter, vote] of votes) {
    await submitAll(ledger, [
      await voter.next(space, 'ballot.cast', { poll: pollId, vote }, tick()),
    ])
  }
  await submitAll(ledger, [await closeNow(ledger, space, closer, pollId)])
}

/** The close of an open poll that `closer` would sign now: each voter's latest ballot, counted. */
export async function closeNow(
  ledger: Ledger,
  space: SpaceId,
  closer: EventAuthor,
  pollId: EventId,
): Promise<SignedEvent> {
  const state = (await ledger.state(space))!
  const record = state.polls.get(pollId)!
  const ballots = proposeSeal(record) as EventId[]
  const at = tick()
  const result = computeCloseResult(
    state,
    record,
    ballots.map((b) => record.ballots.get(b)!),
    at,
  )
  if (!result.ok) throw new Error(result.message)
  return closer.next(space, 'poll.closed', { poll: pollId, ballots, result: result.value }, at)
}

/** Founds a council with fixed seats; returns its id and convenor. */
export async function foundCouncil(
  ledger: Ledger,
  name: string,
  seats:
    | { kind: 'fixed'; perSpace: number }
    | { kind: 'proportional'; method: 'dhondt' | 'sainte-lague'; total: number } = {
    kind: 'fixed',
    perSpace: 1,
  },
): Promise<{ council: SpaceId; convenor: EventAuthor }> {
  const convenor = newAuthor()
  const nonce = 'council-nonce-1'
  const council = convenor.spaceFor(nonce)
  await submitAll(ledger, [
    await convenor.next(
      council,
      'council.created',
      {
        nonce,
        name,
        description: '',
        languages: ['en'],
        founderName: 'Convenor',
        rules: { seats, quorum: { ballots: 0, percent: 0 }, defaultMethod: 'majority' },
      },
      tick(),
    ),
  ])
  return { council, convenor }
}

/** A space (assembly or council) with a facilitator and its voters. */
export interface Body {
  readonly space: SpaceId
  readonly facilitator: EventAuthor
  readonly voters: readonly EventAuthor[]
}

/**
 * The body decides, by a poll on joining `council`, to join it (`council.join-decided.2`), and the
 * council admits it. `version` 1 signs what logs held before polls named their subject: a poll
 * about nothing and a `council.join-decided`.
 */
export async function joinCouncil(
  ledger: Ledger,
  body: Body,
  council: { council: SpaceId; convenor: EventAuthor },
  version: 1 | 2 = 2,
): Promise<void> {
  const poll = await decide(
    ledger,
    body.space,
    body.facilitator,
    {
      method: 'majority',
      options: ['join', 'stay out'],
      ...(version === 2 ? { subject: { kind: 'join', council: council.council } } : {}),
    },
    body.voters.map((v) => [v, { choice: 'join' }] as const),
  )
  const [decision] = await submitAll(ledger, [
    await body.facilitator.next(
      body.space,
      version === 2 ? 'council.join-decided.2' : 'council.join-decided',
      { council: council.council, poll },
      tick(),
    ),
  ])
  await submitAll(ledger, [
    await council.convenor.next(
      council.council,
      'council.space-admitted',
      { space: body.space, decision: decision! },
      tick(),
    ),
  ])
}

/**
 * The body elects `delegates` (first voter's choice wins) and the council takes note. With a
 * `termEnds` (null or a time) the election is a `delegate.elected.2`.
 */
export async function electDelegates(
  ledger: Ledger,
  body: Body,
  council: SpaceId,
  delegates: readonly EventAuthor[],
  alternates: readonly EventAuthor[],
  notary: EventAuthor,
  termEnds?: number | null,
): Promise<EventId> {
  const elected = await recordElection(ledger, body, council, delegates, alternates, termEnds)
  if (!elected.ok) throw new Error(`expected an election, got ${JSON.stringify(elected.outcome)}`)
  await notice(ledger, notary, council, elected.id)
  return elected.id
}

/** The body votes for `delegates` and records the election; returns what became of the record. */
export async function recordElection(
  ledger: Ledger,
  body: Body,
  council: SpaceId,
  delegates: readonly EventAuthor[],
  alternates: readonly EventAuthor[],
  termEnds?: number | null,
): Promise<{ ok: true; id: EventId } | { ok: false; outcome: SubmitOutcome }> {
  const candidates = [...delegates, ...alternates].map((a) => a.publicKey as string)
  const poll = await decide(
    ledger,
    body.space,
    body.facilitator,
    { method: 'scottish-stv', options: candidates, seats: delegates.length },
    body.voters.map((v) => [v, { ranking: candidates }] as const),
  )
  const base = {
    council,
    delegates: delegates.map((d) => d.publicKey),
    alternates: alternates.map((d) => d.publicKey),
    poll,
    term: 'one year',
  }
  const event =
    termEnds === undefined
      ? await body.facilitator.next(body.space, 'delegate.elected', base, tick())
      : await body.facilitator.next(body.space, 'delegate.elected.2', { ...base, termEnds }, tick())
  const outcome = await submitOne(ledger, event)
  if (outcome.status === 'accepted') return { ok: true, id: outcome.id }
  // A refused event leaves the author's chain where it was.
  const head = (await ledger.state(body.space))!.heads.get(body.facilitator.publicKey)
  body.facilitator.follow(body.space, head ?? null)
  return { ok: false, outcome }
}

/** Posts a `council.notice` of `reference` in `council`. */
export async function notice(
  ledger: Ledger,
  notary: EventAuthor,
  council: SpaceId,
  reference: EventId,
): Promise<EventId> {
  const [id] = await submitAll(ledger, [
    await notary.next(council, 'council.notice', { reference }, tick()),
  ])
  return id!
}
