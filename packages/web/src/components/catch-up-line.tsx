// How far this device has come checking and folding a large assembly's record on a first visit
// (docs/web.md, "Large assemblies"): until the last page is folded the screen is not final, and
// says so. The line is a polite status region, so a screen reader hears it; it changes only when
// another tenth of the record is checked, not with every page.
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { CatchUp } from '../hooks.js'
import { formatCount } from '../i18n/locale-data.js'

export function CatchUpLine(props: { readonly progress: CatchUp }) {
  const { t, i18n } = useTranslation()
  const shown = useRef<CatchUp | null>(null)
  const { total } = props.progress
  const tenth = (p: CatchUp): number =>
    p.total === null
      ? Math.floor(p.checked / 10_000)
      : Math.floor((10 * p.checked) / Math.max(p.total, p.checked))
  const last = shown.current
  if (last === null || last.total !== total || tenth(props.progress) > tenth(last))
    shown.current = props.progress
  const line = shown.current ?? props.progress
  const count = (n: number): string => formatCount(i18n.language, n)
  return (
    <p className="catch-up" role="status" aria-live="polite">
      {line.total === null
        ? t('catchUp.started', { checked: count(line.checked) })
        : t('catchUp.progress', {
            checked: count(line.checked),
            total: count(Math.max(line.total, line.checked)),
          })}
    </p>
  )
}
