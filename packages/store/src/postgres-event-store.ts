// The event store on PostgreSQL, for hubs at scale. Same contract as the SQLite store. Invariants:
// an append is one transaction with `synchronous_commit = on`, so it is on disk when the promise
// resolves and wholly stored or wholly absent; appends to one schema are serialised by a
// transaction-scoped advisory lock, so positions become visible in increasing order and a reader
// paging by `position > cursor` never skips an event that commits later with a smaller position.
// The schema is versioned in `schema_version` and migrated forward only, under another lock. Held
// secret ballots go to a SQLite file beside the hub (`ballotsFile`, ballots-file.ts), never to the
// database: a database server keeps the order of inserts (xmin, ctid, the WAL) where nothing the
// hub does can erase it (docs/secret-ballot.md, "On PostgreSQL"). Opened without a ballots file
// (the library's own tests), a schema keeps them in its `secret_ballots` table as before; once
// opened with one, that table's rows move into the file and the table is dropped, and the schema
// is refused without the file from then on. Opened to announce its appends (a hub's store), each
// append's transaction also sends the NOTIFY the other hub processes listen for, so they hear of
// events only once committed, and at no cost of a round trip of its own.
import pg from 'pg'
import type { PoolClient } from 'pg'
import type { EventId, SpaceId } from '@veche/core'
import type {
  AppendExtras,
  BallotBoxSummary,
  HeldBallot,
  EventStore,
  HasOptions,
  NewEvent,
  PendingEvent,
  PendingFilter,
  ReadOptions,
  SpaceSyncState,
  StoredEvent,
  StoredHead,
  VersionVector,
} from './event-store.js'
import {
  CAUGHT_UP_LIMIT,
  isDiskFull,
  StoreConflictError,
  StoreFullError,
  staleConflict,
} from './event-store.js'
import { chunk, readPaged } from './paged-read.js'
import { summariseBallotBoxes } from './ballot-boxes.js'
import { toSyncStates } from './sync-states.js'
import type { SpaceBallotRow, SpaceHeadRow, SpaceIdRow } from './sync-states.js'
import { openBallotsFile, postgresBallotsFileName } from './ballots-file.js'
import type { BallotsFile } from './ballots-file.js'
import { toHeads, toVector } from './version-vector.js'
import type { HeadRow, VectorRow } from './version-vector.js'
import { duplicateIdConflict, duplicateSeqConflict } from './store-conflict.js'
import { appendChannel } from './append-channel.js'

/** Schema migrations, oldest first; `{s}` stands for the quoted schema name. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE {s}.events (
     position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     id TEXT NOT NULL CONSTRAINT events_id_unique UNIQUE,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq BIGINT NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL,
     CONSTRAINT events_space_author_seq_unique UNIQUE (space, author, seq)
   );
   CREATE INDEX events_space_position ON {s}.events (space, position);`,
  // 2: fork evidence, and events parked until what they depend on arrives.
  `CREATE TABLE {s}.forks (
     n BIGINT GENERATED ALWAYS AS IDENTITY,
     id TEXT PRIMARY KEY,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq BIGINT NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX forks_space ON {s}.forks (space, n);
   CREATE TABLE {s}.pending (
     n BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     space TEXT NOT NULL,
     author TEXT NOT NULL,
     seq BIGINT NOT NULL,
     type TEXT NOT NULL,
     json TEXT NOT NULL,
     code TEXT NOT NULL
   );
   CREATE INDEX pending_space ON {s}.pending (space, n);`,
  // 3: secret ballots, held by id with no position or time (docs/secret-ballot.md).
  `CREATE TABLE {s}.secret_ballots (
     id TEXT PRIMARY KEY,
     space TEXT NOT NULL,
     poll TEXT NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX secret_ballots_poll ON {s}.secret_ballots (space, poll, id);`,
  // 4: held events expire (`at`, when first held) and are counted per author, per seq and as
  // strangers (authors without standing in their space), for the limits in pending-events.ts.
  `ALTER TABLE {s}.pending ADD COLUMN at BIGINT NOT NULL
     DEFAULT (extract(epoch FROM now()) * 1000)::bigint;
   ALTER TABLE {s}.pending ADD COLUMN stranger BOOLEAN NOT NULL DEFAULT false;
   CREATE INDEX pending_author ON {s}.pending (space, author, seq);
   CREATE INDEX pending_at ON {s}.pending (at);
   CREATE INDEX pending_strangers ON {s}.pending (space) WHERE stranger;`,
]

/** First key of the advisory locks (ASCII "Vech"); the second is a hash of the schema name. */
const APPEND_LOCK = 0x56656368
const MIGRATE_LOCK = APPEND_LOCK + 1
/** Rows per INSERT and ids per `has` query. */
const INSERT_CHUNK = 2000
const HAS_CHUNK = 10_000
const POOL_SIZE = 4

export interface PostgresStoreOptions {
  /** The schema that holds Veche's tables, created if missing. Default: `public`. */
  readonly schema?: string
  /**
   * The local file that holds this schema's secret ballots (created if missing; ballots-file.ts).
   * Every process of one hub on one machine names the same file. Without it the schema's ballots
   * stay in its `secret_ballots` table, where the database keeps their arrival order.
   */
  readonly ballotsFile?: string
  /** The 32-byte key the ballots file is encrypted under (the data folder's store key). */
  readonly ballotsKey?: Uint8Array
  /**
   * Each append sends, inside its transaction, a NOTIFY on `appendChannel(schema)` for each space
   * it wrote events to, with the space's last position (`EventStore.announcesAppends`): the hub
   * processes on this schema hear it at the commit, and never for an append rolled back.
   * Default: false.
   */
  readonly announceAppends?: boolean
}

interface EvidenceRow {
  readonly id: string
  readonly space: string
  readonly author: string
  readonly seq: string
  readonly type: string
  readonly json: string
}

interface PendingRow extends EvidenceRow {
  readonly code: string
  readonly at: string
  readonly stranger: boolean
}

function pendingEvent(row: PendingRow): PendingEvent {
  return {
    id: row.id as EventId,
    space: row.space as SpaceId,
    author: row.author,
    seq: Number(row.seq),
    type: row.type,
    json: row.json,
    code: row.code,
    at: Number(row.at),
    stranger: row.stranger,
  }
}

/** The WHERE clause (with its leading space, or empty) and values of a pending filter. */
function pendingWhere(filter: PendingFilter): {
  where: string
  values: (string | number | boolean)[]
} {
  const clauses: string[] = []
  const values: (string | number | boolean)[] = []
  const add = (clause: string, value: string | number | boolean): void => {
    values.push(value)
    clauses.push(clause.replace('?', `$${values.length}`))
  }
  if (filter.space !== undefined) add('space = ?', filter.space)
  if (filter.author !== undefined) add('author = ?', filter.author)
  if (filter.seq !== undefined) add('seq = ?', filter.seq)
  if (filter.stranger !== undefined) add('stranger = ?', filter.stranger)
  if (filter.before !== undefined) add('at < ?', filter.before)
  return { where: clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`, values }
}

/** A row of `checkedInsert`: an event inserted, or the space found stale and its last position. */
interface CheckedRow {
  readonly id: string | null
  readonly position: string
  readonly stale_space: string | null
  readonly stale_expected: string | null
}

interface Row {
  readonly position: string
  readonly id: string
  readonly space: string
  readonly json: string
}

/**
 * Opens the event store in a PostgreSQL database (`postgres://user@host:port/db`), creating or
 * migrating its tables. Rejects if the database cannot be reached or was written by a newer Veche.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<EventStore> {
  const schema = options.schema ?? 'public'
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`the PostgreSQL schema name must be letters, digits and _, got ${schema}`)
  }
  // Pipelined: a connection sends each query at once, without waiting for the answer to the one
  // before, so an append's transaction goes out in one round trip (`#appendPipelined`).
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    application_name: 'veche',
    pipeline: true,
  })
  // An idle connection that drops is removed by the pool; the next query reports the failure.
  pool.on('error', () => undefined)
  let ballots: BallotsFile | null = null
  let mode: BallotsFile | 'table' | 'none'
  try {
    await migrate(pool, schema)
    if (options.ballotsFile !== undefined) {
      ballots = openBallotsFile(options.ballotsFile, options.ballotsKey)
      await moveHeldBallots(pool, schema, ballots)
      mode = ballots
    } else if (await hasBallotsTable(pool, schema)) {
      mode = 'table'
    } else if (await hasSecretPolls(pool, schema)) {
      throw new BallotsFileMissingError(
        `the PostgreSQL schema ${schema} has secret polls, and their ballots are held in a file ` +
          'beside the hub, not in the database: give that file (veche keeps it in the data ' +
          `folder, DATA/${postgresBallotsFileName(schema)}; --ballots-file names another)`,
      )
    } else {
      // Its ballots went to a file, but its log has no secret poll (a restored backup verified
      // elsewhere): it holds no ballots and takes none.
      mode = 'none'
    }
  } catch (error) {
    ballots?.close()
    await pool.end().catch(() => undefined)
    if (error instanceof SchemaVersionError || error instanceof BallotsFileMissingError) throw error
    throw new Error(
      `cannot open the PostgreSQL event store at ${redact(url)}: ${messageOf(error)}`,
      { cause: error },
    )
  }
  return new PostgresEventStore(pool, schema, mode, options.announceAppends === true)
}

/** The schema's ballots are in a file beside the hub, and none was given. */
export class BallotsFileMissingError extends Error {
  override readonly name = 'BallotsFileMissingError'
}

async function hasSecretPolls(pool: pg.Pool, schema: string): Promise<boolean> {
  const found = await pool.query(
    `SELECT 1 FROM ${pg.escapeIdentifier(schema)}.events WHERE type = 'secret.poll-opened' LIMIT 1`,
  )
  return found.rows.length > 0
}

async function hasBallotsTable(pool: pg.Pool, schema: string): Promise<boolean> {
  const found = await pool.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'secret_ballots'`,
    [schema],
  )
  return found.rows.length > 0
}

/**
 * Moves the rows of the schema's `secret_ballots` table (a hub that held its ballots in the
 * database) into the ballots file, in id order, rebuilds the file, then drops the table; under the
 * migration lock, so two processes opening at once move them once. A crash between the file's
 * write and the drop moves them again at the next open (a ballot is held once, by id).
 */
async function moveHeldBallots(pool: pg.Pool, schema: string, file: BallotsFile): Promise<void> {
  if (!(await hasBallotsTable(pool, schema))) return
  const s = pg.escapeIdentifier(schema)
  await inTransaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [MIGRATE_LOCK, lockKey(schema)])
    const table = await client.query(
      `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'secret_ballots'`,
      [schema],
    )
    if (table.rows.length === 0) return
    const rows = await client.query<HeldBallot>(
      `SELECT id, space, poll, json FROM ${s}.secret_ballots ORDER BY id COLLATE "C"`,
    )
    file.hold(rows.rows)
    file.canonicalise()
    await client.query(`DROP TABLE ${s}.secret_ballots`)
  })
}

/** The schema was written by a newer Veche. */
class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError'
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const s = pg.escapeIdentifier(schema)
  await inTransaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [MIGRATE_LOCK, lockKey(schema)])
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the database's CREATE right even if it exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rows.length === 0) await client.query(`CREATE SCHEMA ${s}`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (version INTEGER NOT NULL)`)
    const found = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_version`)
    const version = found.rows[0]?.version ?? 0
    if (found.rows.length === 0) await client.query(`INSERT INTO ${s}.schema_version VALUES (0)`)
    if (version > MIGRATIONS.length) {
      throw new SchemaVersionError(
        `the PostgreSQL schema ${schema} has Veche schema version ${version}, but this Veche knows ` +
          `versions up to ${MIGRATIONS.length}: open it with a newer Veche`,
      )
    }
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index < version) continue
      await client.query(sql.replaceAll('{s}', s))
      await client.query(`UPDATE ${s}.schema_version SET version = $1`, [index + 1])
    }
  })
}

class PostgresEventStore implements EventStore {
  readonly announcesAppends: boolean
  readonly #pool: pg.Pool
  readonly #schema: string
  readonly #lock: number
  /** The channel each append notifies, or null when appends are not announced. */
  readonly #channel: string | null
  readonly #sql: Readonly<
    Record<
      | 'begin'
      | 'insert'
      | 'checkedInsert'
      | 'last'
      | 'get'
      | 'has'
      | 'hasLogged'
      | 'hasAndAfter'
      | 'hasLoggedAndAfter'
      | 'page'
      | 'pageAll'
      | 'vector'
      | 'vectorAll'
      | 'heads'
      | 'headsAll'
      | 'missing',
      string
    >
  >
  readonly #s: string
  /** The held ballots' file, or null when the schema keeps them in its table or holds none. */
  readonly #ballotsFile: BallotsFile | null
  /** Opened without its ballots' file, on a schema with no secret poll: ballots are refused. */
  readonly #holdsNoBallots: boolean
  #closed = false

  constructor(
    pool: pg.Pool,
    schema: string,
    ballots: BallotsFile | 'table' | 'none',
    announce: boolean,
  ) {
    this.#pool = pool
    this.#schema = schema
    this.#channel = announce ? appendChannel(schema) : null
    this.announcesAppends = announce
    this.#ballotsFile = typeof ballots === 'string' ? null : ballots
    this.#holdsNoBallots = ballots === 'none'
    const ballotsTable = ballots === 'table'
    this.#lock = lockKey(schema)
    const s = (this.#s = pg.escapeIdentifier(schema))
    const columns = `SELECT position, id, space, json FROM ${s}.events`
    // WITH ORDINALITY … ORDER BY keeps the batch's order in the identity values it is given.
    const batch =
      `INSERT INTO ${s}.events (id, space, author, seq, type, json) ` +
      `SELECT id, space, author, seq, type, json FROM unnest(` +
      `$1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[]) ` +
      `WITH ORDINALITY AS batch (id, space, author, seq, type, json, n)`
    this.#sql = {
      // The transaction opens with its settings and the append lock in one message.
      begin: `BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(${APPEND_LOCK}, ${this.#lock})`,
      insert: `${batch} ORDER BY n RETURNING id, position`,
      // The insert that checks the positions expected ($7 spaces, $8 positions) first, in its own
      // snapshot, taken after the append lock was granted: if one differs it inserts nothing and
      // returns the first such space (in the order given) with its last position instead.
      checkedInsert:
        `WITH expected AS (SELECT e.space, e.position, e.n, coalesce((SELECT max(v.position) ` +
        `FROM ${s}.events v WHERE v.space = e.space), 0) AS actual ` +
        `FROM unnest($7::text[], $8::bigint[]) WITH ORDINALITY AS e (space, position, n)), ` +
        `stale AS (SELECT space, position, actual, n FROM expected WHERE actual <> position), ` +
        `inserted AS (${batch} WHERE NOT EXISTS (SELECT FROM stale) ORDER BY n ` +
        `RETURNING id, position, space) ` +
        (announce
          ? // Each space written and its last position, to the channel $9 (heard at the commit):
            // read whole by the join below whenever anything was inserted.
            `, told AS (SELECT count(pg_notify($9, space || ' ' || last)) AS n FROM ` +
            `(SELECT space, max(position) AS last FROM inserted GROUP BY space) AS l) ` +
            `SELECT id, position, NULL AS stale_space, NULL AS stale_expected FROM inserted, told `
          : `SELECT id, position, NULL AS stale_space, NULL AS stale_expected FROM inserted `) +
        `UNION ALL (SELECT NULL, actual, space, position FROM stale ORDER BY n LIMIT 1)`,
      last: `SELECT space, max(position) AS position FROM ${s}.events WHERE space = ANY($1::text[]) GROUP BY space`,
      get: `${columns} WHERE id = $1`,
      hasLogged: `SELECT id FROM ${s}.events WHERE id = ANY($1::text[])`,
      has:
        `SELECT id FROM ${s}.events WHERE id = ANY($1::text[])` +
        (ballotsTable
          ? ` UNION ALL SELECT id FROM ${s}.secret_ballots WHERE id = ANY($1::text[])`
          : ''),
      // `has` ($1) and each space's events after a position ($2 spaces, $3 positions, at most $4
      // a space), in one statement: one round trip, one snapshot. A look-up's rows have no position.
      hasAndAfter: hasAndAfterSql(s, ballotsTable),
      hasLoggedAndAfter: hasAndAfterSql(s, false),
      page: `${columns} WHERE space = $1 AND position > $2 ORDER BY position LIMIT $3`,
      pageAll: `${columns} WHERE position > $1 ORDER BY position LIMIT $2`,
      vector: `SELECT space, author, max(seq) AS seq FROM ${s}.events WHERE space = $1 GROUP BY space, author`,
      vectorAll: `SELECT space, author, max(seq) AS seq FROM ${s}.events GROUP BY space, author`,
      heads: headsSql(s, true),
      headsAll: headsSql(s, false),
      missing:
        `SELECT e.position, e.id, e.space, e.json FROM ${s}.events e ` +
        `LEFT JOIN unnest($2::text[], $3::bigint[]) AS k (author, seq) ON k.author = e.author ` +
        `WHERE e.space = $1 AND e.position > $4 AND e.seq > coalesce(k.seq, 0) ` +
        `ORDER BY e.position LIMIT $5`,
    }
  }

  async append(
    events: readonly NewEvent[],
    expected?: ReadonlyMap<SpaceId, number>,
    extras: AppendExtras = {},
  ): Promise<number[]> {
    const forks = extras.forks ?? []
    const park = extras.park ?? []
    const unpark = extras.unpark ?? []
    // Sorted by id, so the order rows are written in says nothing of the order ballots arrived in.
    const ballots = [...(extras.ballots ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))
    if (events.length === 0 && forks.length + park.length + unpark.length + ballots.length === 0)
      return []
    const positions = new Map<string, number>()
    let heldInFile = false
    if (ballots.length > 0 && this.#holdsNoBallots) {
      throw new Error(
        `the PostgreSQL event store (schema ${this.#schema}) was opened without its ballots file ` +
          'and cannot hold secret ballots',
      )
    }
    try {
      if (forks.length + park.length + unpark.length + ballots.length === 0) {
        if (events.length <= INSERT_CHUNK) return await this.#appendPipelined(events, expected)
      }
      // Anything beside the events (or events past one INSERT) is written statement by statement:
      // ballots go to their file only once the positions are known to be the ones expected.
      await inTransaction(this.#pool, this.#sql.begin, async (client) => {
        if (expected !== undefined && expected.size > 0) {
          const found = await client.query<{ space: string; position: string }>(this.#sql.last, [
            [...expected.keys()],
          ])
          const actual = new Map(found.rows.map((r) => [r.space, Number(r.position)]))
          for (const [space, position] of expected) {
            if ((actual.get(space) ?? 0) !== position) {
              throw staleConflict(space, position, actual.get(space) ?? 0)
            }
          }
        }
        const s = this.#s
        const rows = (list: readonly NewEvent[]) => [
          list.map((e) => e.id),
          list.map((e) => e.space),
          list.map((e) => e.author),
          list.map((e) => e.seq),
          list.map((e) => e.type),
          list.map((e) => e.json),
        ]
        if (forks.length > 0) {
          await client.query(
            `INSERT INTO ${s}.forks (id, space, author, seq, type, json) ` +
              `SELECT id, space, author, seq, type, json FROM unnest(` +
              `$1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[]) ` +
              `WITH ORDINALITY AS b (id, space, author, seq, type, json, n) ORDER BY n ` +
              `ON CONFLICT (id) DO NOTHING`,
            rows(forks),
          )
        }
        if (unpark.length > 0) {
          await client.query(`DELETE FROM ${s}.pending WHERE id = ANY($1::text[])`, [unpark])
        }
        if (park.length > 0) {
          await client.query(
            `INSERT INTO ${s}.pending (id, space, author, seq, type, json, code, at, stranger) ` +
              `SELECT id, space, author, seq, type, json, code, at, stranger FROM unnest(` +
              `$1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], ` +
              `$8::bigint[], $9::boolean[]) ` +
              `WITH ORDINALITY AS b (id, space, author, seq, type, json, code, at, stranger, n) ` +
              `ORDER BY n ON CONFLICT (id) DO UPDATE SET code = excluded.code`,
            [
              ...rows(park),
              park.map((e) => e.code),
              park.map((e) => e.at),
              park.map((e) => e.stranger),
            ],
          )
        }
        if (ballots.length > 0 && this.#ballotsFile !== null) {
          // Into the file, in a transaction of ballots only, while the append lock is held and
          // the positions expected are checked (as the SQLite store does); rebuilt below.
          this.#ballotsFile.hold(ballots)
          heldInFile = true
        } else if (ballots.length > 0) {
          await client.query(
            `INSERT INTO ${s}.secret_ballots (id, space, poll, json) ` +
              `SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ` +
              `ON CONFLICT (id) DO NOTHING`,
            [
              ballots.map((b) => b.id),
              ballots.map((b) => b.space),
              ballots.map((b) => b.poll),
              ballots.map((b) => b.json),
            ],
          )
        }
        for (const part of chunk(events, INSERT_CHUNK)) {
          const inserted = await client.query<{ id: string; position: string }>(this.#sql.insert, [
            part.map((e) => e.id),
            part.map((e) => e.space),
            part.map((e) => e.author),
            part.map((e) => e.seq),
            part.map((e) => e.type),
            part.map((e) => e.json),
          ])
          for (const row of inserted.rows) positions.set(row.id, Number(row.position))
        }
        if (this.#channel !== null && events.length > 0) {
          const last = new Map(events.map((e) => [e.space, positions.get(e.id)!]))
          await client.query(`SELECT pg_notify($1, told) FROM unnest($2::text[]) AS told`, [
            this.#channel,
            [...last].map(([space, position]) => `${space} ${position}`),
          ])
        }
      })
    } catch (error) {
      if (error instanceof StoreConflictError) throw error
      if (isDiskFull(error)) throw new StoreFullError(`schema ${this.#schema}`, { cause: error })
      throw conflictOrError(error, events, this.#schema)
    } finally {
      // Held ballots stand even if the events after them failed (they wait for nothing in the log).
      if (heldInFile) this.#ballotsFile?.canonicalise()
    }
    return events.map((e) => positions.get(e.id)!)
  }

  /**
   * Appends events alone (a hub's group of ballots) in one round trip: BEGIN with the append lock,
   * the insert that checks the positions expected, and COMMIT are sent at once on the pipelined
   * connection. The server runs them in order, so the check still runs under the lock; a failure
   * of one aborts the transaction and the COMMIT after it rolls back. A stale position is reported
   * once the empty transaction ends, as StoreConflictError.
   */
  async #appendPipelined(
    events: readonly NewEvent[],
    expected: ReadonlyMap<SpaceId, number> = new Map(),
  ): Promise<number[]> {
    const rows = await withConnection(this.#pool, async (client) => {
      const [begun, inserted, committed] = await Promise.allSettled([
        client.query(this.#sql.begin),
        client.query<CheckedRow>(this.#sql.checkedInsert, [
          events.map((e) => e.id),
          events.map((e) => e.space),
          events.map((e) => e.author),
          events.map((e) => e.seq),
          events.map((e) => e.type),
          events.map((e) => e.json),
          [...expected.keys()],
          [...expected.values()],
          ...(this.#channel === null ? [] : [this.#channel]),
        ]),
        client.query('COMMIT'),
      ])
      // The first failure is the cause; those after it are the aborted transaction's.
      if (begun.status === 'rejected') throw begun.reason
      if (inserted.status === 'rejected') throw inserted.reason
      if (committed.status === 'rejected') throw committed.reason
      if (committed.value.command !== 'COMMIT') {
        throw new Error(`the append's transaction ended in ${committed.value.command}`)
      }
      return inserted.value.rows
    })
    const stale = rows.find((row) => row.stale_space !== null)
    if (stale !== undefined) {
      throw staleConflict(stale.stale_space!, Number(stale.stale_expected), Number(stale.position))
    }
    const positions = new Map(rows.map((row) => [row.id, Number(row.position)]))
    return events.map((e) => positions.get(e.id)!)
  }

  async has(ids: readonly EventId[], options: HasOptions = {}): Promise<Set<EventId>> {
    const held = options.heldBallots ?? true
    const found = new Set<EventId>()
    for (const part of chunk(ids, HAS_CHUNK)) {
      const sql = held ? this.#sql.has : this.#sql.hasLogged
      const result = await this.#pool.query<{ id: string }>(sql, [part])
      for (const row of result.rows) found.add(row.id as EventId)
      if (held) for (const id of this.#ballotsFile?.has(part) ?? []) found.add(id)
    }
    return found
  }

  async hasAndEventsAfter(
    ids: readonly EventId[],
    options: HasOptions,
    after: ReadonlyMap<SpaceId, number>,
  ): Promise<{ stored: Set<EventId>; caughtUp: Map<SpaceId, StoredEvent[]> }> {
    const held = options.heldBallots ?? true
    const [first = [], ...rest] = chunk(ids, HAS_CHUNK)
    const result = await this.#pool.query<Row | (Omit<Row, 'position'> & { position: null })>(
      held ? this.#sql.hasAndAfter : this.#sql.hasLoggedAndAfter,
      [first, [...after.keys()], [...after.values()], CAUGHT_UP_LIMIT + 1],
    )
    const stored = new Set<EventId>()
    const read = new Map<SpaceId, StoredEvent[]>([...after.keys()].map((space) => [space, []]))
    for (const row of result.rows) {
      if (row.position === null) stored.add(row.id as EventId)
      else read.get(row.space as SpaceId)?.push(storedEvent(row))
    }
    if (held) for (const id of this.#ballotsFile?.has(first) ?? []) stored.add(id)
    // Past one look-up's ids (a large sync push), the rest are asked as `has` asks them.
    if (rest.length > 0) for (const id of await this.has(rest.flat(), options)) stored.add(id)
    const caughtUp = new Map<SpaceId, StoredEvent[]>()
    for (const [space, events] of read) {
      if (events.length > CAUGHT_UP_LIMIT) continue
      caughtUp.set(
        space,
        events.sort((a, b) => a.position - b.position),
      )
    }
    return { stored, caughtUp }
  }

  async ballots(space: SpaceId, poll?: EventId): Promise<HeldBallot[]> {
    if (this.#ballotsFile !== null) return this.#ballotsFile.ballots(space, poll)
    if (this.#holdsNoBallots) return []
    const columns = `SELECT id, space, poll, json FROM ${this.#s}.secret_ballots`
    const result =
      poll === undefined
        ? await this.#pool.query<HeldBallot>(
            `${columns} WHERE space = $1 ORDER BY poll COLLATE "C", id COLLATE "C"`,
            [space],
          )
        : await this.#pool.query<HeldBallot>(
            `${columns} WHERE space = $1 AND poll = $2 ORDER BY id COLLATE "C"`,
            [space, poll],
          )
    return result.rows
  }

  async countBallots(space: SpaceId): Promise<number> {
    if (this.#ballotsFile !== null) return this.#ballotsFile.countBallots(space)
    if (this.#holdsNoBallots) return 0
    const result = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.#s}.secret_ballots WHERE space = $1`,
      [space],
    )
    return Number(result.rows[0]?.n ?? 0)
  }

  async ballotBoxes(space: SpaceId): Promise<BallotBoxSummary[]> {
    if (this.#ballotsFile !== null) return this.#ballotsFile.ballotBoxes(space)
    if (this.#holdsNoBallots) return []
    const result = await this.#pool.query<{ poll: string; id: string }>(
      `SELECT poll, id FROM ${this.#s}.secret_ballots WHERE space = $1 ORDER BY poll COLLATE "C", id COLLATE "C"`,
      [space],
    )
    return summariseBallotBoxes(result.rows)
  }

  async get(id: EventId): Promise<StoredEvent | null> {
    const result = await this.#pool.query<Row>(this.#sql.get, [id])
    const row = result.rows[0]
    return row === undefined ? null : storedEvent(row)
  }

  read(space: SpaceId, options?: ReadOptions): AsyncIterable<StoredEvent> {
    return readPaged(async (after, limit) => {
      const result = await this.#pool.query<Row>(this.#sql.page, [space, after, limit])
      return result.rows.map(storedEvent)
    }, options)
  }

  readAll(options?: ReadOptions): AsyncIterable<StoredEvent> {
    return readPaged(async (after, limit) => {
      const result = await this.#pool.query<Row>(this.#sql.pageAll, [after, limit])
      return result.rows.map(storedEvent)
    }, options)
  }

  async forks(space: SpaceId): Promise<NewEvent[]> {
    const result = await this.#pool.query<EvidenceRow>(
      `SELECT id, space, author, seq, type, json FROM ${this.#s}.forks WHERE space = $1 ORDER BY n`,
      [space],
    )
    return result.rows.map((row) => ({ ...row, seq: Number(row.seq) }) as NewEvent)
  }

  async pending(space?: SpaceId): Promise<PendingEvent[]> {
    const result =
      space === undefined
        ? await this.#pool.query<PendingRow>(`${this.#pendingColumns} ORDER BY n`)
        : await this.#pool.query<PendingRow>(
            `${this.#pendingColumns} WHERE space = $1 ORDER BY n`,
            [space],
          )
    return result.rows.map(pendingEvent)
  }

  async pendingByIds(ids: readonly EventId[]): Promise<PendingEvent[]> {
    const found: PendingEvent[] = []
    for (const part of chunk(ids, HAS_CHUNK)) {
      const result = await this.#pool.query<PendingRow>(
        `${this.#pendingColumns} WHERE id = ANY($1::text[]) ORDER BY n`,
        [part],
      )
      found.push(...result.rows.map(pendingEvent))
    }
    return found
  }

  async countPending(filter: PendingFilter = {}): Promise<number> {
    const { where, values } = pendingWhere(filter)
    const result = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.#s}.pending${where}`,
      values,
    )
    return Number(result.rows[0]?.n ?? 0)
  }

  async dropPending(filter: PendingFilter): Promise<EventId[]> {
    const { where, values } = pendingWhere(filter)
    if (values.length === 0) throw new Error('dropPending needs a filter')
    const result = await this.#pool.query<{ id: string }>(
      `DELETE FROM ${this.#s}.pending${where} RETURNING id`,
      values,
    )
    return result.rows.map((row) => row.id as EventId)
  }

  get #pendingColumns(): string {
    return `SELECT id, space, author, seq, type, json, code, at, stranger FROM ${this.#s}.pending`
  }

  async vector(space?: SpaceId): Promise<VersionVector> {
    const result =
      space === undefined
        ? await this.#pool.query<VectorRow>(this.#sql.vectorAll)
        : await this.#pool.query<VectorRow>(this.#sql.vector, [space])
    return toVector(result.rows)
  }

  async heads(space: SpaceId): Promise<Map<string, StoredHead>> {
    return toHeads((await this.#pool.query<HeadRow>(this.#sql.heads, [space])).rows)
  }

  async syncStates(space?: SpaceId): Promise<Map<SpaceId, SpaceSyncState>> {
    const s = this.#s
    const where = space === undefined ? '' : ' WHERE space = $1'
    const args = space === undefined ? [] : [space]
    // C collation: the order of ids (and so the ballot digests) is the SQLite store's.
    const [heads, forks, pending] = await Promise.all([
      this.#pool.query<SpaceHeadRow>(
        space === undefined ? this.#sql.headsAll : this.#sql.heads,
        args,
      ),
      this.#pool.query<SpaceIdRow>(`SELECT space, id FROM ${s}.forks${where}`, args),
      this.#pool.query<SpaceIdRow>(
        `SELECT space, id FROM ${s}.pending WHERE NOT stranger` +
          (space === undefined ? '' : ' AND space = $1'),
        args,
      ),
    ])
    return toSyncStates(heads.rows, await this.#ballotIds(space), forks.rows, pending.rows)
  }

  async #ballotIds(space?: SpaceId): Promise<SpaceBallotRow[]> {
    if (this.#ballotsFile !== null) return this.#ballotsFile.ballotIds(space)
    if (this.#holdsNoBallots) return []
    const result = await this.#pool.query<SpaceBallotRow>(
      `SELECT space, poll, id FROM ${this.#s}.secret_ballots` +
        (space === undefined ? '' : ' WHERE space = $1') +
        ' ORDER BY space COLLATE "C", poll COLLATE "C", id COLLATE "C"',
      space === undefined ? [] : [space],
    )
    return result.rows
  }

  readMissing(
    space: SpaceId,
    known: Readonly<Record<string, number>>,
    options?: ReadOptions,
  ): AsyncIterable<StoredEvent> {
    const authors = Object.keys(known)
    const seqs = authors.map((author) => known[author])
    return readPaged(async (after, limit) => {
      const result = await this.#pool.query<Row>(this.#sql.missing, [
        space,
        authors,
        seqs,
        after,
        limit,
      ])
      return result.rows.map(storedEvent)
    }, options)
  }

  async spaces(): Promise<SpaceId[]> {
    const result = await this.#pool.query<{ space: string }>(
      `SELECT DISTINCT space FROM ${this.#s}.events`,
    )
    // Sorted here, not by the database, whose text order depends on its collation.
    return result.rows.map((row) => row.space as SpaceId).sort()
  }

  async count(space?: SpaceId): Promise<number> {
    const result =
      space === undefined
        ? await this.#pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.#s}.events`)
        : await this.#pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${this.#s}.events WHERE space = $1`,
            [space],
          )
    return Number(result.rows[0]?.n ?? 0)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#ballotsFile?.close()
    await this.#pool.end()
  }

  toString(): string {
    return `PostgreSQL event store (schema ${this.#schema})`
  }
}

/**
 * Runs `work` in a transaction on one pooled connection, opened by `begin` (`BEGIN` and any
 * statements without parameters to run with it, in one round trip); rolls back if it throws.
 */
async function inTransaction(
  pool: pg.Pool,
  begin: string,
  work: (client: PoolClient) => Promise<void>,
): Promise<void> {
  await withConnection(pool, async (client) => {
    await client.query(begin)
    await work(client)
    await client.query('COMMIT')
  })
}

/**
 * Runs `work` on one pooled connection. If it throws, a transaction left open is rolled back
 * (ROLLBACK outside one only draws a warning) and the connection goes back to the pool. A
 * connection lost meanwhile (the server crashed, a failover) fails the statement in flight and
 * those sent after it, so the transaction rejects and nothing of it is reported written; the
 * connection is dropped.
 */
async function withConnection<T>(
  pool: pg.Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  // A checked-out connection has no 'error' listener of the pool's: without this one, losing it
  // between two statements would be an unhandled 'error' event and end the whole process. It is
  // attached in the pool's callback, not after an await: a connection closed in the same read
  // that made it ready reports its end on the next tick, before any awaiting code runs.
  const connection: { lost: Error | null } = { lost: null }
  const onError = (error: Error): void => {
    connection.lost = error
  }
  const client = await new Promise<PoolClient>((resolve, reject) => {
    pool.connect((error, checkedOut) => {
      if (error !== undefined || checkedOut === undefined)
        return reject(error ?? new Error('no connection'))
      checkedOut.on('error', onError)
      resolve(checkedOut)
    })
  })
  try {
    const result = await work(client)
    client.off('error', onError)
    client.release(connection.lost ?? undefined)
    return result
  } catch (error) {
    // A lost connection is dropped; a live one is rolled back and goes back to the pool.
    let broken: Error | true | null = connection.lost
    if (broken === null) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : true
      }
    }
    client.off('error', onError)
    client.release(connection.lost ?? broken ?? undefined)
    throw error
  }
}

/**
 * The ids of `$1` that are stored (with the held ballots' table's, if `ballotsTable`), as rows
 * without a position, then each space of `$2`'s events after its position in `$3`, at most `$4` a
 * space: one seek of the (space, position) index a space.
 */
function hasAndAfterSql(s: string, ballotsTable: boolean): string {
  const none = 'NULL::bigint AS position, id, NULL::text AS space, NULL::text AS json'
  return (
    `SELECT ${none} FROM ${s}.events WHERE id = ANY($1::text[]) ` +
    (ballotsTable
      ? `UNION ALL SELECT ${none} FROM ${s}.secret_ballots WHERE id = ANY($1::text[]) `
      : '') +
    `UNION ALL SELECT e.position, e.id, e.space, e.json ` +
    `FROM unnest($2::text[], $3::bigint[]) AS a (space, after) CROSS JOIN LATERAL ` +
    `(SELECT position, id, space, json FROM ${s}.events WHERE space = a.space AND position > a.after ` +
    `ORDER BY position LIMIT $4) AS e`
  )
}

/**
 * Each author's newest event (space, author, seq, id), sorted by space and author, of the space
 * `$1` (`oneSpace`) or of every space: a loose index scan of the (space, author, seq) index,
 * backwards, one seek for each author's newest event (the one before the last found), where
 * DISTINCT ON read every entry and every row. An idle sync pass reads this for every space
 * (syncStates), so its cost grows with the authors a hub holds, not with their events.
 */
function headsSql(s: string, oneSpace: boolean): string {
  const columns = 'SELECT e.space, e.author, e.seq, e.id'
  const order = 'ORDER BY e.space DESC, e.author DESC, e.seq DESC LIMIT 1'
  const before = oneSpace
    ? 'e.space = $1 AND e.author < h.author'
    : '(e.space, e.author) < (h.space, h.author)'
  return (
    `WITH RECURSIVE h AS ((${columns} FROM ${s}.events AS e` +
    `${oneSpace ? ' WHERE e.space = $1' : ''} ${order}) UNION ALL ` +
    `SELECT n.* FROM h CROSS JOIN LATERAL (${columns} FROM ${s}.events AS e ` +
    `WHERE ${before} ${order}) AS n) ` +
    'SELECT space, author, seq, id FROM h ORDER BY space, author'
  )
}

function storedEvent(row: Row): StoredEvent {
  return {
    position: Number(row.position),
    id: row.id as EventId,
    space: row.space as SpaceId,
    json: row.json,
  }
}

function conflictOrError(error: unknown, events: readonly NewEvent[], schema: string): Error {
  if (error instanceof pg.DatabaseError && error.code === '23505') {
    // detail reads "Key (id)=(…) already exists." or "Key (space, author, seq)=(…, …, …) …".
    const key = /=\((.*)\) already exists/.exec(error.detail ?? '')?.[1]
    if (error.constraint === 'events_id_unique') {
      return duplicateIdConflict(key ?? '(unknown)', error)
    }
    if (error.constraint === 'events_space_author_seq_unique') {
      const event = events.find((e) => `${e.space}, ${e.author}, ${e.seq}` === key)
      if (event !== undefined) return duplicateSeqConflict(event, error)
      return new StoreConflictError('seq', `an author's seq is taken in a space: ${error.detail}`, {
        cause: error,
      })
    }
  }
  return new Error(
    `could not append to the PostgreSQL event store (schema ${schema}): ${messageOf(error)}`,
    {
      cause: error,
    },
  )
}

/** A signed 32-bit hash (FNV-1a) of the schema name: the second key of the advisory locks. */
function lockKey(schema: string): number {
  let hash = 0x811c9dc5
  for (const char of schema) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash | 0
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(the given URL)'
  }
}

function messageOf(error: unknown): string {
  // Connection failures can be an AggregateError with an empty message (one error per address).
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(messageOf).join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}
