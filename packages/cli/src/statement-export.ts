// What `veche statement export` writes: the proof file (the statement's canonical document, its
// content hash and every signed event that proves it) and Markdown. The proof holds the whole log
// of the statement's space and of every space reachable through references (co-signers first).
import { parseEvent, referencesOf, statementDocument } from '@veche/core'
import type { EventId, SignedEvent, SpaceId, StatementDocument, StatementText } from '@veche/core'
import type { Ledger } from '@veche/store'
import { CliError } from './cli-error.js'

/** Each space's accepted events in store order, for `space` and every space it references. */
async function gatherLogs(ledger: Ledger, space: SpaceId): Promise<Map<SpaceId, SignedEvent[]>> {
  const logs = new Map<SpaceId, SignedEvent[]>()
  const queue: SpaceId[] = [space]
  while (queue.length > 0) {
    const next = queue.shift()!
    if (logs.has(next)) continue
    const events: SignedEvent[] = []
    logs.set(next, events)
    for await (const stored of ledger.store.read(next)) {
      const parsed = parseEvent(JSON.parse(stored.json))
      if (!parsed.ok)
        throw new CliError(`stored event ${stored.id} does not parse; run veche verify`)
      events.push(parsed.value.event)
      for (const ref of referencesOf(parsed.value.event)) {
        const foreign = await ledger.store.get(ref)
        if (foreign !== null && !logs.has(foreign.space)) queue.push(foreign.space)
      }
    }
  }
  return logs
}

/** The adopted statement's document and the logs that prove it. */
export async function collectStatement(
  ledger: Ledger,
  space: SpaceId,
  statement: EventId,
): Promise<{ document: StatementDocument; logs: Record<string, SignedEvent[]> }> {
  const logs = await gatherLogs(ledger, space)
  const names = new Map<SpaceId, string>()
  for (const id of logs.keys()) {
    const state = await ledger.state(id)
    names.set(id, state?.assembly?.name ?? id)
  }
  const state = await ledger.state(space)
  if (state === null) throw new CliError(`no space ${space} here`)
  const document = statementDocument(state, statement, names)
  if (!document.ok) throw new CliError(`${document.code}: ${document.message}`)
  return { document: document.value, logs: Object.fromEntries(logs) }
}

/** Every language of a document, the original first. */
export function statementTexts(document: StatementDocument): StatementText[] {
  return [document.original, ...document.translations]
}

function markdownText(text: StatementText, original: boolean): string[] {
  const lines = [`## ${text.title}`, '', `*${text.language}${original ? ' (original)' : ''}*`, '']
  for (const line of text.lead) lines.push(`**${line}**`, '')
  for (const p of text.paragraphs) lines.push(`${p.number}. ${p.text}`, '')
  for (const line of text.closing) lines.push(`**${line}**`, '')
  return lines
}

/** The statement as Markdown: every language, references, co-signers and the content hash. */
export function statementMarkdown(document: StatementDocument, hash: string): string {
  const lines = [
    `# ${document.original.title}`,
    '',
    `Adopted by ${document.spaceName} (space \`${document.space}\`), version ${document.version}.`,
    '',
  ]
  lines.push(...markdownText(document.original, true))
  for (const t of document.translations) {
    lines.push(...markdownText(t, false))
    if (t.outdated.length > 0 || t.frameOutdated)
      lines.push(`*Outdated: the original changed after this translation.*`, '')
  }
  if (document.references.length > 0) {
    lines.push('## References', '')
    for (const r of document.references) lines.push(`- [${r.title}](${r.url})`)
    lines.push('')
  }
  if (document.notes !== '') lines.push('## Notes', '', document.notes, '')
  if (document.cosigners.length > 0) {
    lines.push('## Co-signed by', '')
    for (const c of document.cosigners) lines.push(`- ${c.name} (space \`${c.space}\`)`)
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
