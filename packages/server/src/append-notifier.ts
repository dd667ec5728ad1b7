// The port through which hub processes sharing one database tell each other about appends, so
// live streams on every process see every event. A process announces (space, last position) after
// each append; every process (itself included) hears it and reads the store after its cursor.
import type { SpaceId } from '@veche/core'

export type AppendHeard = (space: SpaceId, position: number) => void

export interface AppendNotifier {
  /** Tells every process that `space` has events up to `position`. */
  announce(space: SpaceId, position: number): Promise<void>
  /** Starts hearing announcements; `onReconnect` runs when some may have been missed. */
  listen(heard: AppendHeard, onReconnect: () => void): Promise<void>
  close(): Promise<void>
}
