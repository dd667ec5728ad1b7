// Field schemas shared by the bodies of every event type: ids, keys, signatures, texts, language
// tags. One definition each, so every event states an id or a key the same way.
import { z } from 'zod'
import { EVENT_ID_PATTERN, PUBLIC_KEY_PATTERN, SIGNATURE_PATTERN, SPACE_ID_PATTERN } from './ids.js'
import type { EventId, PublicKey, Signature, SpaceId } from './ids.js'
import { checkText, isInvisible } from './text-rules.js'
import type { TextLines } from './text-rules.js'

export const eventId = z
  .string()
  .regex(EVENT_ID_PATTERN, 'must be an event id')
  .transform((s) => s as EventId)
export const publicKey = z
  .string()
  .regex(PUBLIC_KEY_PATTERN, 'must be a public key (43 base64url characters)')
  .transform((s) => s as PublicKey)
/**
 * A record keyed by `key`. zod's own record passes over an own `"__proto__"` key without a word
 * (it cannot be assigned to a plain object), so the parsed body would hold less than the signed
 * text its id covers; such a key is refused instead, as a strict object refuses it.
 */
export function record<K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
): z.ZodType<z.output<z.ZodRecord<K, V>>, z.input<z.ZodRecord<K, V>>> {
  return z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
        ctx.addIssue({
          code: 'custom',
          message: 'must not have the key "__proto__"',
          input,
          path: ['__proto__'],
        })
      }
      return input
    },
    z.record(key, value),
  )
}
export const signature = z
  .string()
  .regex(SIGNATURE_PATTERN, 'must be a signature')
  .transform((s) => s as Signature)
export const spaceId = z
  .string()
  .regex(SPACE_ID_PATTERN, 'must be a space id')
  .transform((s) => s as SpaceId)
/**
 * Text of `min` to `max` characters that shows something (not only white space or invisible
 * characters); with `lines: 'one'` (names, titles, options) no tab or line break. What every string
 * of a body is checked for besides (control characters, bidi controls, NFC) is in text-rules.ts;
 * the refusals carry their `text.*` code in `params.code`, which parseEvent reports.
 */
export const text = (min: number, max: number, lines: TextLines = 'many') =>
  z
    .string()
    .min(min)
    .max(max)
    .superRefine((s, ctx) => {
      const problem = lines === 'one' ? checkText(s, 'one') : null
      if (problem !== null) {
        ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } })
      } else if (min > 0 && isInvisible(s)) {
        ctx.addIssue({
          code: 'custom',
          message: 'shows nothing: only white space or invisible characters',
          // Blank (only white space) was refused before the text rules too; a space founded
          // before them still refuses it (event-envelope.ts, `parseEvent` with `oldTexts`).
          params: { code: 'text.invisible', blankBefore: s.trim().length < min },
        })
      }
    })
export const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or kk')
