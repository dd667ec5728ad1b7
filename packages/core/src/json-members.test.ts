import fc from 'fast-check'
import { expect, test } from 'vitest'
import { encodeBase64url } from './base64url.js'
import { MAX_SEAL_EVENT_BYTES, maxEventBytes, parseEvent } from './event-envelope.js'
import { MAX_EVENT_MEMBERS, countJsonMembers } from './json-members.js'

/** The `:` and `,` a value's JSON text holds, counted on the value: two per key but one, one per item but one. */
function membersOf(value: unknown): number {
  if (Array.isArray(value))
    return Math.max(0, value.length - 1) + value.reduce((n: number, v) => n + membersOf(v), 0)
  if (typeof value === 'object' && value !== null) {
    const values = Object.values(value)
    return Math.max(0, 2 * values.length - 1) + values.reduce((n: number, v) => n + membersOf(v), 0)
  }
  return 0
}

test('json members: the : and , outside strings, escaped quotes and backslashes kept inside', () => {
  expect(countJsonMembers('{}')).toBe(0)
  expect(countJsonMembers('[1]')).toBe(0)
  expect(countJsonMembers('{"a":1,"b":[1,2]}')).toBe(4)
  expect(countJsonMembers('{"a:b,c":"x,y:z"}')).toBe(1)
  expect(countJsonMembers('["a\\"b,c", "d\\\\", ",", 1]')).toBe(3)
  expect(countJsonMembers('["\\\\\\",", 2]')).toBe(1)
  // Malformed: counted as far as it goes (an open string to the end).
  expect(countJsonMembers('[1,2,"3,4')).toBe(2)
})

test('json members: equals the members of any JSON value, whatever its strings hold', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value)
      expect(countJsonMembers(text)).toBe(membersOf(value))
      expect(countJsonMembers(JSON.stringify(value, null, 2))).toBe(membersOf(value))
    }),
  )
})

test('json members: the scan stops just past the limit', () => {
  const text = `[${'1,'.repeat(1_000)}1]`
  expect(countJsonMembers(text)).toBe(1_000)
  expect(countJsonMembers(text, 1_000)).toBe(1_000)
  expect(countJsonMembers(text, 999)).toBe(1_000)
  expect(countJsonMembers(text, 10)).toBe(11)
})

// Keys from one buffer of random bytes: a maximal seal names 218,000 of them.
const pool = new Uint8Array(32 * 300_000)
for (let at = 0; at < pool.length; at += 65_536)
  crypto.getRandomValues(pool.subarray(at, at + 65_536))
let drawn = 0
const key = () => {
  const at = 32 * (drawn++ % 300_000)
  return encodeBase64url(pool.subarray(at, at + 32))
}
const envelope = (type: string, body: unknown) => ({
  v: 1,
  space: encodeBase64url(pool.subarray(0, 16)),
  author: key(),
  seq: 1,
  prev: null,
  type,
  body,
  at: 1_700_000_000_000,
  sig: encodeBase64url(pool.subarray(0, 64)),
})

/** A record of member keys (each seq 1, the densest) filling `bytes` of JSON. */
function keyRecord(bytes: number): Record<string, number> {
  const record: Record<string, number> = {}
  for (let i = 0; i < Math.floor(bytes / 48); i++) record[key()] = 1
  return record
}

/**
 * The densest legitimate events at their largest size: the seals listing member keys (48 bytes,
 * two members each; a `secret.poll-counted`'s `members` and a `conversation.closed.2`'s `seen` are
 * such a record too, at most as large) or ballot ids, and of the 64 KiB events the densest (a
 * membership view, the imported votes, four items in 17 bytes).
 */
function densestEvents(): { type: string; event: unknown }[] {
  const seal = MAX_SEAL_EVENT_BYTES - 1_000
  const ballots = (bytes: number) =>
    Array.from({ length: Math.min(200_000, Math.floor(bytes / 46)) }, () => key()).sort()
  return [
    {
      type: 'poll.closed.3',
      event: envelope('poll.closed.3', {
        poll: key(),
        seen: {},
        members: keyRecord(seal),
        ballots: [],
        result: null,
      }),
    },
    {
      type: 'poll.closed.2',
      event: envelope('poll.closed.2', {
        poll: key(),
        seen: keyRecord(seal / 2),
        ballots: ballots(seal / 2),
        result: null,
      }),
    },
    {
      type: 'poll.closed',
      event: envelope('poll.closed', { poll: key(), ballots: ballots(seal), result: null }),
    },
    {
      type: 'space.counted',
      event: envelope('space.counted', { members: 1, view: keyRecord(64 * 1024 - 1_000) }),
    },
    {
      type: 'conversation.votes-imported',
      event: envelope('conversation.votes-imported', {
        conversation: key(),
        votes: Array.from({ length: 2_000 }, () => ['1', '2', 1, null]),
      }),
    },
  ]
}

test('json members: the densest legitimate event of each kind, at its largest, is within MAX_EVENT_MEMBERS', () => {
  for (const { type, event } of densestEvents()) {
    const parsed = parseEvent(event)
    // Schema-valid and near its size limit (the body is what makes it large), so it is a real bound.
    if (!parsed.ok) throw new Error(`${type}: ${parsed.code} ${parsed.message}`)
    const limit = maxEventBytes(type)
    expect(parsed.value.json.length, type).toBeGreaterThan(limit * (limit > 65_536 ? 0.85 : 0.5))
    expect(countJsonMembers(parsed.value.json), type).toBeLessThanOrEqual(MAX_EVENT_MEMBERS)
  }
})
