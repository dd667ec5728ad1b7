// The panic wipe of a data folder (`veche wipe`, docs/cli.md): what makes it unreadable goes
// first. (1) The key header `veche.db.key` and the key file, if one is named: without the header's
// salt no passphrase or key file derives the store's key again, so an encrypted store is
// unreadable as soon as this small file is overwritten. (2) The identities, the secret polls'
// wallets and the hub's TLS key (small files). (3) The head (first MiB) of every file of the store,
// so nothing opens it. Then every one of those files is overwritten whole, flushed to disk, and
// removed, and the folders Veche made are removed. Needs no passphrase and opens nothing: a hub
// holding the store open only sees its files vanish. A plain store has no key to destroy: it is unreadable only once it is
// overwritten, which takes as long as writing it once.
import { randomFillSync } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  rmSync,
  rmdirSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

/**
 * The folders of secrets Veche keeps in a data folder: identities, secret-poll wallets, and the
 * hub's TLS key (with it a seizer's machine would show phones the hub's own fingerprint).
 */
const SECRET_FOLDERS = ['identities', 'secrets', 'tls'] as const
/** Files of the data folder that are neither the store nor its key. */
const OTHER_FILES = ['demo-invitation.txt'] as const
/** Overwritten first in each store file: SQLite's header and the first pages, the cipher's salt. */
const HEAD_BYTES = 1 << 20

export interface WipeReport {
  /** Every file overwritten and removed. */
  readonly files: readonly string[]
  /** Milliseconds until the key, the secrets and every store file's head were overwritten. */
  readonly unreadableMs: number
  /** Milliseconds until everything was overwritten and removed. */
  readonly doneMs: number
}

/** Wipes the data folder `dataDir` (and the key file `keyFile`, if given). */
export function wipeDataFolder(dataDir: string, keyFile?: string): WipeReport {
  const start = performance.now()
  const top = existsSync(dataDir) ? readdirSync(dataDir) : []
  const keys = [join(dataDir, 'veche.db.key'), join(dataDir, 'veche.db.key.new')]
  if (keyFile !== undefined) keys.push(keyFile)
  const secrets = SECRET_FOLDERS.flatMap((name) => filesUnder(join(dataDir, name)))
  // The SQLite store and its files; a PostgreSQL hub's held ballots (postgres-<schema>.ballots).
  const store = top.filter(
    (name) =>
      (name.startsWith('veche.db') && !name.startsWith('veche.db.key')) ||
      /^postgres-.*\.ballots/.test(name),
  )
  const storeFiles = store.map((name) => join(dataDir, name))
  const others = OTHER_FILES.map((name) => join(dataDir, name))

  const files: string[] = []
  for (const file of [...keys, ...secrets]) if (overwrite(file, Infinity)) files.push(file)
  for (const file of storeFiles) overwrite(file, HEAD_BYTES)
  const unreadableMs = performance.now() - start

  for (const file of [...storeFiles, ...others]) if (overwrite(file, Infinity)) files.push(file)
  for (const file of files) rmSync(file, { force: true })
  for (const name of SECRET_FOLDERS) removeFolders(join(dataDir, name))
  if (existsSync(dataDir) && readdirSync(dataDir).length === 0) rmdirSync(dataDir)
  return { files, unreadableMs, doneMs: performance.now() - start }
}

/** Every regular file under `folder`, depth first (none if it is missing). */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    const stat = lstatSync(path)
    if (stat.isDirectory()) return filesUnder(path)
    return stat.isFile() ? [path] : []
  })
}

/** Removes `folder` and its subfolders once they are empty of files. */
function removeFolders(folder: string): void {
  if (!existsSync(folder)) return
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (lstatSync(path).isDirectory()) removeFolders(path)
  }
  if (readdirSync(folder).length === 0) rmdirSync(folder)
}

/**
 * Overwrites the first `limit` bytes of `file` (all of it for Infinity) in place with random
 * bytes and flushes them to disk; false if there is no such regular file.
 */
function overwrite(file: string, limit: number): boolean {
  let stat
  try {
    stat = lstatSync(file)
  } catch {
    return false
  }
  if (!stat.isFile()) return false
  const size = Math.min(stat.size, limit)
  const fd = openSync(file, 'r+')
  try {
    const chunk = Buffer.alloc(Math.min(Math.max(size, 1), 1 << 20))
    for (let at = 0; at < size; at += chunk.length) {
      randomFillSync(chunk)
      writeSync(fd, chunk, 0, Math.min(chunk.length, size - at), at)
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return true
}
