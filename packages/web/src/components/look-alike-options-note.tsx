// A poll two of whose options look alike ("Yes" beside "Yes" spelled with a Cyrillic e or a
// zero-width space): the rules refuse one in a space founded under text rules 2, and the app
// never signs one, but a space founded before takes it from another client. Voters are told which
// two options, by their place in the list, before they vote.
import { lookAlikeTexts } from '@veche/core'
import { useTranslation } from 'react-i18next'

/** A warning naming two options of `options` that look alike, or nothing when none do. */
export function LookAlikeOptionsNote({ options }: { readonly options: readonly string[] }) {
  const { t } = useTranslation()
  const pair = lookAlikeTexts(options)
  if (pair === null) return null
  return (
    <p className="warning" role="note">
      {t('poll.lookAlikeOptions', { first: pair[0] + 1, second: pair[1] + 1 })}
    </p>
  )
}
