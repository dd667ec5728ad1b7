// V8's code cache for the bundled CLI (../bundle/, made by scripts/bundle-cli.ts). Node 20 keeps
// no compiled code between runs (its compile cache is Node 22's), so each `veche` start would
// compile again every function it runs; with this, a chunk of the bundle is compiled from the
// cache that an earlier run left, which saves most of that work (BENCHMARKS.md, "`veche` start,
// fourth pass").
//
// Invariants: a cache is only ever a speed-up. It is read only for a chunk of the bundle's own
// folder; it is named after the chunk (whose name carries the hash of its content) and V8's
// version, so a rebuilt bundle or another Node never reads it; its payload carries a CRC-32 and its
// length, and V8 checks its own version, flags and source, so a stale, cut or corrupt file is
// ignored and written anew. Files are written whole or not at all (a temporary file renamed into
// place), readable by their owner only (0600, in a 0700 folder), and any failure to read or write
// one (a read-only install, a full disk) only leaves that run without it. A chunk may not use
// `import()` (scripts/bundle-cli.ts checks): a script compiled from a cache has no module loader
// behind it on Node 20.
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

/** `VCC1`, the payload's length, its CRC-32: 12 bytes before the payload V8 made. */
const MAGIC = 0x31434356
const HEADER_BYTES = 12

/** Node's own CommonJS internals this file hooks into (stable since Node 0.x, untyped). */
interface CommonJsInternals {
  _extensions: Record<string, (module: NodeJS.Module, filename: string) => void>
  wrap(source: string): string
}

/** What a run did with each chunk it loaded: compiled it from its cache, or from its source. */
export interface CodeCacheRecord {
  readonly chunks: { readonly file: string; readonly fromCache: boolean }[]
}

interface CompiledChunk {
  readonly script: vm.Script
  readonly cacheFile: string
}

/** The cache's file for `chunk`: its name (which holds its content hash) and V8's version. */
function cacheFileOf(folder: string, chunk: string): string {
  return join(folder, `${basename(chunk)}.v8-${process.versions.v8}.bin`)
}

/** The cached data in `file`, or undefined when it is missing, cut or corrupt. */
function readCache(file: string, crc32: (data: Uint8Array) => number): Buffer | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch {
    return undefined
  }
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return undefined
  const payload = bytes.subarray(HEADER_BYTES)
  if (payload.length !== bytes.readUInt32LE(4)) return undefined
  return crc32(payload) === bytes.readUInt32LE(8) ? payload : undefined
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

/** Writes `payload` to `file` whole (a temporary file renamed into place), 0600; ignores failure. */
function writeCache(file: string, payload: Buffer, crc32: (data: Uint8Array) => number): void {
  const header = Buffer.alloc(HEADER_BYTES)
  header.writeUInt32LE(MAGIC, 0)
  header.writeUInt32LE(payload.length, 4)
  header.writeUInt32LE(crc32(payload), 8)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, Buffer.concat([header, payload]), { mode: 0o600, flag: 'wx' })
    renameSync(temporary, file)
  } catch {
    rmSync(temporary, { force: true })
  }
}

/**
 * Makes `require` compile the CommonJS chunks of `bundleFolder` through V8's code cache (kept in
 * its `code-cache` folder), and write a cache at exit for every chunk that ran without a usable
 * one. Other files load as before. Does nothing where Node has no `zlib.crc32` (before 20.15).
 * Returns the record of the chunks loaded, filled as they load.
 */
export function useCodeCache(bundleFolder: string): CodeCacheRecord {
  const record: CodeCacheRecord = { chunks: [] }
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32
  if (crc32 === undefined) return record
  const internals = Module as unknown as CommonJsInternals
  const folder = join(bundleFolder, CODE_CACHE_FOLDER)
  const prefix = join(bundleFolder, '/')
  const uncached: CompiledChunk[] = []
  const loadCjs = internals._extensions['.cjs'] ?? internals._extensions['.js']
  if (loadCjs === undefined) return record
  internals._extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(prefix) || filename.includes('/', prefix.length)) {
      loadCjs(module, filename)
      return
    }
    const cacheFile = cacheFileOf(folder, filename)
    const cachedData = readCache(cacheFile, crc32)
    const script = new vm.Script(internals.wrap(readFileSync(filename, 'utf8')), {
      filename,
      ...(cachedData === undefined ? {} : { cachedData }),
    })
    const fromCache = cachedData !== undefined && script.cachedDataRejected !== true
    if (!fromCache) uncached.push({ script, cacheFile })
    record.chunks.push({ file: basename(filename), fromCache })
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void
    const require = createRequire(filename)
    wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename))
  }
  process.once('exit', () => {
    if (uncached.length === 0 || !writableFolder(folder)) return
    // Made after the run, the cache holds every function this run compiled, not only the top level.
    for (const { script, cacheFile } of uncached) {
      writeCache(cacheFile, script.createCachedData(), crc32)
    }
  })
  return record
}
