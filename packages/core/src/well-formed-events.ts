// Hand-written checks that accept exactly what the zod schemas accept, for the envelope and the
// bodies that make up most of a big log (a secret poll's requests, issuances and ballots; open
// ballots; admissions), and give the same output. zod builds its answer through generic machinery
// that costs more than the rest of parsing an event (`veche verify` of a 2,000-member secret poll
// spent a third of its main thread there: BENCHMARKS.md, #12). Each check answers null whenever it
// is unsure (an input that is not a plain object, a missing or extra key, a value out of bounds),
// and `parseEvent` (given them as its `wellFormed` option) then asks zod, so every refusal and its code and message still come from the
// schemas. What a check accepts must be accepted by its schema with the same output, key order
// included (well-formed-events.test.ts checks both ways with fast-check).
import { SPACE_ID_PATTERN, PUBLIC_KEY_PATTERN, EVENT_ID_PATTERN, SIGNATURE_PATTERN } from './ids.js'
import { MAX_SECRET_ISSUERS } from './secret-bodies.js'
import { checkText, isInvisible } from './text-rules.js'
import { isCanonicalText } from './canonical-json.js'

/** The envelope's output: its fields in the schema's order, the body not yet checked. */
export interface WellFormedEnvelope {
  readonly v: 1
  readonly space: string
  readonly author: string
  readonly seq: number
  readonly prev: string | null
  readonly type: string
  readonly body: unknown
  readonly at: number
  readonly sig: string
}

type Plain = Record<string, unknown>

/** A plain object (JSON's kind) with exactly `count` own keys, all of them among `keys`. */
function plainWith(value: unknown, keys: readonly string[]): Plain | null {
  if (typeof value !== 'object' || value === null) return null
  if (Object.getPrototypeOf(value) !== Object.prototype) return null
  const own = Object.keys(value)
  if (own.length !== keys.length) return null
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(value, key)) return null
  return value as Plain
}

/** A plain object whose own keys are all enumerable strings (what a record schema walks). */
function plainRecord(value: unknown): Plain | null {
  if (typeof value !== 'object' || value === null) return null
  if (Object.getPrototypeOf(value) !== Object.prototype) return null
  // Symbol or non-enumerable keys: zod's record walks every own key, so leave such input to it.
  if (Reflect.ownKeys(value).length !== Object.keys(value).length) return null
  return value as Plain
}

const isString = (value: unknown): value is string => typeof value === 'string'
const matches = (value: unknown, pattern: RegExp): value is string =>
  typeof value === 'string' && pattern.test(value)
const wholeIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max

const BASE64URL = /^[A-Za-z0-9_-]*$/
/** secret-bodies.ts `b64(min, max)`. */
const base64urlOf = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max && BASE64URL.test(value)

const ENVELOPE_KEYS = ['v', 'space', 'author', 'seq', 'prev', 'type', 'body', 'at', 'sig']

/** event-envelope.ts `envelopeSchema`, or null to ask it. */
export function wellFormedEnvelope(input: unknown): WellFormedEnvelope | null {
  const o = plainWith(input, ENVELOPE_KEYS)
  if (o === null) return null
  const { v, space, author, seq, prev, type, body, at, sig } = o
  if (v !== 1) return null
  if (!matches(space, SPACE_ID_PATTERN) || !matches(author, PUBLIC_KEY_PATTERN)) return null
  if (!wholeIn(seq, 1, Number.MAX_SAFE_INTEGER)) return null
  if (prev !== null && !matches(prev, EVENT_ID_PATTERN)) return null
  if (!isString(type) || type.length < 1 || type.length > 64) return null
  if (!wholeIn(at, 0, 8_640_000_000_000_000)) return null
  if (!matches(sig, SIGNATURE_PATTERN)) return null
  return { v, space, author, seq, prev, type, body, at, sig }
}

const eventId = (value: unknown): value is string => matches(value, EVENT_ID_PATTERN)
const publicKey = (value: unknown): value is string => matches(value, PUBLIC_KEY_PATTERN)

/** body-fields.ts `text(min, max, 'one')`. */
const oneLineText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' &&
  value.length >= min &&
  value.length <= max &&
  checkText(value, 'one') === null &&
  !(min > 0 && isInvisible(value))

function credential(value: unknown): Plain | null {
  const o = plainWith(value, ['issuer', 'key', 'signature'])
  if (o === null) return null
  const { issuer, key, signature } = o
  if (!publicKey(issuer) || !base64urlOf(key, 300, 800) || !base64urlOf(signature, 342, 342))
    return null
  return { issuer, key, signature }
}

function secretBallot(body: unknown): Plain | null {
  const o = plainWith(body, ['poll', 'credentials', 'ciphertext'])
  if (o === null) return null
  const { poll, credentials, ciphertext } = o
  if (!eventId(poll) || !Array.isArray(credentials)) return null
  if (credentials.length < 1 || credentials.length > MAX_SECRET_ISSUERS) return null
  const checked: Plain[] = []
  for (let i = 0; i < credentials.length; i++) {
    const c = credential(credentials[i])
    if (c === null) return null
    checked.push(c)
  }
  const c = plainWith(ciphertext, ['ephemeral', 'box'])
  if (c === null) return null
  const { ephemeral, box } = c
  if (!base64urlOf(ephemeral, 43, 43) || !base64urlOf(box, 1, 4000)) return null
  return { poll, credentials: checked, ciphertext: { ephemeral, box } }
}

function credentialRequested(body: unknown): Plain | null {
  const o = plainWith(body, ['poll', 'blinded'])
  if (o === null) return null
  const { poll, blinded } = o
  const record = plainRecord(blinded)
  if (!eventId(poll) || record === null) return null
  const out: Plain = {}
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (!publicKey(key) || !base64urlOf(value, 342, 342)) return null
    out[key] = value
  }
  return { poll, blinded: out }
}

function credentialIssued(body: unknown): Plain | null {
  const o = plainWith(body, ['poll', 'request', 'signature'])
  if (o === null) return null
  const { poll, request, signature } = o
  if (!eventId(poll) || !eventId(request) || !base64urlOf(signature, 342, 342)) return null
  return { poll, request, signature }
}

function ballotCast(body: unknown): Plain | null {
  const o = plainWith(body, ['poll', 'vote'])
  if (o === null || !eventId(o['poll']) || o['vote'] === undefined) return null
  return { poll: o['poll'], vote: o['vote'] }
}

function memberAdmitted(body: unknown): Plain | null {
  const o = plainWith(body, ['member', 'name'])
  if (o === null || !publicKey(o['member']) || !oneLineText(o['name'], 1, 80)) return null
  return { member: o['member'], name: o['name'] }
}

/** The bodies checked by hand, by event type: each is its schema in EVENT_BODY_SCHEMAS. */
export const WELL_FORMED_BODIES: Readonly<Record<string, (body: unknown) => Plain | null>> = {
  'secret.ballot': secretBallot,
  'secret.credential-requested': credentialRequested,
  'secret.credential-issued': credentialIssued,
  'ballot.cast': ballotCast,
  'member.admitted': memberAdmitted,
}

/** The body of an event of `type` as its schema would give it, or null to ask the schema. */
export function wellFormedBody(type: string, body: unknown): Plain | null {
  const check = Object.prototype.hasOwnProperty.call(WELL_FORMED_BODIES, type)
    ? WELL_FORMED_BODIES[type]
    : undefined
  return check === undefined ? null : check(body)
}

/** What `parseEvent` tries before zod when given them (its `wellFormed` option). */
export interface WellFormedChecks {
  envelope(input: unknown): WellFormedEnvelope | null
  body(type: string, body: unknown): Record<string, unknown> | null
  /** Whether `text`, which `value` was decoded from, is its canonical text (`isCanonicalText`). */
  canonicalText(value: unknown, text: string): boolean
}

/**
 * The hand-written checks, for the paths that parse whole logs (a hub taking events, `veche
 * verify`). An option rather than built into `parseEvent`, so that the web app's first load,
 * which parses a few events at a time, does not carry them.
 */
export const WELL_FORMED_CHECKS: WellFormedChecks = {
  envelope: wellFormedEnvelope,
  body: wellFormedBody,
  canonicalText: isCanonicalText,
}
