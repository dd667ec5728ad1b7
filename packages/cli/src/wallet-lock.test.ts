// The secret-poll wallets' lock between processes: real node processes take one identity's lock
// over and over at once, each writing when it enters and leaves; no two ever hold it together.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { PublicKey } from '@veche/core'
import { afterAll, expect, test } from 'vitest'
import { WalletFolder } from './secret-wallets.js'

const run = promisify(execFile)
const root = mkdtempSync(join(tmpdir(), 'veche-wallet-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const wallets = fileURLToPath(new URL('../dist/secret-wallets.js', import.meta.url))
const KEY = 'LFp6fp5_fgRkzr6SPYGxQZGWtwo0HGoYnFKGiOrSiiU' as PublicKey

/** A process that takes the lock `rounds` times, appending `+pid` inside and `-pid` on leaving. */
const taker = `
const { appendFileSync } = require('node:fs')
import(${JSON.stringify(wallets)}).then(async ({ WalletFolder }) => {
  const folder = new WalletFolder(process.argv[1], ${JSON.stringify(KEY)})
  for (let i = 0; i < Number(process.argv[3]); i++) {
    await folder.locked(async () => {
      appendFileSync(process.argv[2], '+' + process.pid + '\\n')
      await new Promise((r) => setImmediate(r))
      appendFileSync(process.argv[2], '-' + process.pid + '\\n')
    })
  }
})
`

test('the wallet lock: processes racing for one identity never hold it at once', async () => {
  const log = join(root, 'log')
  await Promise.all([1, 2, 3, 4].map(() => run(process.execPath, ['-e', taker, root, log, '60'])))
  const lines = readFileSync(log, 'utf8').trim().split('\n')
  expect(lines).toHaveLength(4 * 60 * 2)
  let holder: string | null = null
  for (const line of lines) {
    if (line.startsWith('+')) {
      expect(holder).toBeNull()
      holder = line.slice(1)
    } else {
      expect(line.slice(1)).toBe(holder)
      holder = null
    }
  }
}, 120_000)

test('the wallet lock: a lock file that does not name its holder yet is waited for, not taken over', async () => {
  const folder = new WalletFolder(join(root, 'nameless'), KEY)
  await folder.locked(() => Promise.resolve()) // makes the folder
  const lock = join(folder.dir, '.lock')
  writeFileSync(lock, '') // another process has just created it and not yet written its pid
  let ran = false
  const taking = folder.locked(() => {
    ran = true
    return Promise.resolve()
  })
  await new Promise((resolve) => setTimeout(resolve, 400))
  expect(ran).toBe(false)
  rmSync(lock)
  await taking
  expect(ran).toBe(true)
})
