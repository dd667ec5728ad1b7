// Applying a space's stored events in store order, to rebuild its state or to bring a cached state
// up to date. What is stored was checked on the way in, so a stored event the rules refuse means
// the store was changed behind the ledger's back, except in a space with forks: there the forked
// author's events (and any that depended on them) are held back until the fork is resolved.
// `veche verify` is the path that trusts nothing.
import {
  EMPTY_CONTEXT,
  applyEventWith,
  createSpaceState,
  isSecretEvent,
  loadSecretRules,
  recordFork,
  referencesOf,
} from '@veche/core/replay'
import type { EventId, SecretRules, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import type { EventStore, StoredEvent } from './event-store.js'
import { lookUpReferences } from './foreign-references.js'

/**
 * The rules of secret polls, loaded when a replay first meets a secret poll's event: they bring
 * the secret-ballot crypto, which a process replaying spaces without secret polls (`veche show`)
 * then never loads.
 */
let secretRules: SecretRules | null = null

/** Raised when a stored event no longer passes the rules: the store was changed behind our back. */
export class CorruptStoreError extends Error {
  override readonly name = 'CorruptStoreError'
  constructor(message: string) {
    super(`${message}; run \`veche verify\` to find every fault`)
  }
}

/**
 * Rebuilds a space's state from the store, trusting what it holds (it was checked on the way in).
 * `veche verify` is the path that trusts nothing.
 */
export async function replaySpace(store: EventStore, space: SpaceId): Promise<SpaceState> {
  return (await rebuildSpace(store, space)).state
}

/**
 * A space's state from nothing: its forks first (so flagged authors are held back), then its
 * events, then the held secret ballots of polls not sealed yet; with each author's highest stored
 * seq and the ids of the held ballots applied.
 */
export async function rebuildSpace(
  store: EventStore,
  space: SpaceId,
): Promise<{
  state: SpaceState
  position: number
  stored: Map<string, number>
  ballots: Set<EventId>
}> {
  const state = createSpaceState(space)
  for (const fork of await store.forks(space)) {
    recordFork(state, fork.author as SignedEvent['author'], fork.seq)
  }
  const stored = new Map<string, number>()
  const ballots = new Set<EventId>()
  const position = await catchUp(store, state, 0, stored, ballots)
  await applyHeldBallots(store, state, ballots)
  return { state, position, stored, ballots }
}

/**
 * Applies the held secret ballots of `state`'s space (of one poll, or of all) that are not in
 * `applied` yet, sorted by id. Secret ballots are accepted in any order and held apart from the
 * log (docs/secret-ballot.md, "Storage"); a replay applies a poll's ballots just before its seal,
 * which gives the state they gave when they arrived, before the seal or after it.
 */
export async function applyHeldBallots(
  store: EventStore,
  state: SpaceState,
  applied: Set<EventId>,
  poll?: EventId,
): Promise<void> {
  for (const held of await store.ballots(state.space, poll)) {
    if (applied.has(held.id)) continue
    applied.add(held.id)
    const event = JSON.parse(held.json) as SignedEvent
    secretRules ??= await loadSecretRules()
    const rejection = applyEventWith(
      secretRules,
      state,
      event,
      held.id,
      await lookUpReferences(store, event, new Map()),
    )
    if (rejection !== null) {
      throw new CorruptStoreError(
        `held secret ballot ${held.id} breaks the rules (${rejection.code}: ${rejection.message})`,
      )
    }
  }
}

/**
 * Folds the stored events of `state`'s space after `after` into it (a seal after the held ballots
 * of its poll) and notes each author's highest stored seq in `taken`; returns the last position. In a space with forks, a stored event the
 * rules now refuse is held back (it is the forked author's, or depended on it); elsewhere it means
 * the store was changed behind the ledger's back. `events` are those events when the caller has
 * read them already (EventStore.hasAndEventsAfter); otherwise they are read from the store.
 */
export async function catchUp(
  store: EventStore,
  state: SpaceState,
  after: number,
  taken: Map<string, number>,
  ballots: Set<EventId>,
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent> = store.read(state.space, { after }),
): Promise<number> {
  let position = after
  for await (const stored of events) {
    position = stored.position
    const event = JSON.parse(stored.json) as SignedEvent
    if (event.type === 'secret.poll-sealed')
      await applyHeldBallots(store, state, ballots, event.body.poll)
    if (event.seq > (taken.get(event.author) ?? 0)) taken.set(event.author, event.seq)
    // Most events reference no other space's event: no lookup, no promise to wait for. A count
    // and an issuance get the platform's faster cryptography (lookUpReferences).
    const context =
      event.type !== 'secret.poll-counted' &&
      event.type !== 'secret.credential-issued' &&
      referencesOf(event).length === 0
        ? EMPTY_CONTEXT
        : await lookUpReferences(store, event, new Map())
    if (secretRules === null && isSecretEvent(event)) secretRules = await loadSecretRules()
    const rejection = applyEventWith(secretRules, state, event, stored.id, context)
    if (rejection !== null && state.forks.size === 0) {
      throw new CorruptStoreError(
        `stored event ${stored.id} breaks the rules (${rejection.code}: ${rejection.message})`,
      )
    }
  }
  return position
}
