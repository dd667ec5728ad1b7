// Where each space's "last seen" mark is kept on this device: in the local store beside the
// replica (`seen:<space>`), so a wipe deletes it with everything else and no hub ever holds it.
import type { SpaceId } from '@veche/core'
import type { KeyValueStore } from '../lib/key-value-store.js'
import type { SeenMark } from './whats-new-entries.js'

export function readMark(store: KeyValueStore, space: SpaceId): Promise<SeenMark | undefined> {
  return store.get<SeenMark>(`seen:${space}`)
}

export function writeMark(store: KeyValueStore, space: SpaceId, mark: SeenMark): Promise<void> {
  return store.set(`seen:${space}`, mark)
}
