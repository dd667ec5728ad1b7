// The member's key: shown; backed up under a passphrase (the first time only while the page that
// made the key is open, later again with the same passphrase; or, when the passphrase lock keeps the
// key wrapped, at any time after the lock's passphrase); restored from a backup file or a pasted
// one. A duress passphrase typed at any of these prompts wipes the device instead (device-wipe.ts).
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import type { IdentityRefusal } from '../lib/browser-identity.js'
import { isDuressPassphrase, wipeDevice } from '../lib/device-wipe.js'
import { isLockPassphrase } from '../lib/store-lock.js'
import { Field } from './field.js'
import { QrCode } from './qr-code.js'

function saveFile(text: string, name: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  link.download = name
  link.click()
  URL.revokeObjectURL(link.href)
}

/** After a duress passphrase: everything erased, the app starts again empty. */
async function wipeUnderDuress(): Promise<void> {
  await wipeDevice()
  window.location.replace('/')
}

export function IdentityPanel() {
  const { t } = useTranslation()
  const { identity, store, reload } = useApp()
  const [state, setState] = useState(identity.backupState)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const [lockPassphrase, setLockPassphrase] = useState('')
  // A new backup passphrase is chosen (typed twice) unless a kept backup is given again.
  const fresh = state === 'now' || state === 'lock'
  const [file, setFile] = useState('')
  const [qr, setQr] = useState(false)
  const [restoreText, setRestoreText] = useState('')
  const [restorePassphrase, setRestorePassphrase] = useState('')
  const refused = (r: IdentityRefusal): void => setMessage(t(`identity.error.${r.code}`))

  const backUp = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (fresh && passphrase !== again) return setMessage(t('identity.passphraseMismatch'))
    setBusy(true)
    setMessage(t('identity.working'))
    try {
      if (state === 'lock') {
        // Whoever holds the phone unlocked must still know the lock's passphrase to copy the key.
        if (await isDuressPassphrase(store, lockPassphrase)) return await wipeUnderDuress()
        if (!(await isLockPassphrase(store.raw, lockPassphrase)))
          return setMessage(t('lock.error.lock.wrong-passphrase'))
      }
      if (await isDuressPassphrase(store, passphrase)) {
        // Choosing the duress passphrase as the backup's would wipe on the next export.
        if (fresh) return setMessage(t('identity.error.duress'))
        return await wipeUnderDuress()
      }
      const result = await identity.backUp(passphrase)
      if (!result.ok) return refused(result)
      saveFile(result.value, `veche-key-${identity.publicKey.slice(0, 8)}.json`)
      setFile(result.value)
      setState(identity.backupState)
      setPassphrase('')
      setAgain('')
      setLockPassphrase('')
      setMessage(t('identity.backupSaved'))
    } finally {
      setBusy(false)
    }
  }

  const restore = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setMessage(t('identity.working'))
    try {
      if (restorePassphrase !== '' && (await isDuressPassphrase(store, restorePassphrase)))
        return await wipeUnderDuress()
      const result = await identity.restore(restoreText, restorePassphrase)
      if (!result.ok) return refused(result)
      reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="identity">
      <h2>{t('identity.title')}</h2>
      <p>{t('identity.explain')}</p>
      <p>
        {t('identity.key')} <code className="key">{identity.publicKey}</code>
      </p>
      <h3>{t('identity.backupTitle')}</h3>
      {state === 'never' ? (
        <p className="warning">{t('identity.backupNever')}</p>
      ) : (
        <form onSubmit={(e) => void backUp(e)}>
          <p className={state === 'now' ? 'warning' : undefined}>
            {t(
              state === 'now'
                ? 'identity.backupNow'
                : state === 'lock'
                  ? 'lock.backupFromLock'
                  : 'identity.backupAgain',
            )}
          </p>
          {state === 'lock' && (
            <Field label={t('lock.current')}>
              <input
                type="password"
                autoComplete="current-password"
                value={lockPassphrase}
                required
                onChange={(e) => setLockPassphrase(e.target.value)}
              />
            </Field>
          )}
          <Field label={t('identity.passphrase')}>
            <input
              type="password"
              autoComplete={fresh ? 'new-password' : 'current-password'}
              value={passphrase}
              required
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </Field>
          {fresh && (
            <Field label={t('identity.passphraseAgain')}>
              <input
                type="password"
                autoComplete="new-password"
                value={again}
                required
                onChange={(e) => setAgain(e.target.value)}
              />
            </Field>
          )}
          <button type="submit" disabled={busy}>
            {t('identity.backup')}
          </button>
        </form>
      )}
      {file !== '' && (
        <div className="row">
          <button type="button" onClick={() => setQr(!qr)} aria-expanded={qr}>
            {qr ? t('identity.hideQr') : t('identity.showQr')}
          </button>
        </div>
      )}
      {qr && file !== '' && (
        <>
          <p className="warning">{t('identity.qrWarning')}</p>
          <QrCode text={file} alt={t('identity.qrAlt')} />
        </>
      )}
      <h3>{t('identity.restore')}</h3>
      <form onSubmit={(e) => void restore(e)}>
        <p>{t('identity.restoreExplain')}</p>
        <Field label={t('identity.restoreFile')}>
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const chosen = e.target.files?.[0]
              if (chosen !== undefined) void chosen.text().then(setRestoreText)
            }}
          />
        </Field>
        <Field label={t('identity.paste')}>
          <textarea value={restoreText} required onChange={(e) => setRestoreText(e.target.value)} />
        </Field>
        <Field label={t('identity.passphrase')}>
          <input
            type="password"
            autoComplete="current-password"
            value={restorePassphrase}
            onChange={(e) => setRestorePassphrase(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {t('identity.pasteRestore')}
        </button>
      </form>
      {message !== '' && <p role="alert">{message}</p>}
    </section>
  )
}
