// `veche wipe` on real files: the key header, identities, wallets and the store are overwritten in
// place and removed. Hard links made beforehand still reach the same blocks of the file system
// (the same inodes), and show that nothing readable was left in them.
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { loadHubCertificate } from './hub-certificate.js'
import { cliOn } from './test-support/cli-processes.js'

const MARKER = 'names-of-the-strike-committee'
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veche-wipe-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Hard links to `files` in a folder of their own: the inodes outlive the wipe's unlink. */
function keepInodes(files: Record<string, string>): Record<string, string> {
  const kept = join(dir, 'inodes')
  mkdirSync(kept, { recursive: true })
  return Object.fromEntries(
    Object.entries(files).map(([name, file]) => {
      const link = join(kept, name)
      linkSync(file, link)
      return [name, link]
    }),
  )
}

test('wipe: an encrypted folder: key header, sealed identity, wallet and store overwritten and gone', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  const pass = join(dir, 'pass')
  writeFileSync(pass, 'wipe me\n')
  await cli.ok('aigerim', '--passphrase-file', pass, 'encrypt', '--scrypt-log-n', '14')
  await cli.ok('aigerim', '--passphrase-file', pass, 'id', 'new', 'aigerim')
  const space = await cli.ok(
    'aigerim',
    '--passphrase-file',
    pass,
    'assembly',
    'create',
    '--name',
    MARKER,
  )
  // A secret poll's wallet, as `veche secret` keeps them (DATA/secrets/<key>/<poll>.json).
  mkdirSync(join(data, 'secrets', 'some-key'), { recursive: true })
  writeFileSync(join(data, 'secrets', 'some-key', 'poll.json'), `{"oneTimeKey":"${MARKER}"}`)
  const header = readFileSync(join(data, 'veche.db.key'), 'utf8')
  const identity = readFileSync(join(data, 'identities', 'aigerim.json'), 'utf8')
  const salt = (JSON.parse(header) as { kdf: { salt: string } }).kdf.salt
  const ciphertext = (JSON.parse(identity) as { sealed: { ciphertext: string } }).sealed.ciphertext
  const store = readFileSync(join(data, 'veche.db'))
  const inodes = keepInodes({
    header: join(data, 'veche.db.key'),
    identity: join(data, 'identities', 'aigerim.json'),
    wallet: join(data, 'secrets', 'some-key', 'poll.json'),
    store: join(data, 'veche.db'),
  })

  const refused = await cli.run(['wipe'])
  expect(refused.code).toBe(1)
  expect(refused.err).toContain('--yes')
  expect(existsSync(join(data, 'veche.db.key'))).toBe(true)

  const report = await cli.json<{ files: number; unreadableMs: number; doneMs: number }>(
    'aigerim',
    'wipe',
    '--yes',
  )
  expect(report.files).toBeGreaterThanOrEqual(4)
  expect(existsSync(data)).toBe(false)
  const after = Object.fromEntries(
    Object.entries(inodes).map(([name, link]) => [name, readFileSync(link)]),
  )
  expect(after['header']!.includes(salt)).toBe(false)
  expect(after['header']!.includes('veche-store-key')).toBe(false)
  expect(after['identity']!.includes(ciphertext)).toBe(false)
  expect(after['identity']!.includes('aigerim')).toBe(false)
  expect(after['wallet']!.includes(MARKER)).toBe(false)
  // The store's bytes are all replaced (an encrypted page left whole would still be data).
  expect(after['store']).toHaveLength(store.length)
  expect(after['store']!.subarray(0, 4096).equals(store.subarray(0, 4096))).toBe(false)
  expect(after['store']!.subarray(-4096).equals(store.subarray(-4096))).toBe(false)
  expect(space).toMatch(/^[A-Za-z0-9_-]{22}$/)
})

test('wipe: a plain folder: the store text and the plain secret key are overwritten', async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  await cli.ok('bolat', 'id', 'new', 'bolat')
  const space = await cli.ok('bolat', 'assembly', 'create', '--name', 'Hall')
  await cli.ok('bolat', 'propose', '--space', space, '--title', 'List', '--text', MARKER)
  const secretKey = (
    JSON.parse(readFileSync(join(data, 'identities', 'bolat.json'), 'utf8')) as {
      secretKey: string
    }
  ).secretKey
  expect(readFileSync(join(data, 'veche.db')).includes(MARKER)).toBe(true)
  // A PostgreSQL hub's held secret ballots, in the data folder beside the hub, go with the store.
  writeFileSync(join(data, 'postgres-public.ballots'), MARKER)
  const inodes = keepInodes({
    identity: join(data, 'identities', 'bolat.json'),
    store: join(data, 'veche.db'),
    ballots: join(data, 'postgres-public.ballots'),
  })
  await cli.ok('bolat', 'wipe', '--yes')
  expect(existsSync(data)).toBe(false)
  expect(readFileSync(inodes['identity']!).includes(secretKey)).toBe(false)
  expect(readFileSync(inodes['store']!).includes(MARKER)).toBe(false)
  expect(readFileSync(inodes['ballots']!).includes(MARKER)).toBe(false)
})

test("wipe: the hub's TLS key and its authority's key (DATA/tls), which would let a seizer pass for the hub (or any private address) on the hall's Wi-Fi, are overwritten and gone", async () => {
  const data = join(dir, 'data')
  const cli = cliOn(dir, data)
  await cli.ok('bolat', 'id', 'new', 'bolat')
  const certificate = await loadHubCertificate(data, { ips: ['127.0.0.1'], dns: ['localhost'] })
  const key = certificate.key.split('\n')[1]!
  const caKey = readFileSync(join(data, 'tls', 'ca-key.pem'), 'utf8').split('\n')[1]!
  const inodes = keepInodes({
    key: join(data, 'tls', 'key.pem'),
    caKey: join(data, 'tls', 'ca-key.pem'),
  })
  await cli.ok('bolat', 'wipe', '--yes')
  expect(existsSync(data)).toBe(false)
  expect(readFileSync(inodes['key']!, 'utf8').includes(key)).toBe(false)
  expect(readFileSync(inodes['caKey']!, 'utf8').includes(caKey)).toBe(false)
})
