// The SQLite store encrypted at rest (SQLCipher through better-sqlite3-multiple-ciphers): nothing
// of an event is readable in the file without the key, a wrong key or none is refused, and an
// existing plain store is encrypted in place with every event kept, byte for byte.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { EventId } from '@veche/core'
import type { EventStore } from './event-store.js'
import { encryptSqliteStore, isPlainSqlite } from './sqlite-encryption.js'
import { openSqliteStore } from './sqlite-event-store.js'
import {
  deriveStoreKey,
  newStoreKeyHeader,
  parseKeyFileText,
  readStoreKeyHeader,
  StoreKeyError,
  writeStoreKeyHeader,
} from './store-key.js'
import { sampleAuthor, sampleEvents, sampleSpace } from './test-support/sample-events.js'

const MARKER = 'minutes-of-the-riverside-strike-committee'
let folder: string
let file: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'veche-encrypted-'))
  file = join(folder, 'veche.db')
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

const events = sampleEvents(sampleSpace('enc'), sampleAuthor('enc'), 1, 300, (seq) => ({
  text: `${MARKER} item ${seq}`,
}))

async function allJson(store: EventStore): Promise<string[]> {
  const texts: string[] = []
  for await (const stored of store.readAll()) texts.push(stored.json)
  return texts
}

/** Every file of the store (the database, -wal, -shm) as one buffer. */
function storeBytes(): Buffer {
  return Buffer.concat(
    readdirSync(folder)
      .filter((name) => name.startsWith('veche.db') && !name.endsWith('.key'))
      .map((name) => readFileSync(join(folder, name))),
  )
}

test('encrypted store: the file holds no event text, and only its key opens it', async () => {
  const key = randomBytes(32)
  const store = await openSqliteStore(file, { key })
  await store.append(events)
  // While open, the -wal holds the new pages: encrypted too.
  expect(storeBytes().includes(MARKER)).toBe(false)
  expect(storeBytes().includes(sampleAuthor('enc'))).toBe(false)
  await store.close()
  expect(storeBytes().includes(MARKER)).toBe(false)
  expect(isPlainSqlite(file)).toBe(false)
  expect(isPlainSqlite(`${file}-ballots`)).toBe(false)
  await expect(openSqliteStore(file)).rejects.toThrow(/is encrypted and needs its key/)
  await expect(openSqliteStore(file, { key: randomBytes(32) })).rejects.toThrow(
    /the key does not open it/,
  )
  const reopened = await openSqliteStore(file, { key })
  expect(await allJson(reopened)).toEqual(events.map((e) => e.json))
  await reopened.close()
})

test('encrypted store: held secret ballots, in their own file, are encrypted under the same key', async () => {
  const key = randomBytes(32)
  const store = await openSqliteStore(file, { key })
  const ballots = Array.from({ length: 20 }, (_, i) => ({
    id: `${String(i).padStart(2, '0')}${'b'.repeat(41)}` as EventId,
    space: sampleSpace('enc'),
    poll: 'p'.repeat(43) as EventId,
    json: `{"ciphertext":"${MARKER}-${i}"}`,
  }))
  await store.append([], undefined, { ballots })
  await store.close()
  expect(readFileSync(`${file}-ballots`).includes(MARKER)).toBe(false)
  expect(storeBytes().includes(MARKER)).toBe(false)
  const reopened = await openSqliteStore(file, { key })
  expect(await reopened.ballots(sampleSpace('enc'))).toEqual(ballots)
  await reopened.close()
})

test('encrypting a plain store keeps every event byte for byte and leaves no plain copy', async () => {
  const plain = await openSqliteStore(file)
  await plain.append(events)
  await plain.close()
  expect(readFileSync(file).includes(MARKER)).toBe(true)
  const key = randomBytes(32)
  expect(encryptSqliteStore(file, key)).toEqual({ events: events.length })
  expect(readdirSync(folder).sort()).toEqual(['veche.db', 'veche.db-ballots'])
  expect(isPlainSqlite(`${file}-ballots`)).toBe(false)
  expect(readFileSync(file).includes(MARKER)).toBe(false)
  const store = await openSqliteStore(file, { key })
  expect(await allJson(store)).toEqual(events.map((e) => e.json))
  // Still a working store: it takes new events.
  await store.append(sampleEvents(sampleSpace('enc'), sampleAuthor('enc'), 301, 1))
  expect(await store.count()).toBe(301)
  await store.close()
})

test('store key: a passphrase (scrypt) or a key file (HKDF) with the header salt; another salt, another key', () => {
  const passphrase = { kind: 'passphrase', passphrase: 'our assembly, our rules' } as const
  const header = newStoreKeyHeader(passphrase, 14)
  writeStoreKeyHeader(file, header)
  expect(readStoreKeyHeader(file)).toEqual(header)
  const key = deriveStoreKey(header, passphrase)
  expect(key).toHaveLength(32)
  expect(deriveStoreKey(readStoreKeyHeader(file)!, passphrase)).toEqual(key)
  expect(deriveStoreKey(newStoreKeyHeader(passphrase, 14), passphrase)).not.toEqual(key)
  expect(() => deriveStoreKey(header, { kind: 'key-file', key: randomBytes(32) })).toThrow(
    StoreKeyError,
  )
  const keyFile = parseKeyFileText(`${'a1'.repeat(32)}\n`)!
  const fileHeader = newStoreKeyHeader({ kind: 'key-file', key: keyFile })
  expect(deriveStoreKey(fileHeader, { kind: 'key-file', key: keyFile })).toHaveLength(32)
  expect(parseKeyFileText('not a key')).toBeNull()
  expect(existsSync(`${file}.key.new`)).toBe(false)
})
