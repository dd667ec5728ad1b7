// The event store adapters, re-exported by the package index: the embedded SQLite store and the
// PostgreSQL store, both implementing the `EventStore` port of ./event-store.ts.
export { openSqliteStore } from './sqlite-event-store.js'
export { openPostgresStore } from './postgres-event-store.js'
export type { PostgresStoreOptions } from './postgres-event-store.js'
