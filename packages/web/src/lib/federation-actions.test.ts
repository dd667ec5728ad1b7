// The app's council count against a real hub: it states the membership view it was counted in
// (in a council, the authors of the notices that changed seats), so a notice that reaches a hub
// before the count changes no hub's check (docs/federation.md, "Counts within a view").
import { applyEvent, computeEventId, createSpaceState, generateWebCryptoSigner } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { FederationActions } from './federation-actions.js'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'

test("federation actions: a council's count states the view it was counted in, and the hub takes it", async () => {
  const hub = await startSqliteHub()
  try {
    const signer = await generateWebCryptoSigner()
    const outbox = await Outbox.open(memoryStore(), createHubClient(hub.url), signer)
    const federation = new FederationActions(new AssemblyActions(signer, outbox))
    const council = await federation.createCouncil({
      name: 'District',
      description: '',
      founderName: 'Aigerim',
      seats: { kind: 'fixed', perSpace: 1 },
      quorumPercent: 0,
      method: 'majority',
    })
    const created = outbox.entries[0]!.event
    const state = createSpaceState(council)
    expect(applyEvent(state, created, computeEventId(created))).toBeNull()
    const id = await federation.count(state)
    // No seat yet; the view names the convenor's founding (a membership change); the first count.
    expect(outbox.entries.find((e) => e.id === id)?.event.body).toEqual({
      members: 0,
      view: { [signer.publicKey]: 1 },
      after: null,
      round: 1,
    })
    expect(await outbox.flush()).toBe(true)
    expect(outbox.entries).toEqual([])
  } finally {
    await hub.stop()
  }
})
