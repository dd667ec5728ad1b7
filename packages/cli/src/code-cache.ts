// V8's code cache for the bundled CLI (../bundle/, made by scripts/bundle-cli.ts). Node 20 keeps
// no compiled code between runs (its compile cache is Node 22's), so each `veche` start would
// compile again every function it runs; with this, a chunk of the bundle is compiled from the
// cache that earlier runs left, which saves most of that work (BENCHMARKS.md, "`veche` start,
// fourth pass").
//
// V8 compiles a function when it first runs, so a chunk's cache holds the functions of the runs
// that wrote it. Each cache file names the commands whose runs went into it; the first run of
// another command that loads the chunk writes it again with its own functions added (`veche serve`
// after a `veche --help`: the chunks they share get serve's functions too), and a command already
// named pays nothing for it. So every command starts from a cache of what it runs, whichever
// command ran first after a build (BENCHMARKS.md, "`veche` start, fifth pass").
//
// Invariants: a cache is only ever a speed-up. It is read only for a chunk of the bundle's own
// folder; it is named after the chunk (whose name carries the hash of its content) and V8's
// version, so a rebuilt bundle or another Node never reads it; its content carries a CRC-32 and its
// lengths, and V8 checks its own version, flags and source, so a stale, cut or corrupt file is
// ignored and written anew. Files are written whole or not at all (a temporary file renamed into
// place), readable by their owner only (0600, in a 0700 folder), and any failure to read or write
// one (a read-only install, a full disk) only leaves that run without it. Two runs writing the same
// file at once each rename a whole file of their own into place: the last one stays, and the
// command of the other, no longer named in it, adds its functions again at its next run. A chunk
// may not use `import()` (scripts/bundle-cli.ts checks): a script compiled from a cache has no
// module loader behind it on Node 20.
import {
  accessSync,
  constants,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import Module, { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import vm from 'node:vm'
import zlib from 'node:zlib'

/** The folder of the bundle's code caches, inside the bundle's own folder. */
export const CODE_CACHE_FOLDER = 'code-cache'

/**
 * `VCC2`, the payload's length, the CRC-32 of what follows the header, the commands' length: 16
 * bytes, then the names of the commands whose runs the cache holds (UTF-8, one space between
 * them), then the payload V8 made.
 */
const MAGIC = 0x32434356
const HEADER_BYTES = 16

/** What a run without a command name (`veche`, `veche --help`) is named by in a cache file. */
export const NO_COMMAND = '-'

/** Node's own CommonJS internals this file hooks into (stable since Node 0.x, untyped). */
interface CommonJsInternals {
  _extensions: Record<string, (module: NodeJS.Module, filename: string) => void>
  wrap(source: string): string
}

/** What a run did with each chunk it loaded: compiled it from its cache, or from its source. */
export interface CodeCacheRecord {
  readonly chunks: { readonly file: string; readonly fromCache: boolean }[]
}

/** A cache file's content: V8's data and the commands whose runs it holds. */
interface CodeCache {
  readonly payload: Buffer
  readonly commands: readonly string[]
}

interface CompiledChunk {
  readonly script: vm.Script
  readonly cacheFile: string
  /** The commands named in the cache it was compiled from, null when it had none it could use. */
  readonly commands: readonly string[] | null
}

/** Writes the caches of the chunks loaded since the last save (saveCodeCache, and at exit). */
let pendingSave: (() => void) | null = null

/** The cache's file for `chunk`: its name (which holds its content hash) and V8's version. */
function cacheFileOf(folder: string, chunk: string): string {
  return join(folder, `${basename(chunk)}.v8-${process.versions.v8}.bin`)
}

/** The name a run of `command` goes by in cache files: the command if it is a plain word. */
export function cacheCommandName(command: string | null): string {
  return command !== null && /^[a-z][a-z0-9-]{0,39}$/.test(command) ? command : NO_COMMAND
}

/** The cache in `file`, or undefined when it is missing, cut or corrupt. */
function readCache(file: string, crc32: (data: Uint8Array) => number): CodeCache | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch {
    return undefined
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return undefined
  const namesBytes = bytes.readUInt32LE(12)
  if (bytes.length !== HEADER_BYTES + namesBytes + bytes.readUInt32LE(4)) return undefined
  const rest = bytes.subarray(HEADER_BYTES)
  if (crc32(rest) !== bytes.readUInt32LE(8)) return undefined
  return {
    payload: rest.subarray(namesBytes),
    commands: rest.subarray(0, namesBytes).toString('utf8').split(' '),
  }
}

/** True when `folder` exists or was made (0700) and can be written: else no cache is made at all. */
function writableFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Writes `cache` to `file` whole (a temporary file renamed into place), 0600; ignores failure. */
function writeCache(file: string, cache: CodeCache, crc32: (data: Uint8Array) => number): void {
  const names = Buffer.from(cache.commands.join(' '), 'utf8')
  const rest = Buffer.concat([names, cache.payload])
  const header = Buffer.alloc(HEADER_BYTES)
  header.writeUInt32LE(MAGIC, 0)
  header.writeUInt32LE(cache.payload.length, 4)
  header.writeUInt32LE(crc32(rest), 8)
  header.writeUInt32LE(names.length, 12)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, Buffer.concat([header, rest]), { mode: 0o600, flag: 'wx' })
    renameSync(temporary, file)
  } catch {
    rmSync(temporary, { force: true })
  }
}

/**
 * Makes `require` compile the CommonJS chunks of `bundleFolder` through V8's code cache (kept in
 * its `code-cache` folder), for a run of `command` (cacheCommandName). At exit (or at an earlier
 * saveCodeCache()) it writes the cache of every chunk that ran without a usable one, and of every
 * chunk whose cache does not name `command` yet, with the functions this run compiled added. Other files load as before. Does nothing where Node has no `zlib.crc32` (before 20.15).
 * Returns the record of the chunks loaded, filled as they load.
 */
export function useCodeCache(bundleFolder: string, command: string | null = null): CodeCacheRecord {
  const record: CodeCacheRecord = { chunks: [] }
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32
  if (crc32 === undefined) return record
  const internals = Module as unknown as CommonJsInternals
  const folder = join(bundleFolder, CODE_CACHE_FOLDER)
  const prefix = join(bundleFolder, '/')
  const name = cacheCommandName(command)
  const toWrite: CompiledChunk[] = []
  const loadCjs = internals._extensions['.cjs'] ?? internals._extensions['.js']
  if (loadCjs === undefined) return record
  internals._extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(prefix) || filename.includes('/', prefix.length)) {
      loadCjs(module, filename)
      return
    }
    const cacheFile = cacheFileOf(folder, filename)
    const cache = readCache(cacheFile, crc32)
    const script = new vm.Script(internals.wrap(readFileSync(filename, 'utf8')), {
      filename,
      ...(cache === undefined ? {} : { cachedData: cache.payload }),
    })
    const fromCache = cache !== undefined && script.cachedDataRejected !== true
    if (!fromCache) toWrite.push({ script, cacheFile, commands: null })
    else if (!cache.commands.includes(name)) {
      toWrite.push({ script, cacheFile, commands: cache.commands })
    }
    record.chunks.push({ file: basename(filename), fromCache })
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void
    const require = createRequire(filename)
    wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename))
  }
  pendingSave = () => {
    const chunks = toWrite.splice(0)
    if (chunks.length === 0 || !writableFolder(folder)) return
    // Made after the run, the data holds every function compiled so far: those of the cache the
    // chunk came from and those this run compiled.
    for (const { script, cacheFile, commands } of chunks) {
      const payload = script.createCachedData()
      writeCache(cacheFile, { payload, commands: [...(commands ?? []), name] }, crc32)
    }
  }
  process.once('exit', saveCodeCache)
  return record
}

/**
 * Writes now the code caches that would be written at exit (those of chunks loaded later are still
 * written at exit). For a process that runs on (`veche serve`): what it compiled to start is all
 * there, before V8 drops the code of functions it has not run for a while, and written even if the
 * process is killed. Does nothing without useCodeCache (the CLI run from its compiled modules).
 */
export function saveCodeCache(): void {
  pendingSave?.()
}
