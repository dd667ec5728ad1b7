// A hub's own check on an event submitted to it directly (not a rule of the fold, like
// `refuseLateBallot`): an event whose claimed time `at` is further ahead of the hub's clock than a
// tolerance is refused. Rules that read claimed times (a council's latest election of a member
// space, a proportional council's count, deadlines, terms) would otherwise hold an event dated in
// the year 2100 ahead of everything signed before then. The tolerance is generous: a phone whose
// clock is wrong by hours in a blackout still gets its events in. Replication never uses it: what
// another hub took is taken, or hubs would hold different events (docs/federation.md).
import { reject } from '@veche/core'
import type { EventId, Rejection, SignedEvent } from '@veche/core'

/** The default tolerance: a day ahead of the hub's clock. */
export const DEFAULT_FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000

/** How far ahead of its clock, and what that clock says, a hub takes claimed times. */
export interface FutureClaimLimit {
  /** The hub's clock, ms since 1970. */
  readonly now: number
  /** How far ahead of `now` a claimed time may be, in ms. */
  readonly toleranceMs: number
}

/** `event.claimed-future` if `event` claims a time more than the tolerance after `limit.now`. */
export function refuseClaimedFuture(
  event: SignedEvent,
  id: EventId,
  limit: FutureClaimLimit,
): Rejection | null {
  if (event.at <= limit.now + limit.toleranceMs) return null
  return reject(
    'event.claimed-future',
    `the event claims a time ahead of this hub's clock: it claims ${iso(event.at)}, the hub's clock says ${iso(limit.now)}, and this hub takes claimed times at most ${hours(limit.toleranceMs)} ahead; check the device's clock (the hub takes it once its time is near)`,
    id,
  )
}

function iso(ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? `${ms} ms since 1970` : date.toISOString()
}

function hours(ms: number): string {
  const h = ms / 3_600_000
  return `${Number.isInteger(h) ? h : h.toFixed(2)} hours`
}
