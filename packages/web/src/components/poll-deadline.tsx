// A poll's deadline (docs/events.md, "Deadlines"): the countdown on its card, and the close that a
// facilitator's open app signs once the deadline has passed. The app, `veche serve --tend` and
// other facilitators' apps may all try: the first close to reach the hub wins, and the others are
// refused with `poll.closed`. Another hub may still take such a close (two closes both stand), so
// the outbox keeps it and its seq, shown as refused but unconfirmed, until given up (outbox.ts).
import { isFacilitator } from '@veche/core'
import type { EventId, PublicKey, SpaceState } from '@veche/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'

/** The time now, again every second while `ticking`. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}

/** Time left, in the interface language's own units: "4 min 20 sec", "2 h 5 min", "4분 20초". */
export function formatRemaining(language: string, ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'day'],
    [Math.floor((seconds % 86_400) / 3600), 'hour'],
    [Math.floor((seconds % 3600) / 60), 'minute'],
    [seconds % 60, 'second'],
  ]
  const first = parts.findIndex(([n]) => n > 0)
  // The two largest units are enough: "3 days 4 h", never the seconds of a week-long vote.
  const shown = first === -1 ? [parts[3]!] : parts.slice(first, first + 2).filter(([n]) => n > 0)
  return shown
    .map(([n, unit]) =>
      new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(n),
    )
    .join(' ')
}

/**
 * The countdown of an open poll with a deadline, then that voting has ended and who the poll now
 * waits for (`ended`: a facilitator's close, or for a secret poll its opener's seal).
 */
export function PollDeadline({
  closesAt,
  now,
  ended = 'poll.deadlinePassed',
}: {
  readonly closesAt: number
  readonly now: number
  readonly ended?: 'poll.deadlinePassed' | 'poll.deadlinePassedSecret'
}) {
  const { t, i18n } = useTranslation()
  return (
    <p className="meta deadline" role="timer">
      {now <= closesAt
        ? t('poll.closesIn', { time: formatRemaining(i18n.language, closesAt - now) })
        : t(ended)}
    </p>
  )
}

/**
 * While a facilitator's (or a poll's opener's) app shows a space, closes each of its open polls
 * once the deadline has passed; each poll is tried once per page. A secret poll is sealed at its
 * deadline by its opener's app (secret-duties.tsx).
 */
export function useDeadlineClosing(state: SpaceState | null, version: number): void {
  const { actions } = useApp()
  const latest = useRef(state)
  latest.current = state
  const tried = useRef(new Set<EventId>())
  const me = actions.me
  const due = state === null ? [] : closableAt(state, me)
  // One timer, for the earliest deadline of the polls not tried yet; set again on every change.
  const next = due.filter((p) => !tried.current.has(p.id)).map((p) => p.closesAt)
  const earliest = next.length === 0 ? null : Math.min(...next)
  useEffect(() => {
    if (earliest === null) return
    // One ms past the deadline: a ballot claimed at the deadline itself still counts.
    const timer = setTimeout(
      () => {
        const current = latest.current
        if (current === null) return
        for (const poll of closableAt(current, me)) {
          if (poll.closesAt >= Date.now() || tried.current.has(poll.id)) continue
          tried.current.add(poll.id)
          void actions.closePoll(current, poll.id)
        }
      },
      Math.min(Math.max(earliest + 1 - Date.now(), 0), 2 ** 31 - 1),
    )
    return () => clearTimeout(timer)
  }, [earliest, version, actions, me])
}

/** The open polls of `state` with a deadline that `me` may close. */
function closableAt(state: SpaceState, me: PublicKey): { id: EventId; closesAt: number }[] {
  const polls: { id: EventId; closesAt: number }[] = []
  for (const p of state.polls.values())
    if (
      p.status === 'open' &&
      p.secret == null &&
      p.closesAt !== undefined &&
      (p.opener === me || isFacilitator(state, me))
    )
      polls.push({ id: p.id, closesAt: p.closesAt })
  return polls
}
