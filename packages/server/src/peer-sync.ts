// Continuous replication with peer hubs (`veche serve --peer URL`). One loop per peer runs sync
// passes; each peer is also followed live (peer-changes.ts: one stream per peer, whatever the
// number of spaces), so a pass starts within a moment when the peer takes new events, and
// likewise when this hub does: an event crosses a chain of hubs in about a moment per hop. Such a
// pass covers only the spaces that changed; a full pass runs at the start, whenever the stream
// (re)opens (notices may have been missed), and after the interval (the fallback: a peer whose
// stream is down, appends by another process on this hub's SQLite folder). A failed pass (the
// peer is down, say) is retried with exponential backoff up to a minute, sooner if the peer's
// stream comes back; the hub keeps serving meanwhile. `stop` cancels requests in flight.
import type { SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import { followPeerChanges } from './peer-changes.js'
import { SpaceVisibility } from './read-access.js'
import type { ReplicationKeys } from './replication-keys.js'
import { syncWithPeer } from './sync-client.js'
import type { SpaceSyncReport } from './sync-client.js'

export interface PeerSyncOptions {
  readonly ledger: Ledger
  readonly peers: readonly string[]
  readonly spaces?: readonly SpaceId[]
  readonly replicationKeys?: ReplicationKeys
  /** The cluster key: `peers` are processes of this hub's cluster (`veche serve --cluster-peer`). */
  readonly clusterKey?: string
  /** Between full passes at most this long (default 5 s). */
  readonly intervalMs?: number
  /** Longest wait after failures (default 60 s). */
  readonly maxBackoffMs?: number
  /** Follow each peer's change notices (default true); false: passes on the interval only. */
  readonly follow?: boolean
  /** Told about every pass. */
  readonly onPass?: (
    peer: string,
    outcome: { reports: SpaceSyncReport[] } | { error: Error; retryInMs: number },
  ) => void
  /** Told when a peer's change stream could not be opened or dropped. */
  readonly onFollowDrop?: (peer: string, error: Error, retryInMs: number) => void
}

export interface PeerSync {
  stop(): Promise<void>
}

/** Appends and notices come in bursts (a pass writes page by page): a pass starts after this. */
const SETTLE_MS = 200

/** What the next pass with one peer covers, and how to wake its loop. */
class PeerState {
  /** Spaces that changed since the last pass ('all': a full pass is due). */
  due: Set<SpaceId> | 'all' = 'all'
  /** Set while the loop waits: `backoff` waits only for the peer to come back. */
  waiting: { readonly kind: 'interval' | 'backoff'; readonly wake: () => void } | null = null
  #settle: ReturnType<typeof setTimeout> | null = null

  /** Marks spaces (or all) as due and wakes the loop after a moment, if it waits between passes. */
  mark(spaces: Iterable<SpaceId> | 'all', reason: 'change' | 'ready'): void {
    if (spaces === 'all') this.due = 'all'
    else if (this.due !== 'all') for (const space of spaces) this.due.add(space)
    const waiting = this.waiting
    if (waiting === null || (waiting.kind === 'backoff' && reason !== 'ready')) return
    this.#settle ??= setTimeout(() => {
      this.#settle = null
      this.waiting?.wake()
    }, SETTLE_MS)
  }

  /** Takes what is due, leaving nothing. */
  take(): Set<SpaceId> | 'all' {
    const due = this.due
    this.due = new Set()
    return due
  }

  stop(): void {
    if (this.#settle !== null) clearTimeout(this.#settle)
  }
}

/** Starts one replication loop per peer, each following its peer's change notices. */
export function startPeerSync(options: PeerSyncOptions): PeerSync {
  const controller = new AbortController()
  const interval = options.intervalMs ?? 5_000
  const maxBackoff = options.maxBackoffMs ?? 60_000
  const only = options.spaces === undefined ? null : new Set(options.spaces)
  const states = new Map(options.peers.map((peer) => [peer, new PeerState()]))
  // Kept across passes: each space's visibility is read once, not once a pass.
  const visibility = new SpaceVisibility(options.ledger)
  const relevant = (spaces: Iterable<SpaceId>): SpaceId[] =>
    [...spaces].filter((space) => only === null || only.has(space))
  const unlisten = options.ledger.onAppend((events) => {
    const spaces = relevant(new Set(events.map((e) => e.space)))
    if (spaces.length === 0) return
    for (const state of states.values()) state.mark(spaces, 'change')
  })
  // Held secret ballots are no append, but peers should hold them too before the seal.
  const unlistenBallots = options.ledger.onBallots((changed) => {
    const spaces = relevant(new Set(changed))
    if (spaces.length === 0) return
    for (const state of states.values()) state.mark(spaces, 'change')
  })
  /** Waits `ms` or until woken; resolves true if the time ran out. */
  const sleep = (state: PeerState, ms: number, kind: 'interval' | 'backoff'): Promise<boolean> =>
    new Promise((resolve) => {
      const finish = (timedOut: boolean): void => {
        clearTimeout(timer)
        state.waiting = null
        controller.signal.removeEventListener('abort', aborted)
        resolve(timedOut)
      }
      const aborted = (): void => finish(false)
      const timer = setTimeout(() => finish(true), ms)
      state.waiting = { kind, wake: () => finish(false) }
      controller.signal.addEventListener('abort', aborted)
    })

  const loop = async (peer: string, state: PeerState): Promise<void> => {
    let failures = 0
    while (!controller.signal.aborted) {
      const due = state.take()
      if (due !== 'all' && due.size === 0) {
        // Woken with nothing to do (the changes were passed on by the pass just done).
        if (await sleep(state, interval, 'interval')) state.mark('all', 'change')
        continue
      }
      try {
        const reports = await syncWithPeer(options.ledger, peer, {
          visibility,
          ...(due === 'all'
            ? options.spaces === undefined
              ? {}
              : { spaces: options.spaces }
            : { spaces: [...due].sort() }),
          ...(options.replicationKeys === undefined
            ? {}
            : { replicationKeys: options.replicationKeys }),
          ...(options.clusterKey === undefined ? {} : { clusterKey: options.clusterKey }),
          signal: controller.signal,
        })
        failures = 0
        options.onPass?.(peer, { reports })
        // What changed during the pass is due at once; otherwise wait for a change or the interval.
        if (state.due === 'all' || state.due.size > 0) continue
        if (await sleep(state, interval, 'interval')) state.mark('all', 'change')
      } catch (error) {
        if (controller.signal.aborted) break
        state.mark(due, 'change')
        failures += 1
        const retryInMs = Math.min(maxBackoff, 1_000 * 2 ** Math.min(failures - 1, 16))
        options.onPass?.(peer, { error: error as Error, retryInMs })
        await sleep(state, retryInMs, 'backoff')
      }
    }
  }
  const running = [...states].map(([peer, state]) => loop(peer, state))
  if (options.follow !== false) {
    for (const [peer, state] of states) {
      running.push(
        followPeerChanges(peer.replace(/\/+$/, ''), {
          ...(options.replicationKeys === undefined
            ? {}
            : { replicationKeys: options.replicationKeys }),
          ...(options.clusterKey === undefined ? {} : { clusterKey: options.clusterKey }),
          signal: controller.signal,
          onReady: () => state.mark('all', 'ready'),
          onChange: (spaces) => state.mark(spaces === 'all' ? 'all' : relevant(spaces), 'change'),
          onDrop: (error, retryInMs) => options.onFollowDrop?.(peer, error, retryInMs),
        }),
      )
    }
  }
  return {
    async stop() {
      controller.abort()
      unlisten()
      unlistenBallots()
      for (const state of states.values()) state.stop()
      await Promise.allSettled(running)
    },
  }
}
