// Actions against a real hub: two started at once (a second form sent before the first was signed)
// continue one chain, so the hub accepts both instead of recording the device's key as forked.
import { createSpaceState, generateWebCryptoSigner } from '@veche/core'
import type { SpaceView } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'

test('actions: two admissions sent at once are both accepted, one after the other in the chain', async () => {
  const hub = await startSqliteHub()
  try {
    const signer = await generateWebCryptoSigner()
    const outbox = await Outbox.open(memoryStore(), createHubClient(hub.url), signer)
    const actions = new AssemblyActions(signer, outbox)
    const space = await actions.createAssembly({
      name: 'Riverside',
      description: '',
      founderName: 'Aigerim',
      method: 'majority',
      quorumPercent: 0,
    })
    expect(await outbox.flush()).toBe(true)
    const [bolat, dana] = [await generateWebCryptoSigner(), await generateWebCryptoSigner()]
    // Nothing folded yet on this device: the outbox knows where the chain stands.
    const folded = createSpaceState(space)
    await Promise.all([
      actions.admit(folded, bolat.publicKey, 'Bolat'),
      actions.admit(folded, dana.publicKey, 'Dana'),
    ])
    expect(await outbox.flush()).toBe(true)
    expect(outbox.entries).toEqual([])
    const state = (await (await fetch(`${hub.url}/api/spaces/${space}`)).json()) as SpaceView
    expect(Object.values(state.members).map((m) => m.name).sort()).toEqual([
      'Aigerim',
      'Bolat',
      'Dana',
    ])
    expect(state.heads[signer.publicKey]?.seq).toBe(3)
  } finally {
    await hub.stop()
  }
})
