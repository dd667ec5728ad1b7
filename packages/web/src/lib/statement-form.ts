// The statement forms' text, turned into event bodies and back: lines typed one per line, a
// reference typed as "title URL" on its own line, and every body checked against core's schema
// before it is signed, so a bad field gets a message naming the field rather than a hub refusal.
import { STATEMENT_BODY_SCHEMAS } from '@veche/core'
import type { StatementRecord } from '@veche/core'
import type { StatementDocumentInput } from './statement-actions.js'

/** Non-empty trimmed lines of `text`. */
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** References typed one per line, "title URL" (the URL last); a line without a URL is an error. */
export function parseReferences(
  text: string,
): { ok: true; references: { title: string; url: string }[] } | { ok: false; line: string } {
  const references: { title: string; url: string }[] = []
  for (const line of splitLines(text)) {
    const match = /^(.*?)\s*(https?:\/\/\S+)$/.exec(line)
    if (match === null) return { ok: false, line }
    const url = match[2]!
    references.push({ title: match[1]!.replace(/[\s—–:-]+$/, '').trim() || url, url })
  }
  return { ok: true, references }
}

/** References as the form shows them, one per line. */
export function formatReferences(references: readonly { title: string; url: string }[]): string {
  return references.map((r) => `${r.title} ${r.url}`).join('\n')
}

/** The form's fields as text, as kept in a draft. */
export interface StatementFormText {
  readonly language: string
  readonly title: string
  readonly lead: string
  readonly paragraphs: readonly string[]
  readonly closing: string
  readonly references: string
  readonly notes: string
}

/** An empty form in `language`, with room for three paragraphs. */
export function emptyStatementForm(language: string): StatementFormText {
  return {
    language,
    title: '',
    lead: '',
    paragraphs: ['', '', ''],
    closing: '',
    references: '',
    notes: '',
  }
}

/** A form holding `statement`'s text (to start a new version from). */
export function statementForm(statement: StatementRecord): StatementFormText {
  return {
    language: statement.language,
    title: statement.title,
    lead: statement.lead.join('\n'),
    paragraphs: statement.paragraphs.map((p) => p.text),
    closing: statement.closing.join('\n'),
    references: formatReferences(statement.references),
    notes: statement.notes,
  }
}

/** What is wrong with a form: the field (a key of the form, or `paragraph` with its number). */
export interface FormProblem {
  readonly field: keyof StatementFormText | 'paragraph'
  readonly number?: number
  readonly detail: string
}

/** The form as a `statement.drafted` body, or the first problem found. */
export function statementBody(
  form: StatementFormText,
): { ok: true; body: StatementDocumentInput } | { ok: false; problem: FormProblem } {
  const references = parseReferences(form.references)
  if (!references.ok)
    return { ok: false, problem: { field: 'references', detail: references.line } }
  const body: StatementDocumentInput = {
    language: form.language.trim(),
    title: form.title.trim(),
    lead: splitLines(form.lead),
    paragraphs: form.paragraphs.map((p) => p.trim()).filter((p) => p !== ''),
    closing: splitLines(form.closing),
    references: references.references,
    notes: form.notes.trim(),
  }
  const parsed = STATEMENT_BODY_SCHEMAS['statement.drafted'].safeParse(body)
  if (parsed.success) return { ok: true, body }
  const issue = parsed.error.issues[0]!
  const [field, index] = issue.path
  if (field === 'paragraphs')
    return {
      ok: false,
      problem: {
        field: 'paragraph',
        ...(typeof index === 'number' ? { number: index + 1 } : {}),
        detail: issue.message,
      },
    }
  return {
    ok: false,
    problem: { field: field as keyof StatementFormText, detail: issue.message },
  }
}
