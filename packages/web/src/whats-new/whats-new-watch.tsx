// The watcher behind "what's new", loaded lazily once the app knows an assembly: while the app is
// open it keeps a replica of each known space except the one on screen (that one's screen folds
// it), catches each up from the hub, follows the hub's stream of a few of them live, and publishes
// each space's entries since its mark (unseen-store.tsx). Something new from a stream is also
// announced in a polite live region (a notice, never a modal). No push service: it works with a
// hub on a LAN during an internet shutdown, and nothing is learned while the app is closed.
//
// Each replica is loaded (folded from the local copy) once per session and kept: coming back to
// the home screen costs a catch-up of the events since, never a re-fold; entries are computed from
// the events after the mark only (whats-new-entries.ts).
import type { SpaceId } from '@veche/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import type { AppServices } from '../app-context.js'
import { SpaceReplica } from '../lib/space-replica.js'
import { addWhatsNewStrings } from './whats-new-strings.js'
import { readMark, writeMark } from './seen-marks.js'
import { setUnseen } from './unseen-store.js'
import { whatsNewSince } from './whats-new-entries.js'
import type { WhatsNewEntry } from './whats-new-entries.js'

/**
 * Spaces followed live at once. Each stream holds one of the six HTTP/1.1 connections a browser
 * opens to one hub; the screen on show needs its own and its fetches. The others are caught up
 * every `CATCH_UP_MS` instead.
 */
export const MAX_FOLLOWED = 3
/** How often a space not followed live is caught up from the hub's pages. */
export const CATCH_UP_MS = 60_000

interface Watched {
  readonly replica: SpaceReplica
  /** Receives, one at a time. */
  queue: Promise<unknown>
  /** How many entries were unseen when last published. */
  unseen: number
  /**
   * The entries last published, from which mark and up to which log length: a new event with the
   * same mark costs the events after it, however long the unseen list already is.
   */
  published: { readonly mark: number; readonly upTo: number; readonly entries: WhatsNewEntry[] }
}

const watched = new Map<SpaceId, Promise<Watched>>()

function load(services: AppServices, space: SpaceId): Promise<Watched> {
  let entry = watched.get(space)
  if (entry === undefined) {
    entry = SpaceReplica.load(services.store, space).then((replica) => ({
      replica,
      queue: Promise.resolve(),
      unseen: 0,
      published: { mark: -1, upTo: 0, entries: [] },
    }))
    watched.set(space, entry)
  }
  return entry
}

/** Publishes `space`'s entries since its mark; a space seen for the first time is all seen. */
async function publish(services: AppServices, w: Watched): Promise<readonly WhatsNewEntry[]> {
  const { replica } = w
  let mark = await readMark(services.store, replica.space)
  if (mark === undefined) {
    mark = { folded: replica.log.length }
    await writeMark(services.store, replica.space, mark)
  }
  const me = services.actions.me
  const { published } = w
  const length = replica.log.length
  const entries =
    published.mark === mark.folded && published.upTo <= length
      ? published.entries.concat(
          whatsNewSince(replica.state, replica.log, { folded: published.upTo }, me),
        )
      : whatsNewSince(replica.state, replica.log, mark, me)
  w.published = { mark: mark.folded, upTo: length, entries }
  w.unseen = entries.length
  setUnseen(replica.space, entries)
  return entries
}

/**
 * Folds `items` into the watched replica, after any receive before it. The watcher never saves
 * its replica: the assembly's screen saves its own, which may be ahead of this one (it was
 * folding while this one stood still), and a save from here could put an older copy over it.
 */
function receive(w: Watched, items: Parameters<SpaceReplica['receive']>[0]): Promise<number> {
  const folded = w.queue.then(() => w.replica.receive(items))
  w.queue = folded.catch(() => 0)
  return folded
}

/** Marks everything `space` holds now as seen (the home screen's "mark as seen"). */
export async function markSeen(services: AppServices, space: SpaceId): Promise<void> {
  const w = await load(services, space)
  await writeMark(services.store, space, { folded: w.replica.log.length })
  await publish(services, w)
}

interface Notice {
  readonly space: SpaceId
  readonly name: string
  readonly entry: WhatsNewEntry
  readonly more: number
}

/** Watches every known space but `open`; renders the live notice region. */
export default function WhatsNewWatch({ open }: { readonly open: SpaceId | null }) {
  const { t, i18n } = useTranslation()
  addWhatsNewStrings(i18n)
  const services = useApp()
  const { spaces } = services
  const [notice, setNotice] = useState<Notice | null>(null)
  const ids = spaces.map((s) => s.id).join(' ')
  useEffect(() => {
    let stopped = false
    const stops: (() => void)[] = []
    const others = spaces.filter((s) => s.id !== open)
    for (const [index, { id: space }] of others.entries()) {
      void (async () => {
        const w = await load(services, space)
        if (stopped) return
        await publish(services, w)
        const fresh = await services.client.readEvents(space, w.replica.cursor)
        if (stopped) return
        if ((await receive(w, fresh ?? [])) > 0) await publish(services, w)
        if (stopped) return
        if (index < MAX_FOLLOWED) {
          stops.push(
            services.client.follow(space, w.replica.cursor, {
              onEvent: (item) => {
                void (async () => {
                  if ((await receive(w, [item])) === 0 || stopped) return
                  const before = w.unseen
                  const entries = await publish(services, w)
                  const last = entries[entries.length - 1]
                  if (entries.length > before && last !== undefined && !stopped)
                    setNotice({
                      space,
                      name: w.replica.state.assembly?.name ?? space.slice(0, 8),
                      entry: last,
                      more: entries.length - before - 1,
                    })
                })()
              },
              onConnected: () => undefined,
            }),
          )
        } else {
          const timer = setInterval(() => {
            void services.client.readEvents(space, w.replica.cursor).then(async (items) => {
              if (!stopped && (await receive(w, items ?? [])) > 0) await publish(services, w)
            })
          }, CATCH_UP_MS)
          stops.push(() => clearInterval(timer))
        }
      })()
    }
    return () => {
      stopped = true
      for (const stop of stops) stop()
    }
  }, [ids, open])
  // A notice about the assembly now on screen is old news there.
  const shown = notice !== null && notice.space !== open ? notice : null
  return (
    <div className="whats-new-notice" role="status" aria-live="polite">
      {shown !== null && (
        <p>
          <span>{t('whatsNew.noticeIn', { name: shown.name })}</span>{' '}
          <a href={shown.entry.href}>
            {t(`whatsNew.kind.${shown.entry.kind}`, { title: shown.entry.title })}
          </a>
          {shown.more > 0 && <> {t('whatsNew.andMore', { count: shown.more })}</>}{' '}
          <button type="button" className="small" onClick={() => setNotice(null)}>
            {t('whatsNew.dismiss')}
          </button>
        </p>
      )}
    </div>
  )
}
