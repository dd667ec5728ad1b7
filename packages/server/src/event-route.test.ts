// GET /api/events/:id over a real hub on SQLite and real HTTP: an accepted event by id with its
// space, byte for byte; a 404 problem for an id the hub does not hold; a private space's event only
// with a live member token.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterEach, expect, test } from 'vitest'
import { createHub } from './hub.js'
import { signedAssembly } from './test-support/signed-assembly.js'
import type { SignedAssembly } from './test-support/signed-assembly.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(): Promise<{ ledger: Ledger; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-event-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const hub = await createHub({ ledger, log: false })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await hub.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { ledger, url }
}

/** A read token for `assembly`'s first member, by the challenge the hub signs. */
async function readToken(url: string, assembly: SignedAssembly): Promise<string> {
  const member = assembly.members[0]!
  const challenge = (await (
    await fetch(`${url}/api/auth/challenge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ space: assembly.space }),
    })
  ).json()) as { nonce: string; statement: string }
  const signature = await member.signer.sign(new TextEncoder().encode(challenge.statement))
  const granted = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      space: assembly.space,
      key: member.publicKey,
      nonce: challenge.nonce,
      signature: Buffer.from(signature).toString('base64url'),
    }),
  })
  return ((await granted.json()) as { token: string }).token
}

test('an accepted event by id: its space and the signed event as stored; unknown ids are a 404 problem', async () => {
  const { ledger, url } = await start()
  const assembly = await signedAssembly(2)
  await ledger.submit(assembly.events)
  const admitted = assembly.events[1]!
  const id = computeEventId(admitted)
  const res = await fetch(`${url}/api/events/${id}`)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { id: string; space: string; event: SignedEvent }
  expect(body.id).toBe(id)
  expect(body.space).toBe(assembly.space)
  expect(body.event).toEqual(admitted)
  expect(computeEventId(body.event)).toBe(id)

  const missing = await fetch(`${url}/api/events/${'A'.repeat(43)}`)
  expect(missing.status).toBe(404)
  expect(missing.headers.get('content-type')).toContain('application/problem+json')
  expect(await missing.json()).toMatchObject({ code: 'event.unknown', status: 404 })
  const malformed = await fetch(`${url}/api/events/not-an-id`)
  expect(malformed.status).toBe(400)
  expect(await malformed.json()).toMatchObject({ code: 'request.invalid' })

  const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, unknown>
  }
  expect(Object.keys(openapi.paths)).toContain('/api/events/{id}')
})

test("a private space's event needs a live token of a member of that space", async () => {
  const { ledger, url } = await start()
  const assembly = await signedAssembly(1, 'private-event-1', 'private')
  const other = await signedAssembly(1, 'private-event-2', 'private')
  await ledger.submit([...assembly.events, ...other.events])
  const id = computeEventId(assembly.events[0]!)
  const anonymous = await fetch(`${url}/api/events/${id}`)
  expect(anonymous.status).toBe(401)
  expect(await anonymous.json()).toMatchObject({ code: 'auth.required' })
  const token = await readToken(url, assembly)
  const read = await fetch(`${url}/api/events/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(read.status).toBe(200)
  expect(((await read.json()) as { event: SignedEvent }).event).toEqual(assembly.events[0])
  // A token of one private space does not open another's events.
  const elsewhere = await fetch(`${url}/api/events/${computeEventId(other.events[0]!)}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(elsewhere.status).toBe(403)
  expect(await elsewhere.json()).toMatchObject({ code: 'auth.forbidden' })
})
