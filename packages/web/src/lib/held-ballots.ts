// A secret poll's ballots as the hub holds them apart from its log (GET /api/spaces/:id/ballots,
// sorted by id, page by page): encrypted, so never their contents before the count. A sealer folds
// them to name each one-time key's latest ballot; every replica folds them right before the seal,
// as the hub does (docs/secret-ballot.md, "Storage"). The count of held ballots comes on the
// space's stream (hub-client.ts, `onHeldBallots`). Null when the hub cannot be reached.
import type { EventId, SpaceId } from '@veche/core'

interface BallotsPage {
  readonly ballots: readonly { readonly id: string; readonly event: unknown }[]
  readonly next: string | null
}

/** Looks up a poll's held ballots: the raw events, or null when the hub cannot be reached. */
export type HeldLookup = (space: SpaceId, poll: EventId) => Promise<unknown[] | null>

/** Every ballot the hub holds for `poll` (unchecked: the replica checks them). */
export async function fetchHeldBallots(
  space: SpaceId,
  poll: EventId,
  base = '',
): Promise<unknown[] | null> {
  const all: unknown[] = []
  let after: string | null = ''
  try {
    while (after !== null) {
      const query = `poll=${encodeURIComponent(poll)}${after === '' ? '' : `&after=${encodeURIComponent(after)}`}`
      const response = await fetch(`${base}/api/spaces/${space}/ballots?${query}`, {
        cache: 'no-store',
      })
      if (!response.ok) return null
      const page = (await response.json()) as BallotsPage
      all.push(...page.ballots.map((b) => b.event))
      after = page.next
    }
  } catch {
    return null
  }
  return all
}
