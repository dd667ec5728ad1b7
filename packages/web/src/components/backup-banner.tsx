// The warning of a device whose key was made in this session and not yet backed up: a link to
// This device, where the key can be saved under a passphrase.
import { useTranslation } from 'react-i18next'

export function BackupBanner() {
  const { t } = useTranslation()
  return (
    <p className="warning">
      <a href="#/device">{t('identity.banner')}</a>
    </p>
  )
}
