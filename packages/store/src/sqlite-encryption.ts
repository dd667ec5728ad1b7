// Encrypting an existing plain SQLite store in place (`veche encrypt`), with nothing lost: the
// plain file (and the held ballots' file beside it) is copied whole (VACUUM INTO, which also leaves out free pages that may hold old
// data), the copy is encrypted (SQLCipher `rekey`), opened with the key and compared with the
// original (every table's row count, and an integrity check), and only then put in the original's
// place. The plain original (and any -wal and -shm) is then overwritten with random bytes and
// removed. The caller writes the key header first (store-key.ts), so an interrupted run leaves
// either the plain store with a header (opened plain: run it again) or the encrypted one.
import { randomFillSync } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import Database from 'better-sqlite3-multiple-ciphers'
import { tightenFile } from './private-files.js'
import { applyStoreKey, ballotsFileOf } from './sqlite-event-store.js'

/** The page size SQLCipher 4 encrypts with (`legacy = 4`). */
const ENCRYPTED_PAGE_SIZE = 4_096

/** What the copy must hold as the original did. */
const TABLES = ['events', 'forks', 'pending', 'secret_ballots'] as const

/** Whether `file` is a plain (unencrypted) SQLite database. */
export function isPlainSqlite(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false
  const db = new Database(file, { fileMustExist: true })
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return true
  } catch {
    return false
  } finally {
    db.close()
  }
}

function rowCounts(db: Database.Database): Record<string, number> {
  const present = new Set(
    (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
    ).map((row) => row.name),
  )
  return Object.fromEntries(
    TABLES.filter((table) => present.has(table)).map((table) => [
      table,
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    ]),
  )
}

/**
 * Encrypts the plain store `file` (and its held ballots' file, `<file>-ballots`) under `key` (32
 * bytes) in place. No other process may have the store open: a store that takes events while it
 * is copied is left as it was, with an error. Returns how many events it holds.
 */
export function encryptSqliteStore(file: string, key: Uint8Array): { events: number } {
  const ballots = ballotsFileOf(file)
  const main = encryptedCopy(file, key)
  const held = isPlainSqlite(ballots) ? encryptedCopy(ballots, key) : null
  for (const done of [main, held]) {
    if (done === null) continue
    renameSync(done.source, `${done.source}.plain`)
    renameSync(done.copy, done.source)
  }
  for (const leftover of [`${file}.plain`, `${file}-wal`, `${file}-shm`, `${ballots}.plain`]) {
    shredFile(leftover)
  }
  return { events: main.counts['events'] ?? 0 }
}

/** A verified, encrypted copy of the plain database `source`, fsynced, beside it. */
function encryptedCopy(
  source: string,
  key: Uint8Array,
): { source: string; copy: string; counts: Record<string, number> } {
  const copy = `${source}.encrypting`
  for (const leftover of [copy, `${copy}-journal`]) rmSync(leftover, { force: true })
  const plain = new Database(source, { fileMustExist: true, timeout: 0 })
  let counts: Record<string, number>
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)')
    counts = rowCounts(plain)
    // SQLCipher 4 (legacy = 4) reads only 4 KiB pages; a plain ballots file has 64 KiB ones.
    plain.pragma(`page_size = ${ENCRYPTED_PAGE_SIZE}`)
    plain.prepare('VACUUM INTO ?').run(copy)
    if (JSON.stringify(rowCounts(plain)) !== JSON.stringify(counts)) {
      throw new Error('the store took new events while it was copied: stop the hub, then run again')
    }
  } finally {
    plain.close()
  }
  tightenFile(copy)
  const encrypted = new Database(copy, { fileMustExist: true })
  try {
    encrypted.pragma('journal_mode = DELETE')
    encrypted.pragma(`cipher = 'sqlcipher'`)
    encrypted.pragma('legacy = 4')
    encrypted.pragma(`rekey = "x'${Buffer.from(key).toString('hex')}'"`)
  } finally {
    encrypted.close()
  }
  const check = new Database(copy, { fileMustExist: true })
  try {
    applyStoreKey(check, key)
    const found = rowCounts(check)
    if (JSON.stringify(found) !== JSON.stringify(counts)) {
      throw new Error(
        `the encrypted copy of ${source} holds ${JSON.stringify(found)}, not ${JSON.stringify(counts)}; the plain store is left as it was`,
      )
    }
    const integrity: unknown = check.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') {
      throw new Error(
        `the encrypted copy of ${source} fails its integrity check: ${String(integrity)}`,
      )
    }
  } finally {
    check.close()
  }
  const fd = openSync(copy, 'r+')
  fsyncSync(fd)
  closeSync(fd)
  return { source, copy, counts }
}

/**
 * Overwrites `file` with random bytes, flushes it to disk and removes it (if it exists). A file
 * system that writes elsewhere (copy-on-write, flash wear levelling, snapshots) may keep the old
 * blocks: only destroying the key protects what was encrypted (docs/threat-model.md).
 */
export function shredFile(file: string): void {
  if (!existsSync(file)) return
  const size = statSync(file).size
  const fd = openSync(file, 'r+')
  try {
    const chunk = Buffer.alloc(Math.min(size, 1 << 20))
    for (let at = 0; at < size; at += chunk.length) {
      randomFillSync(chunk)
      writeSync(fd, chunk, 0, Math.min(chunk.length, size - at), at)
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  rmSync(file, { force: true })
}
