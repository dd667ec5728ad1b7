// The submit route's shortcuts must answer exactly as zod does: every body and query string is
// accepted or refused alike (a refusal with zod's own error), and every answer is written byte for
// byte as zod's serializer writes it.
import { REJECTION_CODES } from '@veche/core'
import type { SubmitOutcome } from '@veche/store'
import fc from 'fast-check'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { expect, test } from 'vitest'
import { SubmitBody, SubmitQuery, SubmitResponse } from './api-schemas.js'
import {
  serializeSubmitAnswer,
  submitSerializerCompiler,
  submitValidatorCompiler,
} from './submit-fast-path.js'

const route = { method: 'POST', url: '/api/events' }
const zodBody = validatorCompiler({ ...route, schema: SubmitBody, httpPart: 'body' })
const fastBody = submitValidatorCompiler({ ...route, schema: SubmitBody, httpPart: 'body' })
const zodQuery = validatorCompiler({ ...route, schema: SubmitQuery, httpPart: 'querystring' })
const fastQuery = submitValidatorCompiler({
  ...route,
  schema: SubmitQuery,
  httpPart: 'querystring',
})

interface Verdict {
  readonly value?: unknown
  readonly error?: unknown
}

/** Accepted alike with equal values, or refused alike with equal errors. */
function expectSame(fast: Verdict, zod: Verdict): void {
  expect(fast.error === undefined).toBe(zod.error === undefined)
  if (zod.error !== undefined) {
    expect(fast.error).toEqual(zod.error)
    expect((fast.error as Error).message).toBe((zod.error as Error).message)
  } else expect(fast.value).toEqual(zod.value)
}

const bodies = fc.oneof(
  fc.jsonValue(),
  fc.record({ events: fc.jsonValue() }),
  fc.record({ events: fc.array(fc.jsonValue()) }, { requiredKeys: [] }),
  fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('__proto__', 'events', 'constructor')),
    fc.jsonValue(),
  ),
)

test('a body is accepted or refused as zod does, with the same value or the same error', () => {
  for (const body of [null, [1, 2], 'x', 3, true, {}, { events: null }, { events: {} }])
    expectSame(fastBody(body) as Verdict, zodBody(body) as Verdict)
  for (const text of ['{"__proto__":{"events":5}}', '{"events":[1],"__proto__":null}'])
    expectSame(fastBody(JSON.parse(text)) as Verdict, zodBody(JSON.parse(text)) as Verdict)
  fc.assert(
    fc.property(bodies, (body) => {
      // As fastify hands it over: parsed from the JSON text.
      const parsed = JSON.parse(JSON.stringify(body)) as unknown
      expectSame(fastBody(parsed) as Verdict, zodBody(parsed) as Verdict)
    }),
    { numRuns: 300 },
  )
})

test('a query string is accepted or refused as zod does', () => {
  const queries = fc.oneof(
    fc.constant({}),
    fc.record({ atomic: fc.oneof(fc.constantFrom('true', 'false', 'yes', ''), fc.string()) }),
    fc.dictionary(fc.string(), fc.string()),
  )
  fc.assert(
    fc.property(queries, (query) => {
      // fastify's query parser gives an object without a prototype.
      const parsed = Object.assign(Object.create(null) as object, query)
      expectSame(fastQuery(parsed) as Verdict, zodQuery(parsed) as Verdict)
    }),
    { numRuns: 300 },
  )
})

const ids = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)
const outcomes: fc.Arbitrary<SubmitOutcome> = fc.oneof(
  fc.record({ status: fc.constantFrom('accepted' as const, 'duplicate' as const), id: ids }),
  fc.record(
    {
      status: fc.constant('rejected' as const),
      code: fc.constantFrom(...REJECTION_CODES),
      message: fc.string(),
      id: ids,
      parked: fc.constant(true as const),
    },
    { requiredKeys: ['status', 'code', 'message'] },
  ),
) as fc.Arbitrary<SubmitOutcome>

test("an answer is written byte for byte as zod's serializer writes it, extra keys left out", () => {
  const zod = serializerCompiler({ ...route, schema: SubmitResponse, httpStatus: '200' })
  const fast = submitSerializerCompiler({ ...route, schema: SubmitResponse, httpStatus: '207' })
  fc.assert(
    fc.property(fc.array(outcomes, { maxLength: 5 }), (list) => {
      const answer = {
        outcomes: list,
        accepted: list.filter((o) => o.status === 'accepted').length,
        duplicate: list.filter((o) => o.status === 'duplicate').length,
        rejected: list.filter((o) => o.status === 'rejected').length,
      }
      expect(serializeSubmitAnswer(answer)).toBe(zod(answer))
      expect(fast(answer)).toBe(zod(answer))
    }),
    { numRuns: 300 },
  )
})
