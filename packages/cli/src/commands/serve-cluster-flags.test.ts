// `veche serve --cluster-peer` needs the cluster's key (`--cluster-key-file`), and the key file
// must hold a key: both are refused before anything is opened, with what to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { veche } from '../test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-serve-cluster-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('serve: --cluster-peer without --cluster-key-file, or with a file holding no key, is refused', async () => {
  const data = join(root, 'data')
  const serve = ['serve', '--host', '127.0.0.1', '--port', '0', '--no-tls']
  const peer = ['--cluster-peer', 'http://127.0.0.1:9']
  const noKey = await veche(root, data, [...serve, ...peer])
  expect(noKey.code).toBe(1)
  expect(noKey.err).toContain('--cluster-peer needs --cluster-key-file')
  const file = join(root, 'cluster.key')
  writeFileSync(file, 'too-short\n')
  const badKey = await veche(root, data, [...serve, ...peer, '--cluster-key-file', file])
  expect(badKey.code).toBe(1)
  expect(badKey.err).toContain('must hold a key of at least 22 base64url characters')
})
