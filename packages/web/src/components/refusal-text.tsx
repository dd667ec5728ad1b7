// A refusal in the member's language, code by code (i18n/refusal-strings.ts): the hub's refusals
// in the pending list, and the app's own checks before it signs (closing a vote, counting a secret
// vote, recording an election, answering or closing a referral), which refuse with the same codes
// the hub would. Never the English sentence of the rules; a code with no text here (a newer hub's)
// is shown as itself. The texts load only once a refusal is shown, not with the first page.
import type { i18n, TFunction } from 'i18next'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** What the refusal `code` says in the member's language, or the code itself if it has no text. */
export function refusalText(t: TFunction, i18n: i18n, code: string | undefined): string {
  if (code === undefined) return ''
  const key = `refusal.${code}`
  return i18n.exists(key) ? t(key) : code
}

/** Loads the refusal texts once `needed` (a refusal is shown); true once they are in. */
export function useRefusalTexts(needed: boolean): boolean {
  const { i18n } = useTranslation()
  const [ready, setReady] = useState(false)
  useEffect(() => {
    if (!needed || ready) return
    let live = true
    void import('../i18n/refusal-strings.js').then(({ addRefusalStrings }) => {
      addRefusalStrings(i18n)
      if (live) setReady(true)
    })
    return () => {
      live = false
    }
  }, [needed, ready, i18n])
  return ready
}

/**
 * The alert under a form or button whose action the app refused before signing it, with the
 * refusal's `code` (null: nothing to show). Until the texts are in, nothing is shown rather than
 * the bare code.
 */
export function RefusalAlert({ code }: { readonly code: string | null }) {
  const { t, i18n } = useTranslation()
  const ready = useRefusalTexts(code !== null)
  if (code === null || !ready) return null
  return <p role="alert">{refusalText(t, i18n, code)}</p>
}
