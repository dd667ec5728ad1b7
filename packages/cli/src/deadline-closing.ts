// `veche serve --tend` closes the open polls whose deadline has passed, when the hub's identity is
// a facilitator of their space (docs/events.md, "Deadlines"). The close is the deadline close
// (`proposeCloseAt` in core): claimed at the deadline, counted from this hub's own state. Another
// closer may close the same poll at the same moment. A facilitator with another key: the ledger
// takes whichever close comes first and refuses the other (`poll.closed`), which writes nothing.
// The same key open in a web app: when it held the same ballots it signed the same bytes, and the
// second is a duplicate; when not, the second is refused (`poll.closed-by-author`). Either way the
// race leaves neither a fork nor an error.
import { draftNext, isFacilitator, proposeCloseAt, signEvent } from '@veche/core'
import type { EventId, PollRecord, SpaceId, SpaceState } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { Identity } from './identities.js'
import { watchSpaces } from './space-watch.js'

/** The refusals that mean another close of the poll was first: no problem for a tender. */
export const CLOSED_FIRST: ReadonlySet<string> = new Set(['poll.closed', 'poll.closed-by-author'])

/** setTimeout's longest delay (about 24.8 days); a later deadline is looked at again then. */
const LONGEST_WAIT_MS = 2 ** 31 - 1

export interface DeadlineReports {
  readonly onClosed: (space: SpaceId, poll: EventId, ballots: number) => void
  /** A problem with one poll, or (poll null) with reading a space. */
  readonly onProblem: (space: SpaceId, poll: EventId | null, message: string) => void
}

/** The open, non-secret polls of `state` with a deadline that `me` may close. */
export function pollsWithDeadline(state: SpaceState, me: Identity): PollRecord[] {
  return [...state.polls.values()].filter(
    (p) =>
      p.status === 'open' &&
      p.secret == null &&
      p.closesAt !== undefined &&
      (p.opener === me.publicKey || isFacilitator(state, me.publicKey)),
  )
}

/**
 * Closes, as `me`, every poll of `space` whose deadline passed by `now`; returns the earliest
 * deadline still ahead (or null). A close refused because another closer was first is no problem.
 */
export async function closePassedDeadlines(
  ledger: Ledger,
  me: Identity,
  space: SpaceId,
  now: number,
  reports: DeadlineReports,
): Promise<number | null> {
  let next: number | null = null
  const state = await ledger.state(space)
  if (state === null) return null
  for (const poll of pollsWithDeadline(state, me)) {
    if (poll.closesAt! >= now) {
      next = next === null ? poll.closesAt! : Math.min(next, poll.closesAt!)
      continue
    }
    // Each close reads the state again: the one before moved this identity's chain on.
    const current = (await ledger.state(space))!
    const record = current.polls.get(poll.id)!
    if (record.status === 'closed') continue
    const close = proposeCloseAt(current, record, now)
    if (!close.ok) {
      reports.onProblem(space, poll.id, `cannot count this poll: ${close.message}`)
      continue
    }
    const { at, body } = close.value
    const event = await signEvent(
      draftNext(current, space, me.publicKey, 'poll.closed.3', body, at),
      me.signer,
    )
    // Submitted as its signer would to a hub: refused if a close got here first (`poll.closed`,
    // or `poll.closed-by-author` from another device of this key), a duplicate if that close is
    // this one's exact bytes.
    const outcome = (await ledger.submit([event], { refuseStaleCloses: true })).outcomes[0]
    if (outcome?.status === 'accepted') reports.onClosed(space, poll.id, body.ballots.length)
    else if (outcome?.status === 'rejected' && !CLOSED_FIRST.has(outcome.code))
      reports.onProblem(space, poll.id, `close refused: ${outcome.code}: ${outcome.message}`)
  }
  return next
}

/**
 * Watches the store's polls with a deadline and closes each once it has passed: on start, when a
 * poll opens or changes, and at the earliest deadline ahead. Returns the function that stops it.
 */
export function startDeadlineClosing(
  ledger: Ledger,
  me: Identity,
  reports: DeadlineReports,
  now: () => number = Date.now,
): () => Promise<void> {
  /** The earliest deadline ahead in each space looked at. */
  const ahead = new Map<SpaceId, number>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (stopped || ahead.size === 0) return
    const earliest = Math.min(...ahead.values())
    // One ms past the deadline: a ballot claimed at the deadline itself still counts.
    const wait = Math.min(Math.max(earliest + 1 - now(), 0), LONGEST_WAIT_MS)
    timer = setTimeout(() => {
      timer = null
      for (const [space, at] of ahead) if (at < now()) watch.mark(space)
    }, wait)
    timer.unref()
  }
  const watch = watchSpaces(ledger, 'poll.', async (spaces) => {
    for (const space of spaces) {
      try {
        const next = await closePassedDeadlines(ledger, me, space, now(), reports)
        if (next === null) ahead.delete(space)
        else ahead.set(space, next)
      } catch (error) {
        reports.onProblem(space, null, (error as Error).message)
      }
    }
    schedule()
  })
  return async () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    await watch.stop()
  }
}
