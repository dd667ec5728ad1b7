// Checking a prepared submission in order: each event is a duplicate, a bad signature, a fork
// (kept as evidence), parked (in park mode), refused, or accepted into its space's cached state,
// which then already holds it. Nothing is written here: the ledger appends what this decides, or
// forgets the changed states when it writes nothing.
import {
  applyEvent,
  forkExemption,
  recordFork,
  refuseLateBallot,
  refuseLateSecretAct,
  refuseSealedCredential,
  refuseStaleClose,
  refuseActOnSupersededClose,
  refuseSkippedChain,
  refuseStaleConversationClose,
  refuseBallotFlood,
  refuseOpenBallotFlood,
  refuseStaleSeal,
  reject,
  textRulesRefusal,
} from '@veche/core'
import { refuseClaimedFuture } from './claimed-future.js'
import type {
  EventId,
  Rejection,
  SignatureVerdict,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import type { EventStore, HeldBallot, NewEvent, PendingEvent, StoredEvent } from './event-store.js'
import { mayBeHeldBallot, PREPARE_PART } from './event-preparation.js'
import type { Prepared } from './event-preparation.js'
import { forkJudgementEvent, forkRejection, isFork } from './fork-evidence.js'
import { refuseOwnRepeatedClose } from './own-close-repeat.js'
import { lookUpReferences } from './foreign-references.js'
import {
  HoldingRoom,
  PARKABLE_CODES,
  WAITS_ON_OTHER_SPACES,
  waitsOnOtherSpaces,
} from './pending-events.js'
import type { PendingIndex, PendingLimits } from './pending-events.js'
import type { SpaceCache } from './space-cache.js'
import { rejectedOutcome } from './submission.js'
import type { SubmitOptions, SubmitOutcome } from './submission.js'

/** What a checked submission would write, with an outcome per event. */
export interface CheckedSubmission {
  readonly outcomes: readonly SubmitOutcome[]
  /** Accepted events, in order: already folded into their spaces' cached states. */
  readonly accepted: readonly NewEvent[]
  /** Accepted secret ballots, to hold apart from the log (also already folded). */
  readonly ballots: readonly HeldBallot[]
  /** Forking events, kept as evidence. */
  readonly evidence: readonly NewEvent[]
  /** Events for the pending table (held anew, or held again with a new code). */
  readonly parked: readonly PendingEvent[]
  /**
   * Every event held after this check (new or held again), with its code and its space's state
   * then, so the index can note exactly what it waits for.
   */
  readonly held: readonly { readonly pending: PendingEvent; readonly state: SpaceState }[]
  /** Pending events to drop from the table (accepted, stored meanwhile, or given up). */
  readonly unpark: readonly EventId[]
  /** Spaces that accepted an event. */
  readonly touched: ReadonlySet<SpaceId>
  /** Spaces where a new fork was seen: their states must be rebuilt. */
  readonly forked: ReadonlySet<SpaceId>
}

/** How held events are judged: their index, their limits and the clock. */
export interface Holding {
  readonly index: PendingIndex
  readonly limits: PendingLimits
  readonly now: number
}

/**
 * Checks `prepared` in order; `pendingIds` are the pending events it re-submits, if any, each
 * with the code it is held with.
 */
export async function checkSubmission(
  store: EventStore,
  spaces: SpaceCache,
  holding: Holding,
  prepared: Prepared,
  options: SubmitOptions,
  pendingIds: ReadonlyMap<EventId, string> | null,
): Promise<CheckedSubmission> {
  const pending = holding.index
  const { parsed, ids, verdicts, checked } = prepared
  // Asked again in turn: another submission may have stored some of these meanwhile.
  const { stored, caughtUp } = await lookUp(store, spaces, parsed, ids)
  const seen = new Set<EventId>()
  const outcomes: SubmitOutcome[] = []
  const accepted: NewEvent[] = []
  const evidence: NewEvent[] = []
  const parked: PendingEvent[] = []
  const ballots: HeldBallot[] = []
  const held: { pending: PendingEvent; state: SpaceState }[] = []
  const touched = new Set<SpaceId>()
  const forked = new Set<SpaceId>()
  // Pending events already stored (another process accepted them): drop them from the table.
  const unpark = pendingIds === null ? [] : [...stored].filter((id) => pendingIds.has(id))
  const room = new HoldingRoom(store, pending, holding.limits)
  // Events accepted in this submission, for references between them (not yet in the store).
  const fresh = new Map<EventId, SignedEvent>()
  // Spaces with an event waiting for another space's event: their later events may depend on
  // it (a council's close counts the mandates noticed before it), so in park mode any refusal
  // of theirs is parked too and decided once what it waits for has arrived.
  if (options.park === true) await pending.load(store)
  const waiting = new Set<SpaceId>()
  const loaded = new Map<SpaceId, { state: SpaceState; taken: Map<string, number> }>()
  for (const [index, item] of parsed.entries()) {
    if (index % PREPARE_PART === 0) await checked[index / PREPARE_PART]
    options.onProgress?.(outcomes.length)
    if (!('id' in item)) {
      outcomes.push(rejectedOutcome(item))
      continue
    }
    const { event, id, json } = item
    if (stored.has(id) || seen.has(id)) {
      outcomes.push({ status: 'duplicate', id })
      continue
    }
    const signatures = verdicts.get(id)
    if (signatures !== 'ok') {
      outcomes.push(rejectedOutcome(signatureRejection(signatures, id)))
      continue
    }
    const future =
      options.refuseFutureClaims === undefined
        ? null
        : refuseClaimedFuture(event, id, options.refuseFutureClaims)
    if (future !== null) {
      outcomes.push(rejectedOutcome(future))
      continue
    }
    // Each space is caught up with the store once per submission, not once per event (a read
    // per event was a tenth of a 100,000-event sync); the append's position check still
    // catches another process appending meanwhile.
    let here = loaded.get(event.space)
    if (here === undefined) {
      const state = await spaces.load(event.space, caughtUp.get(event.space))
      here = { state, taken: spaces.taken(event.space) }
      loaded.set(event.space, here)
    }
    const { state, taken } = here
    // Under fork rule 2, a second event at a used seq that its own bytes rule out: refused as
    // any other refusal (held, if it waits for the event it names), never evidence.
    let exempt: Rejection | null = null
    if (event.type !== 'secret.ballot' && isFork(taken, event)) {
      // A second close or seal of one poll by one key, submitted directly: refused, not evidence.
      const repeated =
        options.refuseStaleCloses === true
          ? await refuseOwnRepeatedClose(store, fresh, state, event, id)
          : null
      if (repeated !== null) {
        outcomes.push(rejectedOutcome(repeated))
        continue
      }
      exempt =
        state.forkRule < 2
          ? null
          : forkExemption(state, item, await forkJudgementEvent(store, fresh, event))
      if (exempt === null) {
        // The author already has a different stored event with this seq: equivocation. Keep
        // it as evidence, flag the author; the state is rebuilt once the evidence is written.
        recordFork(state, event.author, event.seq)
        forked.add(event.space)
        seen.add(id)
        evidence.push(newEvent(event, id, json))
        if (pendingIds?.has(id) === true) unpark.push(id)
        outcomes.push(rejectedOutcome(forkRejection(event, id)))
        continue
      }
    }
    // Behind an event of its space that waits for another space's event (parked earlier in
    // this pass, or, for a new event, at any time before): parked without being tried.
    const behind =
      options.park === true &&
      (waiting.has(event.space) ||
        (pendingIds?.has(id) !== true && pending.referenceWaiting.has(event.space)))
    const rejection =
      exempt ??
      (behind
        ? reject(
            WAITS_ON_OTHER_SPACES,
            `waits behind an earlier event of ${event.space} that waits for another space's event`,
            id,
          )
        : (staleRefusal(options, state, event, id) ??
          textRulesRefusal(state, item) ??
          applyEvent(state, event, id, await lookUpReferences(store, event, fresh))))
    if (rejection !== null) {
      const heldBack = waiting.has(event.space) || pending.referenceWaiting.has(event.space)
      let refusal = rejection
      if (options.park === true && (PARKABLE_CODES.has(rejection.code) || heldBack)) {
        const heldAs = pendingIds?.get(id)
        // Held already: it stays (with its new code, if that changed); new: if there is room.
        const admitted =
          heldAs !== undefined
            ? { ok: true as const, stranger: false }
            : await room.admit(event, state, taken)
        if (admitted.ok) {
          if (waitsOnOtherSpaces({ json })) waiting.add(event.space)
          const pendingEvent: PendingEvent = {
            ...newEvent(event, id, json),
            code: rejection.code,
            at: holding.now,
            stranger: admitted.stranger,
          }
          if (heldAs !== rejection.code) parked.push(pendingEvent)
          held.push({ pending: pendingEvent, state })
          seen.add(id)
          outcomes.push({ ...rejectedOutcome(rejection), parked: true })
          continue
        }
        refusal = {
          ...rejection,
          message: `${rejection.message} (not held here: ${admitted.reason})`,
        }
      }
      // A pending event that can no longer be accepted is given up.
      if (pendingIds?.has(id) === true) unpark.push(id)
      outcomes.push(rejectedOutcome(refusal))
      continue
    }
    touched.add(event.space)
    seen.add(id)
    if (event.type === 'secret.ballot') {
      // Held apart from the log, by id alone (docs/secret-ballot.md, "Storage").
      ballots.push({ id, space: event.space, poll: event.body.poll, json })
      spaces.heldBallots(event.space).add(id)
      if (pendingIds?.has(id) === true) unpark.push(id)
      outcomes.push({ status: 'accepted', id })
      continue
    }
    fresh.set(id, event)
    taken.set(event.author, event.seq)
    accepted.push(newEvent(event, id, json))
    if (pendingIds?.has(id) === true) unpark.push(id)
    outcomes.push({ status: 'accepted', id })
  }
  return { outcomes, accepted, ballots, evidence, parked, held, unpark, touched, forked }
}

/**
 * Which of `ids` are stored and, where the store reads both at once (`hasAndEventsAfter`: one
 * round trip to a database server instead of two), the events stored after each cached space's
 * position among the submission's spaces, which its check folds in as it loads them.
 */
async function lookUp(
  store: EventStore,
  spaces: SpaceCache,
  parsed: Prepared['parsed'],
  ids: readonly EventId[],
): Promise<{
  stored: Set<EventId>
  caughtUp: ReadonlyMap<SpaceId, { after: number; events: readonly StoredEvent[] }>
}> {
  const options = { heldBallots: mayBeHeldBallot(parsed) }
  const plain = async () => ({ stored: await store.has(ids, options), caughtUp: new Map() })
  if (store.hasAndEventsAfter === undefined) return plain()
  const after = spaces.cachedPositions(parsed.flatMap((p) => ('id' in p ? [p.event.space] : [])))
  if (after.size === 0) return plain()
  const read = await store.hasAndEventsAfter(ids, options, after)
  const caughtUp = new Map<SpaceId, { after: number; events: readonly StoredEvent[] }>()
  for (const [space, events] of read.caughtUp)
    caughtUp.set(space, { after: after.get(space)!, events })
  return { stored: read.stored, caughtUp }
}

/** Why an event whose signatures did not check out is refused. */
function signatureRejection(verdict: SignatureVerdict | undefined, id: EventId): Rejection {
  switch (verdict) {
    case 'bad-proof':
      return reject('invitation.bad-proof', "the invitation key's proof does not match", id)
    case 'bad-credential':
      return reject(
        'secret.bad-credential',
        "a credential does not verify under its issuer's key for this poll and this one-time key",
        id,
      )
    default:
      return reject(
        'event.bad-signature',
        'the signature does not match the event and its author',
        id,
      )
  }
}

/**
 * A hub's refusals of events submitted directly: a close or seal that would leave ballots it holds
 * late, an act that only a superseded close of its poll backs, a credential request or issuance
 * for a poll it holds a seal of, and a ballot (open or secret) or a
 * credential request arriving after its poll's deadline by the hub's clock, and a secret ballot
 * past the recasts one one-time key may cast (`refuseBallotFlood`), and an open ballot past the
 * ballots one member may cast in a poll (`refuseOpenBallotFlood`).
 */
function staleRefusal(
  options: SubmitOptions,
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
): Rejection | null {
  if (event.type === 'ballot.cast') {
    if (options.refuseLateBallotsAt !== undefined) {
      const late = refuseLateBallot(state, event, id, options.refuseLateBallotsAt)
      if (late !== null) return late
    }
    if (options.refuseStaleCloses === true) {
      const flood = refuseOpenBallotFlood(state, event, id)
      if (flood !== null) return flood
    }
    if (options.refuseLateBallotsAt !== undefined) return null
  }
  if (
    (event.type === 'secret.ballot' || event.type === 'secret.credential-requested') &&
    options.refuseLateBallotsAt !== undefined
  ) {
    const late = refuseLateSecretAct(state, event, id, options.refuseLateBallotsAt)
    if (late !== null) return late
  }
  if (options.refuseStaleCloses !== true) return null
  if (event.type === 'poll.closed.2' || event.type === 'poll.closed.3')
    return refuseStaleClose(state, event, id)
  if (event.type === 'conversation.closed.2') return refuseStaleConversationClose(state, event, id)
  if (event.type === 'secret.poll-sealed') return refuseStaleSeal(state, event, id)
  if (event.type === 'secret.ballot') return refuseBallotFlood(state, event, id)
  if (event.type === 'secret.credential-requested' || event.type === 'secret.credential-issued')
    return refuseSealedCredential(state, event, id)
  return refuseSkippedChain(state, event, id) ?? refuseActOnSupersededClose(state, event, id)
}

function newEvent(event: SignedEvent, id: EventId, json: string): NewEvent {
  return { id, space: event.space, author: event.author, seq: event.seq, type: event.type, json }
}
