// The bodies of statement events (a statement or resolution: title, lead lines, numbered
// paragraphs, closing lines, references, notes, in one original language). They join
// EVENT_BODY_SCHEMAS in event-bodies.ts; like every body they are strict and never change shape
// once released. Paragraphs are numbered by position from 1; an amendment names its paragraph by
// number, and a translation lists its paragraphs in the original's numbering.
import { z } from 'zod'
import { eventId, languageTag, spaceId, text } from './body-fields.js'

/** Most paragraphs a statement may have. */
export const MAX_STATEMENT_PARAGRAPHS = 200

const title = text(1, 300, 'one')
const line = text(1, 1000)
const lines = z.array(line).max(20)
const paragraph = text(1, 10_000)
const reference = z.strictObject({
  title: text(1, 300, 'one'),
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s<>"]+$/, 'must be an http(s) URL'),
})

/** Translation statuses: a translator's draft, or reviewed. */
export const TRANSLATION_STATUSES = ['draft', 'reviewed'] as const
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number]

const documentFields = {
  /** The original language. */
  language: languageTag,
  title,
  /** Lead lines (slogans) above the paragraphs. */
  lead: lines,
  paragraphs: z.array(paragraph).min(1).max(MAX_STATEMENT_PARAGRAPHS),
  /** Closing lines (demands) below the paragraphs. */
  closing: lines,
  references: z.array(reference).max(50),
  notes: z.string().max(10_000),
}

export const STATEMENT_BODY_SCHEMAS = {
  /** A new statement, drafted in this space; its id is this event's id. */
  'statement.drafted': z.strictObject(documentFields),
  /** Replaces paragraph `number`, or adds one at the end (`number` = count + 1). */
  'statement.paragraph-amended': z.strictObject({
    statement: eventId,
    number: z.number().int().min(1).max(MAX_STATEMENT_PARAGRAPHS),
    text: paragraph,
    note: z.string().max(2000),
  }),
  /** Replaces the parts around the paragraphs: title, lead and closing lines, references, notes. */
  'statement.amended': z.strictObject({
    statement: eventId,
    title,
    lead: lines,
    closing: lines,
    references: z.array(reference).max(50),
    notes: z.string().max(10_000),
    note: z.string().max(2000),
  }),
  /** The statement is adopted by a closed poll of this space, opened after its last change. */
  'statement.adopted': z.strictObject({ statement: eventId, poll: eventId }),
  /** A new version of an adopted statement: a new draft that links to the old one. */
  'statement.revised': z.strictObject({ previous: eventId, ...documentFields }),
  /** A translation by its author, paragraph by paragraph in the original's numbering. */
  'statement.translated': z.strictObject({
    statement: eventId,
    language: languageTag,
    title,
    lead: lines,
    paragraphs: z.array(paragraph).min(1).max(MAX_STATEMENT_PARAGRAPHS),
    closing: lines,
    status: z.enum(TRANSLATION_STATUSES),
  }),
  /** In the co-signing space: its adopted poll decided to sign another space's statement. */
  'statement.cosign-decided': z.strictObject({
    space: spaceId,
    statement: eventId,
    poll: eventId,
  }),
  /** In the statement's space: another space signs on, by its `statement.cosign-decided`. */
  'statement.cosigned': z.strictObject({
    statement: eventId,
    space: spaceId,
    decision: eventId,
  }),
} as const
