// The hub's JSON bodies are counted before they are parsed (json-body.ts): a body of more members
// than MAX_REQUEST_MEMBERS is refused with a short 413 `request.too-many-members` on every route
// and on both paths of POST /api/events, while the hub goes on answering others; refusals of
// unknown keys name a few of them; and the largest legitimate events still get to the rules.
import { randomBytes } from 'node:crypto'
import { MAX_EVENT_MEMBERS, countJsonMembers, isEventOf } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import { MAX_REQUEST_MEMBERS } from './json-body.js'
import { closePoll, castBallots, openPoll, signedAssembly } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

/** One object of `keys` keys: what held a hub's event loop 5.4 s at 700,000. */
function manyKeys(keys: number): string {
  const parts: string[] = []
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":${i}`)
  return `{${parts.join(',')}}`
}

async function post(url: string, path: string, body: string) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  const text = await response.text()
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> }
}

for (const eventsFastPath of [true, false]) {
  test(`json body: 700,000 keys are refused for their members, and GET /api/hub is answered meanwhile (fast path ${eventsFastPath ? 'on' : 'off'})`, async () => {
    const { url } = await startTestHub({ eventsFastPath })
    const body = manyKeys(700_000)
    const refused = post(url, '/api/events', body)
    const hub = await fetch(`${url}/api/hub`)
    expect(hub.status).toBe(200)
    expect(await hub.json()).toBeTypeOf('object')
    const answer = await refused
    expect(answer.status).toBe(413)
    expect(answer.json.code).toBe('request.too-many-members')
    expect(answer.text.length).toBeLessThan(1_000)
    expect(answer.json.detail).toContain(String(MAX_REQUEST_MEMBERS))
  })
}

test('json body: the member budget holds at its limit and one past it, on every route', async () => {
  const { url } = await startTestHub()
  // An array of MAX_REQUEST_MEMBERS + 1 items holds MAX_REQUEST_MEMBERS commas: parsed, then
  // refused as no submission; one more item is refused before parsing.
  const atLimit = `[${'0,'.repeat(MAX_REQUEST_MEMBERS)}0]`
  const pastLimit = `[${'0,'.repeat(MAX_REQUEST_MEMBERS + 1)}0]`
  expect(countJsonMembers(atLimit)).toBe(MAX_REQUEST_MEMBERS)
  const at = await post(url, '/api/events', atLimit)
  expect(at.status).toBe(400)
  expect(at.json.code).toBe('request.invalid')
  expect(at.text.length).toBeLessThan(2_000)
  const past = await post(url, '/api/events', pastLimit)
  expect(past.status).toBe(413)
  expect(past.json.code).toBe('request.too-many-members')
  const space = randomBytes(16).toString('base64url')
  for (const path of ['/api/ballots', `/api/sync/${space}/events`, `/api/sync/${space}/missing`]) {
    const other = await post(url, path, manyKeys(400_000))
    expect(other.status, path).toBe(413)
    expect(other.json.code, path).toBe('request.too-many-members')
  }
})

function withUnknownKeys(i: number, keys: number): Record<string, unknown> {
  const body: Record<string, number> = {}
  for (let k = 0; k < keys; k++) body[`x${k}`] = 1
  return {
    v: 1,
    space: 'A'.repeat(22),
    author: randomBytes(32).toString('base64url'),
    seq: i + 1,
    prev: null,
    type: 'member.left',
    body,
    at: 1_780_000_000_000,
    sig: 'C'.repeat(86),
  }
}

test('json body: 1,000 events of 700 unknown keys are refused whole; of 100, each refusal names three', async () => {
  const { url } = await startTestHub()
  const over = JSON.stringify({
    events: Array.from({ length: 1_000 }, (_, i) => withUnknownKeys(i, 700)),
  })
  const refused = await post(url, '/api/events', over)
  expect(refused.status).toBe(413)
  expect(refused.json.code).toBe('request.too-many-members')
  const within = JSON.stringify({
    events: Array.from({ length: 1_000 }, (_, i) => withUnknownKeys(i, 100)),
  })
  const judged = await post(url, '/api/events', within)
  expect(judged.status).toBe(422)
  const outcomes = judged.json.outcomes as { code: string; message: string }[]
  expect(outcomes).toHaveLength(1_000)
  for (const outcome of outcomes) {
    expect(outcome.code).toBe('event.malformed')
    expect(outcome.message).toBe(
      'member.left body: event: Unrecognized keys: "x0", "x1", "x2" and 97 more',
    )
  }
  // Every key named, the answer was about 1 MB.
  expect(judged.text.length).toBeLessThan(200_000)
})

test('json body: the densest maximal poll.closed.3 gets to the rules; an honest close is accepted', async () => {
  const { url } = await startTestHub()
  const assembly = await signedAssembly(20)
  const { event: opened, poll } = await openPoll(assembly)
  const ballots = await castBallots(assembly, poll)
  const log = [...assembly.events, opened, ...ballots]
  const taken = await post(url, '/api/events', JSON.stringify({ events: log }))
  expect(taken.status).toBe(200)
  const honest = await closePoll(assembly, log, poll)
  if (!isEventOf(honest, 'poll.closed.3')) throw new Error('not a poll.closed.3')
  const closeTaken = await post(url, '/api/events', JSON.stringify(honest))
  expect(closeTaken.status).toBe(200)
  // The founder closes the poll again, naming 218,000 keys (48 bytes and two members each, the
  // densest a legitimate event is) in its membership view, at its 10 MiB: it passes the member
  // budget and the size limit and is judged by the rules.
  const members: Record<string, number> = {}
  for (let i = 0; i < 218_000; i++) members[randomBytes(32).toString('base64url')] = 1
  const dense = await assembly.founder.next(
    assembly.space,
    'poll.closed.3',
    { ...honest.body, members },
    honest.at,
  )
  const denseText = JSON.stringify(dense)
  expect(denseText.length).toBeGreaterThan(10_000_000)
  expect(countJsonMembers(denseText)).toBeGreaterThan(MAX_EVENT_MEMBERS * 0.95)
  const judged = await post(url, '/api/events', denseText)
  expect(judged.status).toBe(422)
  expect(judged.json.code).toMatch(/^poll\./)
})
