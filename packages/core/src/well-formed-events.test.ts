// The hand-written checks of well-formed-events.ts against the zod schemas they stand in for:
// over inputs that are mostly valid and often just off (a length one out, a character outside
// base64url, a number out of range or not whole, a key missing or extra, another type), whatever
// a check accepts its schema accepts with the same output, and for input decoded from JSON (what
// every caller that matters passes) each check accepts all that its schema accepts. Then, through parseEvent, the same events with and
// without the fast path (a null-prototype copy, which the checks always leave to zod) give the
// same answer: the same event, id and canonical text, or the same code and message.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { EVENT_BODY_SCHEMAS, EVENT_TYPES } from './event-bodies.js'
import type { EventType } from './event-bodies.js'
import { ENVELOPE_SCHEMA, parseEvent } from './event-envelope.js'
import { canonicalJson } from './canonical-json.js'
import { WELL_FORMED_BODIES, WELL_FORMED_CHECKS, wellFormedEnvelope } from './well-formed-events.js'

const RUNS = 2000
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')

const b64 = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: Math.max(0, min), maxLength: max })

/** A string of `min`–`max` base64url characters most of the time, else just off, else anything. */
function nearB64(min: number, max: number): fc.Arbitrary<unknown> {
  const badChar = fc.constantFrom('=', '+', '/', ' ', '.', 'é', '\n', '\u202e')
  return fc.oneof(
    { weight: 12, arbitrary: b64(min, max) },
    { weight: 1, arbitrary: b64(Math.max(0, min - 1), Math.max(0, min - 1)) },
    { weight: 1, arbitrary: b64(max + 1, max + 1) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(b64(min, max), badChar, fc.nat())
        .filter(([s]) => s.length > 0)
        .map(([s, c, at]) => {
          const i = at % s.length
          return s.slice(0, i) + c + s.slice(i + 1)
        }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  )
}

/** A whole number in `min`–`max` most of the time, else just out, not whole, or not a number. */
function nearWhole(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min, max: Math.min(max, min + 1_000_000) }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        min - 1,
        max,
        max + 1,
        max + 2,
        -0,
        1.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        '5',
        null,
        2 ** 53,
      ),
    },
  )
}

/** A text for a one-line name: mostly fine, often with what the text rules refuse. */
const nameText = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 80 }) },
  {
    weight: 4,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        'Ж',
        ' ',
        '\t',
        '\n',
        '\u200b',
        '\u202e',
        '\u0301',
        'é',
        '\ud800',
        '\u0007',
        '\u2800',
      ),
      minLength: 0,
      maxLength: 82,
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
)

const eventId = nearB64(43, 43)
const publicKey = nearB64(43, 43)

/** An object from `fields`, then sometimes with a key dropped, a key added, or something else. */
function nearObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const keys = Object.keys(fields)
  return fc
    .tuple(
      fc.record(fields),
      fc.oneof(
        { weight: 12, arbitrary: fc.constant({ kind: 'as is' as const }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...keys).map((key) => ({ kind: 'drop' as const, key })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }))
            .map(([key, value]) => ({ kind: 'add' as const, key, value })),
        },
        { weight: 1, arbitrary: fc.constant({ kind: 'array' as const }) },
      ),
    )
    .map(([record, change]) => {
      const o: Record<string, unknown> = { ...record }
      if (change.kind === 'drop') delete o[change.key]
      if (change.kind === 'add') o[change.key] = change.value
      if (change.kind === 'array') return Object.values(o)
      return o
    })
}

const credential = nearObject({
  issuer: publicKey,
  key: nearB64(300, 800),
  signature: nearB64(342, 342),
})

/** Bodies for each type with a hand-written check. */
const BODIES: Record<keyof typeof WELL_FORMED_BODIES, fc.Arbitrary<unknown>> = {
  'secret.ballot': nearObject({
    poll: eventId,
    credentials: fc.oneof(
      { weight: 8, arbitrary: fc.array(credential, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(credential, { minLength: 0, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    ciphertext: nearObject({ ephemeral: nearB64(43, 43), box: nearB64(1, 4000) }),
  }),
  'secret.credential-requested': nearObject({
    poll: eventId,
    blinded: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.dictionary(b64(43, 43), nearB64(342, 342), { minKeys: 0, maxKeys: 3 }),
      },
      {
        weight: 1,
        arbitrary: fc.dictionary(
          fc.oneof(b64(42, 44), fc.constantFrom('__proto__', 'constructor', '0', '')),
          nearB64(342, 342),
          { maxKeys: 3 },
        ),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
  }),
  'secret.credential-issued': nearObject({
    poll: eventId,
    request: eventId,
    signature: nearB64(342, 342),
  }),
  'ballot.cast': nearObject({ poll: eventId, vote: fc.jsonValue({ maxDepth: 2 }) }),
  'member.admitted': nearObject({ member: publicKey, name: nameText }),
}

const envelope = (type: fc.Arbitrary<unknown>, body: fc.Arbitrary<unknown>) =>
  nearObject({
    v: fc.oneof({ weight: 10, arbitrary: fc.constant(1) }, fc.constantFrom(0, 2, '1', -0, null)),
    space: nearB64(22, 22),
    author: publicKey,
    seq: nearWhole(1, Number.MAX_SAFE_INTEGER),
    prev: fc.oneof(fc.constant(null), eventId),
    type,
    body,
    at: nearWhole(0, 8_640_000_000_000_000),
    sig: nearB64(86, 86),
  })

const anyType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...EVENT_TYPES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 66 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
)

/** `value` as JSON.parse gives it back from its JSON text, or undefined when it has none. */
function decoded(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown
  } catch {
    return undefined
  }
}

/** Whether `value` is what JSON.parse could give (plain objects, finite numbers, no undefined). */
function fromJson(value: unknown): boolean {
  try {
    return canonicalJson(decoded(value)) === canonicalJson(value)
  } catch {
    return false
  }
}

/** A deep copy whose objects have no prototype: the hand-written checks leave it all to zod. */
function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes)
  if (typeof value !== 'object' || value === null) return value
  const copy = Object.create(null) as Record<string, unknown>
  for (const [key, item] of Object.entries(value)) copy[key] = withoutPrototypes(item)
  return copy
}

describe('well-formed checks accept exactly what their schemas accept', () => {
  test('the envelope', () => {
    fc.assert(
      fc.property(envelope(anyType, fc.jsonValue({ maxDepth: 2 })), (input) => {
        const fast = wellFormedEnvelope(input)
        const schema = ENVELOPE_SCHEMA.safeParse(input)
        if (fast !== null) {
          expect(schema.success).toBe(true)
          expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.data))
        }
        // Decoded from JSON, what the schema accepts the check accepts too.
        const json = decoded(input)
        if (json !== undefined && ENVELOPE_SCHEMA.safeParse(json).success)
          expect(wellFormedEnvelope(json)).not.toBeNull()
      }),
      { numRuns: RUNS },
    )
  })

  for (const [type, body] of Object.entries(BODIES)) {
    test(type, () => {
      const check = WELL_FORMED_BODIES[type]!
      const schema = EVENT_BODY_SCHEMAS[type as EventType]
      let accepted = 0
      fc.assert(
        fc.property(body, (input) => {
          const fast = check(input)
          const parsed = schema.safeParse(input)
          if (fast !== null) {
            accepted += 1
            expect(parsed.success).toBe(true)
            // JSON text keeps key order: the output is the same object, field for field.
            expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data))
          }
          // Decoded from JSON, what the schema accepts the check accepts too; but for a record's
          // key "__proto__", which zod's record skips (dropping it from its output), so the check
          // leaves a record holding one to zod.
          const json = decoded(input)
          const protoKey = JSON.stringify(json)?.includes('"__proto__"') === true
          if (json !== undefined && !protoKey && schema.safeParse(json).success)
            expect(check(json), JSON.stringify(json)).not.toBeNull()
        }),
        { numRuns: RUNS },
      )
      // The generators reach both sides: a property that never accepts would test nothing.
      expect(accepted).toBeGreaterThan(RUNS / 50)
      expect(accepted).toBeLessThan(RUNS)
    })
  }
})

test('parseEvent gives the same answer, code and message with the fast path as through zod alone', () => {
  const typed = fc
    .constantFrom(...Object.keys(BODIES))
    .chain((type) =>
      envelope(fc.oneof({ weight: 8, arbitrary: fc.constant(type) }, anyType), BODIES[type]!),
    )
  const answer = (result: ReturnType<typeof parseEvent>) =>
    result.ok
      ? { id: result.value.id, json: result.value.json, event: JSON.stringify(result.value.event) }
      : { code: result.code, message: result.message }
  fc.assert(
    fc.property(typed, fc.constantFrom('refuse' as const, 'report' as const), (input, oldTexts) => {
      const fast = parseEvent(input, { oldTexts, wellFormed: WELL_FORMED_CHECKS })
      const zodOnly = parseEvent(withoutPrototypes(input), { oldTexts })
      expect(answer(fast)).toEqual(answer(zodOnly))
      if (fast.ok && zodOnly.ok) expect(fast.value.textProblem).toEqual(zodOnly.value.textProblem)
      // And given the text it was decoded from, canonical or not, the same again.
      if (fromJson(input)) {
        for (const text of [JSON.stringify(input), canonicalJson(input)]) {
          const fromText = parseEvent(JSON.parse(text), {
            oldTexts,
            text,
            wellFormed: WELL_FORMED_CHECKS,
          })
          const decoded = parseEvent(withoutPrototypes(JSON.parse(text)), { oldTexts })
          expect(answer(fromText)).toEqual(answer(decoded))
        }
      }
    }),
    { numRuns: RUNS },
  )
})
