// This device (#/device): the member's key and its backup, wiping, the duress passphrase, and
// which app this page runs. After a wipe only a note is left, and a way to start again.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AppBuildPanel } from '../components/app-build-panel.js'
import { DeviceSafetyPanel } from '../components/device-safety-panel.js'
import { IdentityPanel } from '../components/identity-panel.js'

export default function DeviceScreen() {
  const { t } = useTranslation()
  const [wiped, setWiped] = useState(false)
  if (wiped)
    return (
      <section>
        <h2>{t('device.title')}</h2>
        <p role="status">{t('device.wiped')}</p>
        <button type="button" onClick={() => window.location.replace('/')}>
          {t('device.startAgain')}
        </button>
      </section>
    )
  return (
    <>
      <h2 className="screen-title">{t('device.title')}</h2>
      <IdentityPanel />
      <DeviceSafetyPanel onWiped={() => setWiped(true)} />
      <AppBuildPanel />
    </>
  )
}
