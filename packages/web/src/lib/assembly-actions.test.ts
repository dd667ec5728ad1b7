// Actions against a real hub: two started at once (a second form sent before the first was signed)
// continue one chain, so the hub accepts both instead of recording the device's key as forked.
import { createSpaceState, generateWebCryptoSigner } from '@veche/core'
import type { SpaceView } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { SpaceReplica } from './space-replica.js'
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
    expect(
      Object.values(state.members)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['Aigerim', 'Bolat', 'Dana'])
    expect(state.heads[signer.publicKey]?.seq).toBe(3)
  } finally {
    await hub.stop()
  }
})

test('actions: two tabs of one device (one key, one saved outbox) never sign the same place, and neither loses events of the other', async () => {
  const hub = await startSqliteHub()
  try {
    const signer = await generateWebCryptoSigner()
    const device = memoryStore()
    // The founding tab, and a second tab opened on the same device.
    const first = await Outbox.open(device, createHubClient(hub.url), signer)
    const actions = new AssemblyActions(signer, first)
    const space = await actions.createAssembly({
      name: 'Riverside',
      description: '',
      founderName: 'Aigerim',
      method: 'majority',
      quorumPercent: 0,
    })
    expect(await first.flush()).toBe(true)
    const second = await Outbox.open(device, createHubClient(hub.url), signer)
    const other = new AssemblyActions(signer, second)
    // Both tabs act at once from the same folded state (neither has seen the other's event).
    const folded = createSpaceState(space)
    const keys = await Promise.all(Array.from({ length: 4 }, () => generateWebCryptoSigner()))
    await Promise.all(
      keys.map((key, i) =>
        (i % 2 === 0 ? actions : other).admit(folded, key.publicKey, `Member ${i}`),
      ),
    )
    expect(await first.flush()).toBe(true)
    expect(await second.flush()).toBe(true)
    const state = (await (await fetch(`${hub.url}/api/spaces/${space}`)).json()) as SpaceView
    expect(Object.keys(state.members)).toHaveLength(5)
    expect(state.heads[signer.publicKey]?.seq).toBe(5)
    expect(state.forks).toBeUndefined()
  } finally {
    await hub.stop()
  }
})

test('actions: closing a vote this device holds closed is refused with the rules’ code, never an English sentence', async () => {
  const signer = await generateWebCryptoSigner()
  // No hub answers here: the actions stay in the outbox, and this device folds them itself.
  const outbox = await Outbox.open(memoryStore(), createHubClient('http://127.0.0.1:9'), signer)
  const actions = new AssemblyActions(signer, outbox)
  const space = await actions.createAssembly({
    name: 'Courtyard',
    description: '',
    founderName: 'Aigerim',
    method: 'majority',
    quorumPercent: 0,
  })
  const folded = async () => {
    const replica = new SpaceReplica(space)
    await replica.receive(outbox.entries.map((e, i) => ({ position: i + 1, event: e.event })))
    return replica.state
  }
  await actions.openPoll(await folded(), {
    question: 'Paint the door green?',
    proposal: null,
    method: 'majority',
    options: ['Yes', 'No'],
  })
  const open = await folded()
  const poll = [...open.polls.keys()][0]!
  expect(await actions.closePoll(open, poll)).toBeNull()
  const closed = await folded()
  expect(closed.polls.get(poll)?.status).toBe('closed')
  // The second close is refused here before anything is signed, with the code the hub would give
  // (shown in the member's language: components/refusal-text.tsx).
  const queued = outbox.entries.length
  expect(await actions.closePoll(closed, poll)).toBe('poll.closed')
  expect(outbox.entries.length).toBe(queued)
})
