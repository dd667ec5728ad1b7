// Adds a carried bundle's events to this device's replicas, space by space: each event is checked
// (parsed, signature) and folded with the same rules as events from a hub (SpaceReplica's
// receiveCarried), held secret ballots first so the seals that name them can fold. Events already
// here are skipped, so scanning a series twice adds nothing the second time.
import type { SpaceId } from '@veche/core'
import { SPACE_ID_PATTERN } from '@veche/core'
import type { KeyValueStore } from '../lib/key-value-store.js'
import { SpaceReplica } from '../lib/space-replica.js'
import { readBundle } from './event-bundle.js'
import type { BundleRefusalCode } from './event-bundle.js'

export interface CarriedResult {
  readonly space: SpaceId
  /** The assembly's name once its events are folded ('' if its founding event was not carried). */
  readonly name: string
  readonly folded: number
  readonly known: number
  readonly refused: number
}

export type CarryImport =
  | { readonly ok: true; readonly spaces: readonly CarriedResult[] }
  | { readonly ok: false; readonly code: BundleRefusalCode }

/** Checks `bytes` as a bundle and folds its events into the replicas kept in `store`. */
export async function importCarriedBundle(
  store: KeyValueStore,
  bytes: Uint8Array,
): Promise<CarryImport> {
  const read = await readBundle(bytes)
  if (!read.ok) return read
  const results: CarriedResult[] = []
  for (const [space, carried] of read.spaces) {
    if (!SPACE_ID_PATTERN.test(space)) return { ok: false, code: 'bundle.damaged' }
    const replica = await SpaceReplica.load(store, space as SpaceId)
    await replica.receiveHeld(carried.ballots)
    const outcome = await replica.receiveCarried(carried.events)
    await replica.save(store)
    results.push({
      space: space as SpaceId,
      name: replica.state.assembly?.name ?? '',
      folded: outcome.folded,
      known: outcome.known,
      refused: outcome.refused,
    })
  }
  return { ok: true, spaces: results }
}
