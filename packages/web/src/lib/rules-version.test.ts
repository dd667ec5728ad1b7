// The app founds assemblies and councils under rules version 3 (docs/events.md, "Rules
// versions"): there an old event type signed by hand with the member's own key is refused by the
// hub, and the app's own fold refuses it too as `invalid`, so its outbox frees the seq.
import {
  applyEvent,
  computeEventId,
  createSpaceState,
  EventAuthor,
  generateWebCryptoSigner,
  refusalKind,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { expect, test } from 'vitest'
import { AssemblyActions } from './assembly-actions.js'
import { FederationActions } from './federation-actions.js'
import { createHubClient } from './hub-client.js'
import { memoryStore } from './key-value-store.js'
import { Outbox } from './outbox.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'

test('rules version: the app founds spaces under rules version 3, where a hand-signed old close is refused by the hub and by its own fold', async () => {
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
    await new FederationActions(actions).createCouncil({
      name: 'District',
      description: '',
      founderName: 'Aigerim',
      seats: { kind: 'fixed', perSpace: 1 },
      quorumPercent: 0,
      method: 'majority',
    })
    const created = outbox.entries.map((e) => e.event)
    expect(
      created.map((e) => [e.type, (e.body as { rulesVersion?: number }).rulesVersion]),
    ).toEqual([
      ['assembly.created', 3],
      ['council.created', 3],
    ])
    expect(await outbox.flush()).toBe(true)

    const founding = created[0]!
    const author = new EventAuthor(signer)
    author.follow(space, { seq: 1, head: computeEventId(founding) })
    const close: SignedEvent = await author.next(
      space,
      'poll.closed',
      { poll: computeEventId(founding), ballots: [], result: null },
      Date.now(),
    )
    const response = await fetch(`${hub.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(close),
    })
    const problem = (await response.json()) as { code: string; detail: string }
    expect(response.status).toBe(422)
    expect(problem).toMatchObject({ code: 'event.superseded-type' })
    expect(problem.detail).toContain('sign poll.closed.3 instead')

    const copy = createSpaceState(space)
    expect(applyEvent(copy, founding, computeEventId(founding))).toBeNull()
    const refused = applyEvent(copy, close, computeEventId(close))
    expect(refused?.code).toBe('event.superseded-type')
    expect(refusalKind(refused!.code)).toBe('invalid')
  } finally {
    await hub.stop()
  }
})
