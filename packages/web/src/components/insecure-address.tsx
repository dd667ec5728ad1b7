// What a browser shows at an address without HTTPS (a phone opening the hub's printed
// http://192.168.…:8080 on the LAN): browsers give WebCrypto, which makes and keeps this device's
// key, only to a secure page (https://, or localhost), so the app cannot start there. Instead of a
// blank page it says why and what to open instead: localhost on the hub's computer, the same
// address at https:// on a phone (veche serve answers https on the same port, with a certificate
// of its own, unless started with --no-tls).
import { useTranslation } from 'react-i18next'
import { LanguageSwitcher } from './language-switcher.js'
import { OfflineHint } from './offline-hint.js'

export function InsecureAddress() {
  const { t } = useTranslation()
  const local = `http://localhost:${location.port === '' ? '80' : location.port}/${location.hash}`
  const secure = `https://${location.host}/${location.hash}`
  return (
    <>
      <header>
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main>
        <section className="insecure">
          <h1>{t('insecure.title')}</h1>
          <p>{t('insecure.explain', { origin: location.origin })}</p>
          <p>
            {t('insecure.local')} <a href={local}>{local}</a>
          </p>
          <p>
            {t('insecure.phones')} <a href={secure}>{secure}</a>
          </p>
          <OfflineHint />
        </section>
      </main>
    </>
  )
}
