// Statements as the fold keeps them. Like the rest of SpaceState this is mutated in place by the
// rules (statement-rules.ts) after every check has passed. Each paragraph remembers the event that
// last changed it, so a translation made before that change can be shown as outdated.
import type { TranslationStatus } from './statement-bodies.js'
import type { EventId, PublicKey, SpaceId } from './ids.js'

export interface StatementReference {
  readonly title: string
  readonly url: string
}

export interface StatementParagraph {
  readonly text: string
  /** The event that set this text (the draft, a revision or an amendment). */
  readonly revision: EventId
}

export interface TranslationRecord {
  readonly language: string
  readonly translator: PublicKey
  readonly event: EventId
  readonly status: TranslationStatus
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly string[]
  readonly closing: readonly string[]
  /** The original's paragraph revisions when translated, by position. */
  readonly basis: readonly EventId[]
  /** The original's frame (title, lead, closing) revision when translated. */
  readonly frameBasis: EventId
}

export interface StatementRecord {
  readonly id: EventId
  readonly author: PublicKey
  /** 1 for a new statement; a revision of version n is n + 1. */
  readonly version: number
  readonly previous: EventId | null
  /** The revision that superseded this adopted statement, if any. */
  next: EventId | null
  readonly language: string
  title: string
  lead: readonly string[]
  readonly paragraphs: StatementParagraph[]
  closing: readonly string[]
  references: readonly StatementReference[]
  notes: string
  /** The event that last set the title, lead or closing lines. */
  frameRevision: EventId
  /** Every amendment, in order. */
  readonly amendments: EventId[]
  adopted: { readonly event: EventId; readonly poll: EventId } | null
  readonly translations: Map<string, TranslationRecord>
  /** Spaces that signed on, by space. */
  readonly cosigners: Map<
    SpaceId,
    { readonly event: EventId; readonly decision: EventId; readonly poll: EventId }
  >
}

/** A decision of this space to co-sign another space's statement. */
export interface CosignDecisionRecord {
  readonly id: EventId
  readonly space: SpaceId
  readonly statement: EventId
  readonly poll: EventId
}

export interface StatementsState {
  readonly documents: Map<EventId, StatementRecord>
  readonly cosignDecisions: Map<EventId, CosignDecisionRecord>
}

/** No statements yet. */
export function createStatementsState(): StatementsState {
  return { documents: new Map(), cosignDecisions: new Map() }
}

/**
 * The event that last set the statement's text: its latest amendment, or the statement itself. A
 * poll that adopts the statement names this revision (`poll.opened.3`, subject `statement`).
 */
export function currentRevision(statement: StatementRecord): EventId {
  return statement.amendments.at(-1) ?? statement.id
}

/** The paragraph numbers (from 1) of `translation` whose original changed after it was made. */
export function outdatedParagraphs(
  statement: StatementRecord,
  translation: TranslationRecord,
): number[] {
  const outdated: number[] = []
  statement.paragraphs.forEach((paragraph, i) => {
    if (translation.basis[i] !== paragraph.revision) outdated.push(i + 1)
  })
  return outdated
}
