// "New since your last visit" at the top of an assembly: the entries between the mark this device
// held when the assembly was opened and what the hub had then (the local copy and the pages read
// before the stream opened), from the screen's own replica; what the stream brings afterwards the
// member sees arrive, so it is not listed. Opening the assembly moves the mark to everything
// folded, and keeps it there while the screen is open. One line, opened on a tap: the assembly's
// own sections stay first, and the list until "mark all as seen".
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { addWhatsNewStrings } from './whats-new-strings.js'
import { readMark, writeMark } from './seen-marks.js'
import { setUnseen } from './unseen-store.js'
import { whatsNewSince } from './whats-new-entries.js'
import type { SeenMark } from './whats-new-entries.js'
import { WhatsNewList } from './whats-new-list.js'

const NONE: readonly never[] = []

export default function WhatsNewBlock(props: {
  readonly replica: SpaceReplica
  readonly version: number
  /** Whether the hub's stream is open: the pages before it have been read. */
  readonly connected: boolean
}) {
  const { replica, version, connected } = props
  const { t, i18n } = useTranslation()
  addWhatsNewStrings(i18n)
  const { store, actions } = useApp()
  const space = replica.space
  const [since, setSince] = useState<SeenMark | null>(null)
  // How far the list goes: everything folded until the stream first opens, then fixed.
  const [until, setUntil] = useState<number | null>(null)
  if (connected && since !== null && until === null) setUntil(replica.log.length)
  useEffect(() => {
    let cancelled = false
    void readMark(store, space).then((mark) => {
      if (!cancelled) setSince(mark ?? { folded: replica.log.length })
    })
    return () => {
      cancelled = true
    }
  }, [replica])
  useEffect(() => {
    if (since === null) return
    void writeMark(store, space, { folded: replica.log.length })
    setUnseen(space, NONE)
  }, [since, version])
  // The log only grows in place; `version` says when.
  const entries = useMemo(() => {
    if (since === null) return NONE
    const end = until ?? replica.log.length
    return whatsNewSince(replica.state, replica.log, since, actions.me, end)
    // Once `until` is fixed the list no longer changes with new events: not computed again.
  }, [since, until, until === null ? version : -1])
  if (entries.length === 0) return null
  return (
    <details className="whats-new whats-new-since">
      <summary>
        {t('whatsNew.sinceVisit')}{' '}
        <span className="new-count">{t('whatsNew.count', { count: entries.length })}</span>
      </summary>
      <WhatsNewList space={space} entries={entries} />
      <button
        type="button"
        className="small"
        onClick={() => setSince({ folded: replica.log.length })}
      >
        {t('whatsNew.markSeen')}
      </button>
    </details>
  )
}
