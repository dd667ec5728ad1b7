// A statement of a space, by route: #/a/<space>/s/new drafts one, …/s/<id> shows its document,
// amendments, translations and co-signers, …/s/<id>/revise starts a new version, and
// …/s/<id>/translate/<language> is the translation editor. The screens load on first use, so the
// first visit's JavaScript stays small.
import type { EventId, SpaceId } from '@veche/core'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'

const StatementDocumentScreen = lazy(() =>
  import('./statement-document-screen.js').then((m) => ({ default: m.StatementDocumentScreen })),
)
const StatementDraftScreen = lazy(() =>
  import('./statement-draft-screen.js').then((m) => ({ default: m.StatementDraftScreen })),
)
const TranslationScreen = lazy(() =>
  import('./translation-screen.js').then((m) => ({ default: m.TranslationScreen })),
)

export function StatementScreen({
  space,
  statement,
  rest,
}: {
  readonly space: SpaceId
  readonly statement: EventId
  /** The route's segments after the statement id (for example a translation's language). */
  readonly rest: readonly string[]
}) {
  const { t } = useTranslation()
  const [action, language] = rest
  let screen
  if (statement === 'new') screen = <StatementDraftScreen space={space} previous={null} />
  else if (action === 'revise') screen = <StatementDraftScreen space={space} previous={statement} />
  else if (action === 'translate' && language !== undefined)
    screen = <TranslationScreen space={space} statement={statement} language={language} />
  else screen = <StatementDocumentScreen space={space} statement={statement} />
  return <Suspense fallback={<p>{t('status.loading')}</p>}>{screen}</Suspense>
}
