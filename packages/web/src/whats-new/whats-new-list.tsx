// A list of "what's new" entries, each a link to the thing itself in the assembly's section that
// holds it (#/a/<space>/<section>/<poll or member>; a proposal or statement to its own screen); a
// long list shows its newest few and how many more (the assembly's screen has them all).
import type { SpaceId } from '@veche/core'
import { useTranslation } from 'react-i18next'
import type { WhatsNewEntry } from './whats-new-entries.js'

/** Entries shown in one list; the rest are counted. */
export const ENTRIES_SHOWN = 8

export function WhatsNewList(props: {
  readonly space: SpaceId
  readonly entries: readonly WhatsNewEntry[]
}) {
  const { t } = useTranslation()
  const { space, entries } = props
  const shown = entries.slice(-ENTRIES_SHOWN).reverse()
  const more = entries.length - shown.length
  return (
    <ul className="whats-new-entries">
      {shown.map((e) => (
        <li key={e.id}>
          <a href={e.href}>{t(`whatsNew.kind.${e.kind}`, { title: e.title })}</a>
        </li>
      ))}
      {more > 0 && (
        <li>
          <a href={`#/a/${space}`}>{t('whatsNew.andMore', { count: more })}</a>
        </li>
      )}
    </ul>
  )
}
