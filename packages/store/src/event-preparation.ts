// Preparing submitted events before they are checked in order: each input is parsed (its id
// computed from its canonical form), and the signatures of the events not stored yet (of all of
// them, for a small submission on a database server: LOOK_UP_FIRST_PAST) are sent to be checked,
// a part at a time, so the rules can start on the first part while the workers check
// the rest. None of this needs a space's state, so the ledger prepares a submission while the one
// before it is still being applied and written.
import { parseEvent, verifyEventsSignatures, WELL_FORMED_CHECKS } from '@veche/core'
import type {
  EventId,
  ParsedEvent,
  Rejection,
  SignatureVerdict,
  SignatureVerifier,
} from '@veche/core'
import type { EventStore } from './event-store.js'
import { nodeEventIdOfJson } from './node-event-id.js'

/**
 * Events per part of a submission whose signatures are sent to be checked at once: the rules
 * start on the first part while the later ones are still being checked.
 */
export const PREPARE_PART = 2048

/**
 * Inputs a submission holds at most to go to its signature checks with no look-up first, on a
 * store that reads the check's look-up together with its catch-up (EventStore.hasAndEventsAfter,
 * a database server): a hub's group of one-event requests. That first look-up only spares events
 * stored already (a client sending again) their checks, the check's own look-up answers them as
 * duplicates anyway, and on a database server it is a round trip of its own for every group. A
 * larger submission (a sync push, an import, often much of it stored) is looked up first.
 */
export const LOOK_UP_FIRST_PAST = 256

/**
 * Whether any of `parsed` may be a held secret ballot (`EventStore.has`): only an event of that
 * type can be one, since its id hashes its type.
 */
export function mayBeHeldBallot(parsed: readonly (ParsedEvent | Rejection)[]): boolean {
  return parsed.some((p) => 'id' in p && p.event.type === 'secret.ballot')
}

/** Submitted events, parsed, with the signature verdicts of those that were not stored yet. */
export interface Prepared {
  readonly parsed: readonly (ParsedEvent | Rejection)[]
  readonly ids: readonly EventId[]
  /** Filled as the checks come in: see `checked`. */
  readonly verdicts: ReadonlyMap<EventId, SignatureVerdict>
  /**
   * `checked[k]` resolves once the verdicts of parsed[k * PREPARE_PART ..] (the next PREPARE_PART
   * inputs) are in `verdicts`; it rejects if their check failed.
   */
  readonly checked: readonly Promise<void>[]
}

/**
 * Parses every input and sends the signatures of those not stored yet to be checked, part by part;
 * returns as soon as the last part is sent, so parsing, checking and applying overlap.
 */
export async function prepareEvents(
  store: Pick<EventStore, 'has' | 'hasAndEventsAfter'>,
  verifier: SignatureVerifier,
  inputs: readonly unknown[],
): Promise<Prepared> {
  const lookUpFirst = store.hasAndEventsAfter === undefined || inputs.length > LOOK_UP_FIRST_PAST
  const parsed: (ParsedEvent | Rejection)[] = []
  const ids: EventId[] = []
  const verdicts = new Map<EventId, SignatureVerdict>()
  const checked: Promise<void>[] = []
  try {
    for (let from = 0; from < inputs.length; from += PREPARE_PART) {
      const part = inputs.slice(from, from + PREPARE_PART).map((input) => {
        // Texts that break only the text rules are judged by their space (`textRulesRefusal`).
        const result = parseEvent(input, {
          oldTexts: 'report',
          idOfJson: nodeEventIdOfJson,
          wellFormed: WELL_FORMED_CHECKS,
        })
        return result.ok ? result.value : result
      })
      const partIds = part.flatMap((p) => ('id' in p ? [p.id] : []))
      parsed.push(...part)
      ids.push(...partIds)
      // Only spares stored events their checks (checkSubmission asks again, in turn), so it need
      // not wait for the sync of the submission being written (HasOptions.unsynced).
      const stored = lookUpFirst
        ? await store.has(partIds, { heldBallots: mayBeHeldBallot(part), unsynced: true })
        : new Set<EventId>()
      const fresh = part.filter((p): p is ParsedEvent => 'id' in p && !stored.has(p.id))
      const check = verifyEventsSignatures(fresh, verifier).then((results) =>
        fresh.forEach((p, i) => verdicts.set(p.id, results[i]!)),
      )
      check.catch(() => undefined) // awaited in turn by checkSubmission; this only silences the early warning
      checked.push(check)
    }
  } catch (error) {
    await Promise.allSettled(checked)
    throw error
  }
  return { parsed, ids, verdicts, checked }
}
