// Other spaces' accepted events, fetched by id from the hub (GET /api/events/:id) for the events a
// space references (council notices and reports, admissions). What comes back is only a claim: the
// replica checks each event's id and signature before it uses it (space-replica.ts).
import type { EventId } from '@veche/core'

/**
 * Looks up events by id: the raw events found (an id the hub does not hold yet is simply absent),
 * or null when the hub could not be reached.
 */
export type ForeignLookup = (ids: readonly EventId[]) => Promise<Map<EventId, unknown> | null>

/** A lookup through the hub at `base` ('' for the hub that served the app). */
export function fetchAcceptedEvents(base = ''): ForeignLookup {
  return async (ids) => {
    const found = new Map<EventId, unknown>()
    try {
      for (const id of ids) {
        const response = await fetch(`${base}/api/events/${id}`)
        if (response.status === 404 || response.status === 401 || response.status === 403) continue
        if (!response.ok) return null
        const body = (await response.json()) as { event?: unknown }
        if (body.event !== undefined) found.set(id, body.event)
      }
    } catch {
      return null
    }
    return found
  }
}
