// POST /api/events without zod on its hot path. A phone sends one event per request, and a busy hub
// takes thousands a second on one event loop, where zod's check of the body (a copy of every key of
// the event, which the ledger parses again anyway) and of the answer (a union tried per outcome)
// cost as much as the route itself. So the route's checks take a shortcut for what is well formed
// and hand everything else to zod, so that a bad request gets exactly the error it got before; the
// answer is written with exactly the keys zod would keep. `submit-fast-path.test.ts` holds both to
// zod's results.
import type { SubmitOutcome } from '@veche/store'
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { SubmitResponse } from './api-schemas.js'

type ZodRoute = Parameters<typeof validatorCompiler>[0]
type ZodResult = ReturnType<typeof validatorCompiler>

/**
 * What SubmitBody accepts: an object, whose `events`, if present, is an array. An own `__proto__`
 * key (which fastify's JSON parser refuses before this) goes to zod, whose copy drops it.
 */
export function isSubmitBody(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false
  if (Object.hasOwn(data, '__proto__')) return false
  const events = (data as { events?: unknown }).events
  return events === undefined || Array.isArray(events)
}

/** A query string with no parameters at all (what SubmitQuery reads as `{}`). */
function isEmptyQuery(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false
  for (const _ in data) return false
  return Object.getOwnPropertySymbols(data).length === 0
}

/**
 * The route's validator compiler: zod's, except that a body SubmitBody accepts is passed on as it
 * came (SubmitBody keeps every key, and the events are parsed by the ledger), and an empty query
 * string is `{}`. Anything else is checked by zod, with zod's error.
 */
export function submitValidatorCompiler<S>(route: FastifyRouteSchemaDef<S>): ZodResult {
  const zod = validatorCompiler(route as unknown as ZodRoute)
  if (route.httpPart === 'body')
    return (data: unknown) => (isSubmitBody(data) ? { value: data } : zod(data))
  if (route.httpPart === 'querystring')
    return (data: unknown) => (isEmptyQuery(data) ? { value: {} } : zod(data))
  return zod
}

type Answer = z.input<typeof SubmitResponse>

/** One outcome with the keys Outcome (api-schemas.ts) keeps, in its order. */
function outcomeOut(o: SubmitOutcome): Answer['outcomes'][number] {
  if (o.status !== 'rejected') return { status: o.status, id: o.id }
  return o.id === undefined
    ? { status: o.status, code: o.code, message: o.message }
    : { status: o.status, code: o.code, message: o.message, id: o.id }
}

/** The answer to a submission (200 or 207), as zod's serializer writes it. */
export function serializeSubmitAnswer(answer: {
  readonly outcomes: readonly SubmitOutcome[]
  readonly accepted: number
  readonly duplicate: number
  readonly rejected: number
}): string {
  return JSON.stringify({
    outcomes: answer.outcomes.map(outcomeOut),
    accepted: answer.accepted,
    duplicate: answer.duplicate,
    rejected: answer.rejected,
  })
}

/** The route's serializer compiler: the submission's answer by hand, every other by zod's. */
export function submitSerializerCompiler<S>(
  route: FastifyRouteSchemaDef<S>,
): (data: unknown) => string {
  if (route.httpStatus === '200' || route.httpStatus === '207')
    return (data) => serializeSubmitAnswer(data as Parameters<typeof serializeSubmitAnswer>[0])
  return serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0])
}
