// The sync client against a hostile hub on loopback: an answer is read up to MAX_RESPONSE_BYTES
// (an answer of exactly that size is read) and no further: a hub that streams without end is cut
// off with a SyncError naming it, instead of being buffered until memory runs out.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SpaceId } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterEach, expect, test } from 'vitest'
import { MAX_ANSWER_MEMBERS, MAX_RESPONSE_BYTES, syncWithPeer } from './sync-client.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A "hub" whose every answer is written by `answer`. */
async function hostileHub(answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((_req, res) => answer(res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

async function emptyLedger(): Promise<Ledger> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-sync-client-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  cleanups.push(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return new Ledger(store, nodeVerifier)
}

/** Writes `chunk` `times` times, waiting for the client to read each. */
async function writeMany(res: ServerResponse, chunk: string, times: number): Promise<boolean> {
  for (let i = 0; i < times; i++) {
    if (res.destroyed) return false
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done)
          res.off('close', done)
          resolve()
        }
        res.on('drain', done)
        res.on('close', done)
      })
    }
  }
  return true
}

test('sync client: an answer of exactly the bound is read', async () => {
  const head = '{"spaces":{},"keys":{},"pad":"'
  const tail = '"}'
  const pad = MAX_RESPONSE_BYTES - head.length - tail.length
  const url = await hostileHub((res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write(head)
    void writeMany(res, 'x'.repeat(1024 * 1024), Math.floor(pad / (1024 * 1024))).then(() => {
      res.end(`${'x'.repeat(pad % (1024 * 1024))}${tail}`)
    })
  })
  expect(await syncWithPeer(await emptyLedger(), url)).toEqual([])
})

test('sync client: a hub that answers without end is cut off past the bound, not buffered', async () => {
  let cut = false
  const url = await hostileHub((res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"spaces":{"')
    res.on('close', () => (cut = true))
    void writeMany(res, 'x'.repeat(1024 * 1024), Number.MAX_SAFE_INTEGER)
  })
  await expect(
    syncWithPeer(await emptyLedger(), url, { requestTimeoutMs: 30_000 }),
  ).rejects.toThrow(
    `${url} answered the list of spaces with more than ${MAX_RESPONSE_BYTES} bytes: not read further`,
  )
  const until = Date.now() + 5_000
  while (!cut && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
  expect(cut).toBe(true)
})

test('sync client: a read sent on a connection the other hub closed is asked again, once', async () => {
  // A hub closes a kept-alive connection idle for 5 s; a client busy submitting a page meanwhile
  // sends its next request on it and meets "other side closed".
  let requests = 0
  const url = await hostileHub((res) => {
    requests += 1
    if (requests === 1) {
      res.socket?.destroy()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"spaces":{},"keys":{}}')
  })
  expect(await syncWithPeer(await emptyLedger(), url)).toEqual([])
  expect(requests).toBe(2)
})

/** `{"k0":0,…}` of `keys` keys: two JSON members each. */
function manyKeys(keys: number): string {
  const parts: string[] = []
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":${i}`)
  return `{${parts.join(',')}}`
}

test('sync client: an answer of more than MAX_ANSWER_MEMBERS JSON members is not parsed', async () => {
  const pad = manyKeys(MAX_ANSWER_MEMBERS / 2 + 1)
  const url = await hostileHub((res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(`{"spaces":{},"keys":{},"pad":${pad}}`)
  })
  await expect(syncWithPeer(await emptyLedger(), url)).rejects.toThrow(
    `${url} answered the list of spaces with more than ${MAX_ANSWER_MEMBERS} JSON members: not read`,
  )
})

test('sync client: a page over the member budget is asked for again with fewer events', async () => {
  const space = 'S'.repeat(22)
  const limits: number[] = []
  const pad = manyKeys(MAX_ANSWER_MEMBERS / 2 + 1)
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url?.startsWith('/api/sync/spaces')) {
        res.end(
          JSON.stringify({
            spaces: { [space]: { visibility: 'public', vector: { ['A'.repeat(43)]: 1 } } },
            keys: {},
          }),
        )
        return
      }
      if (req.url === `/api/sync/${space}/missing`) {
        const { limit } = JSON.parse(body) as { limit: number }
        limits.push(limit)
        // Over the budget at 1,000 events a page; within it at fewer.
        const extra = limit > 500 ? `,"pad":${pad}` : ''
        res.end(`{"events":[],"forks":[],"held":[],"next":null${extra}}`)
        return
      }
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  await syncWithPeer(await emptyLedger(), url, { spaces: [space as SpaceId] })
  expect(limits.slice(0, 2)).toEqual([1_000, 500])
})
