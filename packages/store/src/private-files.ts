// Files and folders only their owner can read: every file Veche writes (the store and its -wal
// and -shm, identities, exports) is 0600 and every folder it makes is 0700, whatever the process's
// umask and whether or not the file or folder was there before (docs/threat-model.md). A mode
// given to open() applies only when a file is created, so an existing file is tightened with chmod.
import { chmodSync, closeSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs'

/** Mode of every file Veche writes: the owner reads and writes. */
export const PRIVATE_FILE_MODE = 0o600
/** Mode of every folder Veche makes: the owner only. */
export const PRIVATE_FOLDER_MODE = 0o700

/** Writes `data` to `file` (replacing it), readable by its owner only. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE_MODE })
  chmodSync(file, PRIVATE_FILE_MODE)
}

/** Creates `file` empty if it is missing, and makes it readable by its owner only. */
export function touchPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tightenFile(file)
}

/**
 * Takes group and others' rights off `file` if it exists. A journal, -wal or -shm file comes and
 * goes as other processes open and close the same store, so one that vanishes between the look and
 * the chmod is as good as tightened (it is created again with the database file's mode).
 */
export function tightenFile(file: string): void {
  try {
    const mode = statSync(file).mode & 0o777
    if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700)
  } catch (error) {
    if (!isMissing(error)) throw error
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

/**
 * Makes `folder` (and missing parents) 0700. A folder that already existed keeps its mode unless
 * `tighten` is set: the data folder may be one the user chose for other things too.
 */
export function makePrivateFolder(folder: string, tighten = false): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE })
  if (tighten) chmodSync(folder, PRIVATE_FOLDER_MODE)
}
