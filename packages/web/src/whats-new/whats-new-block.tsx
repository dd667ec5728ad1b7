// "New since your last visit" at the top of an assembly: the entries after the mark this device
// held when the assembly was opened, from the screen's own replica. Opening the assembly moves the
// mark to everything folded, and keeps it there while the screen is open (the member sees what
// arrives); the block keeps showing what was new at opening until "mark all as seen".
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
}) {
  const { replica, version } = props
  const { t, i18n } = useTranslation()
  addWhatsNewStrings(i18n)
  const { store, actions } = useApp()
  const space = replica.space
  const [since, setSince] = useState<SeenMark | null>(null)
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
  const entries = useMemo(
    () => (since === null ? NONE : whatsNewSince(replica.state, replica.log, since, actions.me)),
    [since, version],
  )
  if (entries.length === 0) return null
  return (
    <section className="whats-new" aria-labelledby="whats-new-since">
      <h2 id="whats-new-since">{t('whatsNew.sinceVisit')}</h2>
      <WhatsNewList space={space} entries={entries} here={`#/a/${space}`} />
      <button
        type="button"
        className="small"
        onClick={() => setSince({ folded: replica.log.length })}
      >
        {t('whatsNew.markSeen')}
      </button>
    </section>
  )
}
