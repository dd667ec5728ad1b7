// A hub on PostgreSQL whose database goes out of reach (a restart, a failover) and comes back: the
// requests meanwhile are answered 503 `store.unavailable` with Retry-After, nothing of them
// acknowledged; the process goes on; and the same submission sent again once the database is back
// is accepted, once. The database is real and so is the loss: the hub reaches PostgreSQL through a
// TCP relay in this test, which cuts every connection and refuses new ones, then relays again.
// Runs when VECHE_TEST_PG is set.
import { randomBytes } from 'node:crypto'
import { createServer, connect } from 'node:net'
import type { Server, Socket } from 'node:net'
import { Ledger, nodeVerifier, openPostgresStore } from '@veche/store'
import pg from 'pg'
import { expect, test } from 'vitest'
import { createHub } from './hub.js'
import { signedAssembly } from './test-support/signed-assembly.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''

/** A TCP relay to PostgreSQL that can be cut (every connection closed, new ones refused). */
async function startRelay(
  target: URL,
): Promise<{ url: string; cut(): Promise<void>; resume(): Promise<void> }> {
  const sockets = new Set<Socket>()
  let port = 0
  let server: Server | null = null
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => undefined)
        }
        client.pipe(upstream).pipe(client)
      })
      server.listen(port, '127.0.0.1', () => {
        const address = server!.address()
        port = typeof address === 'object' && address !== null ? address.port : 0
        resolve()
      })
    })
  await listen()
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return {
    url: url.toString(),
    cut: async () => {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
    resume: listen,
  }
}

test.runIf(PG_URL !== '')(
  'a hub whose database is out of reach answers 503 store.unavailable and takes the retry once it is back',
  async () => {
    const schema = `veche_unavailable_${randomBytes(4).toString('hex')}`
    const relay = await startRelay(new URL(PG_URL))
    const store = await openPostgresStore(relay.url, { schema })
    const hub = await createHub({ ledger: new Ledger(store, nodeVerifier), log: false })
    const base = await hub.app.listen({ host: '127.0.0.1', port: 0 })
    const post = (body: unknown) =>
      fetch(`${base}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    try {
      const assembly = await signedAssembly(2, 'unavailable-01')
      const [founding, ...admissions] = assembly.events
      expect((await post(founding)).status).toBe(200)

      await relay.cut()
      const refused = await post(admissions[0])
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('2')
      expect(((await refused.json()) as { code: string }).code).toBe('store.unavailable')
      const read = await fetch(`${base}/api/spaces/${assembly.space}/events`)
      expect(read.status).toBe(503)

      await relay.resume()
      const again = (await (await post({ events: admissions })).json()) as { accepted: number }
      expect(again.accepted).toBe(2)
      expect(await store.count(assembly.space)).toBe(3)
    } finally {
      await hub.close()
      await store.close()
      await relay.cut()
      const admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    }
  },
)
