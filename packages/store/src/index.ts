// @veche/store: the EventStore port with its SQLite and PostgreSQL adapters, the ledger through
// which every event enters a store, and Ed25519 and voting credentials on Node.
export * from './event-store.js'
export * from './ledger.js'
export * from './node-ed25519.js'
export * from './node-blind-rsa.js'
export * from './store-unreachable.js'
export * from './verify-store.js'
export * from './version-vector.js'
export * from './adapters.js'
export * from './parallel-verifier.js'
export * from './private-files.js'
export * from './store-key.js'
export * from './sqlite-encryption.js'
