// The browser's replica of a space: it folds what the hub sends only after checking signatures,
// skips what it already holds, and reopens from its local copy to the same state with no network.
import { EventAuthor, generateWebCryptoSigner, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { expect, test } from 'vitest'
import { memoryStore } from './key-value-store.js'
import { SpaceReplica } from './space-replica.js'

async function assemblyLog(): Promise<SignedEvent[]> {
  const author = new EventAuthor(await generateWebCryptoSigner())
  const space = author.spaceFor('nonce-0001')
  const created = await author.next(
    space,
    'assembly.created',
    {
      nonce: 'nonce-0001',
      name: 'Hall',
      description: '',
      languages: ['en'],
      founderName: 'Aigerim',
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { percent: 0, ballots: 0 },
        defaultMethod: 'majority',
        visibility: 'public',
      },
    },
    1,
  )
  const proposal = await author.next(space, 'proposal.submitted', { title: 'Heat', text: 'Now' }, 2)
  return [created, proposal]
}

test('replica: a forged event from the hub is refused; the signed ones fold', async () => {
  const [created, proposal] = await assemblyLog()
  const forged = { ...proposal!, body: { title: 'Forged', text: 'Now' } } as SignedEvent
  const replica = new SpaceReplica(created!.space)
  expect(
    await replica.receive([
      { position: 1, event: created },
      { position: 2, event: forged },
    ]),
  ).toBe(1)
  expect(replica.refused).toBe(1)
  expect(replica.state.proposals.size).toBe(0)
  expect(await replica.receive([{ position: 3, event: proposal }])).toBe(1)
  expect([...replica.state.proposals.values()].map((p) => p.title)).toEqual(['Heat'])
})

test('replica: events at or before the cursor are skipped; a reopened copy has the same state', async () => {
  const events = await assemblyLog()
  const store = memoryStore()
  const replica = new SpaceReplica(events[0]!.space)
  expect(await replica.receive(events.map((event, i) => ({ position: i + 1, event })))).toBe(2)
  expect(await replica.receive([{ position: 2, event: events[1] }])).toBe(0)
  await replica.save(store)
  const reopened = await SpaceReplica.load(store, events[0]!.space)
  expect(reopened.cursor).toBe(2)
  expect(reopened.state.assembly?.name).toBe('Hall')
  expect(hashSpaceState(reopened.state)).toBe(hashSpaceState(replica.state))
})
