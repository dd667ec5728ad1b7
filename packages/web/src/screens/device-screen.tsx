// This device (#/device): the member's key and its backup, the passphrase lock, wiping, the duress
// passphrase, and which app this page runs. A wipe ends on /wiped.html, a page with no script:
// nothing of the app stays in memory (the key, the list of assemblies, the outbox) and nothing is
// written again.
import { useTranslation } from 'react-i18next'
import { AppBuildPanel } from '../components/app-build-panel.js'
import { DeviceSafetyPanel } from '../components/device-safety-panel.js'
import { IdentityPanel } from '../components/identity-panel.js'
import { LockPanel } from '../components/lock-panel.js'
import { addLockStrings } from '../i18n/lock-strings.js'

// The lock screen, loaded with this screen's code (main.tsx says why).
export { unlockDevice } from '../lock/lock-screen.js'

export default function DeviceScreen() {
  const { t, i18n } = useTranslation()
  addLockStrings(i18n)
  return (
    <>
      <h2 className="screen-title">{t('device.title')}</h2>
      <IdentityPanel />
      <LockPanel />
      <DeviceSafetyPanel onWiped={() => window.location.replace('/wiped.html')} />
      <AppBuildPanel />
    </>
  )
}
