// Who may keep reading a private space's stream, over real HTTP and SQLite: a member removed while
// their stream is open reads nothing from the removal on (the stream ends with an `end` frame),
// a replay stops there too, and every stream ends when the token it opened with expires.
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import type { StreamSink } from './live-feed.js'
import { endsWithMembership } from './stream-route.js'
import { collectFrames, openSse } from './test-support/sse-client.js'
import { openPoll, signedAssembly, T0 } from './test-support/signed-assembly.js'
import { closeTestHubs, readToken, startTestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

test('a member removed while their stream is open reads nothing after the removal', async () => {
  const { ledger, url } = await startTestHub()
  const assembly = await signedAssembly(2, 'stream-access-1', 'private')
  await ledger.submit(assembly.events)
  const [removed, staying] = assembly.members as [
    (typeof assembly.members)[0],
    (typeof assembly.members)[0],
  ]
  const streams = await Promise.all(
    [removed, staying].map(async (member) =>
      openSse(`${url}/api/spaces/${assembly.space}/stream`, {
        authorization: `Bearer ${await readToken(url, assembly.space, member)}`,
      }),
    ),
  )
  expect(streams.map((s) => s.status)).toEqual([200, 200])
  const [gone, kept] = streams.map((stream) =>
    collectFrames(stream, (frames) =>
      frames.some((f) => f.event === 'end' || f.data.includes('"question"')),
    ),
  ) as [ReturnType<typeof collectFrames>, ReturnType<typeof collectFrames>]
  const removal = await assembly.founder.next(
    assembly.space,
    'member.removed',
    { member: removed.publicKey, reason: 'left the workplace' },
    T0 + 10,
  )
  const { event: poll } = await openPoll(assembly, 'Strike on Monday?')
  expect((await ledger.submit([removal])).written).toBe(1)
  expect((await ledger.submit([poll])).written).toBe(1)

  const ids = (frames: Awaited<typeof gone>): string[] =>
    frames
      .filter((f) => f.event === 'event')
      .map((f) => computeEventId(JSON.parse(f.data) as SignedEvent))
  const removedSaw = await gone
  expect(ids(removedSaw)).not.toContain(computeEventId(poll))
  expect(removedSaw.at(-1)).toMatchObject({ event: 'end' })
  expect(JSON.parse(removedSaw.at(-1)!.data)).toMatchObject({ code: 'auth.forbidden' })
  // The member who stays reads on.
  expect(ids(await kept)).toEqual([computeEventId(removal), computeEventId(poll)])
  for (const stream of streams) stream.close()
})

test("a private space's stream ends when the token it opened with expires", async () => {
  const { ledger, url } = await startTestHub({ tokenTtlMs: 1_500 })
  const assembly = await signedAssembly(1, 'stream-access-2', 'private')
  await ledger.submit(assembly.events)
  const token = await readToken(url, assembly.space, assembly.members[0]!)
  const stream = await openSse(`${url}/api/spaces/${assembly.space}/stream`, {
    authorization: `Bearer ${token}`,
  })
  expect(stream.status).toBe(200)
  const frames = await collectFrames(stream, (f) => f.some((x) => x.event === 'end'), 20_000)
  stream.close()
  expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ code: 'auth.expired' })
  // And the expired token opens nothing more.
  const again = await fetch(`${url}/api/spaces/${assembly.space}/stream`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(again.status).toBe(403)
})

test("a replay stops at the event that ended the reader's membership", async () => {
  const { ledger, hub } = await startTestHub()
  const assembly = await signedAssembly(2, 'stream-access-3', 'private')
  const [leaving] = assembly.members
  const left = await leaving!.next(assembly.space, 'member.left', {}, T0 + 5)
  const { event: poll } = await openPoll(assembly, 'After she left?')
  await ledger.submit([...assembly.events, left, poll])
  let text = ''
  let ended = false
  const sink: StreamSink = {
    write: (chunk) => {
      text += chunk
      return true
    },
    writableLength: 0,
    drained: () => Promise.resolve(),
    end: () => {
      ended = true
    },
  }
  const stop = await hub.feed.subscribe(assembly.space, 0, sink, {
    ended: endsWithMembership(leaving!.publicKey),
  })
  stop()
  expect(ended).toBe(true)
  const sent = [...text.matchAll(/^data: (\{"at".*)$/gm)].map((m) =>
    computeEventId(JSON.parse(m[1]!) as SignedEvent),
  )
  expect(sent).toEqual(assembly.events.map(computeEventId))
  expect(text).toContain('event: end')
  expect(text).not.toContain('After she left?')
})
