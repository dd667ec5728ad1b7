// @veche/store/local: the SQLite store in a data folder and the ledger over it, for a command that
// reads or appends to its own folder (`veche show`): without the PostgreSQL adapter, the
// whole-log verifier, blind RSA or the store's key (whose header is parsed with zod), which
// together cost such a command more to load than its work. The same modules as the main entry,
// so both may be imported at once.
export * from './event-store.js'
export { Ledger } from './ledger.js'
export type {
  AppendListener,
  LedgerOptions,
  SubmitOptions,
  SubmitOutcome,
  SubmitReport,
} from './ledger.js'
export { openSqliteStore, StoreLockedError } from './sqlite-event-store.js'
export type { SqliteStoreOptions } from './sqlite-event-store.js'
export { createParallelVerifier } from './parallel-verifier.js'
export type { ParallelVerifier } from './parallel-verifier.js'
export { makePrivateFolder } from './private-files.js'
export { storeKeyHeaderFile } from './store-key-header-file.js'
