// `verifyStore` on stored logs longer than one part of a page: a page's events are parsed and
// handed to the verifier a part at a time, and each verdict must still land on its own event.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { canonicalJson, computeEventId, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { createParallelVerifier } from './parallel-verifier.js'
import { foundAssembly, submitAll, T0 } from './test-support/assembly-fixture.js'
import { verifyStore } from './verify-store.js'

const dir = mkdtempSync(join(tmpdir(), 'veche-verify-store-'))
const parallel = createParallelVerifier(1)
afterAll(async () => {
  await parallel.close()
  rmSync(dir, { recursive: true, force: true })
})

test('verify: a forged event deep in a long page is the fault, at its own id, after every good event before it', async () => {
  const store = await openSqliteStore(join(dir, 'long.db'))
  try {
    const ledger = new Ledger(store, nodeVerifier)
    const { space, alice } = await foundAssembly(ledger)
    const proposals: SignedEvent[] = []
    for (let i = 0; i < 700; i++) {
      proposals.push(
        await alice.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, T0 + 10 + i),
      )
    }
    await submitAll(ledger, proposals)
    const hash = hashSpaceState((await ledger.state(space))!)
    expect(await verifyStore(store, parallel)).toEqual([{ space, events: 703, hash, fault: null }])
    // The next event, signed over one text and stored with another (its id hashed from what is
    // stored, so only the signature is wrong): the 704th event, in the third part of the first page.
    const good = await alice.next(space, 'proposal.submitted', { title: 'Q', text: 'y' }, T0 + 900)
    const forged = { ...good, body: { title: 'Q', text: 'z' } } as SignedEvent
    const id = computeEventId(forged)
    await store.append([
      {
        id,
        space,
        author: forged.author,
        seq: forged.seq,
        type: forged.type,
        json: canonicalJson(forged),
      },
    ])
    const [verdict] = await verifyStore(store, parallel)
    expect(verdict).toEqual({
      space,
      events: 704,
      hash: null,
      fault: { id, code: 'event.bad-signature', message: 'a signature does not match' },
    })
  } finally {
    await store.close()
  }
})
