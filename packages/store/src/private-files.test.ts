import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, expect, test } from 'vitest'
import { tightenFile } from './private-files.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

// Another process on the same store creates its rollback journal (or -wal, -shm) and deletes it
// at commit; a `veche` command opening the store meanwhile once failed with ENOENT from the stat
// that followed its look for the file (CI, federation-city.test.ts). A worker on the other core
// makes and deletes a journal as fast as it can while this thread tightens it.
test('tightenFile: a journal another process makes and deletes meanwhile is no error', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'veche-tighten-'))
  folders.push(folder)
  const journal = join(folder, 'veche.db-ballots-journal')
  const stop = new Int32Array(new SharedArrayBuffer(8))
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads')
     const fs = require('node:fs')
     const [stop, file] = workerData
     while (Atomics.load(stop, 0) === 0) {
       fs.writeFileSync(file, 'x', { mode: 0o644 })
       fs.unlinkSync(file)
       Atomics.add(stop, 1, 1)
     }`,
    { eval: true, workerData: [stop, journal] },
  )
  try {
    while (Atomics.load(stop, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    let failure: unknown
    for (let i = 0; i < 200_000 && failure === undefined; i++) {
      try {
        tightenFile(journal)
      } catch (error) {
        failure = error
      }
    }
    expect(Atomics.load(stop, 1)).toBeGreaterThan(1000)
    expect(failure).toBeUndefined()
  } finally {
    Atomics.store(stop, 0, 1)
    await worker.terminate()
  }
})

test('tightenFile: takes group and others off a file that is there, and leaves a missing one', () => {
  const folder = mkdtempSync(join(tmpdir(), 'veche-tighten-'))
  folders.push(folder)
  const file = join(folder, 'veche.db-wal')
  writeFileSync(file, 'x', { mode: 0o644 })
  tightenFile(file)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  expect(() => tightenFile(join(folder, 'missing-shm'))).not.toThrow()
})
