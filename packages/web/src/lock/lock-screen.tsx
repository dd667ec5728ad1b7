// The lock screen: shown instead of the app when this device's data is locked under a passphrase
// (store-lock.ts), before anything else is read. The right passphrase opens the store and the app
// starts; a wrong one says so and changes nothing; the duress passphrase, if one is set, wipes
// everything instead (device-wipe.ts) and the app starts again empty. A forgotten passphrase
// leaves only a wipe, offered here after a confirmation. Once open, the app locks itself again
// after the idle time the member chose, if any (idle-lock.ts). Loaded only on a locked device.
import { useState } from 'react'
import type { FormEvent } from 'react'
import type { i18n } from 'i18next'
import type { Root } from 'react-dom/client'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { LanguageSwitcher } from '../components/language-switcher.js'
import { PassphraseInput } from '../components/passphrase-input.js'
import { WipeButton } from '../components/wipe-button.js'
import { addLockStrings } from '../i18n/lock-strings.js'
import { isDuressPassphrase, wipeDevice } from '../lib/device-wipe.js'
import { countLocksWith, IDLE_LOCK_RECORD, lockWhenIdle } from '../lib/idle-lock.js'
import type { RecordStore } from '../lib/key-value-store.js'
import { recordStore } from '../lib/record-store.js'
import { keepTextsSealed } from '../lib/sealed-texts.js'
import type { StoreGate } from '../lib/store-gate.js'
import { reloadOnceHeld } from '../lib/store-gate.js'
import type { SealingStore } from '../lib/store-lock.js'
import { unlockStore } from '../lib/store-lock.js'
import { holdUnsaved } from '../lib/unsaved-writes.js'

interface Unlocked {
  readonly store: SealingStore
  readonly texts: Record<string, string>
}

/**
 * Shows the lock screen in `root` until the passphrase opens the store under `gate`; resolves once
 * the gate reads and writes through the lock, and the drafts are back in memory.
 */
export async function unlockDevice(gate: StoreGate, root: Root, instance: i18n): Promise<void> {
  addLockStrings(instance)
  const unlocked = await new Promise<Unlocked>((resolve) =>
    root.render(
      <I18nextProvider i18n={instance}>
        <LockScreen raw={recordStore(gate.raw)} onOpen={resolve} />
      </I18nextProvider>,
    ),
  )
  await gate.replace(() => Promise.resolve(unlocked.store))
  countLocksWith(() => unlocked.store.close())
  keepTextsSealed(gate, unlocked.texts)
  lockWhenIdle((await gate.get<number>(IDLE_LOCK_RECORD)) ?? 0)
}

/** Everything erased; the app starts again empty, as if newly installed. */
async function wipeAndRestart(): Promise<void> {
  await wipeDevice()
  window.location.replace('/')
}

function LockScreen(props: { readonly raw: RecordStore; readonly onOpen: (u: Unlocked) => void }) {
  const { t } = useTranslation()
  const [passphrase, setPassphrase] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setMessage(t('lock.working'))
    try {
      // The lock removed, set anew or locked in another tab before this one heard: what this tab
      // was refused is kept for the member, and it reloads.
      const opened = await unlockStore(props.raw, passphrase, {
        hold: (write) => holdUnsaved(props.raw, write),
        stop: reloadOnceHeld,
      })
      if (opened.ok) return props.onOpen(opened)
      if (await isDuressPassphrase(props.raw, passphrase)) return await wipeAndRestart()
      setMessage(t(`lock.error.${opened.code}`))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <header>
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main>
        <h2 className="screen-title">{t('lock.title')}</h2>
        <p>{t('lock.explain')}</p>
        <form onSubmit={(e) => void open(e)}>
          <PassphraseInput
            label={t('lock.passphrase')}
            value={passphrase}
            onChange={setPassphrase}
            autoFocus
          />
          <button type="submit" disabled={busy}>
            {t('lock.open')}
          </button>
        </form>
        {message !== '' && <p role="status">{message}</p>}
        <section>
          <p>{t('lock.forgotten')}</p>
          <WipeButton label={t('lock.wipe')} onWipe={() => void wipeAndRestart()} />
        </section>
      </main>
    </>
  )
}
