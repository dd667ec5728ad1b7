// What `veche serve --tend` runs for each duty (closing polls at their deadline, tending secret
// polls): a pass over the spaces that changed, on start for every space and after each append that
// brings an event of the duty's kind, one pass at a time. Spaces touched while a pass runs are
// gathered for the next, so a burst of appends costs one more pass, not one per append.
import type { SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'

export interface SpaceWatch {
  /** Asks for a pass over `space` (for a reason other than an append, such as a timer). */
  mark(space: SpaceId): void
  /** Stops watching; waits for the pass under way. */
  stop(): Promise<void>
}

/**
 * Runs `pass` over the spaces of the ledger's store, then over those that get an event whose type
 * starts with `typePrefix` (or are marked), one pass at a time until none is left.
 */
export function watchSpaces(
  ledger: Ledger,
  typePrefix: string,
  pass: (spaces: readonly SpaceId[]) => Promise<void>,
): SpaceWatch {
  const dirty = new Set<SpaceId>()
  let running: Promise<void> | null = null
  let stopped = false
  const drain = async (): Promise<void> => {
    while (dirty.size > 0 && !stopped) {
      const spaces = [...dirty]
      dirty.clear()
      await pass(spaces)
    }
  }
  const kick = (): void => {
    if (running !== null || stopped) return
    running = drain().finally(() => {
      running = null
      if (dirty.size > 0) kick()
    })
  }
  const off = ledger.onAppend((events) => {
    for (const event of events)
      if ((JSON.parse(event.json) as { type: string }).type.startsWith(typePrefix))
        dirty.add(event.space)
    if (dirty.size > 0) kick()
  })
  void ledger.store.spaces().then((spaces) => {
    spaces.forEach((s) => dirty.add(s))
    kick()
  })
  return {
    mark(space) {
      dirty.add(space)
      kick()
    },
    async stop() {
      stopped = true
      off()
      await running
    },
  }
}
