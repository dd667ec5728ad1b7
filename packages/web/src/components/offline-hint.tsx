// A short note where the service worker could not register (lib/service-worker.ts): this device
// does not trust the hub's certificate, so the app cannot work offline or be installed. It links
// the hub's /ca page (docs/hub.md), in the app's language, which tells how to install the hub's own
// certificate authority. Never on this computer (localhost needs no certificate), never once the
// worker is registered, and never from a hub that has no authority to give (`veche serve
// --no-tls`, or a proxy in front holding a real certificate): the note first asks for /ca.crt.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isLoopback, useServiceWorkerState } from '../lib/service-worker.js'

/** Whether this origin serves a hub authority; null until the answer is in. */
let authorityServed: Promise<boolean> | null = null

function hubServesAuthority(): Promise<boolean> {
  authorityServed ??= fetch('/ca.crt', { method: 'HEAD', cache: 'no-store' }).then(
    (answer) => answer.ok,
    () => false,
  )
  return authorityServed
}

export function OfflineHint() {
  const { t, i18n } = useTranslation()
  const worker = useServiceWorkerState()
  const wanted = worker === 'unavailable' && !isLoopback(location.hostname)
  const [served, setServed] = useState(false)
  useEffect(() => {
    if (!wanted) return
    let current = true
    void hubServesAuthority().then((yes) => {
      if (current) setServed(yes)
    })
    return () => {
      current = false
    }
  }, [wanted])
  if (!wanted || !served) return null
  return (
    <p className="meta offline-hint">
      {t('offline.hint')} <a href={`/ca?lang=${i18n.language}`}>{t('offline.link')}</a>
    </p>
  )
}
