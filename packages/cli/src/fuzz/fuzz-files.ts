// The fuzz tree of the repository: fuzz/seeds/<target>/ (inputs to start from, committed),
// fuzz/regressions/<target>/ (every finding, kept and replayed by `npm test`), fuzz/corpus/<target>/
// (what runs found interesting, kept on the machine only) and fuzz/fixture/ (the demo hub's events).
import { readdirSync, readFileSync } from 'node:fs'

/**
 * The repository's fuzz/ folder (from packages/cli/src/fuzz or packages/cli/dist/fuzz), or
 * VECHE_FUZZ_DIR (the fuzzer's own test points it at a temporary folder).
 */
export const FUZZ_DIR =
  process.env.VECHE_FUZZ_DIR === undefined
    ? new URL('../../../../fuzz/', import.meta.url)
    : new URL(`file://${process.env.VECHE_FUZZ_DIR.replace(/\/?$/, '/')}`)

/** The files of a folder of the fuzz tree, by name, or none. */
export function readInputs(folder: string): Uint8Array[] {
  return namedInputs(folder).map(([, input]) => input)
}

/** The files of a folder of the fuzz tree with their names, sorted by name. */
export function namedInputs(folder: string): [string, Uint8Array][] {
  const url = new URL(folder, FUZZ_DIR)
  let names: string[]
  try {
    names = readdirSync(url).sort()
  } catch {
    return []
  }
  return names
    .filter((name) => !name.startsWith('.'))
    .map((name) => [name, new Uint8Array(readFileSync(new URL(name, url)))])
}

/** Bytes before the current input in the memory a worker shares with its watcher. */
export const SHARED_HEADER = 8
