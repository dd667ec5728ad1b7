// The readable view of a space's statements (part of the state view and so of its hash), and the
// canonical document of one adopted statement: all its text, translations, the events that
// adopted it and its co-signatures, whose SHA-256 is the statement's content hash.
import type { EventId, SpaceId } from './ids.js'
import { hashCanonical } from './signing.js'
import { ok, reject } from './result.js'
import type { Result } from './result.js'
import type { SpaceState } from './space-state.js'
import { currentRevision, outdatedParagraphs } from './statement-state.js'
import type { StatementRecord, StatementsState } from './statement-state.js'

export interface StatementsView {
  readonly documents: Record<
    string,
    {
      author: string
      version: number
      previous: string | null
      next: string | null
      status: 'draft' | 'adopted'
      language: string
      title: string
      lead: readonly string[]
      paragraphs: readonly string[]
      closing: readonly string[]
      references: readonly { title: string; url: string }[]
      notes: string
      amendments: number
      /** The event that last set the text; a poll that adopts it names this revision. */
      revision: string
      adopted: { event: string; poll: string } | null
      translations: Record<
        string,
        {
          translator: string
          event: string
          status: string
          /** Paragraph numbers whose original changed after the translation. */
          outdated: number[]
          /** The title, lead or closing lines changed after the translation. */
          frameOutdated: boolean
        }
      >
      cosigners: Record<string, { event: string; decision: string; poll: string }>
    }
  >
  /** This space's decisions to co-sign other spaces' statements. */
  readonly cosignDecisions: Record<string, { space: string; statement: string; poll: string }>
}

/** True when the space has no statement events (its view then has no `statements` key). */
export function hasNoStatements(statements: StatementsState): boolean {
  return statements.documents.size + statements.cosignDecisions.size === 0
}

export function describeStatements(statements: StatementsState): StatementsView {
  return {
    documents: Object.fromEntries(
      [...statements.documents.values()].map((s) => [
        s.id,
        {
          author: s.author,
          version: s.version,
          previous: s.previous,
          next: s.next,
          status: s.adopted === null ? 'draft' : 'adopted',
          language: s.language,
          title: s.title,
          lead: s.lead,
          paragraphs: s.paragraphs.map((p) => p.text),
          closing: s.closing,
          references: s.references.map((r) => ({ title: r.title, url: r.url })),
          notes: s.notes,
          amendments: s.amendments.length,
          revision: currentRevision(s),
          adopted: s.adopted === null ? null : { ...s.adopted },
          translations: Object.fromEntries(
            [...s.translations.values()].map((t) => [
              t.language,
              {
                translator: t.translator,
                event: t.event,
                status: t.status,
                outdated: outdatedParagraphs(s, t),
                frameOutdated: t.frameBasis !== s.frameRevision,
              },
            ]),
          ),
          cosigners: Object.fromEntries([...s.cosigners].map(([space, c]) => [space, { ...c }])),
        },
      ]),
    ),
    cosignDecisions: Object.fromEntries(
      [...statements.cosignDecisions.values()].map((d) => [
        d.id,
        { space: d.space, statement: d.statement, poll: d.poll },
      ]),
    ),
  }
}

/** One language's text of a statement, paragraphs numbered from 1. */
export interface StatementText {
  readonly language: string
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly { readonly number: number; readonly text: string }[]
  readonly closing: readonly string[]
}

/** The canonical document of an adopted statement: what its content hash covers. */
export interface StatementDocument {
  readonly format: 'veche/statement/1'
  readonly space: string
  readonly spaceName: string
  readonly statement: string
  readonly version: number
  readonly previous: string | null
  readonly original: StatementText
  readonly references: readonly { readonly title: string; readonly url: string }[]
  readonly notes: string
  readonly author: string
  readonly amendments: readonly string[]
  readonly adopted: { readonly event: string; readonly poll: string; readonly result: unknown }
  readonly translations: readonly (StatementText & {
    readonly translator: string
    readonly event: string
    readonly status: string
    readonly outdated: readonly number[]
    readonly frameOutdated: boolean
  })[]
  readonly cosigners: readonly {
    readonly space: string
    readonly name: string
    readonly event: string
    readonly decision: string
    readonly poll: string
  }[]
}

function numbered(paragraphs: readonly string[]): { number: number; text: string }[] {
  return paragraphs.map((text, i) => ({ number: i + 1, text }))
}

/**
 * The canonical document of adopted statement `id` of `state`; `spaceNames` gives the names of
 * co-signing spaces (those not given are named by their id).
 */
export function statementDocument(
  state: SpaceState,
  id: EventId,
  spaceNames: ReadonlyMap<SpaceId, string> = new Map(),
): Result<StatementDocument> {
  const s: StatementRecord | undefined = state.statements.documents.get(id)
  if (s === undefined) return reject('statement.unknown', `no statement ${id} in this space`)
  if (s.adopted === null) return reject('statement.not-adopted', `statement ${id} is not adopted`)
  const poll = state.polls.get(s.adopted.poll)
  return ok({
    format: 'veche/statement/1',
    space: state.space,
    spaceName: state.assembly?.name ?? '',
    statement: s.id,
    version: s.version,
    previous: s.previous,
    original: {
      language: s.language,
      title: s.title,
      lead: s.lead,
      paragraphs: numbered(s.paragraphs.map((p) => p.text)),
      closing: s.closing,
    },
    references: s.references.map((r) => ({ title: r.title, url: r.url })),
    notes: s.notes,
    author: s.author,
    amendments: [...s.amendments],
    adopted: { event: s.adopted.event, poll: s.adopted.poll, result: poll?.result ?? null },
    translations: [...s.translations.values()]
      .sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0))
      .map((t) => ({
        language: t.language,
        title: t.title,
        lead: t.lead,
        paragraphs: numbered(t.paragraphs),
        closing: t.closing,
        translator: t.translator,
        event: t.event,
        status: t.status,
        outdated: outdatedParagraphs(s, t),
        frameOutdated: t.frameBasis !== s.frameRevision,
      })),
    cosigners: [...s.cosigners]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([space, c]) => ({ space, name: spaceNames.get(space) ?? space, ...c })),
  })
}

/** The content hash of a statement document: SHA-256 of its canonical JSON, base64url. */
export function hashStatementDocument(document: StatementDocument): string {
  return hashCanonical(document)
}
