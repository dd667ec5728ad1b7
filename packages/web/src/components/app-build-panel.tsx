// "Which app am I running": this page's fingerprint beside the one the hub announces.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { checkAppBuild } from '../lib/app-build.js'
import type { AppBuild } from '../lib/app-build.js'

export function AppBuildPanel() {
  const { t } = useTranslation()
  const [build, setBuild] = useState<AppBuild | null>(null)
  useEffect(() => {
    void checkAppBuild().then(setBuild)
  }, [])
  const shown = (hash: string | null | undefined) =>
    hash === undefined ? t('device.buildChecking') : (hash ?? t('device.buildUnknown'))
  return (
    <section>
      <h2>{t('device.buildTitle')}</h2>
      <p>{t('device.buildExplain')}</p>
      <p>
        {t('device.buildMine')} <code className="key fingerprint">{shown(build?.mine)}</code>
      </p>
      <p>
        {t('device.buildHub')} <code className="key">{shown(build?.hub)}</code>
      </p>
      {build !== null && build.mine !== null && build.hub !== null && build.mine !== build.hub && (
        <p className="warning">{t('device.buildDiffers')}</p>
      )}
    </section>
  )
}
