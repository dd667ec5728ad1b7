// The bodies of conversation events (docs/opinions.md): a facilitator opens a conversation on a
// question, members put short statements to it, facilitators accept or reject them, members vote
// agree / disagree / pass, and the opinion map is computed from the votes. A statement is named
// within its conversation: by the id of the event that submitted it, or, for a statement imported
// from Pol.is, by its Pol.is comment id (at most 40 characters, so never an event id). Imported
// votes keep their Pol.is participant ids. They join EVENT_BODY_SCHEMAS in event-bodies.ts; like
// every body they are strict and never change shape once released.
import { z } from 'zod'
import { eventId, publicKey, text } from './body-fields.js'
import { isInvisible } from './text-rules.js'

/**
 * Longest statement, in characters (code points). Pol.is's form stops at 140, but its exports hold
 * longer ones (vTaiwan UberX has 184), and a statement is one idea read on a phone before voting.
 */
export const MAX_CONVERSATION_STATEMENT_CHARS = 1000
/** Most statements in one `conversation.statements-imported` (the event stays under 64 KiB too). */
export const MAX_IMPORTED_STATEMENTS = 1000
/** Most votes in one `conversation.votes-imported` (the event stays under 64 KiB too). */
export const MAX_IMPORTED_VOTES = 2000

/** An id from the source (a Pol.is participant or comment id): shorter than any event id. */
export const SOURCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/
/** A statement within a conversation: its event id, or its source id when imported. */
export const STATEMENT_REF_PATTERN = /^[A-Za-z0-9_-]{1,43}$/

const sourceId = z
  .string()
  .regex(SOURCE_ID_PATTERN, 'must be a source id (1-40 of A-Z a-z 0-9 _ -)')
const statementRef = z
  .string()
  .regex(STATEMENT_REF_PATTERN, 'must be a statement id (its event id, or its Pol.is comment id)')
const time = z.number().int().min(0).max(8_640_000_000_000_000)

/**
 * A statement's text: shows something, and at most MAX_CONVERSATION_STATEMENT_CHARS characters.
 * The refusal carries its code in `params.code`, which parseEvent reports (`conversation.text-too-long`).
 */
export const statementText = z.string().superRefine((s, ctx) => {
  if (isInvisible(s)) {
    ctx.addIssue({
      code: 'custom',
      message: 'shows nothing: only white space or invisible characters',
      params: { code: 'text.invisible' },
    })
    return
  }
  const chars = [...s].length
  if (chars > MAX_CONVERSATION_STATEMENT_CHARS) {
    ctx.addIssue({
      code: 'custom',
      message: `is ${chars} characters; a statement holds at most ${MAX_CONVERSATION_STATEMENT_CHARS}`,
      params: { code: 'conversation.text-too-long' },
    })
  }
})

/** Where an imported conversation came from. */
export const conversationSource = z.strictObject({
  kind: z.literal('polis'),
  /** What the importer called it (the export folder's name, or a Pol.is conversation id). */
  name: z.string().max(200),
  /** SHA-256 (hex) of the export files as read: the same export is not imported twice. */
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
})

export const CONVERSATION_BODY_SCHEMAS = {
  /** A new conversation; its id is this event's id. */
  'conversation.opened': z.strictObject({
    question: text(1, 1000),
    /** Null for a conversation held here; set when it is imported from Pol.is. */
    source: conversationSource.nullable(),
  }),
  /** A member's statement; a facilitator's is accepted at once, anyone else's waits. */
  'conversation.statement-submitted': z.strictObject({
    conversation: eventId,
    text: statementText,
  }),
  'conversation.statement-accepted': z.strictObject({
    conversation: eventId,
    statement: statementRef,
  }),
  /** Kept in the log with its reason; the statement's votes stop counting. */
  'conversation.statement-rejected': z.strictObject({
    conversation: eventId,
    statement: statementRef,
    reason: text(1, 1000),
  }),
  /** Agree 1, disagree -1, pass 0 (any other number is refused by the rules); the latest counts. */
  'conversation.voted': z.strictObject({
    conversation: eventId,
    statement: statementRef,
    vote: z.number(),
  }),
  'conversation.closed': z.strictObject({ conversation: eventId }),
  /**
   * A close that states the closer's view: for each author of the conversation's events that the
   * closer held, the seq of that author's newest event it held. What lies within the view is the
   * conversation's final state; what lies beyond it is kept in the log as late and changes nothing,
   * on every replica, whether it arrived before the close or after (conversation-rules.ts).
   */
  'conversation.closed.2': z.strictObject({
    conversation: eventId,
    seen: z
      .record(publicKey, z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .refine((seen) => Object.keys(seen).length <= 200_000, 'must list at most 200000 authors'),
  }),
  /** Statements of an imported conversation, by their Pol.is comment ids. */
  'conversation.statements-imported': z.strictObject({
    conversation: eventId,
    statements: z
      .array(
        z.strictObject({
          source: sourceId,
          text: statementText,
          /** Moderated out or a meta statement in the source: imported as rejected. */
          excluded: z.boolean(),
        }),
      )
      .min(1)
      .max(MAX_IMPORTED_STATEMENTS),
  }),
  /**
   * Votes of an imported conversation, each `[participant, statement, vote, at]`: the Pol.is
   * participant id, the statement's Pol.is comment id, 1 / -1 / 0, and when it was cast (ms since
   * 1970, or null when the export has no times). Signed by the importer, not by the participants.
   */
  'conversation.votes-imported': z.strictObject({
    conversation: eventId,
    votes: z
      .array(z.tuple([sourceId, sourceId, z.number(), time.nullable()]))
      .min(1)
      .max(MAX_IMPORTED_VOTES),
  }),
} as const
