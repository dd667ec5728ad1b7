// What a pull refuses in a page of another hub's answer before any of it reaches the ledger: the
// answer of a hub that lies about its log, which an honest hub (sync-route.ts) never sends.
// - Events of another space than the one asked for: the page is refused whole, as the push route
//   refuses such a batch, and the pull goes on (a hub that replicates some spaces takes no other).
// - A cursor that does not advance, or a page that says more remain while holding no event: an
//   honest hub's `next` is a store position past `after`, given only with a full page. The pull
//   ends there, or a peer could keep it going forever. (A short page with a `next` is let be: it
//   ends nothing, and each event comes once, below.)
// - An author's event at a seq not above the one an earlier event of this pull had: a store holds
//   one event per author and seq, written in chain order, so an honest pull sends each author's
//   events once, in rising seq. A page repeated with an advancing cursor is that; the pull ends.
// Whatever the pull took before the faulty page stays taken. A page of held secret ballots of
// another space is refused as well, and that poll's pages end there.
import type { SpaceId } from '@veche/core'

/**
 * Pages a pull takes refused at most (altered events, events of another space): past them it
 * ends, the rest left for the next pass. An honest hub stores only events that passed the checks,
 * so it sends none; a peer inventing altered events page after page would keep the pull going.
 */
export const MAX_REFUSED_PAGES = 8

/** Why a pulled page is refused, and whether the pull ends with it. */
export interface PageFault {
  readonly reason: string
  readonly ends: boolean
}

/** The page's faults, or null; records its authors' seqs in `seqs` when it has none. */
export function checkPulledPage(
  space: SpaceId,
  page: {
    readonly events: readonly unknown[]
    readonly forks: readonly unknown[]
    readonly held: readonly unknown[]
    readonly next: number | null
  },
  after: number,
  seqs: Map<string, number>,
): PageFault | null {
  const { events, next } = page
  if (next !== null && next <= after)
    return { reason: `its cursor ${next} does not advance past ${after}`, ends: true }
  if (next !== null && events.length === 0)
    return { reason: 'it says more events remain but holds none', ends: true }
  const foreign = foreignEvent(space, [...events, ...page.forks, ...page.held])
  if (foreign !== null) return { reason: foreign, ends: false }
  const seen = new Map<string, number>()
  for (const [i, event] of events.entries()) {
    const author = fieldOf(event, 'author')
    const seq = fieldOf(event, 'seq')
    // A malformed event is the ledger's to refuse, with its own code.
    if (typeof author !== 'string' || typeof seq !== 'number') continue
    const before = seen.get(author) ?? seqs.get(author)
    if (before !== undefined && seq <= before)
      return {
        reason: `event ${i + 1} is seq ${seq} of ${author}, which this pull already had up to ${before}: events repeated or out of order`,
        ends: true,
      }
    seen.set(author, seq)
  }
  for (const [author, seq] of seen) seqs.set(author, seq)
  return null
}

/** Why `events` (a page of events or held ballots of `space`) hold another space's, or null. */
export function foreignEvent(space: SpaceId, events: readonly unknown[]): string | null {
  const at = events.findIndex((e) => {
    const its = fieldOf(e, 'space')
    return typeof its === 'string' && its !== space
  })
  return at < 0 ? null : `event ${at + 1} does not belong to space ${space}`
}

function fieldOf(event: unknown, name: string): unknown {
  return typeof event === 'object' && event !== null
    ? (event as Record<string, unknown>)[name]
    : undefined
}
