// Two facilitators closing the same conversation at once on two hubs (issue #15). Each hub takes
// its own close first (submitted directly); then the hubs sync both ways. Before, each kept its own
// close and the other's as late, so they held different conversations and state hashes for good.
// Now both closes stand on both hubs, the lowest id takes effect, and `verify` agrees.
import { expect, test } from 'vitest'
import { computeEventId, conversationCloseView, describeSpace } from '@veche/core'
import type { EventAuthor, EventId, SignedEvent, SpaceId } from '@veche/core'
import type { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { depotWithTwoFacilitators, newAuthor, submitAll } from './test-support/assembly-fixture.js'
import { hubPair, pull } from './test-support/hub-pair.js'

const { newHub } = hubPair('conv-two-closes')

/** The close a facilitator holding `hub`'s state signs, submitted to it directly. */
async function closeOn(
  hub: Ledger,
  closer: EventAuthor,
  space: SpaceId,
  conversation: EventId,
  at: number,
): Promise<SignedEvent> {
  const state = (await hub.state(space))!
  const seen = conversationCloseView(state, state.conversations.get(conversation)!)
  const event = await closer.next(space, 'conversation.closed.2', { conversation, seen }, at)
  expect((await hub.submit([event], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'accepted',
  })
  return event
}

test('two facilitators close one conversation at once on two hubs: after syncing both ways both hubs verify to one hash', async () => {
  const a = await newHub('a')
  const b = await newHub('b')
  const [f1, f2, v1, v2] = [newAuthor(), newAuthor(), newAuthor(), newAuthor()]
  const nonce = 'conv-two-closes-1'
  const hall = await depotWithTwoFacilitators(nonce, f1, f2, [v1, v2])
  const { space, setup } = hall
  let t = hall.clock
  const opened = await f1.next(
    space,
    'conversation.opened',
    { question: 'The yard?', source: null },
    t++,
  )
  const conversation = computeEventId(opened)
  const trees = await f1.next(
    space,
    'conversation.statement-submitted',
    { conversation, text: 'Trees' },
    t++,
  )
  const statement = computeEventId(trees)
  setup.push(opened, trees)
  await submitAll(a, setup)
  await submitAll(b, setup)
  // Hub A hears V1 agree; hub B hears V2 disagree. Each facilitator closes on their own hub.
  await submitAll(a, [
    await v1.next(space, 'conversation.voted', { conversation, statement, vote: 1 }, t++),
  ])
  await submitAll(b, [
    await v2.next(space, 'conversation.voted', { conversation, statement, vote: -1 }, t++),
  ])
  const closes = [
    await closeOn(a, f1, space, conversation, t++),
    await closeOn(b, f2, space, conversation, t++),
  ]
  const [winner, loser] = [...closes].sort((x, y) =>
    computeEventId(x) < computeEventId(y) ? -1 : 1,
  ) as [SignedEvent, SignedEvent]

  await pull(a, b, space)
  await pull(b, a, space)

  const verdicts = await Promise.all([a, b].map((hub) => verifyStore(hub.store, nodeVerifier)))
  expect(verdicts.map((v) => v.map((s) => s.fault))).toEqual([[null], [null]])
  expect(verdicts[0]![0]!.hash).not.toBeNull()
  expect(verdicts[1]![0]!.hash).toBe(verdicts[0]![0]!.hash)
  for (const hub of [a, b]) {
    const view = describeSpace((await hub.state(space))!).conversations![conversation]!
    expect(view.closedBy).toBe(computeEventId(winner))
    expect(view.superseded).toEqual([{ close: computeEventId(loser), by: loser.author }])
    // Only the vote the winning closer saw counts; the other is late, with the losing close.
    const counted = winner === closes[0] ? { agree: 1, disagree: 0 } : { agree: 0, disagree: 1 }
    expect(view.statements[statement]).toMatchObject(counted)
    expect(view.late).toBe(2)
  }
  await Promise.all([a.store.close(), b.store.close()])
})
