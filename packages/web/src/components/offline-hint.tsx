// A short note where the service worker could not register (lib/service-worker.ts): this device
// does not trust the hub's certificate, so the app cannot work offline or be installed. It links
// the hub's /ca page (docs/hub.md), in the app's language, which tells how to install the hub's own
// certificate authority. Never on this computer (localhost needs no certificate) and never once
// the worker is registered.
import { useTranslation } from 'react-i18next'
import { isLoopback, useServiceWorkerState } from '../lib/service-worker.js'

export function OfflineHint() {
  const { t, i18n } = useTranslation()
  const worker = useServiceWorkerState()
  if (worker !== 'unavailable' || isLoopback(location.hostname)) return null
  return (
    <p className="meta offline-hint">
      {t('offline.hint')} <a href={`/ca?lang=${i18n.language}`}>{t('offline.link')}</a>
    </p>
  )
}
