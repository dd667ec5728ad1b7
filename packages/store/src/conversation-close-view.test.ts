// A conversation's close states the closer's view (`conversation.closed.2`), so a vote signed
// before its author saw the close counts on no hub, whichever side of the close it reached each
// one on. Two real SQLite hubs get the same events in opposite orders and end at the same hash; a
// close naming a vote a hub lacks waits (parked) for it; a hub refuses a close submitted to it
// directly while it holds a vote the close would leave out (`conversation.close-stale`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { conversationCloseView, describeSpace, hashSpaceState } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { RULES, T0, newAuthor, submitAll } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-conversation-close-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let hubs = 0

async function newHub(): Promise<Ledger> {
  return new Ledger(await openSqliteStore(join(root, `hub-${++hubs}.db`)), nodeVerifier)
}

/** A conversation with one statement and two members' first votes, on hub A. */
async function conversationWithVotes() {
  const a = await newHub()
  const chair = newAuthor()
  const [asel, bolat] = [newAuthor(), newAuthor()]
  const nonce = 'conversation-close-1'
  const space = chair.spaceFor(nonce)
  let t = T0
  const events: SignedEvent[] = []
  const add = async (event: SignedEvent): Promise<EventId> => {
    events.push(event)
    return (await submitAll(a, [event]))[0]!
  }
  const body = { nonce, name: 'Yard', description: '', languages: ['en'], founderName: 'C' }
  await add(await chair.next(space, 'assembly.created', { ...body, rules: RULES }, t++))
  for (const [name, m] of [
    ['Asel', asel],
    ['Bolat', bolat],
  ] as const)
    await add(await chair.next(space, 'member.admitted', { member: m.publicKey, name }, t++))
  const conversation = await add(
    await chair.next(space, 'conversation.opened', { question: 'Trees?', source: null }, t++),
  )
  const statement = await add(
    await chair.next(space, 'conversation.statement-submitted', { conversation, text: 'Yes' }, t++),
  )
  const vote = (who: typeof asel, v: number) =>
    who.next(space, 'conversation.voted', { conversation, statement, vote: v }, t++)
  await add(await vote(asel, 1))
  await add(await vote(bolat, 1))
  return { a, chair, asel, bolat, space, conversation, statement, events, vote, at: () => t++ }
}

test('a vote signed before its author saw the close counts on neither hub, whichever side of the close it reached', async () => {
  const f = await conversationWithVotes()
  const state = (await f.a.state(f.space))!
  const close = await f.chair.next(
    f.space,
    'conversation.closed.2',
    {
      conversation: f.conversation,
      seen: conversationCloseView(state, state.conversations.get(f.conversation)!),
    },
    f.at(),
  )
  // Bolat changes his vote before he sees the close: hub A gets it first, hub B after the close.
  const change = await f.vote(f.bolat, -1)
  await submitAll(f.a, [change])
  expect((await f.a.submit([close], { park: true })).outcomes[0]).toMatchObject({
    status: 'accepted',
  })
  const b = await newHub()
  await submitAll(b, [...f.events, close, change])

  const [stateA, stateB] = [(await f.a.state(f.space))!, (await b.state(f.space))!]
  expect(hashSpaceState(stateB)).toBe(hashSpaceState(stateA))
  const view = describeSpace(stateA).conversations![f.conversation]!
  expect(view).toMatchObject({ status: 'closed', late: 1 })
  expect(view.statements[f.statement]).toMatchObject({ agree: 2, disagree: 0 })
  expect((await verifyStore(b.store, nodeVerifier))[0]!.hash).toBe(hashSpaceState(stateA))
  await Promise.all([f.a.store.close(), b.store.close()])
})

test('a close naming a vote a hub lacks waits for it; a hub holding a vote the close leaves out refuses it from its signer', async () => {
  const f = await conversationWithVotes()
  const state = (await f.a.state(f.space))!
  const seen = conversationCloseView(state, state.conversations.get(f.conversation)!)
  const close = await f.chair.next(
    f.space,
    'conversation.closed.2',
    { conversation: f.conversation, seen },
    f.at(),
  )
  // Hub B has everything but Bolat's vote, which the close's view names: the close waits.
  const b = await newHub()
  await submitAll(b, f.events.slice(0, -1))
  expect((await b.submit([close], { park: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'conversation.close-ahead',
    parked: true,
  })
  expect((await b.submit([f.events.at(-1)!], { park: true })).released).toBe(1)
  expect((await b.state(f.space))!.conversations.get(f.conversation)!.status).toBe('closed')

  // Hub A already holds a vote the close leaves out: from its signer, the close is refused.
  await submitAll(f.a, [await f.vote(f.asel, 0)])
  expect((await f.a.submit([close], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'rejected',
    code: 'conversation.close-stale',
  })
  await Promise.all([f.a.store.close(), b.store.close()])
})
