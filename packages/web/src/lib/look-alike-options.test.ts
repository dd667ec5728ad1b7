// The app never signs a poll whose options a voter could not tell apart ("Yes" beside "Yes" with a
// Cyrillic e or a zero-width space): opening one throws before anything is signed or queued, and
// the hub holds no such poll.
import { createSpaceState, generateWebCryptoSigner } from '@veche/core'
import type { SpaceView } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'

test('actions: a poll with look-alike options is refused before signing; plainly different ones open', async () => {
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
    const state = createSpaceState(space)
    const poll = { question: 'Strike?', proposal: null, method: 'majority' as const }
    for (const options of [
      ['Yes', 'No', 'Y\u0435s'],
      ['Yes', 'Ye\u200bs'],
      ['Roof', '\uff32\uff4f\uff4f\uff46'],
    ]) {
      await expect(actions.openPoll(state, { ...poll, options })).rejects.toThrow(/look alike/)
      expect(outbox.entries).toEqual([])
    }
    await actions.openPoll(state, { ...poll, options: ['Yes', 'No'] })
    expect(await outbox.flush()).toBe(true)
    const view = (await (await fetch(`${hub.url}/api/spaces/${space}`)).json()) as SpaceView
    expect(Object.values(view.polls).map((p) => p.options)).toEqual([['Yes', 'No']])
    // The poll continued the chain right after the founding: nothing was signed in between.
    expect(view.heads[signer.publicKey]?.seq).toBe(2)
  } finally {
    await hub.stop()
  }
})
