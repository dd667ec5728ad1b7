// A hub on its own SQLite file in `dir`, listening on a loopback port, with its store and ledger
// at hand: for tests that sync real hubs with each other and then read their stores. The caller
// closes it (and removes `dir`).
import { join } from 'node:path'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { createHub } from '../hub.js'

export interface Replica {
  readonly store: EventStore
  readonly ledger: Ledger
  /** http://127.0.0.1:<port> */
  readonly url: string
  close(): Promise<void>
}

/** Starts a hub on `dir/<name>.db`. */
export async function startReplica(dir: string, name: string): Promise<Replica> {
  const store = await openSqliteStore(join(dir, `${name}.db`))
  const ledger = new Ledger(store, nodeVerifier)
  const hub = await createHub({ ledger, log: false })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    store,
    ledger,
    url,
    async close() {
      await hub.close()
      await store.close()
    },
  }
}
