// Signed actions the hub has not confirmed: waiting (offline or sending), not taken yet with the
// reason in the member's language (sent again until they are; the member may give one up), or
// refused, with the reason in the member's language too and the code. An action that waits only for an earlier one of the member's own shown
// above says so, with no button of its own: giving up the earlier one frees it. Giving up asks
// once more before it drops anything: it cannot be undone, and if the action did reach another
// hub, what is signed in its place is a fork. An action the hub refused that this device could
// not confirm refused (outbox.ts: the hub may be lying, to make the member look forked) says so:
// it keeps its place and is sent again, like one not taken yet. Once an action is given up, the
// keyboard's focus goes to the heading of what follows this list on the screen (a section's, on an
// assembly; this list's own if nothing follows), not back to the page itself: what followed the
// action is sent at once, and the list may be gone a moment later.
import type { SpaceId } from '@veche/core'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from '../app-context.js'
import type { OutboxEntry } from '../lib/outbox.js'
import { ConfirmButton } from './confirm-button.js'
import { refusalText, useRefusalTexts } from './refusal-text.js'

/** Whether `entry` waits only for an earlier pending action of the same chain in `entries`. */
function waitsBehind(entry: OutboxEntry, entries: readonly OutboxEntry[]): boolean {
  const { space, author, seq } = entry.event
  return (
    entry.code === 'chain.seq-gap' &&
    entries.some(
      (e) =>
        e.status === 'pending' &&
        e.event.space === space &&
        e.event.author === author &&
        e.event.seq < seq,
    )
  )
}

/** The first heading of the screen after `element`, outside it. */
function headingAfter(element: HTMLElement): HTMLElement | null {
  const root = element.closest('main') ?? document.body
  for (const heading of root.querySelectorAll<HTMLElement>('h1, h2, h3')) {
    if (element.contains(heading)) continue
    if (element.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING) return heading
  }
  return null
}

function focusHeading(heading: HTMLElement): void {
  heading.setAttribute('tabindex', '-1')
  heading.focus()
}

export function PendingList({ space }: { readonly space: SpaceId }) {
  const { t, i18n } = useTranslation()
  const { outbox } = useApp()
  const entries = useOutbox().filter((e) => e.event.space === space)
  useRefusalTexts(entries.some((e) => e.code !== undefined))
  const why = (entry: OutboxEntry): string => refusalText(t, i18n, entry.code)
  const section = useRef<HTMLElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  /** The action given up, and the heading after this list, where the focus goes once it is gone. */
  const givenUp = useRef<{ readonly id: string; readonly after: HTMLElement | null } | null>(null)
  useEffect(() => {
    const given = givenUp.current
    if (given === null || entries.some((e) => e.id === given.id)) return
    givenUp.current = null
    const target = given.after ?? heading.current
    if (target !== null) focusHeading(target)
  })
  const giveUp = (entry: OutboxEntry) => {
    const after = section.current === null ? null : headingAfter(section.current)
    givenUp.current = { id: entry.id, after }
    void outbox.dismiss(entry.id)
  }
  if (entries.length === 0) return null
  const pending = entries.filter((e) => e.status === 'pending').length
  const line = (entry: OutboxEntry) => {
    const what = t(`eventType.${entry.event.type}`)
    if (entry.status === 'pending' && entry.code === undefined)
      return `${what}: ${t('pending.pending')}`
    if (entry.status === 'pending' && waitsBehind(entry, entries))
      return `${what}: ${t('pending.behind')}`
    return entry.status === 'pending' ? (
      <>
        <p id={`not-yet-${entry.id}`}>
          {what}:{' '}
          {entry.unconfirmed === true
            ? t('pending.unconfirmed', { reason: why(entry) })
            : t('pending.notYet', { reason: why(entry) })}{' '}
          <code>{entry.code}</code>
        </p>
        <p>{t(entry.unconfirmed === true ? 'pending.placeKept' : 'pending.retrying')}</p>
        <p>{t(entry.unconfirmed === true ? 'pending.giveUpTrust' : 'pending.giveUpWhen')}</p>
        {/* Several may wait: each button is described by its own action's line. */}
        <ConfirmButton
          label={t('pending.giveUp')}
          question={t('pending.giveUpSure')}
          consequence={t('pending.giveUpUndone')}
          yes={t('pending.giveUpYes')}
          no={t('pending.keep')}
          describedBy={`not-yet-${entry.id}`}
          onConfirm={() => giveUp(entry)}
        />
      </>
    ) : (
      <>
        {what}: {t('pending.rejected', { reason: why(entry) })} <code>{entry.code}</code>{' '}
        <button type="button" onClick={() => void outbox.dismiss(entry.id)}>
          {t('pending.dismiss')}
        </button>
      </>
    )
  }
  return (
    <section ref={section} className="pending" aria-live="polite">
      <h2 ref={heading}>{t('pending.title')}</h2>
      {pending > 0 && <p>{t('pending.waiting', { count: pending })}</p>}
      <ul>
        {entries.map((entry) => (
          <li
            key={entry.id}
            className={
              entry.status === 'pending' && entry.code !== undefined ? 'not-yet' : entry.status
            }
          >
            {line(entry)}
          </li>
        ))}
      </ul>
    </section>
  )
}
