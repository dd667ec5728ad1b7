// What only the SQLite store must show, beyond the shared suite in event-store.test.ts: real
// writer processes killed with SIGKILL leave every batch wholly stored or wholly absent, several
// processes can create and write one file at once, and opening gives clear errors. The writer is
// the built test-support/append-batches.js (`npm test` builds it with `tsc -b` first).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openSqliteStore } from './sqlite-event-store.js'
import { sampleAuthor, sampleEvents, sampleSpace } from './test-support/sample-events.js'

const WRITER = fileURLToPath(new URL('../dist/test-support/append-batches.js', import.meta.url))
const BATCH = 500

let folder: string
let file: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'veche-sqlite-'))
  file = join(folder, 'events.sqlite')
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

/** Starts a writer; resolves its last printed batch count when it exits or is killed. */
function startWriter(label: string, batches: number, size = BATCH) {
  if (!existsSync(WRITER)) throw new Error(`${WRITER} is missing: build first with \`npx tsc -b\``)
  const child = spawn(process.execPath, [WRITER, file, String(size), label, String(batches)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let appended = 0
  let stderr = ''
  const progress = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const lines = text.trim().split('\n')
    appended = Number(lines.at(-1))
    for (const notify of progress) notify()
  })
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const exited = new Promise<{ code: number | null; appended: number; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, appended, stderr })),
  )
  const reached = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (appended >= count) {
          progress.delete(check)
          resolve()
        }
      }
      progress.add(check)
      check()
    })
  return { child, exited, reached }
}

/** Batch numbers stored per author, each checked to be complete. */
function storedBatches(): Map<string, number[]> {
  const db = new Database(file, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = db
      .prepare<[], { author: string; batch: number; n: number }>(
        `SELECT author, json_extract(json, '$.body.batch') AS batch, count(*) AS n
         FROM events GROUP BY author, batch ORDER BY author, batch`,
      )
      .all()
    const byAuthor = new Map<string, number[]>()
    for (const row of rows) {
      expect(row.n, `batch ${row.batch} is partly stored`).toBe(BATCH)
      byAuthor.set(row.author, [...(byAuthor.get(row.author) ?? []), row.batch])
    }
    return byAuthor
  } finally {
    db.close()
  }
}

describe('SQLite event store', () => {
  test('writers killed with SIGKILL mid-append leave only whole batches, and none acknowledged is lost', async () => {
    const runs: { label: string; acknowledged: number }[] = []
    for (let run = 0; run < 4; run++) {
      const label = `killed-${run}`
      const writer = startWriter(label, 0)
      await writer.reached(2 + run)
      await sleep(Math.random() * 15)
      writer.child.kill('SIGKILL')
      const { appended, stderr } = await writer.exited
      expect(stderr).toBe('')
      runs.push({ label, acknowledged: appended })
    }
    const stored = storedBatches()
    for (const { label, acknowledged } of runs) {
      const batches = stored.get(sampleAuthor(label)) ?? []
      // Every acknowledged batch is there; at most the one in flight besides; no gaps.
      expect(batches.length).toBeGreaterThanOrEqual(acknowledged)
      expect(batches.length).toBeLessThanOrEqual(acknowledged + 1)
      expect(batches).toEqual(batches.map((_, i) => i))
    }
    const store = await openSqliteStore(file)
    const total = await store.count()
    expect(total % BATCH).toBe(0)
    await store.close()
  })

  test('three processes appending to one new file at once all succeed', async () => {
    const labels = ['left', 'middle', 'right']
    const results = await Promise.all(labels.map((label) => startWriter(label, 6).exited))
    for (const { code, stderr, appended } of results) {
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(appended).toBe(6)
    }
    const stored = storedBatches()
    for (const label of labels) expect(stored.get(sampleAuthor(label))).toEqual([0, 1, 2, 3, 4, 5])
  })

  test('the file is in WAL mode', async () => {
    const store = await openSqliteStore(file)
    await store.close()
    const db = new Database(file, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    db.close()
  })

  test("an append's sync leaves the event loop free, and calls made meanwhile wait for it", async () => {
    const store = await openSqliteStore(file)
    const space = sampleSpace('sync')
    const order: string[] = []
    const appending = store.append(sampleEvents(space, sampleAuthor('sync'), 1, 3))
    void appending.then(() => order.push('appended'))
    const counting = store.count(space).then((n) => order.push(`counted ${n}`))
    const reading = store.has([]).then(() => order.push('read'))
    // The sync (an fsync of the log) is done on libuv's thread pool, so its answer comes through
    // the event loop, never within these microtasks: the append is not settled yet.
    for (let i = 0; i < 20; i++) await Promise.resolve()
    expect(order).toEqual([])
    await Promise.all([appending, counting, reading])
    // Nothing ran on the store before the append was durable, and the calls kept their order.
    expect(order).toEqual(['appended', 'counted 3', 'read'])
    await store.close()
  })

  test('a look-up with `unsynced` answers from an append whose sync is under way; the rest still waits', async () => {
    const store = await openSqliteStore(file)
    const space = sampleSpace('unsynced')
    const events = sampleEvents(space, sampleAuthor('unsynced'), 1, 3)
    const ids = events.map((e) => e.id)
    const order: string[] = []
    const appending = store.append(events).then(() => order.push('appended'))
    const early = store
      .has(ids, { unsynced: true })
      .then((found) => order.push(`early ${found.size}`))
    const inTurn = store.has(ids).then((found) => order.push(`in turn ${found.size}`))
    await Promise.all([appending, early, inTurn])
    // The early look-up saw the committed events before their sync; the one in turn waited.
    expect(order).toEqual(['early 3', 'appended', 'in turn 3'])
    await store.close()
  })

  test('the file, its -wal, -shm and -ballots are 0600 under umask 022, and a 0644 file is tightened', async () => {
    const previous = process.umask(0o022)
    try {
      await writeFile(file, '')
      await chmod(file, 0o644)
      const store = await openSqliteStore(file)
      await store.append(sampleEvents(sampleSpace('modes'), sampleAuthor('modes'), 1, 3))
      for (const name of [file, `${file}-wal`, `${file}-shm`, `${file}-ballots`]) {
        expect(((await stat(name)).mode & 0o777).toString(8), name).toBe('600')
      }
      await store.close()
    } finally {
      process.umask(previous)
    }
  })

  test('a version 3 file with held events and ballots is migrated: nothing lost, each held from now, none a stranger, the ballots in their own file', async () => {
    const db = new Database(file)
    db.exec(`CREATE TABLE pending (
       n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, space TEXT NOT NULL, author TEXT NOT NULL,
       seq INTEGER NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, code TEXT NOT NULL) STRICT;
     CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, space TEXT NOT NULL,
       author TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL,
       UNIQUE (space, author, seq)) STRICT;
     CREATE TABLE forks (id TEXT PRIMARY KEY, space TEXT NOT NULL, author TEXT NOT NULL,
       seq INTEGER NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL) STRICT;
     CREATE TABLE secret_ballots (id TEXT PRIMARY KEY, space TEXT NOT NULL, poll TEXT NOT NULL,
       json TEXT NOT NULL) STRICT, WITHOUT ROWID;
     INSERT INTO pending (id, space, author, seq, type, json, code)
       VALUES ('held-one', 'space-one', 'author', 3, 'ballot.cast', '{}', 'chain.seq-gap');
     INSERT INTO secret_ballots VALUES ('ballot-b', 'space-one', 'poll', '{"b":1}'),
       ('ballot-a', 'space-one', 'poll', '{"a":1}');
     PRAGMA journal_mode = WAL;
     PRAGMA user_version = 3;`)
    db.close()
    const before = Date.now()
    const store = await openSqliteStore(file)
    try {
      const [held] = await store.pending()
      expect(held).toMatchObject({ id: 'held-one', code: 'chain.seq-gap', stranger: false })
      expect(held!.at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
      expect(await store.countPending({ space: 'space-one' as never, author: 'author' })).toBe(1)
      expect((await store.ballots('space-one' as never)).map((b) => b.id)).toEqual([
        'ballot-a',
        'ballot-b',
      ])
    } finally {
      await store.close()
    }
    const main = new Database(file, { readonly: true })
    const tables = main.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    main.close()
    expect(tables).not.toContain('secret_ballots')
    expect(readFileSync(file).includes('ballot-b')).toBe(false)
  })

  test('a missing folder is named in the error', async () => {
    const inside = join(folder, 'no-such-folder', 'events.sqlite')
    await expect(openSqliteStore(inside)).rejects.toThrow(
      `the folder ${join(folder, 'no-such-folder')} does not exist`,
    )
  })

  test('a file that is not a database is refused and left alone', async () => {
    await writeFile(file, 'these are the minutes of the meeting, not a database\n'.repeat(100))
    await expect(openSqliteStore(file)).rejects.toThrow(
      /cannot open the event store .*events\.sqlite: file is not a database/,
    )
  })

  test('an in-memory database is refused: it would not be durable', async () => {
    await expect(openSqliteStore(':memory:')).rejects.toThrow(/must be a file path/)
  })
})
