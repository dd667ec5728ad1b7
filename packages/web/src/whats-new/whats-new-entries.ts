// What changed in a space since a member last looked: the entries of their "what's new" inbox,
// read from the replica's folded log after the member's mark. The mark is how many folded events
// the member had seen (`SpaceReplica.log` only grows, in the hub's order, the same on every load),
// so the work is over the events after the mark only, never a re-fold: an assembly of 100,000
// events with three new ones costs three look-ups. The member's own events are not news to them.
import type { EventId, PublicKey, SignedEvent, SpaceState } from '@veche/core'

export type WhatsNewKind =
  'poll' | 'result' | 'proposal' | 'statement' | 'council' | 'recall' | 'member'

/** One thing that changed: what it is, its title or name as folded, and its screen's hash route. */
export interface WhatsNewEntry {
  readonly kind: WhatsNewKind
  /** The event that made it new (unique per entry). */
  readonly id: EventId
  readonly title: string
  readonly href: string
}

/** How far a member has seen a space: the number of its folded events they had seen. */
export interface SeenMark {
  readonly folded: number
}

/**
 * The entries of `log` after `mark` (and before `end`), oldest first, leaving out `me`'s own events (and `me`'s own
 * admission). A mark past the
 * log's end (a replica that was wiped and is still catching up) means nothing is new yet.
 */
export function whatsNewSince(
  state: SpaceState,
  log: readonly { readonly id: EventId; readonly event: SignedEvent }[],
  mark: SeenMark,
  me: PublicKey,
  /** Where to stop reading (the log's end unless given). */
  end: number = log.length,
): WhatsNewEntry[] {
  const entries: WhatsNewEntry[] = []
  const counted = new Set<EventId>()
  const space = `#/a/${state.space}`
  for (let i = Math.max(0, mark.folded); i < Math.min(end, log.length); i++) {
    const { id, event } = log[i]!
    if (event.author === me) continue
    const entry = entryOf(state, space, id, event, counted, me)
    if (entry !== null) entries.push(entry)
  }
  return entries
}

/** A poll's place: `#/a/<space>/<section>/<poll>`, the poll card in its section. */
function pollHref(state: SpaceState, space: string, poll: EventId): string {
  const closed = state.polls.get(poll)?.status === 'closed'
  return `${space}/${closed ? 'decisions' : 'now'}/${poll}`
}

function entryOf(
  state: SpaceState,
  space: string,
  id: EventId,
  event: SignedEvent,
  counted: Set<EventId>,
  me: PublicKey,
): WhatsNewEntry | null {
  switch (event.type) {
    case 'poll.opened':
    case 'poll.opened.2':
    case 'poll.opened.3':
    case 'secret.poll-opened':
      // Where the poll is now: still open ("now"), or closed and counted ("decisions").
      return { kind: 'poll', id, title: event.body.question, href: pollHref(state, space, id) }
    case 'poll.closed':
    case 'poll.closed.2':
    case 'poll.closed.3': {
      const poll = state.polls.get(event.body.poll)
      return {
        kind: 'result',
        id,
        title: poll?.question ?? '',
        href: `${space}/decisions/${event.body.poll}`,
      }
    }
    case 'secret.teller-revealed': {
      // A secret poll is counted by the reveal that completes the tellers' threshold; the rules
      // refuse reveals after it, so the poll being counted now means one of these reveals did it.
      const poll = state.polls.get(event.body.poll)
      if (poll?.secret?.phase !== 'counted' || counted.has(poll.id)) return null
      counted.add(poll.id)
      return { kind: 'result', id, title: poll.question, href: `${space}/decisions/${poll.id}` }
    }
    case 'proposal.submitted':
      return { kind: 'proposal', id, title: event.body.title, href: `${space}/p/${id}` }
    case 'statement.drafted':
      return { kind: 'statement', id, title: event.body.title, href: `${space}/s/${id}` }
    case 'council.reported': {
      const decision = state.federation.reported.get(event.body.reference)
      // The council's name is not in this space's state; the entry says which kind of decision.
      if (decision === undefined) return null
      return { kind: 'council', id, title: '', href: `${space}/councils` }
    }
    case 'recall.started': {
      const name = state.members.get(event.body.delegate)?.name ?? event.body.delegate.slice(0, 8)
      // A recall is a vote: its poll is the recall's own event.
      return { kind: 'recall', id, title: name, href: pollHref(state, space, id) }
    }
    case 'member.joined':
      return {
        kind: 'member',
        id,
        title: event.body.name,
        href: `${space}/members/${event.author}`,
      }
    case 'member.admitted':
      // Being admitted oneself is not news to oneself.
      if (event.body.member === me) return null
      return {
        kind: 'member',
        id,
        title: event.body.name,
        href: `${space}/members/${event.body.member}`,
      }
    default:
      return null
  }
}
