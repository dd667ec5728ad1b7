// Group commit: many one-event requests at once, over real HTTP to a hub on SQLite. Each request must get exactly its own outcome, and each member's chain must be
// applied in the order its requests were sent, however the requests were grouped.
import { afterEach, expect, test } from 'vitest'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'

afterEach(() => closeTestHubs())

interface Answer {
  readonly outcomes: readonly {
    readonly status: string
    readonly id?: string
    readonly code?: string
  }[]
}

async function post(url: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return (await response.json()) as Answer
}

test('one event per request from 32 members at once: each request gets its own outcome and every chain is applied in order', async () => {
  const { url, ledger } = await startTestHub()
  const { space, members, events } = await signedAssembly(32, 'batcher-0001')
  await post(url, { events })
  // each member sends 10 proposals, one request at a time, all members at once; member 0's fifth
  // is altered after signing, which refuses it and leaves her later ones without their `prev`
  const chains = await Promise.all(
    members.map(async (member, m) => {
      const chain: { event: SignedEvent; altered: boolean }[] = []
      for (let k = 0; k < 10; k++) {
        const event = await member.next(
          space,
          'proposal.submitted',
          { title: `m${m} p${k}`, text: 'x' },
          T0 + 100 + k,
        )
        const altered = m === 0 && k === 4
        chain.push({
          event: altered
            ? ({ ...event, body: { ...event.body, text: 'y' } } as SignedEvent)
            : event,
          altered,
        })
      }
      return chain
    }),
  )
  const answers = await Promise.all(
    chains.map(async (chain) => {
      const outcomes = []
      for (const { event } of chain) outcomes.push((await post(url, event)).outcomes)
      return outcomes
    }),
  )
  for (const [m, chain] of chains.entries()) {
    for (const [k, { event }] of chain.entries()) {
      const outcomes = answers[m]![k]!
      expect(outcomes).toHaveLength(1)
      if (m === 0 && k === 4)
        expect(outcomes[0]).toMatchObject({ status: 'rejected', code: 'event.bad-signature' })
      else if (m === 0 && k > 4) expect(outcomes[0]).toMatchObject({ status: 'rejected' })
      else expect(outcomes[0]).toMatchObject({ status: 'accepted', id: computeEventId(event) })
    }
  }
  expect(await ledger.store.count(space)).toBe(events.length + 31 * 10 + 4)
})

test('requests sent at once are written in fewer transactions than there are requests', async () => {
  const { url, ledger } = await startTestHub()
  const { space, members, events } = await signedAssembly(32, 'batcher-0002')
  await post(url, { events })
  const round = (k: number): Promise<SignedEvent[]> =>
    Promise.all(
      members.map((member, m) =>
        member.next(space, 'proposal.submitted', { title: `m${m} p${k}`, text: 'x' }, T0 + k),
      ),
    )
  const send = (proposals: readonly SignedEvent[]): Promise<Answer[]> =>
    Promise.all(proposals.map((event) => post(url, event)))
  // The first round opens a kept-alive connection per member, as phones on a meeting's Wi-Fi hold.
  await send(await round(100))
  const second = await round(101)
  let writes = 0
  const stop = ledger.onAppend(() => {
    writes += 1
  })
  const answers = await send(second)
  stop()
  for (const answer of answers) expect(answer.outcomes[0]).toMatchObject({ status: 'accepted' })
  // Each write is an fsync: one per request was what the hub did when a submission ran to its
  // write before the requests waiting in the sockets were read.
  expect(writes).toBeLessThan(second.length)
})
