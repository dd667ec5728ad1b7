// What a text in an event may hold (docs/events.md, "Texts"). Every string of every body is
// checked when an event is parsed: no control characters (C0 and C1, DEL, the line and paragraph
// separators; a tab and a line feed only where a text may span lines), no bidi embeddings,
// overrides or isolates (they reorder what is shown: Trojan Source, CVE-2021-42574), no lone
// surrogates, and Unicode NFC. Events are signed, so a hub cannot normalise what it receives: the
// rules refuse a text that is not NFC, and clients normalise before signing (`normaliseTexts`,
// which `signEvent` calls). A name or a title must show something: a text of only white space and
// invisible characters is refused. Pure: no I/O, no clock.
import type { RejectionCode } from './result.js'

/**
 * Which text rules a space's events obey, as its creation event says (`texts`): 1, these; 2, these
 * and no two options of a poll that look alike (name-skeleton.ts, poll-rules.ts); 3, those and no
 * right-to-left mark inside a number (`checkNumberMarks`); 0 for a space
 * founded before them, whose events are held to what was refused when they were signed (a blank
 * name, not a control character), so that old logs still verify. An event's claimed time cannot
 * tell an old event from a new one, so the space's founding decides.
 */
export type TextRulesVersion = 0 | 1 | 2 | 3

/** The text rules version new spaces declare. */
export const TEXT_RULES_VERSION = 3

/** The codes a text can be refused with; each is documented in docs/events.md. */
export type TextCode = Extract<RejectionCode, `text.${string}`>

export interface TextProblem {
  readonly code: TextCode
  readonly message: string
}

/** C0 but tab and line feed, DEL, C1, and U+2028/U+2029. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/u
const LINE_BREAK = /[\t\n]/u
/** LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI. The marks LRM, RLM and ALM stay allowed. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** What shows nothing: white space, default-ignorable code points, the Braille blank. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu
/** Printable ASCII and line breaks: always valid and NFC, so most texts are checked at once. */
const PLAIN = /^[\u0020-\u007E\t\n]*$/

/** Where a text may span lines (a proposal, a paragraph) or must stay on one (a name, a title). */
export type TextLines = 'one' | 'many'

function describe(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** The first problem of `text`, or null when it may stand in an event. */
export function checkText(text: string, lines: TextLines = 'many'): TextProblem | null {
  if (lines === 'one') {
    const line = LINE_BREAK.exec(text)
    if (line !== null) {
      return {
        code: 'text.control-character',
        message: `holds ${describe(line[0])} (a tab or line break) where one line is expected`,
      }
    }
  }
  if (PLAIN.test(text)) return null
  if (LONE_SURROGATE.test(text)) {
    return { code: 'text.not-unicode', message: 'holds a lone UTF-16 surrogate' }
  }
  const control = CONTROL.exec(text)
  if (control !== null) {
    return {
      code: 'text.control-character',
      message: `holds the control character ${describe(control[0])}`,
    }
  }
  const bidi = BIDI_CONTROL.exec(text)
  if (bidi !== null) {
    return {
      code: 'text.bidi-control',
      message: `holds the bidi control ${describe(bidi[0])}, which reorders what is shown`,
    }
  }
  if (text.normalize('NFC') !== text) {
    return { code: 'text.not-nfc', message: 'is not in Unicode NFC (normalise it before signing)' }
  }
  return null
}

/** Whether `text` shows nothing: only white space and invisible characters (or nothing at all). */
export function isInvisible(text: string): boolean {
  return text.replace(INVISIBLE, '').length === 0
}

/** RLM and ALM: invisible, strong right-to-left (docs/events.md, "Texts"). */
const RTL_MARK = /[\u200F\u061C]/u
const DIGIT = /\p{Nd}/u
/** A letter that shows: a Hangul filler is a letter too, but shows nothing. */
const LETTER = /\p{L}/u
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u

/**
 * Text rules 3 (`text.bidi-mark-in-number`): a right-to-left mark (RLM U+200F, ALM U+061C) between
 * two digits with no letter between them. Invisible, it splits the number into runs that the
 * bidi algorithm lays out right to left: "1", RLM, "5", RLM, "0" is 150 to the signature, the hash
 * and a terminal, and shows as 105 in a browser; "2", RLM, "0", RLM, "2", RLM, "7" shows 7202. The
 * marks stay allowed anywhere else (RTL writing needs them, and LRM keeps a phone number in order
 * in RTL text). One pass, so a long text costs one look at each character.
 */
export function checkNumberMarks(text: string): TextProblem | null {
  if (!RTL_MARK.test(text)) return null
  let digitBefore = false
  let markSinceDigit: string | null = null
  for (const char of text) {
    if (DIGIT.test(char)) {
      if (digitBefore && markSinceDigit !== null) {
        return {
          code: 'text.bidi-mark-in-number',
          message: `holds the right-to-left mark ${describe(markSinceDigit)} inside a number, which shows its digits in another order`,
        }
      }
      digitBefore = true
      markSinceDigit = null
    } else if (RTL_MARK.test(char)) {
      if (digitBefore) markSinceDigit ??= char
    } else if (LETTER.test(char) && !IGNORABLE.test(char)) {
      digitBefore = false
      markSinceDigit = null
    }
  }
  return null
}

/** The text rules version that refuses a problem with `code` (1, but 3 for a mark in a number). */
export function textRulesSince(code: TextCode): TextRulesVersion {
  return code === 'text.bidi-mark-in-number' ? 3 : 1
}

/**
 * The first string (or object key) in `value` with a right-to-left mark inside a number
 * (`checkNumberMarks`), with where it is; `json`, the value's JSON text, finds at once that none
 * holds a mark at all.
 */
export function checkTextsNumberMarks(
  value: unknown,
  json: string,
  path = 'body',
): (TextProblem & { path: string }) | null {
  if (!RTL_MARK.test(json)) return null
  const found = firstProblem(value, checkNumberMarks)
  if (found === null) return null
  const where = [path, ...found.at.reverse()].join('.')
  return { ...found.problem, path: found.inKey ? `${where} (a key)` : where }
}

/** The first problem of any string (or object key) in `value`, with where it is. */
export function checkTexts(value: unknown, path = 'body'): (TextProblem & { path: string }) | null {
  const found = firstProblem(value, textProblem)
  if (found === null) return null
  const where = [path, ...found.at.reverse()].join('.')
  return { ...found.problem, path: found.inKey ? `${where} (a key)` : where }
}

/**
 * A text problem found under a value: the steps down to the string (or, for a key, to the object
 * holding it), innermost first, so that a path is only spelled out for a text that is refused.
 */
interface FoundProblem {
  readonly problem: TextProblem
  readonly at: (string | number)[]
  readonly inKey: boolean
}

/**
 * The first problem `check` finds in a string of `value` or an object key (`check`'s second
 * argument is true for a key), with where it is.
 */
function firstProblem(
  value: unknown,
  check: (text: string, isKey: boolean) => TextProblem | null,
): FoundProblem | null {
  if (typeof value === 'string') {
    const problem = check(value, false)
    return problem === null ? null : { problem, at: [], inKey: false }
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = firstProblem(value[index], check)
      if (found !== null) {
        found.at.push(index)
        return found
      }
    }
    return null
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const inKey = check(key, true)
      if (inKey !== null) return { problem: inKey, at: [], inKey: true }
      const found = firstProblem(record[key], check)
      if (found !== null) {
        found.at.push(key)
        return found
      }
    }
  }
  return null
}

const textProblem = (text: string, isKey: boolean): TextProblem | null =>
  checkText(text, isKey ? 'one' : undefined)

/**
 * `value` with every string (and object key) in NFC and every CR LF or lone CR turned into LF:
 * what a client does to a body before signing it.
 */
export function normaliseTexts<T>(value: T): T {
  return normalise(value) as T
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return normaliseText(value)
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [normaliseText(key), normalise(item)]),
    )
  }
  return value
}

function normaliseText(text: string): string {
  if (PLAIN.test(text)) return text
  return text.replace(/\r\n?/g, '\n').normalize('NFC')
}
