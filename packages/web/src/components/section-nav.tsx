// The assembly's section bar: six links, one per section, each a hash route
// (#/a/<space>/<section>; "now" is #/a/<space> itself) so the back button and a reload keep the
// section. On a phone the bar sits along the bottom of the screen where a thumb reaches; on a
// laptop it stands at the side (styles.css, "Assembly sections"). Its icons are CSS masks, so they
// cost the first load no JavaScript.
import type { SpaceId } from '@veche/core'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

export const SECTIONS = [
  'now',
  'decisions',
  'proposals',
  'statements',
  'members',
  'councils',
] as const
export type Section = (typeof SECTIONS)[number]

/** The section a route's part names; anything else is "now". */
export function parseSection(part: string | undefined): Section {
  return (SECTIONS as readonly string[]).includes(part ?? '') ? (part as Section) : 'now'
}

/** The hash of a section of an assembly. */
export function sectionHref(space: SpaceId, section: Section): string {
  return section === 'now' ? `#/a/${space}` : `#/a/${space}/${section}`
}

export function SectionNav(props: { readonly space: SpaceId; readonly current: Section }) {
  const { t } = useTranslation()
  const list = useRef<HTMLUListElement>(null)
  // Where the labels are longer than a phone is wide the bar scrolls across by itself; keep the
  // current section's link in sight.
  useEffect(() => {
    list.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [props.current])
  return (
    <nav className="section-nav" aria-label={t('section.nav')}>
      <ul ref={list}>
        {SECTIONS.map((s) => (
          <li key={s}>
            <a
              href={sectionHref(props.space, s)}
              data-section={s}
              aria-current={s === props.current ? 'page' : undefined}
            >
              {t(`section.${s}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
