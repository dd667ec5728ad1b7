// `veche encrypt` on a real data folder: the store and the identities are encrypted with nothing
// lost (the same `veche verify` hash before and after), the files hold no event text or secret
// key, and every command, the hub included, opens the store with the passphrase and only with it.
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cliOn } from './test-support/cli-processes.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))
const MARKER = 'water-committee-meets-behind-the-bakery'
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-encrypt-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('encrypt: nothing lost, nothing readable without the passphrase, every command opens it with it', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  const secretKey = (
    JSON.parse(readFileSync(join(data, 'identities', 'aigerim.json'), 'utf8')) as {
      secretKey: string
    }
  ).secretKey
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', 'Hall')
  await cli.ok('aigerim', 'propose', '--space', space, '--title', 'Water', '--text', MARKER)
  const before = await cli.ok('aigerim', 'verify')
  expect(readFileSync(join(data, 'veche.db')).includes(MARKER)).toBe(true)

  const pass = join(dir, 'pass')
  writeFileSync(pass, 'the river belongs to all of us\n')
  chmodSync(pass, 0o600)
  const withPass = ['--passphrase-file', pass]
  const encrypted = await cli.json<{ store: string; events: number; sealedIdentities: string[] }>(
    'aigerim',
    ...withPass,
    'encrypt',
    '--scrypt-log-n',
    '14',
  )
  expect(encrypted).toMatchObject({ store: 'encrypted', events: 2, sealedIdentities: ['aigerim'] })

  // Nothing readable: no event text in any file of the folder, no secret key in the identity.
  for (const name of readdirSync(data)) {
    if (name === 'identities') continue
    expect(readFileSync(join(data, name)).includes(MARKER), name).toBe(false)
  }
  const identity = readFileSync(join(data, 'identities', 'aigerim.json'), 'utf8')
  expect(identity).not.toContain(secretKey)
  expect(identity).not.toContain('secretKey')

  // The same hash with the passphrase; without it, or with another, a clear refusal.
  expect(await cli.ok('aigerim', ...withPass, 'verify')).toBe(before)
  const locked = await cli.run(['verify'])
  expect(locked.code).toBe(1)
  expect(locked.err).toContain('is encrypted: give its passphrase')
  writeFileSync(join(dir, 'wrong'), 'another passphrase\n')
  const wrong = await cli.run(['--passphrase-file', join(dir, 'wrong'), 'verify'])
  expect(wrong.code).toBe(1)
  expect(wrong.err).toContain('the key does not open it')

  // Signing needs the passphrase for the sealed key; with it, the member acts as before.
  const unsigned = await cli.run([
    '--as',
    'aigerim',
    'propose',
    '--space',
    space,
    '--title',
    'Bread',
    '--text',
    'x',
  ])
  expect(unsigned.code).toBe(1)
  await cli.ok(
    'aigerim',
    ...withPass,
    'propose',
    '--space',
    space,
    '--title',
    'Bread',
    '--text',
    'x',
  )

  // The hub opens it with VECHE_PASSPHRASE.
  const hub = spawn(
    process.execPath,
    [BIN, '--data', data, 'serve', '--host', '127.0.0.1', '--port', '0'],
    {
      env: { ...process.env, VECHE_PASSPHRASE: 'the river belongs to all of us' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = ''
      hub.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = /listening on port (\d+)/.exec(out)?.[1]
        if (found !== undefined) resolve(found)
      })
      hub.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
      hub.on('exit', () => reject(new Error(`the hub exited: ${out}`)))
    })
    const view = (await (await fetch(`http://127.0.0.1:${port}/api/spaces/${space}`)).json()) as {
      events: number
    }
    expect(view.events).toBe(3)
  } finally {
    hub.kill('SIGTERM')
  }
})

test('encrypt: a new data folder given a passphrase is encrypted from its first event', async () => {
  const data = join(dir, 'fresh')
  const cli = cliOn(dir, data)
  const pass = join(dir, 'pass')
  writeFileSync(pass, 'from the start\n')
  await cli.ok('bolat', '--passphrase-file', pass, 'encrypt', '--scrypt-log-n', '14')
  await cli.ok('bolat', 'id', 'new', 'bolat')
  const space = await cli.ok(
    'bolat',
    '--passphrase-file',
    pass,
    'assembly',
    'create',
    '--name',
    MARKER,
  )
  expect(space).toMatch(/^[A-Za-z0-9_-]{22}$/)
  for (const name of readdirSync(data)) {
    if (name === 'identities') continue
    expect(readFileSync(join(data, name)).includes(MARKER), name).toBe(false)
  }
})
