// The home screen's inbox: for each known assembly with something unseen, its name, how many, the
// entries (each a link to the thing itself) and "mark all as seen". Filled by the watcher
// (whats-new-watch.tsx); loaded with it, never on the first page.
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import type { KnownSpace } from '../app-context.js'
import { addWhatsNewStrings } from './whats-new-strings.js'
import { unseenOf, useUnseen, useUnseenRevision } from './unseen-store.js'
import { WhatsNewList } from './whats-new-list.js'
import { markSeen } from './whats-new-watch.js'

export default function WhatsNewInbox() {
  const { t, i18n } = useTranslation()
  addWhatsNewStrings(i18n)
  const { spaces } = useApp()
  useUnseenRevision()
  if (spaces.every((s) => unseenOf(s.id).length === 0)) return null
  return (
    <section className="whats-new" aria-labelledby="whats-new-title">
      <h2 id="whats-new-title">{t('whatsNew.title')}</h2>
      {spaces.map((s) => (
        <SpaceInbox key={s.id} space={s} />
      ))}
    </section>
  )
}

function SpaceInbox({ space }: { readonly space: KnownSpace }) {
  const { t } = useTranslation()
  const services = useApp()
  const entries = useUnseen(space.id)
  if (entries.length === 0) return null
  return (
    <article className="whats-new-space" data-space={space.id}>
      {/* Named, not linked: the list above links each assembly, and one link per place is enough. */}
      <h3>
        <bdi>{space.name}</bdi>{' '}
        <span className="new-count">{t('whatsNew.count', { count: entries.length })}</span>
      </h3>
      <WhatsNewList space={space.id} entries={entries} />
      <button type="button" className="small" onClick={() => void markSeen(services, space.id)}>
        {t('whatsNew.markSeen')}
      </button>
    </article>
  )
}
