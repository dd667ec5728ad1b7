// A hub's address given without its scheme (`localhost:8080`, `10.0.0.7:8080`) is refused with
// the URL to give instead: `localhost:8080` was refused as "a hub URL starts with http://" and
// `10.0.0.7:8080` only as "give a hub URL". A real process; nothing is contacted.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'veche-hub-url-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('sync: an address without http:// is refused with the URL to give', () => {
  for (const address of ['localhost:18082', '127.0.0.1:18082']) {
    const run = spawnSync(process.execPath, [BIN, '--data', join(root, 'd'), 'sync', address], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`a hub URL starts with http:// or https://: http://${address}`)
  }
})
