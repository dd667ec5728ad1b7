// Change notices for peer hubs (`GET /api/sync/changes`): one long-lived text/event-stream per
// following hub, whatever the number of spaces, saying which spaces just took new events, so the
// follower starts a pass at once instead of waiting for its next poll. Frames:
//   event: ready     data: {}                       the follower is registered (anything earlier
//                                                    needs a full pass)
//   event: appended  data: {"spaces":["<id>",…]}   these spaces have new events
//   event: resync    data: {}                       appends may have been missed: pass over all
// Appends are gathered for a moment and sent as one frame. A private space is named only to a
// follower that proved its replication key when it connected (as `/api/sync/spaces` lists it);
// a space whose visibility this hub does not know is named to no one. A follower that does not
// read its stream is dropped (it reconnects and passes over everything).
import type { SpaceId } from '@veche/core'
import type { SpaceVisibility } from './read-access.js'

/** One following hub's stream. */
export interface ChangeFollower {
  /** Whether this follower proved the replication key of private `space` (or the cluster key). */
  proves(space: SpaceId): boolean
  write(chunk: string): void
  /** Bytes waiting in the socket's buffer. */
  readonly writableLength: number
  end(): void
}

export interface SyncChangesOptions {
  /** Gather appends this long before sending (default 50 ms). */
  readonly gatherMs?: number
  /** A comment line to every follower this often (default 15 s), so idle streams stay open. */
  readonly heartbeatMs?: number
  /** Drop a follower whose unsent data exceeds this (default 1 MiB). */
  readonly maxBufferedBytes?: number
}

/** Tells following hubs which spaces took new events. */
export class SyncChanges {
  readonly #visibility: SpaceVisibility
  readonly #followers = new Set<ChangeFollower>()
  readonly #gathered = new Set<SpaceId>()
  readonly #gatherMs: number
  readonly #maxBuffered: number
  readonly #heartbeat: NodeJS.Timeout
  #flush: NodeJS.Timeout | null = null
  #closed = false

  constructor(visibility: SpaceVisibility, options: SyncChangesOptions = {}) {
    this.#visibility = visibility
    this.#gatherMs = options.gatherMs ?? 50
    this.#maxBuffered = options.maxBufferedBytes ?? 1024 * 1024
    this.#heartbeat = setInterval(() => {
      for (const follower of this.#followers) this.#send(follower, ': heartbeat\n\n')
    }, options.heartbeatMs ?? 15_000)
    this.#heartbeat.unref()
  }

  /** Hubs following now. */
  get followers(): number {
    return this.#followers.size
  }

  /** Registers a follower's stream; returns the function that removes it. */
  follow(follower: ChangeFollower): () => void {
    if (this.#closed) {
      follower.end()
      return () => undefined
    }
    this.#followers.add(follower)
    this.#send(follower, 'event: ready\ndata: {}\n\n')
    return () => {
      this.#followers.delete(follower)
    }
  }

  /** `space` took new events (from this process or another sharing the store). */
  announce(space: SpaceId): void {
    if (this.#closed || this.#followers.size === 0) return
    this.#gathered.add(space)
    this.#flush ??= setTimeout(() => {
      this.#flush = null
      this.#sendGathered().catch(() => {
        // The space's state could not be read: say so the safe way, a pass over everything.
        this.announceAll()
      })
    }, this.#gatherMs)
  }

  /** Appends may have been missed (the notifier reconnected): followers pass over everything. */
  announceAll(): void {
    for (const follower of this.#followers) this.#send(follower, 'event: resync\ndata: {}\n\n')
  }

  /** Ends every follower's stream. */
  close(): void {
    this.#closed = true
    clearInterval(this.#heartbeat)
    if (this.#flush !== null) clearTimeout(this.#flush)
    for (const follower of this.#followers) follower.end()
    this.#followers.clear()
  }

  async #sendGathered(): Promise<void> {
    const spaces = [...this.#gathered]
    this.#gathered.clear()
    const open: SpaceId[] = []
    const secret: SpaceId[] = []
    for (const space of spaces) {
      const seen = await this.#visibility.of(space)
      if (seen === 'public') open.push(space)
      else if (seen === 'private') secret.push(space)
    }
    if (this.#closed) return
    for (const follower of this.#followers) {
      const named = [...open, ...secret.filter((space) => follower.proves(space))]
      if (named.length > 0) {
        this.#send(follower, `event: appended\ndata: ${JSON.stringify({ spaces: named })}\n\n`)
      }
    }
  }

  #send(follower: ChangeFollower, frame: string): void {
    follower.write(frame)
    if (follower.writableLength > this.#maxBuffered) {
      this.#followers.delete(follower)
      follower.end()
    }
  }
}
