// Checking events of other spaces before a fold that trusts nothing takes them as context. Apart
// from foreign-context.ts because it parses events (and so loads zod), which a fold over a trusted
// store never does: `veche show` replays without it.
import { parseEvent } from './event-envelope.js'
import type { ParsedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'
import { verifyEventsSignatures } from './signing.js'
import type { SignatureVerifier } from './signing.js'

/**
 * Of raw events said to be the referenced events with the ids they are paired with (by a hub, or
 * by a store trusted no further), those that parse, hash to that id and carry their authors' valid
 * signatures: what a fold that trusts nothing may take as context. The rest count as not found.
 */
export async function checkForeignEvents(
  found: Iterable<readonly [EventId, unknown]>,
  verifier: SignatureVerifier,
): Promise<Map<EventId, ParsedEvent>> {
  const candidates: ParsedEvent[] = []
  for (const [id, raw] of found) {
    // An event of another space, accepted there: its space's text rules judged its texts, so one
    // from a space founded before them may hold what they refuse (docs/events.md, "Texts").
    const parsed = parseEvent(raw, { oldTexts: 'report' })
    if (parsed.ok && parsed.value.id === id) candidates.push(parsed.value)
  }
  const verdicts = await verifyEventsSignatures(candidates, verifier)
  return new Map(candidates.flatMap((c, i) => (verdicts[i] === 'ok' ? [[c.id, c] as const] : [])))
}
