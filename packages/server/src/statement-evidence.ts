// The evidence for an adopted statement: its canonical document and the signed events that prove
// it, i.e. the whole log of its space and of every space reachable through the references of those
// events (co-signers first). Used by the hub's proof route and by `veche statement export`.
//
// A sealed secret poll's seal names ballots that are held apart from the log
// (docs/secret-ballot.md, "Storage, sync and streams"): a replay refuses the seal without them
// (`poll.unknown-ballot`), so each sealed poll's held ballots go just before the first event that
// seals it, sorted by id, as `veche export` writes them. Ballots of a poll not sealed yet decide
// nothing and stay out.
import { parseEvent, referencesOf, statementDocument } from '@veche/core'
import type { EventId, SignedEvent, SpaceId, StatementDocument } from '@veche/core'
import type { HeldBallot, Ledger } from '@veche/store'

export interface StatementEvidence {
  readonly document: StatementDocument
  /** Each space's accepted events, in store order. */
  readonly logs: Readonly<Record<string, readonly SignedEvent[]>>
  /** Spaces among `logs` whose rules make them private (their logs must not be published). */
  readonly privateSpaces: readonly SpaceId[]
}

/** A stored event or held ballot, parsed; a store that holds one that does not parse is broken. */
function parseStored(stored: { readonly id: EventId; readonly json: string }): SignedEvent {
  const parsed = parseEvent(JSON.parse(stored.json))
  if (!parsed.ok) throw new Error(`stored event ${stored.id} does not parse; run veche verify`)
  return parsed.value.event
}

/**
 * Each space's accepted events in store order, with the held ballots its seals name, for `space`
 * and every space it references.
 */
async function gatherLogs(ledger: Ledger, space: SpaceId): Promise<Map<SpaceId, SignedEvent[]>> {
  const logs = new Map<SpaceId, SignedEvent[]>()
  const queue: SpaceId[] = [space]
  while (queue.length > 0) {
    const next = queue.shift()!
    if (logs.has(next)) continue
    const events: SignedEvent[] = []
    logs.set(next, events)
    const held = new Map<string, HeldBallot[]>()
    for (const ballot of await ledger.store.ballots(next)) {
      const list = held.get(ballot.poll)
      if (list === undefined) held.set(ballot.poll, [ballot])
      else list.push(ballot)
    }
    for await (const stored of ledger.store.read(next)) {
      const event = parseStored(stored)
      if (event.type === 'secret.poll-sealed') {
        const ballots = held.get(event.body.poll)
        held.delete(event.body.poll)
        for (const ballot of ballots ?? []) events.push(parseStored(ballot))
      }
      events.push(event)
      for (const ref of referencesOf(event)) {
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
