// Applying a space's stored events in store order, to rebuild its state or to bring a cached state
// up to date. What is stored was checked on the way in, so a stored event the rules refuse means
// the store was changed behind the ledger's back, except in a space with forks: there the forked
// author's events (and any that depended on them) are held back until the fork is resolved.
// `veche verify` is the path that trusts nothing.
import { applyEvent, createSpaceState, recordFork } from '@veche/core'
import type { SignedEvent, SpaceId, SpaceState } from '@veche/core'
import type { EventStore } from './event-store.js'
import { lookUpReferences } from './foreign-references.js'

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
 * events; with each author's highest stored seq.
 */
export async function rebuildSpace(
  store: EventStore,
  space: SpaceId,
): Promise<{ state: SpaceState; position: number; stored: Map<string, number> }> {
  const state = createSpaceState(space)
  for (const fork of await store.forks(space)) {
    recordFork(state, fork.author as SignedEvent['author'], fork.seq)
  }
  const stored = new Map<string, number>()
  const position = await catchUp(store, state, 0, stored)
  return { state, position, stored }
}

/**
 * Folds the stored events of `state`'s space after `after` into it and notes each author's highest
 * stored seq in `taken`; returns the last position. In a space with forks, a stored event the
 * rules now refuse is held back (it is the forked author's, or depended on it); elsewhere it means
 * the store was changed behind the ledger's back.
 */
export async function catchUp(
  store: EventStore,
  state: SpaceState,
  after: number,
  taken: Map<string, number>,
): Promise<number> {
  let position = after
  for await (const stored of store.read(state.space, { after })) {
    position = stored.position
    const event = JSON.parse(stored.json) as SignedEvent
    if (event.seq > (taken.get(event.author) ?? 0)) taken.set(event.author, event.seq)
    const context = await lookUpReferences(store, event, new Map())
    const rejection = applyEvent(state, event, stored.id, context)
    if (rejection !== null && state.forks.size === 0) {
      throw new CorruptStoreError(
        `stored event ${stored.id} breaks the rules (${rejection.code}: ${rejection.message})`,
      )
    }
  }
  return position
}
