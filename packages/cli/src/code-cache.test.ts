// The bundled CLI's code cache (code-cache.ts) is only ever a speed-up: a chunk loads from its
// cache when one was left, and a cache that is cut, corrupt or made for other source is ignored and
// written anew, whole and readable by its owner only. A command that runs functions of a chunk
// that the command which first ran left out adds them to its cache, once. A folder that cannot be
// written and runs at the same moment only cost the cache, never the run. Each run is a real child
// process, because the cache hooks Node's CommonJS loader for the whole process.
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'

const CODE_CACHE = fileURLToPath(new URL('../dist/code-cache.js', import.meta.url))
const CHUNK = 'count-DfQ8cW1x.cjs'
let dir: string
let bundle: string

/**
 * A chunk with enough code that V8 has something to cache, a result that shows it ran, and a
 * second entry (`other`) whose functions a run of `total` never compiles.
 */
function writeChunk(factor: number): void {
  writeFileSync(
    join(bundle, CHUNK),
    `'use strict'\nconst helper = require('./helper.cjs')\n` +
      `function scale(values) { return values.map((v) => helper.twice(v) * ${factor}) }\n` +
      `function words(n) { const out = []; for (let i = 0; i < n; i++) out.push(['w', i, i % 3 === 0 ? 'x' : 'y'].join('-')); return out }\n` +
      `function lengths(list) { const seen = new Map(); for (const w of list) seen.set(w.length, (seen.get(w.length) ?? 0) + 1); return [...seen.values()] }\n` +
      `module.exports = {\n` +
      `  total: (n) => scale(Array.from({ length: n }, (_, i) => i)).reduce((a, b) => a + b, 0),\n` +
      `  other: (n) => lengths(words(n)).reduce((a, b) => a + b, 0) * ${factor} * 11,\n` +
      `}\n`,
  )
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-code-cache-'))
  bundle = join(dir, 'bundle')
  mkdirSync(bundle)
  writeFileSync(join(bundle, 'helper.cjs'), `exports.twice = (v) => v * 2\n`)
  writeChunk(1)
  // argv: the command's name, the chunk's entry to call, and `save-and-die` to write the caches
  // with saveCodeCache() and be killed before any exit handler runs.
  writeFileSync(
    join(dir, 'run.mjs'),
    `import { createRequire } from 'node:module'\n` +
      `const { saveCodeCache, useCodeCache } = await import(${JSON.stringify(CODE_CACHE)})\n` +
      `const [command, entry = 'total', then] = process.argv.slice(2)\n` +
      `const record = useCodeCache(${JSON.stringify(bundle)}, command === 'none' ? null : command)\n` +
      `const chunk = createRequire(import.meta.url)(${JSON.stringify(join(bundle, CHUNK))})\n` +
      `process.stdout.write(JSON.stringify({ total: chunk[entry](10), chunks: record.chunks }))\n` +
      `if (then === 'save-and-die') { saveCodeCache(); process.kill(process.pid, 'SIGKILL') }\n`,
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

interface RunResult {
  total: number
  chunks: { file: string; fromCache: boolean }[]
}

/** Runs the chunk in a new process, as `command`: its result and which chunks came from a cache. */
function run(command = 'show', entry = 'total'): RunResult {
  const child = spawnSync(process.execPath, [join(dir, 'run.mjs'), command, entry], {
    encoding: 'utf8',
  })
  expect(child.stderr).toBe('')
  expect(child.status).toBe(0)
  return JSON.parse(child.stdout) as RunResult
}

/** The same as run, started at once `count` times. */
async function runAtOnce(count: number, command: string, entry: string): Promise<RunResult[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<RunResult>((resolve, reject) => {
          const child = spawn(process.execPath, [join(dir, 'run.mjs'), command, entry])
          let out = ''
          let err = ''
          child.stdout.on('data', (data: Buffer) => (out += data.toString()))
          child.stderr.on('data', (data: Buffer) => (err += data.toString()))
          child.once('error', reject)
          child.once('close', (status) => {
            if (status === 0 && err === '') resolve(JSON.parse(out) as RunResult)
            else reject(new Error(`run ${command} ${entry}: status ${status}, ${err}`))
          })
        }),
    ),
  )
}

function cacheFiles(): string[] {
  return readdirSync(join(bundle, 'code-cache'))
}

/** The cache file of the chunk. */
function chunkCache(): string {
  return join(bundle, 'code-cache', `${CHUNK}.v8-${process.versions.v8}.bin`)
}

test('code cache: the first run writes one, 0600 in a 0700 folder; the next run loads from it', () => {
  expect(run()).toEqual({
    total: 90,
    chunks: [
      { file: CHUNK, fromCache: false },
      { file: 'helper.cjs', fromCache: false },
    ],
  })
  expect(cacheFiles().sort()).toEqual([
    `${CHUNK}.v8-${process.versions.v8}.bin`,
    `helper.cjs.v8-${process.versions.v8}.bin`,
  ])
  expect(statSync(join(bundle, 'code-cache')).mode & 0o777).toBe(0o700)
  for (const file of cacheFiles()) {
    expect(statSync(join(bundle, 'code-cache', file)).mode & 0o777).toBe(0o600)
  }
  expect(run().chunks.every((chunk) => chunk.fromCache)).toBe(true)
})

test('code cache: a corrupt or cut cache is ignored and written anew', () => {
  run()
  const file = chunkCache()
  const good = readFileSync(file)
  const flipped = Buffer.from(good)
  flipped[flipped.length - 7] = (flipped[flipped.length - 7] as number) ^ 0xff
  for (const bad of [flipped, good.subarray(0, good.length - 100), good.subarray(0, 5)]) {
    writeFileSync(file, bad)
    const result = run()
    expect(result.total).toBe(90)
    expect(result.chunks).toContainEqual({ file: CHUNK, fromCache: false })
    expect(run().chunks).toContainEqual({ file: CHUNK, fromCache: true })
  }
})

test('code cache: a cache made for other source is refused by V8 and written anew', () => {
  run()
  writeChunk(100)
  const result = run()
  expect(result.total).toBe(9000)
  expect(result.chunks).toContainEqual({ file: CHUNK, fromCache: false })
  expect(run().chunks).toContainEqual({ file: CHUNK, fromCache: true })
  expect(cacheFiles().filter((file) => file.endsWith('.tmp'))).toEqual([])
})

/** The commands the chunk's cache names (after its 16-byte header), and its length. */
function cacheOfChunk(): { commands: string[]; bytes: number } {
  const bytes = readFileSync(chunkCache())
  const names = bytes.subarray(16, 16 + bytes.readUInt32LE(12)).toString('utf8')
  return { commands: names.split(' '), bytes: bytes.length }
}

test('code cache: a command that runs functions the first command left out adds them, once', () => {
  // `veche --help` first after a build, then `veche serve`: the chunks they share held only the
  // functions --help ran, and serve compiled its own at every start.
  expect(run('none', 'total').total).toBe(90)
  const first = cacheOfChunk()
  const served = run('serve', 'other')
  expect(served.chunks).toContainEqual({ file: CHUNK, fromCache: true })
  const grown = cacheOfChunk()
  expect(grown.bytes).toBeGreaterThan(first.bytes)
  expect(first.commands).toEqual(['-'])
  expect(grown.commands).toEqual(['-', 'serve'])
  // Both commands are in it now: later runs of either load it and leave it as it is.
  const content = readFileSync(chunkCache())
  expect(run('serve', 'other').chunks).toContainEqual({ file: CHUNK, fromCache: true })
  expect(run('none', 'total').chunks).toContainEqual({ file: CHUNK, fromCache: true })
  expect(readFileSync(chunkCache()).equals(content)).toBe(true)
  // A third command, in the other order, is added the same way, and the result is still right.
  const tallied = run('tally', 'other')
  expect(tallied.total).toBe(110)
  expect(cacheOfChunk().commands).toEqual(['-', 'serve', 'tally'])
})

test('code cache: saveCodeCache writes the caches before exit, for a process that is killed', () => {
  const child = spawnSync(process.execPath, [
    join(dir, 'run.mjs'),
    'serve',
    'total',
    'save-and-die',
  ])
  expect(child.signal).toBe('SIGKILL')
  expect(cacheOfChunk().commands).toEqual(['serve'])
  expect(run('serve').chunks.every((chunk) => chunk.fromCache)).toBe(true)
})

test('code cache: a folder that cannot be made or written leaves the run without a cache', () => {
  // A file where the folder should be: it cannot be made.
  writeFileSync(join(bundle, 'code-cache'), 'not a folder')
  expect(run()).toEqual({
    total: 90,
    chunks: [
      { file: CHUNK, fromCache: false },
      { file: 'helper.cjs', fromCache: false },
    ],
  })
  rmSync(join(bundle, 'code-cache'))
  // A folder that holds a cache but cannot be written (a read-only install): read, not written.
  run('show')
  const before = readFileSync(chunkCache())
  chmodSync(join(bundle, 'code-cache'), 0o555)
  // root writes wherever it likes: the run is then another user's, who can read but not write.
  const asOther = process.getuid?.() === 0
  if (asOther) {
    for (const folder of [dir, bundle]) chmodSync(folder, 0o755)
    for (const file of readdirSync(join(bundle, 'code-cache'))) {
      chmodSync(join(bundle, 'code-cache', file), 0o644)
    }
  }
  const child = spawnSync(process.execPath, [join(dir, 'run.mjs'), 'serve', 'other'], {
    encoding: 'utf8',
    ...(asOther ? { uid: 65534, gid: 65534 } : {}),
  })
  expect(child.stderr).toBe('')
  expect(child.status).toBe(0)
  const result = JSON.parse(child.stdout) as RunResult
  expect(result.total).toBe(110)
  expect(result.chunks).toContainEqual({ file: CHUNK, fromCache: true })
  expect(readFileSync(chunkCache()).equals(before)).toBe(true)
  expect(readdirSync(join(bundle, 'code-cache')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  chmodSync(join(bundle, 'code-cache'), 0o700)
  expect(existsSync(chunkCache())).toBe(true)
})

test('code cache: runs started at once all run, and leave whole caches', async () => {
  const first = await runAtOnce(4, 'show', 'total')
  expect(first.map((result) => result.total)).toEqual([90, 90, 90, 90])
  const second = await runAtOnce(4, 'serve', 'other')
  expect(second.map((result) => result.total)).toEqual([110, 110, 110, 110])
  expect(cacheFiles().filter((file) => file.endsWith('.tmp'))).toEqual([])
  // Whatever run's file stayed, it is whole: the next run loads it.
  expect(run('show').chunks.every((chunk) => chunk.fromCache)).toBe(true)
  expect(run('serve', 'other').chunks.every((chunk) => chunk.fromCache)).toBe(true)
})
