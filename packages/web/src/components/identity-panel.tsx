// The member's key: shown, saved as a backup file, restored from one.
import { useState } from 'react'
import type { ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { exportIdentity, restoreIdentity } from '../lib/browser-identity.js'

export function IdentityPanel() {
  const { t } = useTranslation()
  const { actions, store, reload } = useApp()
  const [message, setMessage] = useState('')
  const backup = async (): Promise<void> => {
    const file = JSON.stringify(await exportIdentity(store), null, 2)
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([file], { type: 'application/json' }))
    link.download = `veche-key-${actions.me.slice(0, 8)}.json`
    link.click()
    URL.revokeObjectURL(link.href)
  }
  const restore = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0]
    if (file === undefined) return
    const key = await restoreIdentity(store, await file.text())
    if (key === null) setMessage(t('identity.restoreFailed'))
    else reload()
  }
  return (
    <section className="identity">
      <h2>{t('identity.title')}</h2>
      <p>{t('identity.explain')}</p>
      <p>
        {t('identity.key')} <code className="key">{actions.me}</code>
      </p>
      <div className="row">
        <button type="button" onClick={() => void backup()}>
          {t('identity.backup')}
        </button>
        <label className="file">
          {t('identity.restore')}{' '}
          <input type="file" accept="application/json,.json" onChange={(e) => void restore(e)} />
        </label>
      </div>
      {message !== '' && <p role="alert">{message}</p>}
    </section>
  )
}
