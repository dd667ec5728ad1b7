// Wiping this device (after a confirmation) and the optional duress passphrase (device-wipe.ts),
// which must differ from the backup's passphrase and from the lock's.
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { hasDuressPassphrase, setDuressPassphrase, wipeDevice } from '../lib/device-wipe.js'
import { isLockPassphrase } from '../lib/store-lock.js'
import { PassphraseInput } from './passphrase-input.js'
import { WipeButton } from './wipe-button.js'

export function DeviceSafetyPanel(props: { readonly onWiped: () => void }) {
  const { t } = useTranslation()
  const { identity, store } = useApp()
  const [duressSet, setDuressSet] = useState(false)
  const [duress, setDuress] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    void hasDuressPassphrase(store).then(setDuressSet)
  }, [store])

  const wipe = async (): Promise<void> => {
    setBusy(true)
    await wipeDevice()
    props.onWiped()
  }
  const saveDuress = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setMessage(t('identity.working'))
    try {
      // The backup's own passphrase must not wipe: refuse it as a duress passphrase.
      if (identity.backupState === 'sealed' && (await identity.backUp(duress)).ok)
        return setMessage(t('device.duressSameAsBackup'))
      // Nor the lock's: the lock screen would wipe instead of opening.
      if (await isLockPassphrase(store.raw, duress)) return setMessage(t('lock.duressSameAsLock'))
      await setDuressPassphrase(store, duress)
      setDuress('')
      setDuressSet(true)
      setMessage(t('device.duressSaved'))
    } finally {
      setBusy(false)
    }
  }
  const removeDuress = async (): Promise<void> => {
    await setDuressPassphrase(store, '')
    setDuressSet(false)
    setMessage('')
  }

  return (
    <>
      <section>
        <h2>{t('device.wipeTitle')}</h2>
        <p>{t('device.wipeExplain')}</p>
        <WipeButton label={t('device.wipe')} busy={busy} onWipe={() => void wipe()} />
      </section>
      <section>
        <h2>{t('device.duressTitle')}</h2>
        <p>{t('device.duressExplain')}</p>
        {duressSet && <p>{t('device.duressIsSet')}</p>}
        <form onSubmit={(e) => void saveDuress(e)}>
          <PassphraseInput
            label={t('device.duressNew')}
            value={duress}
            onChange={setDuress}
            kind="unsaved"
          />
          <div className="row">
            <button type="submit" disabled={busy}>
              {t('device.duressSet')}
            </button>
            {duressSet && (
              <button type="button" onClick={() => void removeDuress()}>
                {t('device.duressRemove')}
              </button>
            )}
          </div>
        </form>
        {message !== '' && <p role="status">{message}</p>}
      </section>
    </>
  )
}
