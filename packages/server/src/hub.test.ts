// The hub over real stores (SQLite always; PostgreSQL when VECHE_TEST_PG is set), served on a
// loopback port and spoken to over real HTTP: submissions and their statuses, state, paging,
// live streams and resuming them, the problem documents for bad input, and what the log keeps.
import { connect } from 'node:net'
import { Writable } from 'node:stream'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier } from '@veche/store'
import { afterEach, describe, expect, test } from 'vitest'
import { createHub } from './hub.js'
import type { Hub, HubOptions } from './hub.js'
import { collectFrames, openSse } from './test-support/sse-client.js'
import { storeDialects } from './test-support/store-dialects.js'
import type { StoreDialect } from './test-support/store-dialects.js'
import {
  castBallots,
  closePoll,
  closeSealing,
  openPoll,
  signedAssembly,
  T0,
} from './test-support/signed-assembly.js'

interface Running {
  readonly hub: Hub
  readonly url: string
  readonly log: string[]
}

const DIALECTS = storeDialects('hub')

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(dialect: StoreDialect, extra: Partial<HubOptions> = {}): Promise<Running> {
  const opened = await dialect.open()
  const { store, options } = opened
  const log: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString())
      done()
    },
  })
  const hub = await createHub({
    ledger: new Ledger(store, nodeVerifier),
    log: { stream },
    ...options,
    ...extra,
  })
  const address = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await hub.close()
    await store.close()
    await opened.cleanup()
  })
  return { hub, url: address, log }
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function tamper(event: SignedEvent): SignedEvent {
  const sig = event.sig.startsWith('A') ? `B${event.sig.slice(1)}` : `A${event.sig.slice(1)}`
  return { ...event, sig: sig as SignedEvent['sig'] }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`hub on ${dialect.name}`, () => {
    test('a batch is accepted; a re-send is all duplicates; state and events match', async () => {
      const { url } = await start(dialect)
      const assembly = await signedAssembly(3)
      const first = await post(url, { events: assembly.events })
      expect(first.status).toBe(200)
      expect(await first.json()).toMatchObject({ accepted: 4, duplicate: 0, rejected: 0 })
      const again = await post(url, { events: assembly.events })
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ accepted: 0, duplicate: 4 })

      const space = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
        members: Record<string, unknown>
        hash: string
        events: number
      }
      expect(Object.keys(space.members)).toHaveLength(4)
      expect(space.events).toBe(4)
      expect(space.hash).toMatch(/^[A-Za-z0-9_-]{43}$/)

      const page1 = (await (
        await fetch(`${url}/api/spaces/${assembly.space}/events?limit=3`)
      ).json()) as { events: { position: number; id: string; event: SignedEvent }[]; next: number }
      expect(page1.events.map((e) => e.id)).toEqual(assembly.events.slice(0, 3).map(computeEventId))
      expect(page1.events[0]!.event).toEqual(assembly.events[0])
      const page2 = (await (
        await fetch(`${url}/api/spaces/${assembly.space}/events?after=${page1.next}&limit=3`)
      ).json()) as { events: unknown[]; next: number | null }
      expect(page2.events).toHaveLength(1)
      expect(page2.next).toBeNull()
    })

    test('a single rejected event is a 422 problem with the core code; a mixed batch is a 207', async () => {
      const { url } = await start(dialect)
      const assembly = await signedAssembly(2)
      const bad = await post(url, tamper(assembly.events[0]!))
      expect(bad.status).toBe(422)
      expect(bad.headers.get('content-type')).toContain('application/problem+json')
      expect(await bad.json()).toMatchObject({
        status: 422,
        code: 'event.bad-signature',
        type: 'urn:veche:problem:event.bad-signature',
        rejected: 1,
      })
      const mixed = await post(url, { events: [...assembly.events, tamper(assembly.events[1]!)] })
      expect(mixed.status).toBe(207)
      const body = (await mixed.json()) as { outcomes: { status: string; code?: string }[] }
      expect(body.outcomes.map((o) => o.code ?? o.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'event.bad-signature',
      ])
      const unknown = await fetch(`${url}/api/spaces/AAAAAAAAAAAAAAAAAAAAAA`)
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ code: 'space.unknown' })
    })

    test('a close that leaves out ballots is refused; one made before the last ballot arrived is refused until closed again; later ballots stay uncounted', async () => {
      const { url } = await start(dialect)
      const assembly = await signedAssembly(4)
      const { event: opened, poll } = await openPoll(assembly)
      const [yes1, yes2, no, fourth] = await castBallots(assembly, poll, (i) =>
        i === 2 ? 'no' : 'yes',
      )
      const log = [...assembly.events, opened, yes1!, yes2!, no!]
      expect((await post(url, { events: log })).status).toBe(200)
      // Three members voted yes, yes, no; a close sealing only "no", with its matching recount.
      const omitting = await closeSealing(assembly, log, poll, [computeEventId(no!)])
      const refused = await post(url, omitting)
      expect(refused.status).toBe(422)
      expect(await refused.json()).toMatchObject({ code: 'poll.ballot-omitted' })
      assembly.founder.follow(assembly.space, { seq: omitting.seq - 1, head: omitting.prev! })
      // An honest close signed before the fourth ballot reached the hub: close again.
      const stale = await closePoll(assembly, log, poll)
      expect((await post(url, fourth)).status).toBe(200)
      const again = await post(url, stale)
      expect(again.status).toBe(422)
      expect(await again.json()).toMatchObject({ code: 'poll.close-stale' })
      assembly.founder.follow(assembly.space, { seq: stale.seq - 1, head: stale.prev! })
      const close = await closePoll(assembly, [...log, fourth!], poll)
      expect((await post(url, close)).status).toBe(200)
      // A ballot after the close is kept in the log, listed as late, and changes nothing.
      const late = await assembly.members[2]!.next(
        assembly.space,
        'ballot.cast',
        { poll, vote: { choice: 'no' } },
        T0 + 9,
      )
      expect((await post(url, late)).status).toBe(200)
      const space = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
        polls: Record<string, { sealed: number; late?: string[]; result: unknown }>
      }
      expect(space.polls[poll]).toMatchObject({
        sealed: 4,
        late: [computeEventId(late)],
        result: {
          outcome: 'adopted',
          winner: 'yes',
          counts: [
            { option: 'yes', votes: 3 },
            { option: 'no', votes: 1 },
          ],
        },
      })
    })

    test("a ballot reaching the hub after its poll's deadline by the hub's clock is refused with poll.deadline-passed and nothing is written, whatever time it claims", async () => {
      const { url } = await start(dialect)
      const assembly = await signedAssembly(2)
      const pollBody = {
        question: 'Open a free kitchen?',
        subject: null,
        method: 'majority' as const,
        options: ['yes', 'no'],
        voters: 'members' as const,
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'hub-test-seed-02',
      }
      // T0 lies in the past: this deadline has passed by the hub's clock, the other has not.
      const passed = await assembly.founder.next(
        assembly.space,
        'poll.opened.3',
        { ...pollBody, closesAt: T0 + 60_000 },
        T0,
      )
      const ahead = await assembly.founder.next(
        assembly.space,
        'poll.opened.3',
        { ...pollBody, closesAt: Date.now() + 3_600_000 },
        T0,
      )
      expect((await post(url, { events: [...assembly.events, passed, ahead] })).status).toBe(200)
      const [voter, other] = assembly.members
      // Claimed within the deadline, so the fold alone would take it: the hub's clock refuses it.
      const late = await voter!.next(
        assembly.space,
        'ballot.cast',
        { poll: computeEventId(passed), vote: { choice: 'yes' } },
        T0 + 1,
      )
      const refused = await post(url, late)
      expect(refused.status).toBe(422)
      expect(await refused.json()).toMatchObject({ code: 'poll.deadline-passed' })
      const stored = async () =>
        (
          (await (await fetch(`${url}/api/spaces/${assembly.space}/events`)).json()) as {
            events: unknown[]
          }
        ).events.length
      expect(await stored()).toBe(assembly.events.length + 2)
      const inTime = await other!.next(
        assembly.space,
        'ballot.cast',
        { poll: computeEventId(ahead), vote: { choice: 'no' } },
        T0 + 2,
      )
      expect((await post(url, inTime)).status).toBe(200)
      expect(await stored()).toBe(assembly.events.length + 3)
    })

    test('a stream sends new events, then a state update with the result when a poll closes; Last-Event-ID resumes', async () => {
      const { url } = await start(dialect)
      const assembly = await signedAssembly(4)
      await post(url, { events: assembly.events })
      const stream = await openSse(`${url}/api/spaces/${assembly.space}/stream`)
      expect(stream.status).toBe(200)
      const { event: opened, poll } = await openPoll(assembly)
      const ballots = await castBallots(assembly, poll)
      const log = [...assembly.events, opened, ...ballots]
      const close = await closePoll(assembly, log, poll)
      // Until a state frame shows the poll closed: the state after the ballots names the poll too,
      // and it can come in the same read as the close's event frame.
      const framesPromise = collectFrames(stream, (frames) =>
        frames.some(
          (f) =>
            f.event === 'state' &&
            (JSON.parse(f.data) as { closedPolls?: Record<string, unknown> }).closedPolls?.[
              poll
            ] !== undefined,
        ),
      )
      expect((await post(url, { events: [opened, ...ballots] })).status).toBe(200)
      expect((await post(url, close)).status).toBe(200)
      const frames = await framesPromise
      stream.close()
      const ids = frames
        .filter((f) => f.event === 'event')
        .map((f) => computeEventId(JSON.parse(f.data) as SignedEvent))
      expect(ids).toEqual([opened, ...ballots, close].map(computeEventId))
      const last = frames.findLast((f) => f.event === 'state')!
      const state = JSON.parse(last.data) as {
        hash: string
        closedPolls: Record<string, { result: { winner?: unknown } }>
      }
      const current = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
        hash: string
      }
      expect(state.hash).toBe(current.hash)
      expect(state.closedPolls[poll]?.result).toBeTruthy()

      // Resume from the third event frame: exactly the events after it, nothing twice.
      const third = frames.filter((f) => f.event === 'event')[2]!
      const resumed = await openSse(`${url}/api/spaces/${assembly.space}/stream`, {
        'last-event-id': third.id!,
      })
      const replay = await collectFrames(resumed, (f) => f.some((x) => x.event === 'state'))
      resumed.close()
      expect(replay.filter((f) => f.event === 'event').map((f) => f.id)).toEqual(
        frames
          .filter((f) => f.event === 'event')
          .slice(3)
          .map((f) => f.id),
      )
    })
  })
}

describe('hub refusals', () => {
  const sqlite = DIALECTS[0]!

  test('malformed JSON, wrong content type, a huge body and too many events get clear 4xx problems', async () => {
    const { url } = await start(sqlite, { bodyLimit: 64 * 1024 })
    const malformed = await post(url, '{"v":1,')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ code: 'request.malformed-json' })
    const text = await post(url, 'hello', { 'content-type': 'text/plain' })
    expect(text.status).toBe(415)
    expect(await text.json()).toMatchObject({ code: 'request.unsupported-media-type' })
    const huge = await post(url, { events: ['x'.repeat(100 * 1024)] })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ code: 'request.too-large' })
    const many = await post(url, { events: Array.from({ length: 1_001 }, () => ({})) })
    expect(many.status).toBe(413)
    expect(await many.json()).toMatchObject({ code: 'request.too-many-events' })
    const notObject = await post(url, '[1,2]')
    expect(notObject.status).toBe(400)
    expect(await notObject.json()).toMatchObject({ code: 'request.invalid' })
    const badId = await fetch(`${url}/api/spaces/nope`)
    expect(badId.status).toBe(400)
    expect((await fetch(`${url}/api/health`)).status).toBe(200)
  })

  test('a body trickled a byte a second is cut off while other clients are served', async () => {
    const { url } = await start(sqlite, { requestTimeoutMs: 1_500 })
    const { port } = new URL(url)
    const socket = connect(Number(port), '127.0.0.1')
    const answer = new Promise<string>((resolve) => {
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('close', () => resolve(text))
    })
    socket.write(
      'POST /api/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n',
    )
    const trickle = setInterval(() => socket.write('{'), 1_000)
    try {
      const started = Date.now()
      const health = await fetch(`${url}/api/health`)
      expect(health.status).toBe(200)
      expect(Date.now() - started).toBeLessThan(1_000)
      expect(await answer).toMatch(/^HTTP\/1\.1 408/)
    } finally {
      clearInterval(trickle)
      socket.destroy()
    }
  })

  test('a key over its rate gets 429 with Retry-After and nothing is written', async () => {
    const { url } = await start(sqlite, { rateLimit: { perSecond: 1, burst: 4 } })
    const assembly = await signedAssembly(3)
    expect((await post(url, { events: assembly.events })).status).toBe(200)
    const refused = await post(url, (await openPoll(assembly)).event)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toMatchObject({ code: 'request.rate-limited' })
    const space = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
      events: number
    }
    expect(space.events).toBe(4)
    // Another key is not held back by this one.
    const other = await signedAssembly(0, 'hub-test-0002')
    expect((await post(url, other.events[0])).status).toBe(200)
  })

  test("forged events carrying a member's key do not spend that member's rate", async () => {
    const { url } = await start(sqlite, { rateLimit: { perSecond: 0.001, burst: 10 } })
    const assembly = await signedAssembly(2)
    expect((await post(url, { events: assembly.events })).status).toBe(200)
    const { event: opened } = await openPoll(assembly)
    // Someone without the founder's key sends events in the founder's name, and replays the
    // founder's stored events: refused and duplicates, none of them written.
    const forged = Array.from({ length: 7 }, (_, i) => tamper({ ...opened, at: opened.at + i + 1 }))
    expect((await post(url, { events: forged })).status).toBe(422)
    expect((await post(url, { events: forged })).status).toBe(422)
    expect(await (await post(url, { events: assembly.events })).json()).toMatchObject({
      duplicate: 3,
    })
    // The founder's own event still goes through: only accepted events spent the bucket (3 of 10).
    expect((await post(url, opened)).status).toBe(200)
  })

  test('the log holds no IP address and no user agent', async () => {
    const { url, log } = await start(sqlite)
    const agent = 'VecheTestAgent/9.9 (secret-phone-model)'
    await fetch(`${url}/api/health`, { headers: { 'user-agent': agent } })
    await fetch(`${url}/api/spaces/AAAAAAAAAAAAAAAAAAAAAA`, {
      headers: { 'user-agent': agent, 'x-forwarded-for': '203.0.113.9' },
    })
    await post(url, '{', { 'user-agent': agent })
    // Request lines only: the startup line names the hub's own listening address.
    const text = log.filter((line) => line.includes('"reqId"')).join('')
    expect(text).toContain('"url":"/api/health"')
    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('203.0.113.9')
    expect(text).not.toContain('VecheTestAgent')
    expect(text).not.toContain('remote')
  })

  test('OpenAPI 3.1 document, docs page, home page and metrics are served', async () => {
    const { url } = await start(sqlite)
    const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    expect(openapi.openapi).toBe('3.1.0')
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/events', '/api/spaces/{id}', '/api/spaces/{id}/events']),
    )
    expect((await fetch(`${url}/api/docs`)).status).toBe(200)
    expect(await (await fetch(`${url}/`)).text()).toContain('/api/docs')
    await post(url, '{}')
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toContain('veche_events_total{status="rejected",code="event.malformed"} 1')
    expect(metrics).toContain('veche_streams_open 0')
    expect(metrics).toMatch(
      /veche_http_requests_total\{method="POST",route="\/api\/events",status="422"\} 1/,
    )
  })
})
