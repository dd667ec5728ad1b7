// A real hub on a fresh SQLite store, listening on loopback, for tests of the app's hub client.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHub } from '@veche/server'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'

export interface RunningHub {
  readonly url: string
  stop(): Promise<void>
}

export async function startSqliteHub(): Promise<RunningHub> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-web-hub-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const hub = await createHub({ ledger: new Ledger(store, nodeVerifier), log: false })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    async stop() {
      await hub.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
