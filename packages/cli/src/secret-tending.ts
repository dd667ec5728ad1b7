// What one identity owes the secret polls of a store (docs/secret-ballot.md), done in one call:
// as an issuer, its key for the poll, then a blind signature for every request it has not
// answered; as a teller, its share key, dealing and check of the shares dealt to it, and its share
// after the seal; as the poll's opener, the seal once the poll's deadline has passed (only the
// opener seals at a deadline: docs/events.md, "Deadlines") and the count once enough shares are
// in; as a voter, a ballot
// left waiting for its credential, cast once the credential is issued; and after the count, the
// voter's secrets forgotten. Each step is signed and submitted before the next is chosen from the
// new state, so one call goes as far as this identity alone can take every poll. The wallet is
// written before the event that depends on it is submitted: a crash in between leaves a key that
// was never published, never a published key whose secret is lost.
import { randomBytes } from 'node:crypto'
import {
  castSecretBallot,
  computeEventId,
  draftNext,
  finalizeCredentials,
  generateIssuerKey,
  issuerKeyDraft,
  myBallotStatus,
  secretCountDraft,
  secretPollsToSealAtDeadline,
  secretSealDraft,
  signEvent,
  tellerRevealDraft,
  tellerSetupDraft,
  unansweredRequests,
} from '@veche/core'
import type {
  EventId,
  PollRecord,
  SecretDraft,
  SecretWallet,
  SignedEvent,
  SignedEventOf,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { nodeBlindSign } from '@veche/store'
import type { Ledger } from '@veche/store'
import { CliError } from './cli-error.js'
import type { Identity } from './identities.js'
import type { StoredWallet, WalletFolder, WalletOutcome } from './secret-wallets.js'
import { CLOSED_FIRST } from './deadline-closing.js'
import { watchSpaces } from './space-watch.js'

/** Random bytes from the operating system (node:crypto). */
export const osRandom = (length: number): Uint8Array => new Uint8Array(randomBytes(length))

/** Rounds one tending call makes at most (a teller's setup takes three; a poll ends in four). */
const MAX_ROUNDS = 12

/** One thing done for a secret poll. */
export interface TendStep {
  readonly space: SpaceId
  readonly poll: EventId
  readonly step:
    | 'issuer-key'
    | 'teller-key'
    | 'teller-dealt'
    | 'teller-checked'
    | 'sealed'
    | 'issued'
    | 'cast'
    | 'revealed'
    | 'counted'
    | 'forgotten'
  /** The event signed, if any (never the ballot's, for `cast`). */
  readonly event?: EventId
  /** How many (credentials issued at once). */
  readonly count?: number
}

/** A problem that stopped one poll's step; the other polls are still tended. */
export interface TendProblem {
  readonly space: SpaceId
  readonly poll: EventId
  readonly message: string
}

/**
 * Signs `draft` as `me`'s next event in `space` at `at` and submits it; the id, or a CliError
 * naming the rejection's code.
 */
export async function signAndSubmit(
  ledger: Ledger,
  me: Identity,
  state: SpaceState,
  draft: SecretDraft,
  at: number,
): Promise<EventId> {
  const event = await signEvent(
    draftNext(state, state.space, me.publicKey, draft.type, draft.body as never, at),
    me.signer,
  )
  return submitOne(ledger, event)
}

/** Submits one signed event; its id, or a CliError with the rejection's code. */
export async function submitOne(ledger: Ledger, event: SignedEvent): Promise<EventId> {
  const outcome = (await ledger.submit([event])).outcomes[0]
  if (outcome === undefined) throw new Error('the ledger gave no outcome')
  if (outcome.status === 'rejected')
    throw new CliError(`rejected: ${outcome.code}: ${outcome.message}`)
  return outcome.id
}

/** The secret polls of a state. */
export function secretPolls(state: SpaceState): PollRecord[] {
  return [...state.polls.values()].filter((p) => p.secret != null)
}

/**
 * Does everything `me` owes the secret polls of `spaces`, until nothing moves. Holds the
 * identity's wallet lock throughout. Returns the steps taken and the problems met.
 */
export async function tendSecretPolls(
  ledger: Ledger,
  me: Identity,
  wallets: WalletFolder,
  spaces: readonly SpaceId[],
  now: () => number = Date.now,
): Promise<{ steps: TendStep[]; problems: TendProblem[] }> {
  return wallets.locked(async () => {
    const steps: TendStep[] = []
    const problems = new Map<string, TendProblem>()
    for (const space of spaces) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const state = await ledger.state(space)
        if (state === null) break
        let moved = false
        for (const poll of secretPolls(state)) {
          if (problems.has(poll.id)) continue
          try {
            const step = await tendPoll(ledger, me, wallets, space, poll.id, now)
            if (step !== null) {
              steps.push(step)
              moved = true
            }
          } catch (error) {
            if (!(error instanceof CliError)) throw error
            problems.set(poll.id, { space, poll: poll.id, message: error.message })
          }
        }
        if (!moved) break
      }
    }
    return { steps, problems: [...problems.values()] }
  })
}

/** Takes the first step `me` owes poll `pollId`, if any (the caller holds the wallet lock). */
export async function tendPoll(
  ledger: Ledger,
  me: Identity,
  wallets: WalletFolder,
  space: SpaceId,
  pollId: EventId,
  now: () => number,
): Promise<TendStep | null> {
  const state = (await ledger.state(space))!
  const poll = state.polls.get(pollId)!
  const secret = poll.secret!
  const stored = wallets.read(pollId)
  if (stored?.outcome !== undefined) return null
  const wallet: SecretWallet = stored?.wallet ?? {}
  const keep = (next: SecretWallet): void => wallets.write({ space, poll: pollId, wallet: next })
  const done = (step: TendStep['step'], event?: EventId): TendStep => ({
    space,
    poll: pollId,
    step,
    ...(event === undefined ? {} : { event }),
  })
  const sign = (draft: SecretDraft, at = now()) => signAndSubmit(ledger, me, state, draft, at)

  if (secret.phase === 'counted') {
    if (stored === null) return null
    wallets.forget(stored, outcomeOf(poll, stored))
    return done('forgotten')
  }
  if (secret.phase === 'setup') {
    if (secret.issuers.includes(me.publicKey) && !secret.issuerKeys.has(me.publicKey)) {
      const { draft, wallet: next } = await issuerKeyDraft(pollId, wallet, generateIssuerKey)
      keep(next)
      return done('issuer-key', await sign(draft))
    }
    const teller = tellerSetupDraft(state, pollId, me.publicKey, wallet, osRandom)
    if (teller !== null) {
      keep(teller.wallet)
      const id = await sign(teller.draft)
      return done(teller.draft.type.replace('secret.', '') as TendStep['step'], id)
    }
    return null
  }
  if (secret.phase === 'open') {
    // Past its deadline the opener seals what it holds: no request after it is accepted and
    // ballots reaching a hub after it are refused, so nothing more is issued or cast here.
    if (poll.opener === me.publicKey && poll.closesAt !== undefined && now() > poll.closesAt) {
      const { body } = secretSealDraft(state, pollId)
      // Claimed at the deadline, as every seal after it is (`closeClaimedAt`): another device of
      // the opener's holding the same ballots signs the same bytes, a duplicate, not a fork.
      const event = await signEvent(
        draftNext(state, space, me.publicKey, 'secret.poll-sealed', body, poll.closesAt),
        me.signer,
      )
      // Submitted as its signer would to a hub (as deadline-closing.ts submits closes).
      const outcome = (await ledger.submit([event], { refuseStaleCloses: true })).outcomes[0]
      // Sealed first by another device of the opener's (its open app): nothing to do.
      if (outcome?.status === 'rejected' && CLOSED_FIRST.has(outcome.code)) return null
      if (outcome?.status === 'rejected')
        throw new CliError(`seal refused: ${outcome.code}: ${outcome.message}`)
      return { ...done('sealed', computeEventId(event)), count: body.ballots.length }
    }
    if (poll.closesAt !== undefined && now() > poll.closesAt) return null
    if (secret.issuers.includes(me.publicKey)) {
      const privateKey = wallet.issuerPrivateKey
      if (privateKey === undefined)
        throw new CliError(
          `this device does not hold ${me.name}'s issuer key for poll ${pollId}: it cannot answer credential requests`,
        )
      const blinded = await blindedMessages(ledger, me, secret.requests)
      const unanswered = unansweredRequests(state, pollId, me.publicKey, (r) => blinded.get(r))
      if (unanswered.length > 0) {
        // Every open request at once, one chain of events: each answer is this issuer's next.
        const at = now()
        const head = state.heads.get(me.publicKey)
        let seq = head?.seq ?? 0
        let prev = head?.head ?? null
        const events: SignedEvent[] = []
        for (const { request, blinded: message } of unanswered) {
          const event = await signEvent(
            {
              space,
              seq: ++seq,
              prev,
              type: 'secret.credential-issued',
              at,
              body: { poll: pollId, request, signature: nodeBlindSign(privateKey, message) },
            },
            me.signer,
          )
          prev = computeEventId(event)
          events.push(event)
        }
        // As a hub takes them from their signer: refused once it holds a seal (`secret.sealed`).
        const report = await ledger.submit(events, { refuseStaleCloses: true })
        const refused = report.outcomes.find((o) => o.status === 'rejected')
        if (refused?.status === 'rejected')
          throw new CliError(`rejected: ${refused.code}: ${refused.message}`)
        return { ...done('issued'), count: events.length }
      }
    }
    if (wallet.waiting !== undefined) {
      const ballot = await castWaiting(me, state, pollId, wallet)
      if (ballot !== null) {
        // Kept first: a ballot sent but forgotten would be cast again under the same seq.
        keep(ballot.wallet)
        try {
          // The ballot's id is not reported: printed, it would outlive the wallet in a
          // terminal's scrollback or a log, and point at the vote once the count opens it.
          await submitOne(ledger, ballot.ballot)
          return done('cast')
        } catch (error) {
          keep(wallet) // refused: the vote is still waiting, and no ballot is on record
          throw error
        }
      }
    }
    return null
  }
  // Sealed: the teller's share, then (the opener) the count.
  if (secret.tellers.includes(me.publicKey) && !secret.reveals.has(me.publicKey)) {
    const reveal = tellerRevealDraft(state, pollId, me.publicKey, wallet)
    if (!reveal.ok) throw new CliError(`${reveal.code}: ${reveal.message}`)
    if (reveal.value !== null) return done('revealed', await sign(reveal.value))
  }
  if (poll.opener === me.publicKey) {
    const id = await countPoll(ledger, me, state, pollId, now())
    if (id !== null) return done('counted', id)
  }
  return null
}

/** Signs the count of a sealed poll once enough shares are in; null while too few are. */
export async function countPoll(
  ledger: Ledger,
  me: Identity,
  state: SpaceState,
  pollId: EventId,
  at: number,
): Promise<EventId | null> {
  const count = secretCountDraft(state, pollId, at)
  if (!count.ok) throw new CliError(`cannot count this poll: ${count.code}: ${count.message}`)
  if (count.value === null) return null
  return signAndSubmit(ledger, me, state, count.value, at)
}

/** The ballot waiting in the wallet, cast now that its credential is issued; null until then. */
export async function castWaiting(
  me: Identity,
  state: SpaceState,
  pollId: EventId,
  wallet: SecretWallet,
): Promise<{ ballot: SignedEvent; wallet: SecretWallet } | null> {
  const finalized = await finalizeCredentials(state, pollId, me.publicKey, wallet)
  if (!finalized.ok) throw new CliError(`${finalized.code}: ${finalized.message}`)
  if (finalized.value === null) return null
  return castSecretBallot(state, pollId, finalized.value, finalized.value.waiting, osRandom)
}

/** What happened to the wallet's last ballot, once the poll is counted. */
export function outcomeOf(poll: PollRecord, stored: StoredWallet): WalletOutcome {
  const status = myBallotStatus(poll, stored.wallet)
  return status === 'counted' || status === 'spoiled' || status === 'not-cast'
    ? status
    : 'not-counted'
}

/**
 * The blinded message for `me` of each request it has not answered, read from the request events
 * in the store (only those: a hub tending a large poll reads each request once, not every pass).
 */
async function blindedMessages(
  ledger: Ledger,
  me: Identity,
  requests: ReadonlyMap<
    string,
    { readonly id: EventId; readonly issued: ReadonlyMap<string, string> }
  >,
): Promise<Map<EventId, string>> {
  const out = new Map<EventId, string>()
  for (const { id, issued } of requests.values()) {
    if (issued.has(me.publicKey)) continue
    const stored = await ledger.store.get(id)
    if (stored === null) continue
    const event = JSON.parse(stored.json) as SignedEventOf<'secret.credential-requested'>
    const blinded = event.body.blinded[me.publicKey]
    if (blinded !== undefined) out.set(id, blinded)
  }
  return out
}

/** What `veche serve --tend` reports. */
export interface TendingReports {
  onStep(step: TendStep): void
  onProblem(problem: TendProblem): void
  onError(error: Error): void
}

/**
 * Tends the secret polls of every space now, and again after each append that brings a
 * secret-poll event (never a held ballot: those ask nothing of issuers or tellers), one pass at a
 * time, the spaces touched meanwhile gathered for the next. Returns the stop, which waits for the
 * pass under way.
 */
export function startSecretTending(
  ledger: Ledger,
  me: Identity,
  wallets: WalletFolder,
  reports: TendingReports,
  now: () => number = Date.now,
): () => Promise<void> {
  /** The earliest deadline ahead of each space with a poll `me` opened and seals at it. */
  const ahead = new Map<SpaceId, number>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (stopped || ahead.size === 0) return
    // One ms past the earliest deadline: a request claimed at the deadline itself still counts.
    const wait = Math.min(Math.max(Math.min(...ahead.values()) + 1 - now(), 0), LONGEST_WAIT_MS)
    timer = setTimeout(() => {
      timer = null
      for (const [space, at] of ahead) if (at < now()) watch.mark(space)
    }, wait)
    timer.unref()
  }
  const watch = watchSpaces(ledger, 'secret.', async (spaces) => {
    try {
      const { steps, problems } = await tendSecretPolls(ledger, me, wallets, spaces, now)
      steps.forEach((s) => reports.onStep(s))
      problems.forEach((p) => reports.onProblem(p))
      for (const space of spaces) {
        const state = await ledger.state(space)
        const deadlines = state === null ? [] : secretPollsToSealAtDeadline(state, me.publicKey)
        const next = deadlines.map((p) => p.closesAt!).filter((at) => at >= now())
        if (next.length === 0) ahead.delete(space)
        else ahead.set(space, Math.min(...next))
      }
    } catch (error) {
      reports.onError(error as Error)
    }
    schedule()
  })
  return async () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    await watch.stop()
  }
}

/** setTimeout's longest delay (about 24.8 days); a later deadline is looked at again then. */
const LONGEST_WAIT_MS = 2 ** 31 - 1
