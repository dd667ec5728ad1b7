// The member's key: shown, saved as a backup file, restored from one.
import { useState } from 'react'
import type { ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { exportIdentity, restoreIdentity } from '../lib/browser-identity.js'
import { Field } from './field.js'
import { QrCode } from './qr-code.js'

export function IdentityPanel() {
  const { t } = useTranslation()
  const { actions, store, reload } = useApp()
  const [message, setMessage] = useState('')
  const [qr, setQr] = useState('')
  const [pasted, setPasted] = useState('')
  const backup = async (): Promise<void> => {
    const file = JSON.stringify(await exportIdentity(store), null, 2)
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([file], { type: 'application/json' }))
    link.download = `veche-key-${actions.me.slice(0, 8)}.json`
    link.click()
    URL.revokeObjectURL(link.href)
  }
  const restoreFrom = async (text: string): Promise<void> => {
    const key = await restoreIdentity(store, text)
    if (key === null) setMessage(t('identity.restoreFailed'))
    else reload()
  }
  const restore = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0]
    if (file !== undefined) await restoreFrom(await file.text())
  }
  const showQr = async (): Promise<void> => {
    setQr(qr === '' ? JSON.stringify(await exportIdentity(store)) : '')
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
      <div className="row">
        <button type="button" onClick={() => void showQr()} aria-expanded={qr !== ''}>
          {qr === '' ? t('identity.showQr') : t('identity.hideQr')}
        </button>
      </div>
      {qr !== '' && (
        <>
          <p className="warning">{t('identity.qrWarning')}</p>
          <QrCode text={qr} alt={t('identity.qrAlt')} />
        </>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void restoreFrom(pasted)
        }}
      >
        <Field label={t('identity.paste')}>
          <textarea value={pasted} required onChange={(e) => setPasted(e.target.value)} />
        </Field>
        <button type="submit">{t('identity.pasteRestore')}</button>
      </form>
      {message !== '' && <p role="alert">{message}</p>}
    </section>
  )
}
