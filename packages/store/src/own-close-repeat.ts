// A hub's refusal of a close or seal that collides with one its own author already made of the
// same poll at the same seq: two devices of one key closing at a deadline (a hub tending as the
// opener, `veche serve --tend`, and the opener's open app), each from the ballots it held. When
// both held the same ballots they signed the same bytes (deadline-close.ts in core) and the second
// is a duplicate; when one held a ballot the other had not received yet, the two differ, and
// storing the second as fork evidence would hold back every later event of the key for good.
// Submitted to the hub directly, the second is refused instead (`poll.closed-by-author`) and
// nothing is written: what its signer wanted is done, and the device drops it (the app's outbox,
// the tender). An ingest policy like `refuseStaleClose`: replication (sync, bundles) still keeps
// such a pair as fork evidence, because there nobody dropped either (docs/events.md, "Deadlines").
import { reject } from '@veche/core/replay'
import type { EventId, Rejection, SignedEvent, SpaceState } from '@veche/core'
import type { EventStore } from './event-store.js'

/**
 * The refusal of `event`, which forks its author's chain, when it is a close or seal of a poll
 * whose accepted closes (or seals) include one by the same author at the same seq; else null.
 * `fresh` holds the events accepted earlier in the same submission (not yet in the store).
 */
export async function refuseOwnRepeatedClose(
  store: EventStore,
  fresh: ReadonlyMap<EventId, SignedEvent>,
  state: SpaceState,
  event: SignedEvent,
  id: EventId,
): Promise<Rejection | null> {
  const close = event.type === 'poll.closed.2' || event.type === 'poll.closed.3'
  if (!close && event.type !== 'secret.poll-sealed') return null
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined) return null
  const closes = close
    ? [...(poll.close == null ? [] : [poll.close]), ...(poll.superseded ?? [])]
    : (poll.secret?.seals ?? [])
  for (const close of closes) {
    if (close.by !== event.author) continue
    if ((await seqOf(store, fresh, close.id)) !== event.seq) continue
    return reject(
      'poll.closed-by-author',
      `this key already ${close ? 'closed' : 'sealed'} this poll with event ${close.id} at seq ${event.seq} (signed on another of its devices, such as a hub tending as it): nothing was written`,
      id,
    )
  }
  return null
}

async function seqOf(
  store: EventStore,
  fresh: ReadonlyMap<EventId, SignedEvent>,
  id: EventId,
): Promise<number | null> {
  const accepted = fresh.get(id)
  if (accepted !== undefined) return accepted.seq
  const stored = await store.get(id)
  if (stored === null) return null
  return (JSON.parse(stored.json) as { seq: number }).seq
}
