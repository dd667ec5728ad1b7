// The event store adapters, re-exported by the package index: the embedded SQLite store and the
// PostgreSQL store, both implementing the `EventStore` port of ./event-store.ts. The PostgreSQL
// driver loads only when a PostgreSQL store is opened: most commands never need it, and loading
// it was a third of every `veche` command's start.
import type { EventStore } from './event-store.js'
import type { PostgresStoreOptions } from './postgres-event-store.js'

export { openSqliteStore, StoreLockedError } from './sqlite-event-store.js'
export type { SqliteStoreOptions } from './sqlite-event-store.js'
export { openBallotsFile, postgresBallotsFileName } from './ballots-file.js'
export { appendChannel } from './append-channel.js'
export type { BallotsFile } from './ballots-file.js'
export type { PostgresStoreOptions } from './postgres-event-store.js'

/** Opens (and migrates) the PostgreSQL store at `url`; see ./postgres-event-store.ts. */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<EventStore> {
  const { openPostgresStore: open } = await import('./postgres-event-store.js')
  return open(url, options)
}
