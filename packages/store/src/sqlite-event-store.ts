// The embedded event store: one SQLite file through better-sqlite3-multiple-ciphers (better-sqlite3
// with SQLCipher; encrypted when opened with a key, store-key.ts). Invariants: the file is in WAL
// mode, and an append is on disk when its promise resolves (the log is synced after each commit,
// on libuv's thread pool, and no other call on the store runs before that sync is done, but those
// of its one writer's `unsyncedReader`, which checks the next append meanwhile); each append
// is one IMMEDIATE transaction, so a batch is wholly stored or wholly absent, even if the process
// is killed mid-write (held secret ballots are the exception: they live in a file of their own,
// `<file>-ballots`, rebuilt in id order after every write, and are written first, in their own
// transaction); `position` (the rowid) grows with every event and is never reused, since
// events are never deleted. The schema is versioned with `PRAGMA user_version` and migrated
// forward only; a file from a newer Veche is refused rather than misread.
import { closeSync, existsSync, fdatasync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3-multiple-ciphers'
import type { EventId, SpaceId } from '@veche/core'
import type {
  AppendExtras,
  BallotBoxSummary,
  EventStore,
  HasOptions,
  HeldBallot,
  NewEvent,
  PendingEvent,
  PendingFilter,
  ReadOptions,
  SpaceSyncState,
  StoredEvent,
  StoredHead,
  VersionVector,
} from './event-store.js'
import { isDiskFull, StoreConflictError, StoreFullError, staleConflict } from './event-store.js'
import { chunk, readPaged } from './paged-read.js'
import {
  attachBallotsFile,
  ballotsFileOf,
  canonicaliseBallots,
  prepareBallotReads,
  prepareBallotWrite,
  rawKeyText,
} from './ballots-file.js'
import { toHeads, toVector } from './version-vector.js'
import { toSyncStates } from './sync-states.js'
import type { SpaceHeadRow, SpaceIdRow } from './sync-states.js'
import type { VectorRow } from './version-vector.js'
import { duplicateIdConflict, duplicateSeqConflict } from './store-conflict.js'
import { tightenFile, touchPrivateFile } from './private-files.js'

/** Schema migrations, oldest first: entry i brings the file from version i to version i + 1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL,
     UNIQUE (space, author, seq)
   ) STRICT;
   CREATE INDEX events_space_position ON events (space, position);`,
  // 2: fork evidence, and events parked until what they depend on arrives.
  `CREATE TABLE forks (
     id TEXT PRIMARY KEY,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL
   ) STRICT;
   CREATE INDEX forks_space ON forks (space);
   CREATE TABLE pending (
     n INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL,
     code TEXT NOT NULL
   ) STRICT;
   CREATE INDEX pending_space ON pending (space, n);`,
  // 3: secret ballots, held by id with no rowid, position or time (docs/secret-ballot.md).
  `CREATE TABLE secret_ballots (
     id TEXT PRIMARY KEY,
     space TEXT NOT NULL,
     poll TEXT NOT NULL,
     json TEXT NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX secret_ballots_poll ON secret_ballots (space, poll, id);`,
  // 4: held events expire (`at`, when first held) and are counted per author, per seq and as
  // strangers (authors without standing in their space), for the limits in pending-events.ts.
  `ALTER TABLE pending ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE pending ADD COLUMN stranger INTEGER NOT NULL DEFAULT 0;
   UPDATE pending SET at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
   CREATE INDEX pending_author ON pending (space, author, seq);
   CREATE INDEX pending_at ON pending (at);
   CREATE INDEX pending_strangers ON pending (space) WHERE stranger = 1;`,
  // 5: held secret ballots move to their own file (the `ballots` schema, see openBallotsFile),
  // which is rebuilt from its rows sorted by id after every write; the main file's copy is
  // dropped with secure_delete on, so its pages are zeroed.
  `INSERT OR IGNORE INTO ballots.secret_ballots (id, space, poll, json)
     SELECT id, space, poll, json FROM main.secret_ballots ORDER BY id;
   DROP TABLE main.secret_ballots;`,
]

export { ballotsFileOf } from './ballots-file.js'

/**
 * Attaches the held ballots' file beside the store, `<file>-ballots`, as schema \`ballots\`
 * (ballots-file.ts). Held secret ballots are kept apart from the log (docs/secret-ballot.md,
 * "Storage") in a file rebuilt in id order after every write; an encrypted store's ballots are
 * encrypted under the same key. Dropped rows of the main file are zeroed (secure_delete).
 */
function openBallotsFile(db: Database.Database, file: string, key: Uint8Array | undefined): void {
  attachBallotsFile(db, ballotsFileOf(file), key)
  db.pragma('main.secure_delete = ON')
}

/** How long a write waits for another connection (or process) to finish its own, in ms. */
const BUSY_TIMEOUT_MS = 10_000
/** Ids per `has` and `pendingByIds` query. */
const HAS_CHUNK = 5000

interface PendingRow extends Omit<PendingEvent, 'stranger'> {
  readonly stranger: number
}

function pendingEvent(row: PendingRow): PendingEvent {
  return { ...row, stranger: row.stranger === 1 }
}

/** The WHERE clauses and values of a pending filter (SQLite placeholders). */
function pendingWhere(filter: PendingFilter): { clauses: string[]; values: (string | number)[] } {
  const clauses: string[] = []
  const values: (string | number)[] = []
  if (filter.space !== undefined) {
    clauses.push('space = ?')
    values.push(filter.space)
  }
  if (filter.author !== undefined) {
    clauses.push('author = ?')
    values.push(filter.author)
  }
  if (filter.seq !== undefined) {
    clauses.push('seq = ?')
    values.push(filter.seq)
  }
  if (filter.stranger !== undefined) {
    clauses.push('stranger = ?')
    values.push(filter.stranger ? 1 : 0)
  }
  if (filter.before !== undefined) {
    clauses.push('at < ?')
    values.push(filter.before)
  }
  return { clauses, values }
}

interface Row {
  readonly position: number
  readonly id: string
  readonly space: string
  readonly json: string
}

/**
 * Opens (creating if needed) the SQLite event store in `file`. The folder must exist. Rejects if
 * the file is not a Veche store or was written by a newer version of Veche.
 */
/** How to open a SQLite store. */
export interface SqliteStoreOptions {
  /**
   * The 32-byte key of an encrypted store (store-key.ts derives it), or of a new store to create
   * encrypted. Without it the file is read as plain SQLite.
   */
  readonly key?: Uint8Array
}

export async function openSqliteStore(
  file: string,
  options: SqliteStoreOptions = {},
): Promise<EventStore> {
  // Switching a new file to WAL needs a lock that SQLite does not wait for (no busy handler), so
  // when several processes open a new file at once, the losers retry here.
  const deadline = Date.now() + BUSY_TIMEOUT_MS
  for (;;) {
    try {
      return new SqliteEventStore(file, openDatabase(file, options.key))
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error
      await sleep(10 + Math.random() * 40)
    }
  }
}

function isBusy(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined
  return cause instanceof Database.SqliteError && cause.code === 'SQLITE_BUSY'
}

/** Applies SQLCipher 4 with the raw `key` to a connection, before it reads anything. */
export function applyStoreKey(db: Database.Database, key: Uint8Array): void {
  if (key.length !== 32) throw new Error('a store key is 32 bytes')
  db.pragma(`cipher = 'sqlcipher'`)
  db.pragma('legacy = 4')
  db.pragma(`key = "${rawKeyText(key)}"`)
}

/** The file is encrypted and the key given (or none) does not open it. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError'
}

function openDatabase(file: string, key: Uint8Array | undefined): Database.Database {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) {
    throw new Error(`the event store must be a file path, got ${JSON.stringify(file)}`)
  }
  const folder = dirname(resolve(file))
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`cannot open the event store ${file}: the folder ${folder} does not exist`)
  }
  let db: Database.Database | undefined
  try {
    // SQLite gives the -wal and -shm files the mode of the database file, whatever the umask.
    touchPrivateFile(file)
    for (const suffix of ['-wal', '-shm']) tightenFile(`${file}${suffix}`)
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
    if (key !== undefined) applyStoreKey(db, key)
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (error) {
      if (!(error instanceof Database.SqliteError) || error.code !== 'SQLITE_NOTADB') throw error
      throw new StoreLockedError(
        key === undefined
          ? `cannot open the event store ${file}: file is not a database, or it is encrypted and needs its key`
          : `cannot open the event store ${file}: the key does not open it (a wrong passphrase or key file?)`,
      )
    }
    const mode: unknown = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)})`)
    db.pragma('synchronous = FULL')
    openBallotsFile(db, file, key)
    migrate(db, file)
    // A write of ballots cut off before its rebuild (a crash) leaves their arrival order in the
    // file until the next one: rebuild it now.
    canonicaliseBallots(db)
    // From here on a commit writes the log without an fsync: the store syncs it itself after each
    // write, off the event loop, before the write resolves (see SqliteEventStore.#durable). The
    // held ballots' file keeps FULL (its own journal, synced in its commit).
    db.pragma('main.synchronous = NORMAL')
    return db
  } catch (error) {
    db?.close()
    if (error instanceof SchemaVersionError || error instanceof StoreLockedError) throw error
    throw new Error(`cannot open the event store ${file}: ${messageOf(error)}`, { cause: error })
  }
}

/** The file was written by a newer Veche. */
class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError'
}

function migrate(db: Database.Database, file: string): void {
  const current = () => db.pragma('user_version', { simple: true }) as number
  if (current() === MIGRATIONS.length) return
  // IMMEDIATE: two processes opening a new file at once must not both run the migrations.
  db.transaction(() => {
    const version = current()
    if (version > MIGRATIONS.length) {
      throw new SchemaVersionError(
        `the event store ${file} has schema version ${version}, but this Veche knows versions up ` +
          `to ${MIGRATIONS.length}: open it with a newer Veche`,
      )
    }
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index < version) continue
      db.exec(sql)
      db.pragma(`user_version = ${index + 1}`)
    }
  }).immediate()
}

class SqliteEventStore implements EventStore {
  readonly #file: string
  readonly #db: Database.Database
  readonly #appendBatch: (
    events: readonly NewEvent[],
    expected: ReadonlyMap<SpaceId, number> | undefined,
    extras: AppendExtras,
  ) => number[]
  readonly #forks
  readonly #pending
  readonly #pendingAll
  readonly #pendingByIds
  /** Prepared count and delete statements, by the fields of the filter they take. */
  readonly #filtered = new Map<string, Database.Statement>()
  readonly #get
  readonly #has
  readonly #hasLogged
  readonly #held
  readonly #page
  readonly #pageAll
  readonly #count
  readonly #countAll
  readonly #spaces
  readonly #vector
  readonly #vectorAll
  readonly #heads
  readonly #syncRows
  readonly #pageMissing
  /** The write-ahead log, opened at the first append, for its sync (#durable). */
  #wal: number | null = null
  /** Settles when every call made so far has; null when none is waiting (#settle). */
  #queue: Promise<void> | null = null
  /** Set when a sync failed: every call fails with it. */
  #broken: Error | null = null
  /** For an unsynced reader (unsyncedReader): the store it reads, whose writes and failure it takes. */
  readonly #owner: SqliteEventStore | null
  #reader: SqliteEventStore | null = null

  constructor(file: string, db: Database.Database, owner: SqliteEventStore | null = null) {
    this.#file = file
    this.#db = db
    this.#owner = owner
    const insert = db.prepare<[string, string, string, number, string, string]>(
      'INSERT INTO events (id, space, author, seq, type, json) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const last = db
      .prepare<[string], number | null>('SELECT max(position) FROM events WHERE space = ?')
      .pluck()
    const keepFork = db.prepare<[string, string, string, number, string, string]>(
      'INSERT OR IGNORE INTO forks (id, space, author, seq, type, json) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const park = db.prepare<
      [string, string, string, number, string, string, string, number, number]
    >(
      'INSERT INTO pending (id, space, author, seq, type, json, code, at, stranger) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET code = excluded.code',
    )
    const unpark = db.prepare<[string]>('DELETE FROM pending WHERE id = ?')
    const hold = prepareBallotWrite(db)
    // Ballots are written first, in a transaction of their own: a ballot waits for nothing in the
    // log after it, while a seal written with its ballots (sync) would be broken by a crash that
    // kept the seal and lost them (a WAL file and a journaled one commit one after the other).
    const holdBallots = db.transaction(
      (ballots: readonly HeldBallot[], expected: ReadonlyMap<SpaceId, number> | undefined) => {
        for (const [space, position] of expected ?? []) {
          const actual = last.get(space) ?? 0
          if (actual !== position) throw staleConflict(space, position, actual)
        }
        hold(ballots)
      },
    )
    const batch = db.transaction(
      (
        events: readonly NewEvent[],
        expected: ReadonlyMap<SpaceId, number> | undefined,
        extras: AppendExtras,
      ) => {
        for (const [space, position] of expected ?? []) {
          const actual = last.get(space) ?? 0
          if (actual !== position) throw staleConflict(space, position, actual)
        }
        for (const e of extras.forks ?? [])
          keepFork.run(e.id, e.space, e.author, e.seq, e.type, e.json)
        for (const id of extras.unpark ?? []) unpark.run(id)
        for (const e of extras.park ?? []) {
          park.run(e.id, e.space, e.author, e.seq, e.type, e.json, e.code, e.at, e.stranger ? 1 : 0)
        }
        return events.map((event) => {
          try {
            const info = insert.run(
              event.id,
              event.space,
              event.author,
              event.seq,
              event.type,
              event.json,
            )
            return Number(info.lastInsertRowid)
          } catch (error) {
            throw conflictOrError(error, event, file)
          }
        })
      },
    )
    // IMMEDIATE takes the write lock up front, so a second connection waits (busy timeout)
    // instead of failing when its read lock cannot be upgraded.
    // A write-ahead log keeps its frames in commit order until a checkpoint; after writing secret
    // ballots it is checkpointed and truncated, so the file holds no recent arrival order of them.
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)')
    this.#appendBatch = (events, expected, extras) => {
      const ballots = extras.ballots ?? []
      let positions: number[]
      try {
        if (ballots.length > 0) holdBallots.immediate(ballots, expected)
        const rest = { ...extras, ballots: [] }
        const more =
          (extras.forks?.length ?? 0) + (extras.park?.length ?? 0) + (extras.unpark?.length ?? 0)
        positions =
          events.length > 0 || more > 0 || ballots.length === 0
            ? batch.immediate(events, expected, rest)
            : []
      } catch (error) {
        const cause = error instanceof Error && isDiskFull(error.cause) ? error.cause : error
        if (isDiskFull(cause)) throw new StoreFullError(file, { cause })
        throw error
      }
      if (ballots.length > 0) {
        canonicaliseBallots(db)
        // The ballots are committed; a checkpoint that finds the disk full is only put off.
        try {
          checkpoint.run()
        } catch (error) {
          if (!isDiskFull(error)) throw error
        }
      }
      return positions
    }
    const evidence = 'SELECT id, space, author, seq, type, json FROM forks'
    this.#forks = db.prepare<[string], NewEvent>(`${evidence} WHERE space = ? ORDER BY rowid`)
    const pending = 'SELECT id, space, author, seq, type, json, code, at, stranger FROM pending'
    this.#pending = db.prepare<[string], PendingRow>(`${pending} WHERE space = ? ORDER BY n`)
    this.#pendingAll = db.prepare<[], PendingRow>(`${pending} ORDER BY n`)
    this.#pendingByIds = db.prepare<[string], PendingRow>(
      `${pending} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY n`,
    )
    const columns = 'SELECT position, id, space, json FROM events'
    this.#get = db.prepare<[string], Row>(`${columns} WHERE id = ?`)
    this.#has = db
      .prepare<[string, string], string>(
        'SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) UNION ALL ' +
          'SELECT id FROM ballots.secret_ballots WHERE id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
    this.#hasLogged = db
      .prepare<[string], string>(
        'SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
    this.#held = prepareBallotReads(db)
    this.#page = db.prepare<[string, number, number], Row>(
      `${columns} WHERE space = ? AND position > ? ORDER BY position LIMIT ?`,
    )
    this.#pageAll = db.prepare<[number, number], Row>(
      `${columns} WHERE position > ? ORDER BY position LIMIT ?`,
    )
    this.#count = db
      .prepare<[string], number>('SELECT count(*) FROM events WHERE space = ?')
      .pluck()
    this.#countAll = db.prepare<[], number>('SELECT count(*) FROM events').pluck()
    this.#spaces = db.prepare<[], string>('SELECT DISTINCT space FROM events').pluck()
    const vector = 'SELECT space, author, max(seq) AS seq FROM events'
    this.#vector = db.prepare<[string], VectorRow>(`${vector} WHERE space = ? GROUP BY author`)
    this.#vectorAll = db.prepare<[], VectorRow>(`${vector} GROUP BY space, author`)
    // Each author's newest event: a skip-scan of the (space, author, seq) index, backwards, one
    // seek for each space and for each author's newest event, where a GROUP BY read every entry
    // (and every row, for its id). An idle sync pass reads this for every space (syncStates), so
    // its cost grows with the authors a hub holds, not with their events.
    this.#heads = db.prepare<[string], SpaceHeadRow>(headsSql('SELECT ?'))
    const headsAll = db.prepare<[], SpaceHeadRow>(
      headsSql(
        'SELECT max(space) FROM events UNION ALL ' +
          'SELECT (SELECT max(space) FROM events WHERE space < spaces.space) ' +
          'FROM spaces WHERE space IS NOT NULL',
      ),
    )
    const headsOf = this.#heads
    const forkIds = 'SELECT space, id FROM forks'
    const forkIdsAll = db.prepare<[], SpaceIdRow>(forkIds)
    const forkIdsOf = db.prepare<[string], SpaceIdRow>(`${forkIds} WHERE space = ?`)
    const heldIds = 'SELECT space, id FROM pending WHERE stranger = 0'
    const heldIdsAll = db.prepare<[], SpaceIdRow>(heldIds)
    const heldIdsOf = db.prepare<[string], SpaceIdRow>(`${heldIds} AND space = ?`)
    const held = this.#held
    this.#syncRows = (space?: SpaceId) =>
      space === undefined
        ? toSyncStates(headsAll.all(), held.ballotIds(), forkIdsAll.all(), heldIdsAll.all())
        : toSyncStates(
            headsOf.all(space),
            held.ballotIds(space),
            forkIdsOf.all(space),
            heldIdsOf.all(space),
          )
    // `known` is a JSON object author → seq; json_each gives its keys and values. Materialised
    // once per query (SQLite indexes it by author), not re-parsed for every row: with a vector of
    // a thousand authors the per-row subquery made a page of a 100,000-event space take seconds.
    this.#pageMissing = db.prepare<[string, string, number, number], Row>(
      `WITH known (author, seq) AS MATERIALIZED (SELECT key, value FROM json_each(?)) ` +
        `SELECT e.position, e.id, e.space, e.json FROM events AS e ` +
        `LEFT JOIN known AS k ON k.author = e.author ` +
        `WHERE e.space = ? AND e.position > ? AND e.seq > coalesce(k.seq, 0) ` +
        `ORDER BY e.position LIMIT ?`,
    )
  }

  append(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras: AppendExtras = {},
  ): Promise<number[]> {
    if (this.#owner !== null) return this.#owner.append(events, expected, extras)
    return this.#settle(() => {
      const positions = this.#write(events, expected, extras)
      return positions === null ? [] : this.#durable(positions)
    })
  }

  appendCommitted(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras: AppendExtras = {},
  ): Promise<{ positions: number[]; durable: Promise<void> }> {
    if (this.#owner !== null) return this.#owner.appendCommitted(events, expected, extras)
    return new Promise((resolve, reject) => {
      const synced = this.#settle(() => {
        const positions = this.#write(events, expected, extras)
        const durable = positions === null ? Promise.resolve([]) : this.#durable(positions)
        resolve({ positions: positions ?? [], durable: durable.then(() => undefined) })
        return durable
      })
      // A commit that failed (nothing was resolved yet); a failed sync rejects `durable` instead.
      synced.catch(reject)
    })
  }

  /** Commits an append without syncing it; null if there was nothing to write. */
  #write(
    events: readonly NewEvent[],
    expected: ReadonlyMap<SpaceId, number> | undefined,
    extras: AppendExtras,
  ): number[] | null {
    const more =
      (extras.forks?.length ?? 0) +
      (extras.park?.length ?? 0) +
      (extras.unpark?.length ?? 0) +
      (extras.ballots?.length ?? 0)
    return events.length > 0 || more > 0 ? this.#appendBatch(events, expected, extras) : null
  }

  unsyncedReader(): EventStore {
    if (this.#owner !== null) return this
    return (this.#reader ??= new SqliteEventStore(this.#file, this.#db, this))
  }

  /**
   * Resolves to `result` once the write-ahead log is on disk. The commit wrote it without an fsync
   * (`synchronous = NORMAL`); this is the fsync that `synchronous = FULL` would have made inside
   * the commit, on libuv's thread pool instead, so the event loop takes requests meanwhile. Until
   * it is done every other call on this store waits (see #settle): nothing read through this store
   * is not yet durable (another connection to the file may see the commit one fsync early). A poll
   * loop on a store must therefore let the event loop run between its reads. A failed sync leaves the store refusing every call (the appended events may or may
   * not be on disk, and Linux may have dropped the unwritten pages): the process must reopen it.
   */
  #durable<T>(result: T): Promise<T> {
    this.#wal ??= openSync(`${this.#file}-wal`, 'r')
    const wal = this.#wal
    return new Promise((resolve, reject) => {
      fdatasync(wal, (error) => {
        if (error === null) return resolve(result)
        this.#broken = new Error(
          `the event store ${this.#file} could not sync its write-ahead log (${error.message}); ` +
            'it refuses every call until it is opened again',
          { cause: error },
        )
        reject(this.#broken)
      })
    })
  }

  /**
   * Runs database work as a promise (a throw becomes a rejection): at once when nothing waits, and
   * otherwise after everything called before it, in call order, so that no call sees an append
   * before its sync is done (#durable).
   */
  #settle<T>(work: () => T | Promise<T>): Promise<T> {
    const run = (): T | Promise<T> => {
      const broken = (this.#owner ?? this).#broken
      if (broken !== null) throw broken
      return work()
    }
    // An unsynced reader runs every call at once (unsyncedReader).
    const queue = this.#owner === null ? this.#queue : null
    if (queue !== null) return this.#waitFor(queue.then(run))
    let result: T | Promise<T>
    try {
      result = run()
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return result instanceof Promise ? this.#waitFor(result) : Promise.resolve(result)
  }

  /** Makes the calls that come after wait for `done` (see #settle); returns it. */
  #waitFor<T>(done: Promise<T>): Promise<T> {
    const tail = done.then(
      () => undefined,
      () => undefined,
    )
    this.#queue = tail
    void tail.then(() => {
      if (this.#queue === tail) this.#queue = null
    })
    return done
  }

  forks(space: SpaceId): Promise<NewEvent[]> {
    return this.#settle(() => this.#forks.all(space))
  }

  pending(space?: SpaceId): Promise<PendingEvent[]> {
    return this.#settle(() =>
      (space === undefined ? this.#pendingAll.all() : this.#pending.all(space)).map(pendingEvent),
    )
  }

  pendingByIds(ids: readonly EventId[]): Promise<PendingEvent[]> {
    return this.#settle(() => {
      const rows: PendingRow[] = []
      for (const part of chunk(ids, HAS_CHUNK))
        rows.push(...this.#pendingByIds.all(JSON.stringify(part)))
      return rows.map(pendingEvent)
    })
  }

  countPending(filter: PendingFilter = {}): Promise<number> {
    return this.#settle(() => {
      const { statement, values } = this.#filter('SELECT count(*) FROM pending', filter)
      return (statement.pluck().get(...values) as number | undefined) ?? 0
    })
  }

  dropPending(filter: PendingFilter): Promise<EventId[]> {
    if (this.#owner !== null) return this.#owner.dropPending(filter)
    return this.#settle(() => {
      const { statement, values } = this.#filter('DELETE FROM pending', filter, ' RETURNING id')
      if (values.length === 0) throw new Error('dropPending needs a filter')
      const dropped = statement.pluck().all(...values) as EventId[]
      return dropped.length === 0 ? dropped : this.#durable(dropped)
    })
  }

  /** The statement `head WHERE <filter> tail`, prepared once per shape, and its values. */
  #filter(
    head: string,
    filter: PendingFilter,
    tail = '',
  ): { statement: Database.Statement; values: (string | number)[] } {
    const { clauses, values } = pendingWhere(filter)
    const sql = `${head}${clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`}${tail}`
    let statement = this.#filtered.get(sql)
    if (statement === undefined) {
      statement = this.#db.prepare(sql)
      this.#filtered.set(sql, statement)
    }
    return { statement, values }
  }

  has(ids: readonly EventId[], options: HasOptions = {}): Promise<Set<EventId>> {
    const held = options.heldBallots ?? true
    const look = (): Set<EventId> => {
      const found = new Set<EventId>()
      for (const part of chunk(ids, HAS_CHUNK)) {
        const json = JSON.stringify(part)
        const rows = held ? this.#has.all(json, json) : this.#hasLogged.all(json)
        for (const id of rows) found.add(id as EventId)
      }
      return found
    }
    // Not queued behind a sync (HasOptions.unsynced): the connection sees every commit made.
    return options.unsynced === true
      ? this.unsyncedReader().has(ids, { heldBallots: held })
      : this.#settle(look)
  }

  ballots(space: SpaceId, poll?: EventId): Promise<HeldBallot[]> {
    return this.#settle(() => this.#held.ballots(space, poll))
  }

  countBallots(space: SpaceId): Promise<number> {
    return this.#settle(() => this.#held.countBallots(space))
  }

  ballotBoxes(space: SpaceId): Promise<BallotBoxSummary[]> {
    return this.#settle(() => this.#held.ballotBoxes(space))
  }

  get(id: EventId): Promise<StoredEvent | null> {
    return this.#settle(() => {
      const row = this.#get.get(id)
      return row === undefined ? null : storedEvent(row)
    })
  }

  read(space: SpaceId, options?: ReadOptions): AsyncIterable<StoredEvent> {
    return readPaged(
      (after, limit) => this.#settle(() => this.#page.all(space, after, limit).map(storedEvent)),
      options,
    )
  }

  readAll(options?: ReadOptions): AsyncIterable<StoredEvent> {
    return readPaged(
      (after, limit) => this.#settle(() => this.#pageAll.all(after, limit).map(storedEvent)),
      options,
    )
  }

  vector(space?: SpaceId): Promise<VersionVector> {
    return this.#settle(() =>
      toVector(space === undefined ? this.#vectorAll.all() : this.#vector.all(space)),
    )
  }

  heads(space: SpaceId): Promise<Map<string, StoredHead>> {
    return this.#settle(() => toHeads(this.#heads.all(space)))
  }

  syncStates(space?: SpaceId): Promise<Map<SpaceId, SpaceSyncState>> {
    return this.#settle(() => this.#syncRows(space))
  }

  readMissing(
    space: SpaceId,
    known: Readonly<Record<string, number>>,
    options?: ReadOptions,
  ): AsyncIterable<StoredEvent> {
    const knownJson = JSON.stringify(known)
    return readPaged(
      (after, limit) =>
        this.#settle(() => this.#pageMissing.all(knownJson, space, after, limit).map(storedEvent)),
      options,
    )
  }

  spaces(): Promise<SpaceId[]> {
    return this.#settle(() => (this.#spaces.all() as SpaceId[]).sort())
  }

  count(space?: SpaceId): Promise<number> {
    return this.#settle(
      () => (space === undefined ? this.#countAll.get() : this.#count.get(space)) ?? 0,
    )
  }

  close(): Promise<void> {
    if (this.#owner !== null) return this.#owner.close()
    const close = (): void => {
      if (this.#db.open) this.#db.close()
      if (this.#wal !== null) closeSync(this.#wal)
      this.#wal = null
    }
    // A store whose sync failed still closes.
    return this.#broken === null
      ? this.#settle(close)
      : (this.#queue ?? Promise.resolve()).then(close)
  }

  toString(): string {
    return `SQLite event store ${this.#file}`
  }
}

/**
 * The query of each author's newest event (space, author, seq, id, sorted by space and author) in
 * the spaces `spaces` gives (a query of one column, which may read the CTE `spaces` it defines):
 * per space, its last author's newest event is the last entry of the space in the index, and each
 * author's before it is the last entry below that author, one seek each (the position, then the
 * row by its rowid).
 */
function headsSql(spaces: string): string {
  const newest = 'SELECT e.position FROM events AS e WHERE e.space ='
  const order = 'ORDER BY e.author DESC, e.seq DESC LIMIT 1'
  return (
    `WITH RECURSIVE spaces (space) AS (${spaces}), h (space, position) AS (` +
    `SELECT space, (${newest} spaces.space ${order}) FROM spaces WHERE space IS NOT NULL ` +
    `UNION ALL SELECT h.space, (${newest} h.space AND e.author < ` +
    `(SELECT p.author FROM events AS p WHERE p.position = h.position) ${order}) ` +
    'FROM h WHERE h.position IS NOT NULL) ' +
    // CROSS JOIN: SQLite then reads h first, and each row by its rowid.
    'SELECT e.space, e.author, e.seq, e.id FROM h CROSS JOIN events AS e ' +
    'ON e.position = h.position ORDER BY e.space, e.author'
  )
}

function storedEvent(row: Row): StoredEvent {
  return {
    position: row.position,
    id: row.id as EventId,
    space: row.space as SpaceId,
    json: row.json,
  }
}

function conflictOrError(error: unknown, event: NewEvent, file: string): Error {
  if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    if (error.message.includes('events.id')) return duplicateIdConflict(event.id, error)
    if (error.message.includes('events.seq')) return duplicateSeqConflict(event, error)
  }
  if (error instanceof StoreConflictError) return error
  return new Error(`could not append event ${event.id} to ${file}: ${messageOf(error)}`, {
    cause: error,
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
