// A hub's own bound on the secret ballots one one-time key casts in a poll (not a rule of the fold,
// as `refuseStaleSeal` is not). Secret ballots are a set numbered by seq, not a chain, and every
// ballot is kept (a concurrent seal may name it), so a member with one credential could cast
// ballots without end: recasts at ever higher seqs, or any number of different ballots at one seq.
// Every hub held them all, in the held ballots' file that is rebuilt after each write (3 s a write
// at 150,000 ballots), and every replica folded them. An honest voter casts a first ballot and a
// few recasts, each at the next seq. So a ballot submitted to a hub directly (`POST /api/ballots`)
// is refused past MAX_SECRET_BALLOTS_PER_KEY, or at a seq its key already used: at most that many
// ballots a key. Replication never uses it: a ballot another hub took is taken, so hubs never
// differ over it.
import type { SignedEventOf } from './event-envelope.js'
import type { EventId } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import type { SpaceState } from './space-state.js'

/** The most ballots one one-time key casts in one poll through a hub: a first ballot and its recasts. */
export const MAX_SECRET_BALLOTS_PER_KEY = 100

/**
 * Refuses a secret ballot submitted directly (`secret.recast-limit`) whose seq is past the bound,
 * or at a seq where this hub holds another ballot of its one-time key in the poll.
 */
export function refuseBallotFlood(
  state: SpaceState,
  event: SignedEventOf<'secret.ballot'>,
  id: EventId,
): Rejection | null {
  const poll = state.polls.get(event.body.poll)
  if (poll?.secret == null) return null
  if (event.seq > MAX_SECRET_BALLOTS_PER_KEY) {
    return reject(
      'secret.recast-limit',
      `a one-time key numbers its ballots in a poll (its first and its recasts) up to ${MAX_SECRET_BALLOTS_PER_KEY}; this one is at seq ${event.seq}`,
      id,
    )
  }
  // While the poll is open every key with a ballot has its latest at hand: a ballot above it (the
  // usual recast) or a key's first needs no search. Below it (a recast that overtook an earlier
  // one on its way here, which changes nothing) or after the seal, look for one at this seq.
  const latest = poll.latest.get(event.author)
  const latestSeq = latest === undefined ? 0 : (poll.ballots.get(latest)?.seq ?? 0)
  if (poll.secret.phase === 'open' && event.seq > latestSeq) return null
  let used = event.seq === latestSeq
  if (!used)
    for (const ballot of poll.ballots.values())
      if (ballot.voter === event.author && ballot.seq === event.seq) used = true
  if (used) {
    return reject(
      'secret.recast-limit',
      `this one-time key already cast a ballot at seq ${event.seq} in this poll: each of its ballots takes a seq of its own`,
      id,
    )
  }
  return null
}
