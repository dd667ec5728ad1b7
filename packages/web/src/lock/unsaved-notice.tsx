// The notice of writes the passphrase lock refused (lib/unsaved-writes.ts): what a tab was stopped
// from saving in the moment before it heard that the app locked, or that its lock changed, told to
// the member once the lock is open (or, the lock removed, at once), with what it was: the actions
// signed since that tab last saved its outbox, with their text, and what else it held. Nothing of
// it is sent or written back: an action signed in a stale tab may take a place in its chain that
// is used since, and a seized phone's stale tab is no one the member should trust; the member does
// it again. Dismissed, the notes are deleted. Loaded only when some are kept.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { useApp, useOutbox } from '../app-context.js'
import type { KnownSpace } from '../app-context.js'
import { addLockStrings } from '../i18n/lock-strings.js'
import { hearTabs, tellTabs } from '../lib/lock-channel.js'
import type { OutboxEntry } from '../lib/outbox.js'
import { recordStore } from '../lib/record-store.js'
import { readNotes } from '../lib/store-lock.js'
import type { UnsavedNote } from '../lib/unsaved-notes.js'

/** How many characters of a text a line of the notice shows. */
const SHOWN_CHARS = 120
/** How many drafts of one note the notice lists. */
const SHOWN_DRAFTS = 3

export default function UnsavedNotice() {
  const { t, i18n } = useTranslation()
  addLockStrings(i18n)
  const { store, spaces } = useApp()
  const outbox = useOutbox()
  const [notes, setNotes] = useState<readonly (readonly [string, UnsavedNote])[]>([])
  useEffect(() => {
    const raw = recordStore(store.raw)
    const look = (): void => void readNotes(raw, store).then(setNotes)
    look()
    return hearTabs((m) => {
      if (m.type === 'unsaved') look()
    })
  }, [store])
  const lines = notes.flatMap(([, note]) =>
    describe(note, t, spaces, outbox).map((what) =>
      t('unsaved.when', { time: timeOf(note.at, i18n.language), what }),
    ),
  )
  if (lines.length === 0) return null
  const dismiss = async (): Promise<void> => {
    for (const [name] of notes) await store.raw.delete(name)
    setNotes([])
    tellTabs({ type: 'unsaved' })
  }
  return (
    <section className="warning" role="alert">
      <h2>{t('unsaved.title')}</h2>
      <p>{t('unsaved.explain')}</p>
      <ul>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <button type="button" onClick={() => void dismiss()}>
        {t('unsaved.dismiss')}
      </button>
    </section>
  )
}

function timeOf(at: number, language: string): string {
  return new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
}

const clip = (text: string): string =>
  text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text

/** What the member is told of one note: a line per lost action (none if nothing was lost). */
function describe(
  note: UnsavedNote,
  t: TFunction,
  spaces: readonly KnownSpace[],
  outbox: readonly OutboxEntry[],
): string[] {
  const { record, value } = note
  if (record === 'outbox') return lostActions(note, t, spaces, outbox)
  if (record === 'local-text' && typeof value === 'object' && value !== null)
    return Object.values(value)
      .filter((text): text is string => typeof text === 'string' && text.trim() !== '')
      .slice(0, SHOWN_DRAFTS)
      .map((text) => t('unsaved.draft', { text: clip(text) }))
  if (record === 'secret.outbox') return [t('unsaved.secretBallot')]
  if (record.startsWith('secret.')) return [t('unsaved.secretPoll')]
  if (record === 'identity') return [t('unsaved.identity')]
  if (record === 'spaces') return [t('unsaved.spaces')]
  if (record === 'lock.idle') return [t('unsaved.idle')]
  if (record === 'duress') return [t('unsaved.duress')]
  return [t('unsaved.other', { record })]
}

interface HeldEntry {
  readonly id?: unknown
  readonly event?: {
    readonly type?: unknown
    readonly space?: unknown
    readonly at?: unknown
    readonly body?: Record<string, unknown>
  }
}

/**
 * The actions in a refused outbox: those signed after that tab last saved its outbox, and not in
 * the outbox now (a newer save of this tab or another may hold them).
 */
function lostActions(
  note: UnsavedNote,
  t: TFunction,
  spaces: readonly KnownSpace[],
  outbox: readonly OutboxEntry[],
): string[] {
  if (!Array.isArray(note.value)) return []
  const kept = new Set<unknown>(outbox.map((e) => e.id))
  return (note.value as readonly HeldEntry[])
    .filter((e) => !kept.has(e.id))
    .filter(
      (e) => note.since === null || (typeof e.event?.at === 'number' && e.event.at > note.since),
    )
    .map((e) => {
      const what = t(`eventType.${String(e.event?.type)}`)
      const where = spaces.find((s) => s.id === e.event?.space)?.name ?? String(e.event?.space)
      const body = e.event?.body ?? {}
      const text = [body['title'], body['text'], body['name']].find(
        (v): v is string => typeof v === 'string' && v !== '',
      )
      return text === undefined
        ? t('unsaved.action', { what, where })
        : t('unsaved.actionText', { what, where, text: clip(text) })
    })
}
