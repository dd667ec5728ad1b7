// Continuous replication with peer hubs (`veche serve --peer URL`): one loop per peer runs a sync
// pass, then waits until the interval passes or this hub appends events (so what arrives here is
// passed on within a moment). A failed pass (the peer is down, say) is retried with exponential
// backoff up to a minute; the hub keeps serving meanwhile. `stop` cancels requests in flight.
import type { SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { ReplicationKeys } from './replication-keys.js'
import { syncWithPeer } from './sync-client.js'
import type { SpaceSyncReport } from './sync-client.js'

export interface PeerSyncOptions {
  readonly ledger: Ledger
  readonly peers: readonly string[]
  readonly spaces?: readonly SpaceId[]
  readonly replicationKeys?: ReplicationKeys
  /** Between successful passes at most this long (default 5 s). */
  readonly intervalMs?: number
  /** Longest wait after failures (default 60 s). */
  readonly maxBackoffMs?: number
  /** Told about every pass. */
  readonly onPass?: (
    peer: string,
    outcome: { reports: SpaceSyncReport[] } | { error: Error; retryInMs: number },
  ) => void
}

export interface PeerSync {
  stop(): Promise<void>
}

/** Starts one replication loop per peer. */
export function startPeerSync(options: PeerSyncOptions): PeerSync {
  const controller = new AbortController()
  const interval = options.intervalMs ?? 5_000
  const maxBackoff = options.maxBackoffMs ?? 60_000
  const wakers = new Set<() => void>()
  let nudge: ReturnType<typeof setTimeout> | null = null
  const unlisten = options.ledger.onAppend(() => {
    // Appends come in bursts while a pass pulls: wake the loops once things settle a little.
    nudge ??= setTimeout(() => {
      nudge = null
      for (const wake of wakers) wake()
    }, 200)
  })
  const sleep = (ms: number, wakeable: boolean): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        wakers.delete(done)
        controller.signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      if (wakeable) wakers.add(done)
      controller.signal.addEventListener('abort', done)
    })

  const loop = async (peer: string): Promise<void> => {
    let failures = 0
    while (!controller.signal.aborted) {
      try {
        const reports = await syncWithPeer(options.ledger, peer, {
          ...(options.spaces === undefined ? {} : { spaces: options.spaces }),
          ...(options.replicationKeys === undefined
            ? {}
            : { replicationKeys: options.replicationKeys }),
          signal: controller.signal,
        })
        failures = 0
        options.onPass?.(peer, { reports })
        await sleep(interval, true)
      } catch (error) {
        if (controller.signal.aborted) break
        failures += 1
        const retryInMs = Math.min(maxBackoff, 1_000 * 2 ** Math.min(failures - 1, 16))
        options.onPass?.(peer, { error: error as Error, retryInMs })
        await sleep(retryInMs, false)
      }
    }
  }
  const loops = options.peers.map((peer) => loop(peer))
  return {
    async stop() {
      controller.abort()
      unlisten()
      if (nudge !== null) clearTimeout(nudge)
      await Promise.allSettled(loops)
    },
  }
}
