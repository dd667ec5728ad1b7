// Secret ballots through a real hub (SQLite always; PostgreSQL when VECHE_TEST_PG is set) over
// real HTTP: POST /api/ballots takes ballots only and answers as POST /api/events does, writes no
// request-log line, and limits by address, not by key; POST /api/events refuses ballots; the held
// ballots are read back sorted by id, counted in GET /api/spaces/:id and on the live stream, and
// never streamed; after the seal the hub's hash is `veche verify`'s.
import { Writable } from 'node:stream'
import { computeEventId, hashSpaceState } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, verifyStore } from '@veche/store'
import { afterEach, describe, expect, test } from 'vitest'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { createHub } from './hub.js'
import type { Hub, HubOptions } from './hub.js'
import { storeDialects } from './test-support/store-dialects.js'
import type { StoreDialect } from './test-support/store-dialects.js'
import { openSse } from './test-support/sse-client.js'
import type { SseFrame } from './test-support/sse-client.js'

const DIALECTS = storeDialects('ballots')

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Running {
  readonly hub: Hub
  readonly ledger: Ledger
  readonly url: string
  readonly log: string[]
}

async function start(dialect: StoreDialect, extra: Partial<HubOptions> = {}): Promise<Running> {
  const opened = await dialect.open()
  const log: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString())
      done()
    },
  })
  const ledger = new Ledger(opened.store, nodeVerifier)
  const hub = await createHub({ ledger, log: { stream }, ...opened.options, ...extra })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await hub.close()
    await opened.store.close()
    await opened.cleanup()
  })
  return { hub, ledger, url, log }
}

function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

interface Outcomes {
  outcomes: { status: string; code?: string; id?: string }[]
  accepted: number
  duplicate: number
  rejected: number
}

/** The next frame of `type` (others skipped), or null when the stream ends first. */
async function nextFrame(frames: AsyncIterator<SseFrame>, type: string): Promise<SseFrame | null> {
  for (;;) {
    const next = await frames.next()
    if (next.done === true) return null
    if (next.value.event === type) return next.value
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`secret ballots on ${dialect.name}`, () => {
    test('ballots are taken, counted and read back sorted by id; nothing else is taken; the request log never names the route', async () => {
      const { ledger, url, log } = await start(dialect)
      const p = await secretPollOnLedger(ledger, { members: 5 })
      const ballots: SignedEvent[] = []
      for (const [i, member] of p.members.entries())
        ballots.push(await p.vote(member, { choice: i % 2 ? 'yes' : 'no' }))

      // One ballot alone, then a batch holding it again, the rest, and an event of another type.
      const one = await post(url, '/api/ballots', ballots[0])
      expect(one.status).toBe(200)
      expect(await one.json()).toEqual({
        outcomes: [{ status: 'accepted', id: computeEventId(ballots[0]!) }],
        accepted: 1,
        duplicate: 0,
        rejected: 0,
      })
      // An event of another type (the first admission, already in the log).
      const other = p.log[1]!
      const mixed = await post(url, '/api/ballots', {
        events: [ballots[0], other, ...ballots.slice(1, 4)],
      })
      expect(mixed.status).toBe(207)
      const report = (await mixed.json()) as Outcomes
      expect(report.outcomes.map((o) => o.code ?? o.status)).toEqual([
        'duplicate',
        'secret.not-a-ballot',
        'accepted',
        'accepted',
        'accepted',
      ])
      // Only something else: 422 with the code; malformed JSON: 400. Neither is logged.
      const refused = await post(url, '/api/ballots', other)
      expect(refused.status).toBe(422)
      expect(await refused.json()).toMatchObject({ code: 'secret.not-a-ballot' })
      expect((await post(url, '/api/ballots', '{')).status).toBe(400)
      // A ballot sent to the logged route is refused there, with the route to use.
      const misrouted = await post(url, '/api/events', ballots[4])
      expect(misrouted.status).toBe(422)
      expect(await misrouted.json()).toMatchObject({ code: 'secret.ballot-route' })
      expect((await post(url, '/api/ballots', ballots[4])).status).toBe(200)

      const space = (await (await fetch(`${url}/api/spaces/${p.space}`)).json()) as {
        heldBallots: Record<string, number>
        hash: string
      }
      expect(space.heldBallots).toEqual({ [p.poll]: 5 })
      const ids = ballots.map(computeEventId).sort()
      const page = (await (
        await fetch(`${url}/api/spaces/${p.space}/ballots?poll=${p.poll}`)
      ).json()) as { poll: string; ballots: { id: string; event: SignedEvent }[]; next: null }
      expect(page.poll).toBe(p.poll)
      expect(page.ballots.map((b) => b.id)).toEqual(ids)
      expect(page.next).toBeNull()
      for (const b of page.ballots) expect(computeEventId(b.event)).toBe(b.id)
      // Paged by id.
      const first = (await (
        await fetch(`${url}/api/spaces/${p.space}/ballots?poll=${p.poll}&limit=2`)
      ).json()) as { ballots: { id: string }[]; next: string }
      expect(first.ballots.map((b) => b.id)).toEqual(ids.slice(0, 2))
      expect(first.next).toBe(ids[1])
      const rest = (await (
        await fetch(
          `${url}/api/spaces/${p.space}/ballots?poll=${p.poll}&after=${first.next}&limit=3`,
        )
      ).json()) as { ballots: { id: string }[]; next: string | null }
      expect(rest.ballots.map((b) => b.id)).toEqual(ids.slice(2))
      expect(rest.next).toBeNull()
      // A poll that is not secret (here: the assembly's creation) is unknown.
      const created = p.log[0]!
      const unknown = await fetch(
        `${url}/api/spaces/${p.space}/ballots?poll=${computeEventId(created)}`,
      )
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ code: 'poll.unknown' })

      // The request log has lines for the other routes and none for /api/ballots.
      const lines = log.filter((line) => line.includes('"reqId"'))
      expect(lines.join('')).toContain('/api/events')
      expect(lines.join('')).toContain('/api/spaces/:id/ballots')
      expect(lines.filter((line) => line.includes('"url":"/api/ballots"'))).toEqual([])
      const metrics = await (await fetch(`${url}/metrics`)).text()
      const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
        paths: Record<string, unknown>
      }
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/api/ballots', '/api/spaces/{id}/ballots']),
      )
      expect(metrics).toMatch(/route="\/api\/ballots",status="207"\} 1/)

      // Sealed and counted: the hub's hash is the one `veche verify` gives from the store.
      await p.sealAndCount()
      const after = (await (await fetch(`${url}/api/spaces/${p.space}`)).json()) as {
        hash: string
        polls: Record<string, { result: unknown }>
      }
      expect(after.polls[p.poll]!.result).toMatchObject({ winner: 'no' })
      const verdicts = await verifyStore(ledger.store, nodeVerifier)
      expect(verdicts.map((v) => v.hash)).toEqual([after.hash])
      expect(after.hash).toBe(hashSpaceState((await ledger.state(p.space))!))
    })

    test('the live stream sends how many ballots are held when that changes, never the ballots', async () => {
      const { ledger, url } = await start(dialect)
      const p = await secretPollOnLedger(ledger, { members: 3 })
      const stream = await openSse(`${url}/api/spaces/${p.space}/stream`)
      cleanups.push(() => Promise.resolve(stream.close()))
      expect(stream.status).toBe(200)
      const frames = stream.frames
      await nextFrame(frames, 'state')
      const ballots = [
        await p.vote(p.members[0]!, { choice: 'yes' }),
        await p.vote(p.members[1]!, { choice: 'no' }),
      ]
      // The requests and issuances the votes appended go out as events; then a ballot.
      expect((await post(url, '/api/ballots', ballots[0])).status).toBe(200)
      const firstCount = await nextFrame(frames, 'ballots')
      expect(JSON.parse(firstCount!.data)).toEqual({ heldBallots: { [p.poll]: 1 } })
      expect((await post(url, '/api/ballots', { events: ballots })).status).toBe(200)
      const second = await nextFrame(frames, 'ballots')
      expect(JSON.parse(second!.data)).toEqual({ heldBallots: { [p.poll]: 2 } })
      // A new stream is told the count when it goes live.
      const late = await openSse(`${url}/api/spaces/${p.space}/stream`)
      cleanups.push(() => Promise.resolve(late.close()))
      const told = await nextFrame(late.frames, 'ballots')
      expect(JSON.parse(told!.data)).toEqual({ heldBallots: { [p.poll]: 2 } })
      // Replaying the whole stream shows no ballot and no ballot id.
      const replay = await openSse(`${url}/api/spaces/${p.space}/stream?after=0`)
      cleanups.push(() => Promise.resolve(replay.close()))
      const seen: string[] = []
      for (;;) {
        const frame = (await replay.frames.next()).value as SseFrame
        seen.push(frame.data)
        if (frame.event === 'ballots') break
      }
      const text = seen.join('\n')
      expect(text).not.toContain('"secret.ballot"')
      for (const ballot of ballots) expect(text).not.toContain(computeEventId(ballot))
    })

    test('ballots are limited per address, whatever keys sign them', async () => {
      const { ledger, url } = await start(dialect, {
        ballotRateLimit: { perSecond: 0.01, burst: 2 },
      })
      const p = await secretPollOnLedger(ledger, { members: 3 })
      const ballots = []
      for (const member of p.members) ballots.push(await p.vote(member, { choice: 'yes' }))
      expect((await post(url, '/api/ballots', ballots[0])).status).toBe(200)
      expect((await post(url, '/api/ballots', ballots[1])).status).toBe(200)
      // A third one-time key, from the same address: over the address's rate.
      const third = await post(url, '/api/ballots', ballots[2])
      expect(third.status).toBe(429)
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(await third.json()).toMatchObject({ code: 'request.rate-limited' })
      expect(await ledger.store.countBallots(p.space)).toBe(2)
    })
  })
}
