// Park mode (`park: true`, for sync and bundles): an event refused only because something it
// depends on has not arrived (a gap in its author's chain, an unknown space, poll or proposal, a
// member not yet admitted…) is kept in the store's pending table, at most MAX_PENDING events, and
// tried again whenever events of its space are accepted. An event that references another space's
// event is tried again whenever any space grows, and holds back every later event of its space,
// so each space's log is folded in the order it was written.
import { referencesOf } from '@veche/core'
import type { RejectionCode, SignedEvent, SpaceId } from '@veche/core'
import type { EventStore, PendingEvent } from './event-store.js'

/** At most this many events wait in a store's pending table; beyond it they are rejected. */
export const MAX_PENDING = 100_000

/**
 * The codes of events that may become acceptable when other events arrive: these are parked.
 * Anything else (a bad signature, a malformed body, a fork…) is refused at once.
 */
export const PARKABLE_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'chain.seq-gap',
  'space.unknown',
  'member.not-member',
  'member.unknown',
  'member.not-facilitator',
  'invitation.unknown',
  'role.not-held',
  'proposal.not-allowed',
  'proposal.unknown',
  'comment.unknown-parent',
  'poll.unknown',
  'poll.not-allowed',
  'poll.unknown-ballot',
  'poll.close-ahead',
  'secret.setup',
  'secret.not-requested',
  'secret.too-early',
  'ballot.unknown-poll',
  'fork.author-flagged',
  'reference.missing',
  'council.not-joined',
  'council.not-member-space',
  'council.not-delegate',
  'council.too-many-delegates',
  'council.decision-not-adopted',
  'delegate.not-seated',
  'referral.unknown',
  'statement.unknown',
  'statement.not-adopted',
  'statement.decision-not-adopted',
  'meeting.unknown',
  'meeting.not-allowed',
  'meeting.no-hand',
  'meeting.hand-already-raised',
])

/** The code of an event waiting for an event of another space: retried whenever any space grows. */
export const WAITS_ON_OTHER_SPACES: RejectionCode = 'reference.missing'

/**
 * Whether a pending event may be waiting, now or later, for another space's event: it references
 * another space's event (parked for a gap in its author's chain first, it waits for its reference
 * next). A space with such an event is tried again whenever any space grows, and in park mode it
 * takes nothing past it: every later event of the space is parked behind it, acceptable or not,
 * and none is given up, so the space's log is folded in the order it was written. (Taken out of
 * order, a recall noticed before a ballot its delegate cast earlier would refuse that ballot; a
 * council's close counts the mandates noticed before it.)
 */
export function waitsOnOtherSpaces(pending: Pick<PendingEvent, 'json'>): boolean {
  return referencesOf(JSON.parse(pending.json) as SignedEvent).length > 0
}

/** Which spaces have pending events, read from the pending table once and then kept up to date. */
export class PendingIndex {
  /** Spaces known to have pending events (null: not loaded yet). */
  spaces: Set<SpaceId> | null = null
  /** Spaces with pending events that wait for another space's event (null: not loaded yet). */
  referenceWaiting: Set<SpaceId> | null = null

  /** Reads both sets from the pending table, unless they were read before. */
  async load(
    store: Pick<EventStore, 'pending'>,
  ): Promise<{ spaces: Set<SpaceId>; referenceWaiting: Set<SpaceId> }> {
    if (this.spaces === null || this.referenceWaiting === null) {
      const all = await store.pending()
      this.spaces = new Set(all.map((p) => p.space))
      this.referenceWaiting = new Set(all.filter(waitsOnOtherSpaces).map((p) => p.space))
    }
    return { spaces: this.spaces, referenceWaiting: this.referenceWaiting }
  }

  /** Notes events just written to the pending table. */
  parked(events: readonly PendingEvent[]): void {
    for (const event of events) {
      this.spaces?.add(event.space)
      if (waitsOnOtherSpaces(event)) this.referenceWaiting?.add(event.space)
    }
  }
}

/**
 * Tries the pending events of every space in `spaces` again, as long as some are accepted;
 * returns how many were. `resubmit` submits one space's waiting events in park mode and says how
 * many it wrote. Runs in the submission's turn.
 */
export async function releasePending(
  store: Pick<EventStore, 'pending' | 'has'>,
  index: PendingIndex,
  spaces: ReadonlySet<SpaceId>,
  resubmit: (waiting: readonly PendingEvent[]) => Promise<number>,
): Promise<number> {
  if (spaces.size === 0) return 0
  const { spaces: pendingSpaces, referenceWaiting } = await index.load(store)
  let released = 0
  // Events waiting for another space's event are tried whenever any space grows.
  const candidates = new Set([...spaces, ...referenceWaiting])
  const queue = [...candidates].filter((space) => pendingSpaces.has(space))
  const grown = new Set(spaces)
  while (queue.length > 0) {
    const space = queue.shift()!
    const waiting = await store.pending(space)
    if (waiting.length === 0) {
      pendingSpaces.delete(space)
      referenceWaiting.delete(space)
      continue
    }
    if (!waiting.some(waitsOnOtherSpaces)) referenceWaiting.delete(space)
    // A space that did not grow is only worth trying once what its first waiting event
    // references has arrived: everything after that event waits behind it.
    else if (!grown.has(space) && !(await mayGoOn(store, waiting))) continue
    const written = await resubmit(waiting)
    released += written
    if (written > 0) {
      grown.add(space)
      queue.push(space)
      // What this space accepted may be what other spaces' events were waiting for.
      for (const other of referenceWaiting) {
        if (other !== space && !queue.includes(other)) queue.push(other)
      }
    }
  }
  return released
}

/** Whether every event referenced by the first of `waiting` that references another space is stored. */
async function mayGoOn(
  store: Pick<EventStore, 'has'>,
  waiting: readonly PendingEvent[],
): Promise<boolean> {
  const first = waiting.find(waitsOnOtherSpaces)
  if (first === undefined) return true
  const references = referencesOf(JSON.parse(first.json) as SignedEvent)
  const stored = await store.has(references)
  return references.every((id) => stored.has(id))
}
