// The signed event envelope and its parsing. An event is a small JSON object:
//   { v, space, author, seq, prev, type, body, at, sig }
// `seq` counts the author's events in the space from 1; `prev` is the id of the author's previous
// event there (null at seq 1); `at` is the author's claimed time in milliseconds since 1970 (a
// claim, never trusted for ordering). The id is the SHA-256 of the canonical signed bytes.
import { z } from 'zod'
import { canonicalJsonOf } from './canonical-json.js'
import { EVENT_BODY_SCHEMAS, isEventType } from './event-bodies.js'
import type { EventBody, EventType } from './event-bodies.js'
import { EVENT_ID_PATTERN, PUBLIC_KEY_PATTERN, SIGNATURE_PATTERN, SPACE_ID_PATTERN } from './ids.js'
import type { EventId, PublicKey, Signature, SpaceId } from './ids.js'
import { protoKeyPath } from './proto-key.js'
import { ok, reject } from './result.js'
import { eventIdOfJson } from './signing.js'
import type { Rejection, Result } from './result.js'
import { checkTexts, checkTextsNumberMarks } from './text-rules.js'
import { utf8Length } from './utf8-length.js'
import type { TextCode } from './text-rules.js'
import type { WellFormedChecks } from './well-formed-events.js'

/** Envelope version; a new envelope layout gets a new number. */
export const ENVELOPE_VERSION = 1
/** Largest canonical size of an event, in bytes. */
export const MAX_EVENT_BYTES = 64 * 1024
/** A poll's seal lists every ballot counted (open or secret), so it may be larger. */
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

/** The envelope's schema: what `parseEvent` checks before the body, and the source of its refusals. */
export const ENVELOPE_SCHEMA = z.strictObject({
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

/** Keys named at most in a refusal of unknown keys (the rest are counted), and their length. */
const NAMED_KEYS = 3
const NAMED_KEY_LENGTH = 64

/** A key as a refusal names it: at most NAMED_KEY_LENGTH characters of it. */
function shortKey(key: string): string {
  return key.length > NAMED_KEY_LENGTH ? `${key.slice(0, NAMED_KEY_LENGTH)}…` : key
}

/**
 * An issue's message, but that a refusal of unknown keys names at most NAMED_KEYS of them: zod's
 * names every one, so 1,000 events of 700 unknown keys each drew a 7 MB answer.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message
  const { keys } = issue
  if (keys.length <= NAMED_KEYS && keys.every((key) => key.length <= NAMED_KEY_LENGTH))
    return issue.message
  const named = keys.slice(0, NAMED_KEYS).map((key) => `"${shortKey(key)}"`)
  const rest = keys.length - named.length
  return `Unrecognized key${keys.length > 1 ? 's' : ''}: ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.map((p) => shortKey(String(p))).join('.') : 'event'}: ${issueMessage(issue)}`,
    )
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

/**
 * Whether a body schema's refusal is one only the text rules make: a `text.*` code, but not a
 * blank text, which was refused before them too (body-fields.ts, `blankBefore`).
 */
function onlyTextRulesRefuse(issue: z.core.$ZodIssue): boolean {
  const code = textCodeOf(issue)
  return (
    code !== null &&
    code.startsWith('text.') &&
    issue.code === 'custom' &&
    issue.params?.['blankBefore'] !== true
  )
}

/** The refusal of an event of `type` by a body schema's coded issue, saying where. */
function codedRejection(type: string, issue: z.core.$ZodIssue): Rejection {
  const where = ['body', ...issue.path.map(String)].join('.')
  return reject(textCodeOf(issue)!, `${type} ${where} ${issue.message}`)
}

/**
 * The events that list every ballot of a poll (its seal), carry the whole result (rounds of a
 * count with many candidates) or name every voter (a close's view): a 10,000-member poll's seal is
 * about 450 KB.
 */
const SEAL_TYPES: ReadonlySet<string> = new Set([
  'poll.closed',
  'poll.closed.2',
  'poll.closed.3',
  'referral.closed',
  'conversation.closed.2',
  'secret.poll-sealed',
  'secret.poll-counted',
])

/** Largest canonical size allowed for an event of `type`. */
export function maxEventBytes(type: string): number {
  return SEAL_TYPES.has(type) ? MAX_SEAL_EVENT_BYTES : MAX_EVENT_BYTES
}

/** The refusal of an event of `type` whose canonical text (or one as long) is `json`, if too large. */
function sizeRefusal(json: string, type: string, limit: number): Rejection | null {
  // Every UTF-16 unit takes at least one UTF-8 byte, so a text longer than the limit is too large
  // without counting further.
  const size = json.length > limit ? json.length : utf8Length(json)
  if (size <= limit) return null
  return reject(
    'event.too-large',
    `event is ${json.length > limit ? 'over ' : ''}${size} bytes; the limit for ${type} is ${limit} bytes`,
  )
}

/** A parsed event with its canonical text and id, computed once. */
export interface ParsedEvent {
  readonly event: SignedEvent
  readonly id: EventId
  /** The RFC 8785 canonical JSON text: what is hashed, stored and sent. */
  readonly json: string
  /**
   * With `oldTexts: 'report'`: why the text rules refuse this event, which only a space founded
   * under them does (`textRulesRefusal` in fold.ts); absent when its texts obey them. A problem
   * only version 3 refuses (a right-to-left mark inside a number) is named in either mode.
   */
  readonly textProblem?: Rejection
}

/** How `parseEvent` treats a text that breaks only the text rules (docs/events.md, "Texts"). */
export interface ParseOptions {
  /**
   * 'refuse' (the default): refuse the event with its `text.*` code, as for what a client signs.
   * 'report': accept it if it was valid before the text rules and say why in `textProblem`, for
   * the paths that fold whole spaces (a hub storing, `veche verify`, the app's copy), where the
   * space's creation event decides (`textRulesRefusal`).
   */
  readonly oldTexts?: 'refuse' | 'report'
  /**
   * The JSON text `input` was decoded from, when the caller has it (a stored event). With
   * `wellFormed`, when it is already canonical it is the event's canonical text as it stands, and
   * is not encoded again.
   */
  readonly text?: string
  /**
   * The id of a canonical text (SHA-256, base64url): `eventIdOfJson` unless the platform passes a
   * faster one computing the same (node:crypto on Node).
   */
  readonly idOfJson?: (json: string) => EventId
  /**
   * Checks that accept well-formed input without zod (`WELL_FORMED_CHECKS`), for the paths that
   * parse whole logs; what they leave, and every refusal, comes from the schemas.
   */
  readonly wellFormed?: WellFormedChecks
}

/**
 * Parses untrusted input (already JSON-decoded) into a signed event: the envelope, the size limit
 * and the body schema of its type. Does not check the signature or any rule.
 */
export function parseEvent(input: unknown, options: ParseOptions = {}): Result<ParsedEvent> {
  // Well-formed input may skip zod (well-formed-events.ts); anything else gets its answer from zod.
  let fields = options.wellFormed?.envelope(input) ?? null
  if (fields === null) {
    const envelope = ENVELOPE_SCHEMA.safeParse(input)
    if (!envelope.success) return reject('event.malformed', describeIssues(envelope.error))
    fields = envelope.data
  }
  const { type } = fields
  if (!isEventType(type)) return reject('event.unknown-type', `unknown event type "${type}"`)
  const limit = maxEventBytes(type)
  let json: string
  try {
    if (
      options.text !== undefined &&
      options.wellFormed?.canonicalText(input, options.text) === true
    ) {
      json = options.text
      const tooLarge = sizeRefusal(json, type, limit)
      if (tooLarge !== null) return tooLarge
    } else {
      // The size is checked on JSON.stringify's text (native, and as long as the canonical one)
      // before the canonical encoding sorts every key: an event far over its limit costs no sort.
      const plain = JSON.stringify(input)
      const tooLarge = sizeRefusal(plain, type, limit)
      if (tooLarge !== null) return tooLarge
      json = canonicalJsonOf(input, plain)
    }
  } catch (error) {
    // Values JSON cannot hold, or nesting so deep that encoding it overflows the stack.
    const reason = error instanceof RangeError ? 'nested too deeply' : (error as Error).message
    return reject('event.malformed', `event is not plain JSON: ${reason}`)
  }
  // Its text would hold what the body a rule reads lacks (proto-key.ts).
  const proto = protoKeyPath(input, json)
  if (proto !== null)
    return reject('event.malformed', `${type} ${proto}: must not have the key "__proto__"`)
  const report = options.oldTexts === 'report'
  const texts = checkTexts(fields.body)
  let textProblem: Rejection | undefined
  if (texts !== null) {
    textProblem = reject(texts.code, `${type} ${texts.path} ${texts.message}`)
    if (!report) return textProblem
  } else {
    // A rule of version 3 only (text-rules.ts): named, never refused here, so an event of an
    // older space that holds one parses as it always did; its space decides (`textRulesRefusal`).
    const marks = checkTextsNumberMarks(fields.body, json)
    if (marks !== null) textProblem = reject(marks.code, `${type} ${marks.path} ${marks.message}`)
  }
  const wellFormed = options.wellFormed?.body(type, fields.body) ?? null
  const body =
    wellFormed !== null
      ? ({ success: true, data: wellFormed } as const)
      : EVENT_BODY_SCHEMAS[type].safeParse(fields.body)
  let parsedBody: unknown
  if (body.success) {
    parsedBody = body.data
  } else {
    const { issues } = body.error
    // Reporting, only what the rules before the text rules refused too is refused here.
    const refused = report ? issues.filter((issue) => !onlyTextRulesRefuse(issue)) : issues
    if (refused.length > 0) {
      const coded = refused.find((issue) => textCodeOf(issue) !== null)
      if (coded !== undefined) return codedRejection(type, coded)
      return reject('event.malformed', `${type} body: ${describeIssues(new z.ZodError(refused))}`)
    }
    textProblem ??= codedRejection(type, issues[0]!)
    // Valid but for the text rules: the body as sent (the schemas' transforms only brand ids).
    parsedBody = fields.body
  }
  const event = { ...fields, body: parsedBody } as SignedEvent
  const parsed = { event, id: (options.idOfJson ?? eventIdOfJson)(json), json }
  return ok(textProblem === undefined ? parsed : { ...parsed, textProblem })
}

/** Narrows an event to one type. */
export function isEventOf<T extends EventType>(
  event: SignedEvent,
  type: T,
): event is Extract<SignedEvent, { type: T }> {
  return event.type === type
}

export { isPollClose } from './poll-close-event.js'
