// Conversation actions against a real hub: what the app signs is accepted, and a consensus
// statement made a proposal and a poll gets a one-line title and the assembly's usual method.
import { conversationVotesOf, generateWebCryptoSigner } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import {
  openConversation,
  promoteStatement,
  submitConversationStatement,
  titleFromStatement,
  voteInConversation,
} from './conversation-actions.js'
import { createHubClient } from './hub-client.js'
import type { HubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { SpaceReplica } from './space-replica.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'

async function folded(client: HubClient, space: SpaceId): Promise<SpaceReplica> {
  const replica = new SpaceReplica(space)
  await replica.receive((await client.readEvents(space, 0)) ?? [])
  return replica
}

test('titleFromStatement: one line, at most 200 characters (code points), cut with an ellipsis', () => {
  expect(titleFromStatement('  Fix the roof\n before   winter. ')).toBe(
    'Fix the roof before winter.',
  )
  const long = '🌳'.repeat(250)
  const title = titleFromStatement(long)
  expect([...title].length).toBe(200)
  expect(title.endsWith('…')).toBe(true)
  expect(titleFromStatement('a'.repeat(200))).toBe('a'.repeat(200))
})

for (const method of ['consent', 'majority'] as const)
  test(`conversation actions: open, submit, vote, change the vote, promote (${method} assembly)`, async () => {
    const hub = await startSqliteHub()
    try {
      const signer = await generateWebCryptoSigner()
      const client = createHubClient(hub.url)
      const outbox = await Outbox.open(memoryStore(), client, signer)
      const actions = new AssemblyActions(signer, outbox)
      const space = await actions.createAssembly({
        name: 'Riverside',
        description: '',
        founderName: 'Aigerim',
        method,
        quorumPercent: 0,
      })
      expect(await outbox.flush()).toBe(true)
      let replica = await folded(client, space)
      const conversation: EventId = await openConversation(actions, replica.state, 'The river?')
      await submitConversationStatement(actions, replica.state, conversation, 'Plant trees.')
      expect(await outbox.flush()).toBe(true)
      replica = await folded(client, space)
      const record = replica.state.conversations.get(conversation)!
      const [statement] = [...record.statements.values()]
      // A facilitator's statement is accepted at once.
      expect(statement!.status).toBe('accepted')
      await voteInConversation(actions, replica.state, conversation, statement!.id, -1)
      await voteInConversation(actions, replica.state, conversation, statement!.id, 1)
      const text = 'Plant trees\nalong the river path.'
      const proposal = await promoteStatement(actions, replica.state, text, ['Yes', 'No'])
      expect(await outbox.flush()).toBe(true)
      expect(outbox.entries).toEqual([])
      replica = await folded(client, space)
      const after = replica.state.conversations.get(conversation)!
      expect(conversationVotesOf(after, signer.publicKey)).toEqual({ [statement!.id]: 1 })
      expect(replica.state.proposals.get(proposal)).toMatchObject({
        title: 'Plant trees along the river path.',
        text,
      })
      const [poll] = [...replica.state.polls.values()]
      expect(poll).toMatchObject({ proposal, question: text, method, status: 'open' })
      expect(poll!.options).toEqual(method === 'consent' ? [] : ['Yes', 'No'])
    } finally {
      await hub.stop()
    }
  })
