// The bundled CLI's code cache (code-cache.ts) is only ever a speed-up: a chunk loads from its
// cache when one was left, and a cache that is cut, corrupt or made for other source is ignored and
// written anew, whole and readable by its owner only. Each run is a real child process, because
// the cache hooks Node's CommonJS loader for the whole process.
import { spawnSync } from 'node:child_process'
import {
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

/** A chunk with enough code that V8 has something to cache, and a result that shows it ran. */
function writeChunk(factor: number): void {
  writeFileSync(
    join(bundle, CHUNK),
    `'use strict'\nconst helper = require('./helper.cjs')\n` +
      `function scale(values) { return values.map((v) => helper.twice(v) * ${factor}) }\n` +
      `module.exports = { total: (n) => scale(Array.from({ length: n }, (_, i) => i)).reduce((a, b) => a + b, 0) }\n`,
  )
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-code-cache-'))
  bundle = join(dir, 'bundle')
  mkdirSync(bundle)
  writeFileSync(join(bundle, 'helper.cjs'), `exports.twice = (v) => v * 2\n`)
  writeChunk(1)
  writeFileSync(
    join(dir, 'run.mjs'),
    `import { createRequire } from 'node:module'\n` +
      `const { useCodeCache } = await import(${JSON.stringify(CODE_CACHE)})\n` +
      `const record = useCodeCache(${JSON.stringify(bundle)})\n` +
      `const { total } = createRequire(import.meta.url)(${JSON.stringify(join(bundle, CHUNK))})\n` +
      `process.stdout.write(JSON.stringify({ total: total(10), chunks: record.chunks }))\n`,
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the chunk in a new process: its result and which chunks came from their cache. */
function run(): { total: number; chunks: { file: string; fromCache: boolean }[] } {
  const child = spawnSync(process.execPath, [join(dir, 'run.mjs')], { encoding: 'utf8' })
  expect(child.stderr).toBe('')
  expect(child.status).toBe(0)
  return JSON.parse(child.stdout) as ReturnType<typeof run>
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
