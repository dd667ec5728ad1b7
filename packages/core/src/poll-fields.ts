// Fields shared by the bodies of the poll types that name what they decide (`poll.opened.3` and
// `secret.poll-opened`): one definition, so an open and a secret poll state a question alike.
import { z } from 'zod'
import { text } from './body-fields.js'
import { pollSubjectSchema } from './poll-subject.js'

/** Every decision method a poll may use (through `poll.opened.2`). */
export const POLL_METHODS = [
  'majority',
  'consent',
  'approval',
  'score',
  'borda',
  'irv',
  'scottish-stv',
  'meek-stv',
  'schulze',
] as const
export type DecisionMethod = (typeof POLL_METHODS)[number]

/** A fraction below 1, as num/den. */
export const fraction = z
  .strictObject({ num: z.number().int().min(0), den: z.number().int().min(1) })
  .refine((f) => f.num < f.den, 'must be below 1')

/** The body of a `poll.opened.3`: the poll names what it decides (see poll-subject.ts). */
export const pollFields = {
  question: text(1, 1000),
  /** A proposal, a statement at one revision, or co-signing another space's statement; or null. */
  subject: pollSubjectSchema.nullable(),
  method: z.enum(POLL_METHODS),
  options: z.array(text(1, 200, 'one')).max(100),
  voters: z.literal('members'),
  threshold: fraction,
  seats: z.number().int().min(1).max(100),
  scoreRange: z
    .strictObject({ min: z.number().int().min(-100), max: z.number().int().max(100) })
    .refine((r) => r.min < r.max, 'min must be below max')
    .nullable(),
  tieBreakSeed: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
}
