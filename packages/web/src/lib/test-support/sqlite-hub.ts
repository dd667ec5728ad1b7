// A real hub on a fresh SQLite store, listening on loopback, for tests of the app's hub client.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHub } from '@veche/server'
import type { VolumeLimitOptions } from '@veche/server'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'

export interface RunningHub {
  readonly url: string
  /** The hub's ledger and store, for tests that sync it with another hub or verify it. */
  readonly ledger: Ledger
  readonly store: EventStore
  stop(): Promise<void>
}

/**
 * `bodyLimit`: the hub's largest request body in bytes; `volumeLimit`: its quota per member and
 * space (both default to the hub's own).
 */
export async function startSqliteHub(
  options: { bodyLimit?: number; memberLimit?: number; volumeLimit?: VolumeLimitOptions } = {},
): Promise<RunningHub> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-web-hub-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const hub = await createHub({ ledger, log: false, ...options })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    ledger,
    store,
    async stop() {
      await hub.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
