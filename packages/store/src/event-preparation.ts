// Preparing submitted events before they are checked in order: each input is parsed (its id
// computed from its canonical form), and the signatures of the events not stored yet are checked
// in one call. None of this needs a space's state, so the ledger prepares a submission while the
// one before it is still being applied and written.
import { parseEvent, verifyEventsSignatures } from '@veche/core'
import type {
  EventId,
  ParsedEvent,
  Rejection,
  SignatureVerdict,
  SignatureVerifier,
} from '@veche/core'
import type { EventStore } from './event-store.js'

/** Submitted events, parsed, with the signature verdicts of those that were not stored yet. */
export interface Prepared {
  readonly parsed: readonly (ParsedEvent | Rejection)[]
  readonly ids: readonly EventId[]
  readonly verdicts: ReadonlyMap<EventId, SignatureVerdict>
}

/** Parses every input and checks the signatures of those not stored yet, in one call. */
export async function prepareEvents(
  store: Pick<EventStore, 'has'>,
  verifier: SignatureVerifier,
  inputs: readonly unknown[],
): Promise<Prepared> {
  const parsed: (ParsedEvent | Rejection)[] = inputs.map((input) => {
    const result = parseEvent(input)
    return result.ok ? result.value : result
  })
  const ids = parsed.flatMap((p) => ('id' in p ? [p.id] : []))
  const stored = await store.has(ids)
  const fresh = parsed.filter((p): p is ParsedEvent => 'id' in p && !stored.has(p.id))
  const verdicts = new Map<EventId, SignatureVerdict>()
  const checked = await verifyEventsSignatures(fresh, verifier)
  fresh.forEach((p, i) => verdicts.set(p.id, checked[i]!))
  return { parsed, ids, verdicts }
}
