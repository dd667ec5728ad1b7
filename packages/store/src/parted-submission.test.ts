// A submission larger than one part (PREPARE_PART events) has its signatures checked part by part
// on worker threads and the calling thread while the rules already run on the first parts: the
// outcomes must be exactly those of checking everything on one thread first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { decodeBase64url, signingBytes } from '@veche/core'
import type { SignatureCheck, SignatureVerifier, SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { PREPARE_PART } from './event-preparation.js'
import { Ledger, TAMPERED_CODES } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { createParallelVerifier } from './parallel-verifier.js'
import { foundAssembly, newAuthor, T0 } from './test-support/assembly-fixture.js'

const dir = mkdtempSync(join(tmpdir(), 'veche-parted-'))
const parallel = createParallelVerifier(1)
afterAll(async () => {
  await parallel.close()
  rmSync(dir, { recursive: true, force: true })
})

test('parted submission: an altered event in the third part is refused alone, as on one thread; refuseOn writes nothing', async () => {
  const open = async (name: string, verifier: SignatureVerifier = parallel) =>
    new Ledger(await openSqliteStore(join(dir, `${name}.db`)), verifier)
  const ledger = await open('parallel')
  const { space, alice, bob } = await foundAssembly(ledger)
  const events: SignedEvent[] = []
  for (let i = 0; i < 2 * PREPARE_PART + 500; i++) {
    events.push(
      await alice.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, T0 + 10 + i),
    )
  }
  const altered = 2 * PREPARE_PART + 300
  const bobs = await bob.next(space, 'proposal.submitted', { title: 'B', text: 'y' }, T0 + 5)
  events.splice(altered, 0, { ...bobs, body: { ...bobs.body, text: 'z' } } as SignedEvent)

  // the same founding events on a ledger that checks everything on this thread
  const single = await open('single', nodeVerifier)
  for await (const stored of ledger.store.read(space))
    await single.submit([JSON.parse(stored.json)])

  const refused = await ledger.submit(events, { refuseOn: TAMPERED_CODES })
  expect(refused.written).toBe(0)
  expect(await ledger.store.count(space)).toBe(3)

  const report = await ledger.submit(events)
  expect(report.outcomes[altered]).toMatchObject({
    status: 'rejected',
    code: 'event.bad-signature',
  })
  expect(report.outcomes.filter((o) => o.status === 'accepted')).toHaveLength(events.length - 1)
  expect(report.outcomes).toEqual((await single.submit(events)).outcomes)
  expect(await ledger.store.count(space)).toBe(3 + events.length - 1)
})

test('parallel verifier: a batch of many parts gives every verdict in order, whether or not this thread is busy', async () => {
  const author = newAuthor()
  const space = author.spaceFor('parts-nonce')
  const all: SignatureCheck[] = []
  for (let n = 0; n < 2_000; n++) {
    const event = await author.next(space, 'proposal.submitted', { title: `${n}`, text: '' }, T0)
    const signature = decodeBase64url(event.sig)!
    if (n % 97 === 0) signature[0] = signature[0]! ^ 1
    all.push({ publicKey: decodeBase64url(event.author)!, message: signingBytes(event), signature })
  }
  const expected = await nodeVerifier.verifyAll(all)
  expect(expected.filter((ok) => !ok)).toHaveLength(Math.ceil(all.length / 97))
  // idle: this thread helps from the far end
  expect(await parallel.verifyAll(all)).toEqual(expected)
  // busy: this thread spins before it lets the event loop turn, so the worker claims most parts
  const pending = parallel.verifyAll(all)
  const until = Date.now() + 200
  while (Date.now() < until) {
    // busy
  }
  expect(await pending).toEqual(expected)
})
