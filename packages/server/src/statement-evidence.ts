// The evidence for an adopted statement: its canonical document and the signed events that prove
// it, i.e. the whole log of its space and of every space reachable through the references of those
// events (co-signers first). Used by the hub's proof route and by `veche statement export`.
import { parseEvent, referencesOf, statementDocument } from '@veche/core'
import type { EventId, SignedEvent, SpaceId, StatementDocument } from '@veche/core'
import type { Ledger } from '@veche/store'

export interface StatementEvidence {
  readonly document: StatementDocument
  /** Each space's accepted events, in store order. */
  readonly logs: Readonly<Record<string, readonly SignedEvent[]>>
  /** Spaces among `logs` whose rules make them private (their logs must not be published). */
  readonly privateSpaces: readonly SpaceId[]
}

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
      if (!parsed.ok) throw new Error(`stored event ${stored.id} does not parse; run veche verify`)
      events.push(parsed.value.event)
      for (const ref of referencesOf(parsed.value.event)) {
        const foreign = await ledger.store.get(ref)
        if (foreign !== null && !logs.has(foreign.space)) queue.push(foreign.space)
      }
    }
  }
  return logs
}

/**
 * The evidence for adopted statement `statement` of `space`, or the rejection when there is no
 * such adopted statement here.
 */
export async function collectStatementEvidence(
  ledger: Ledger,
  space: SpaceId,
  statement: EventId,
): Promise<{ ok: true; value: StatementEvidence } | { ok: false; message: string }> {
  const state = await ledger.state(space)
  if (state === null) return { ok: false, message: `no space ${space} here` }
  const record = state.statements.documents.get(statement)
  if (record?.adopted == null)
    return { ok: false, message: `no adopted statement ${statement} in space ${space}` }
  const logs = await gatherLogs(ledger, space)
  const names = new Map<SpaceId, string>()
  const privateSpaces: SpaceId[] = []
  for (const id of logs.keys()) {
    const other = await ledger.state(id)
    names.set(id, other?.assembly?.name ?? id)
    if (other?.assembly?.rules.visibility !== 'public') privateSpaces.push(id)
  }
  const document = statementDocument(state, statement, names)
  if (!document.ok) return { ok: false, message: document.message }
  return {
    ok: true,
    value: { document: document.value, logs: Object.fromEntries(logs), privateSpaces },
  }
}
