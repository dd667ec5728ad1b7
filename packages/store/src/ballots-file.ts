// The held ballots' file: secret ballots kept apart from the log in a SQLite file of their own,
// keyed by ballot id with nothing else (no rowid, position, time or batch), and rebuilt from its
// rows in id order after every write, so its bytes depend on which ballots it holds and never on
// the order they came in (docs/secret-ballot.md, "Storage"). The SQLite store attaches it to its
// own connection as schema `ballots` (its write of ballots checks the log's positions in the same
// transaction); a PostgreSQL store opens it on its own through `openBallotsFile`, beside the hub,
// because a database server keeps the order of inserts (xmin, ctid, the WAL) beyond any rebuild.
// Several processes of one machine may share one file: SQLite's locks order their writes, and a
// rebuild that finds another process holding the file is left to the next write.
import Database from 'better-sqlite3-multiple-ciphers'
import type { EventId, SpaceId } from '@veche/core'
import type { BallotBoxSummary, HeldBallot } from './event-store.js'
import { isDiskFull } from './event-store.js'
import { summariseBallotBoxes } from './ballot-boxes.js'
import type { SpaceBallotRow } from './sync-states.js'
import { chunk } from './paged-read.js'
import { tightenFile, touchPrivateFile } from './private-files.js'

/** Page size of the held ballots' file (see attachBallotsFile). */
const BALLOTS_PAGE_SIZE = 65_536
/** How long a write waits for another connection (or process) to finish its own, in ms. */
const BUSY_TIMEOUT_MS = 10_000
/** Ids per `has` query. */
const HAS_CHUNK = 5000

/** The held ballots' file beside a SQLite store: `<file>-ballots` (and its `-journal` while writing). */
export function ballotsFileOf(file: string): string {
  return `${file}-ballots`
}

/** The name of a PostgreSQL hub's held ballots' file in its data folder (one per schema). */
export function postgresBallotsFileName(schema: string): string {
  return `postgres-${schema}.ballots`
}

/** SQLCipher's spelling of a raw key (no key derivation of its own): x'<64 hex digits>'. */
export function rawKeyText(key: Uint8Array): string {
  return `x'${Buffer.from(key).toString('hex')}'`
}

/**
 * Attaches the held ballots' file `path` to `db` as schema \`ballots\` and creates its table. A
 * SQLite file keeps the order rows were written in (overflow pages are numbered as the file
 * grows; cells are placed in a page as they come), so after every write of ballots this file is
 * rebuilt (\`VACUUM ballots\`, canonicaliseBallots) from its rows sorted by id. Its rollback
 * journal (pre-images, deleted at commit) and secure_delete keep no other copy. With `key` the
 * file is encrypted under it (an existing encrypted file is attached only with the key named).
 */
export function attachBallotsFile(
  db: Database.Database,
  path: string,
  key: Uint8Array | undefined,
): void {
  touchPrivateFile(path)
  tightenFile(`${path}-journal`)
  if (key === undefined) db.prepare('ATTACH DATABASE ? AS ballots').run(path)
  else db.prepare('ATTACH DATABASE ? AS ballots KEY ?').run(path, rawKeyText(key))
  // Pages of 64 KiB hold a ballot (1.6 KB for one issuer) in its leaf without overflow pages, which
  // makes the rebuild 4-8 times faster than with 4 KiB pages (BENCHMARKS.md, "Secret ballots on
  // the hub"). An existing file takes the new size at its next rebuild. SQLCipher fixes an
  // encrypted file's pages at 4 KiB (legacy = 4), so an encrypted store's ballots keep those.
  if (key === undefined) db.pragma(`ballots.page_size = ${BALLOTS_PAGE_SIZE}`)
  db.pragma('ballots.journal_mode = DELETE')
  db.pragma('ballots.synchronous = FULL')
  db.pragma('ballots.secure_delete = ON')
  db.exec(`CREATE TABLE IF NOT EXISTS ballots.secret_ballots (
     id TEXT PRIMARY KEY,
     space TEXT NOT NULL,
     poll TEXT NOT NULL,
     json TEXT NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX IF NOT EXISTS ballots.secret_ballots_poll ON secret_ballots (space, poll, id);`)
}

/** Rebuilds the held ballots' file from its rows in id order; false if another process holds it. */
export function canonicaliseBallots(db: Database.Database): boolean {
  try {
    db.exec('VACUUM ballots')
    return true
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) return false
    // A full disk puts the rewrite off to the next write of ballots; what was written stands.
    if (isDiskFull(error)) return false
    throw error
  }
}

/** The statements that read the attached \`ballots\` schema, shared by both stores. */
export interface BallotReads {
  ballots(space: SpaceId, poll?: EventId): HeldBallot[]
  countBallots(space: SpaceId): number
  ballotBoxes(space: SpaceId): BallotBoxSummary[]
  /** The (space, poll, id) of every held ballot, of one space or of all, sorted so. */
  ballotIds(space?: SpaceId): SpaceBallotRow[]
  /** Which of `ids` are held ballots. */
  has(ids: readonly EventId[]): EventId[]
}

/** Prepares the reads of the held ballots attached to `db` as schema \`ballots\`. */
export function prepareBallotReads(db: Database.Database): BallotReads {
  const held = 'SELECT id, space, poll, json FROM ballots.secret_ballots'
  const all = db.prepare<[string], HeldBallot>(`${held} WHERE space = ? ORDER BY poll, id`)
  const ofPoll = db.prepare<[string, string], HeldBallot>(
    `${held} WHERE space = ? AND poll = ? ORDER BY id`,
  )
  const count = db
    .prepare<[string], number>('SELECT count(*) FROM ballots.secret_ballots WHERE space = ?')
    .pluck()
  const ids = db.prepare<[string], { poll: string; id: string }>(
    'SELECT poll, id FROM ballots.secret_ballots WHERE space = ? ORDER BY poll, id',
  )
  const idsAll = db.prepare<[], SpaceBallotRow>(
    'SELECT space, poll, id FROM ballots.secret_ballots ORDER BY space, poll, id',
  )
  const idsOf = db.prepare<[string], SpaceBallotRow>(
    'SELECT space, poll, id FROM ballots.secret_ballots WHERE space = ? ORDER BY poll, id',
  )
  const has = db
    .prepare<[string], string>(
      'SELECT id FROM ballots.secret_ballots WHERE id IN (SELECT value FROM json_each(?))',
    )
    .pluck()
  return {
    ballots: (space, poll) => (poll === undefined ? all.all(space) : ofPoll.all(space, poll)),
    countBallots: (space) => count.get(space) ?? 0,
    ballotBoxes: (space) => summariseBallotBoxes(ids.all(space)),
    ballotIds: (space) => (space === undefined ? idsAll.all() : idsOf.all(space)),
    has: (wanted) =>
      chunk(wanted, HAS_CHUNK).flatMap((part) => has.all(JSON.stringify(part))) as EventId[],
  }
}

/** Prepares the write of a group of ballots, sorted by id, into the attached \`ballots\` schema. */
export function prepareBallotWrite(
  db: Database.Database,
): (ballots: readonly HeldBallot[]) => void {
  const hold = db.prepare<[string, string, string, string]>(
    'INSERT OR IGNORE INTO ballots.secret_ballots (id, space, poll, json) VALUES (?, ?, ?, ?)',
  )
  return (ballots) => {
    // Sorted by id: until the rebuild that follows, the file shows which ballots came in this
    // group, never their order within it.
    const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : 1))
    for (const b of sorted) hold.run(b.id, b.space, b.poll, b.json)
  }
}

/** A held ballots' file opened on its own (a PostgreSQL store's, beside the hub). */
export interface BallotsFile extends BallotReads {
  /** Writes a group of ballots in one transaction of ballots only (not yet rebuilt). */
  hold(ballots: readonly HeldBallot[]): void
  /** Rebuilds the file in id order (canonicaliseBallots); false if another process holds it. */
  canonicalise(): boolean
  close(): void
}

/**
 * Opens (creating if needed) the held ballots' file at `path`, encrypted under `key` if given, in
 * the same format as a SQLite store's `<file>-ballots`, and rebuilds it (a write cut off before its
 * rebuild left arrival order in it).
 */
export function openBallotsFile(path: string, key?: Uint8Array): BallotsFile {
  // An in-memory main database with the file attached as `ballots`: the same statements, pragmas
  // and rebuild as the SQLite store's attached file.
  const db = new Database(':memory:', { timeout: BUSY_TIMEOUT_MS })
  try {
    if (key !== undefined) {
      if (key.length !== 32) throw new Error('a store key is 32 bytes')
      db.pragma(`cipher = 'sqlcipher'`)
      db.pragma('legacy = 4')
    }
    // A rebuild's temporary copy takes main's secure_delete: without it the free space of the
    // rebuilt pages kept whatever bytes the copy's memory held before.
    db.pragma('main.secure_delete = ON')
    attachBallotsFile(db, path, key)
    canonicaliseBallots(db)
  } catch (error) {
    db.close()
    throw new Error(`cannot open the held ballots' file ${path}: ${messageOf(error)}`, {
      cause: error,
    })
  }
  const write = prepareBallotWrite(db)
  const holdGroup = db.transaction(write)
  return {
    ...prepareBallotReads(db),
    hold: (ballots) => {
      if (ballots.length > 0) holdGroup.immediate(ballots)
    },
    canonicalise: () => canonicaliseBallots(db),
    close: () => {
      if (db.open) db.close()
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
