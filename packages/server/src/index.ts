// @veche/server: the hub. An HTTP API over the ledger and its store, live streams of events, and
// the PostgreSQL notifier that lets several hub processes share one database.
export * from './append-notifier.js'
export * from './author-rate-limit.js'
export * from './hub.js'
export * from './hub-metrics.js'
export * from './live-feed.js'
export * from './postgres-notifier.js'
export * from './problem.js'
export * from './read-tokens.js'
export * from './replication-keys.js'
export * from './sync-client.js'
export * from './peer-sync.js'
export * from './statement-evidence.js'
