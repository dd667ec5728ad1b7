// The signed event envelope and its parsing. An event is a small JSON object:
//   { v, space, author, seq, prev, type, body, at, sig }
// `seq` counts the author's events in the space from 1; `prev` is the id of the author's previous
// event there (null at seq 1); `at` is the author's claimed time in milliseconds since 1970 (a
// claim, never trusted for ordering). The id is the SHA-256 of the canonical signed bytes.
import { z } from 'zod'
import { canonicalJson } from './canonical-json.js'
import { EVENT_BODY_SCHEMAS, isEventType } from './event-bodies.js'
import type { EventBody, EventType } from './event-bodies.js'
import { EVENT_ID_PATTERN, PUBLIC_KEY_PATTERN, SIGNATURE_PATTERN, SPACE_ID_PATTERN } from './ids.js'
import type { EventId, PublicKey, Signature, SpaceId } from './ids.js'
import { ok, reject } from './result.js'
import { eventIdOfJson } from './signing.js'
import type { Result } from './result.js'
import { checkTexts } from './text-rules.js'
import type { TextCode } from './text-rules.js'

/** Envelope version; a new envelope layout gets a new number. */
export const ENVELOPE_VERSION = 1
/** Largest canonical size of an event, in bytes. */
export const MAX_EVENT_BYTES = 64 * 1024
/** A poll's seal lists every ballot counted, so it may be larger. */
export const MAX_SEAL_EVENT_BYTES = 10 * 1024 * 1024

/** The fields an author signs. */
export interface UnsignedEvent<T extends EventType = EventType> {
  readonly v: typeof ENVELOPE_VERSION
  readonly space: SpaceId
  readonly author: PublicKey
  readonly seq: number
  readonly prev: EventId | null
  readonly type: T
  readonly body: EventBody<T>
  readonly at: number
}

/** A signed event of one type. */
export type SignedEventOf<T extends EventType> = UnsignedEvent<T> & { readonly sig: Signature }

/** A signed event: a discriminated union on `type`. */
export type SignedEvent = { [T in EventType]: SignedEventOf<T> }[EventType]

const envelopeSchema = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  space: z.string().regex(SPACE_ID_PATTERN, 'must be a space id (22 base64url characters)'),
  author: z.string().regex(PUBLIC_KEY_PATTERN, 'must be a public key (43 base64url characters)'),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prev: z.string().regex(EVENT_ID_PATTERN, 'must be an event id').nullable(),
  type: z.string().min(1).max(64),
  body: z.unknown(),
  at: z.number().int().min(0).max(8_640_000_000_000_000),
  sig: z.string().regex(SIGNATURE_PATTERN, 'must be a signature (86 base64url characters)'),
})

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'event'}: ${issue.message}`)
    .join('; ')
}

/**
 * The code a body schema's refusal carries (a `text.*` code from body-fields.ts `text`, or
 * `conversation.text-too-long` from conversation-bodies.ts), if any.
 */
function textCodeOf(issue: z.core.$ZodIssue): TextCode | 'conversation.text-too-long' | null {
  if (issue.code !== 'custom') return null
  const code: unknown = issue.params?.['code']
  if (code === 'conversation.text-too-long') return code
  return typeof code === 'string' && code.startsWith('text.') ? (code as TextCode) : null
}

/** Largest canonical size allowed for an event of `type`. */
export function maxEventBytes(type: string): number {
  return type === 'poll.closed' || type === 'poll.closed.2' || type === 'referral.closed'
    ? MAX_SEAL_EVENT_BYTES
    : MAX_EVENT_BYTES
}

/** A parsed event with its canonical text and id, computed once. */
export interface ParsedEvent {
  readonly event: SignedEvent
  readonly id: EventId
  /** The RFC 8785 canonical JSON text: what is hashed, stored and sent. */
  readonly json: string
}

const utf8 = new TextEncoder()

/**
 * Parses untrusted input (already JSON-decoded) into a signed event: the envelope, the size limit
 * and the body schema of its type. Does not check the signature or any rule.
 */
export function parseEvent(input: unknown): Result<ParsedEvent> {
  const envelope = envelopeSchema.safeParse(input)
  if (!envelope.success) return reject('event.malformed', describeIssues(envelope.error))
  const { type } = envelope.data
  if (!isEventType(type)) return reject('event.unknown-type', `unknown event type "${type}"`)
  let json: string
  try {
    json = canonicalJson(input)
  } catch (error) {
    // Values JSON cannot hold, or nesting so deep that encoding it overflows the stack.
    const reason = error instanceof RangeError ? 'nested too deeply' : (error as Error).message
    return reject('event.malformed', `event is not plain JSON: ${reason}`)
  }
  const limit = maxEventBytes(type)
  // Every UTF-16 unit takes at least one UTF-8 byte, so a text longer than the limit is too large
  // without encoding it.
  const size = json.length > limit ? json.length : utf8.encode(json).length
  if (size > limit) {
    return reject(
      'event.too-large',
      `event is ${json.length > limit ? 'over ' : ''}${size} bytes; the limit for ${type} is ${limit} bytes`,
    )
  }
  const texts = checkTexts(envelope.data.body)
  if (texts !== null) return reject(texts.code, `${type} ${texts.path} ${texts.message}`)
  const body = EVENT_BODY_SCHEMAS[type].safeParse(envelope.data.body)
  if (!body.success) {
    const textIssue = body.error.issues.find((issue) => textCodeOf(issue) !== null)
    if (textIssue !== undefined) {
      const where = ['body', ...textIssue.path.map(String)].join('.')
      return reject(textCodeOf(textIssue)!, `${type} ${where} ${textIssue.message}`)
    }
    return reject('event.malformed', `${type} body: ${describeIssues(body.error)}`)
  }
  const event = { ...envelope.data, body: body.data } as SignedEvent
  return ok({ event, id: eventIdOfJson(json), json })
}

/** Narrows an event to one type. */
export function isEventOf<T extends EventType>(
  event: SignedEvent,
  type: T,
): event is Extract<SignedEvent, { type: T }> {
  return event.type === type
}

/** Whether `event` closes a poll (either close type: `poll.closed`, or `poll.closed.2` with a view). */
export function isPollClose(
  event: SignedEvent,
): event is SignedEventOf<'poll.closed'> | SignedEventOf<'poll.closed.2'> {
  return event.type === 'poll.closed' || event.type === 'poll.closed.2'
}
