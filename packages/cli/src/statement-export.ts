// What `veche statement export` writes: the proof file (the statement's canonical document, its
// content hash and every signed event that proves it, gathered by @veche/server's
// collectStatementEvidence) and Markdown.
import type { EventId, SignedEvent, SpaceId, StatementDocument, StatementText } from '@veche/core'
import type { Ledger } from '@veche/store'
import { CliError } from './cli-error.js'

/** The adopted statement's document and the logs that prove it. */
export async function collectStatement(
  ledger: Ledger,
  space: SpaceId,
  statement: EventId,
): Promise<{
  document: StatementDocument
  logs: Readonly<Record<string, readonly SignedEvent[]>>
}> {
  // The hub's evidence collector, loaded only when a statement is exported.
  const { collectStatementEvidence } = await import('@veche/server')
  const evidence = await collectStatementEvidence(ledger, space, statement)
  if (!evidence.ok) throw new CliError(evidence.message)
  return evidence.value
}

/** Every language of a document, the original first. */
export function statementTexts(document: StatementDocument): StatementText[] {
  return [document.original, ...document.translations]
}

/** Text as literal Markdown: the characters that would start markup are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1')
}

/**
 * One language's text: its lines under a label that says which language it is and, for a
 * translation, whether it was reviewed (as the PDF's label does). The original's title is the
 * document's heading, so it is not repeated.
 */
function markdownText(text: StatementText, label: string, withTitle: boolean): string[] {
  const lines = withTitle ? [`## ${escapeMarkdown(text.title)}`, ''] : []
  lines.push(`*${escapeMarkdown(label)}*`, '')
  for (const line of text.lead) lines.push(`**${escapeMarkdown(line)}**`, '')
  for (const p of text.paragraphs) lines.push(`${p.number}. ${escapeMarkdown(p.text)}`, '')
  for (const line of text.closing) lines.push(`**${escapeMarkdown(line)}**`, '')
  return lines
}

/** The statement as Markdown: every language, references, co-signers and the content hash. */
export function statementMarkdown(document: StatementDocument, hash: string): string {
  const lines = [
    `# ${escapeMarkdown(document.original.title)}`,
    '',
    `Adopted by ${escapeMarkdown(document.spaceName)} (space \`${document.space}\`), version ${document.version}.`,
    '',
  ]
  lines.push(...markdownText(document.original, `${document.original.language} (original)`, false))
  for (const t of document.translations) {
    const review = t.status === 'reviewed' ? 'reviewed' : 'a draft, not reviewed'
    lines.push(...markdownText(t, `${t.language} (translation, ${review})`, true))
    if (t.outdated.length > 0 || t.frameOutdated)
      lines.push(`*Outdated: the original changed after this translation.*`, '')
  }
  if (document.references.length > 0) {
    lines.push('## References', '')
    for (const r of document.references) lines.push(`- [${escapeMarkdown(r.title)}](<${r.url}>)`)
    lines.push('')
  }
  if (document.notes !== '') lines.push('## Notes', '', escapeMarkdown(document.notes), '')
  if (document.cosigners.length > 0) {
    lines.push('## Co-signed by', '')
    for (const c of document.cosigners)
      lines.push(`- ${escapeMarkdown(c.name)} (space \`${c.space}\`)`)
    lines.push('')
  }
  lines.push(
    '---',
    '',
    `Statement \`${document.statement}\`, adopted by event \`${document.adopted.event}\` (poll \`${document.adopted.poll}\`).`,
    `Content hash (SHA-256): \`${hash}\`. Check it offline with \`veche verify-statement\` on the proof file.`,
    '',
  )
  return lines.join('\n')
}
