// The passphrase lock on the device screen (store-lock.ts): set it (every record sealed at once,
// nothing lost), lock now (forget the key in memory: a reload), change the passphrase (the same
// keys wrapped again), or remove it (every record written back plain). The lock's passphrase and
// the duress passphrase must differ, or unlocking would wipe.
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { isDuressPassphrase } from '../lib/device-wipe.js'
import { recordStore } from '../lib/record-store.js'
import { keepTextsPlain, keepTextsSealed, plainTexts } from '../lib/sealed-texts.js'
import type { LockRefusal } from '../lib/store-lock.js'
import { changeLockPassphrase, LOCK_RECORD, removeLock, setLock } from '../lib/store-lock.js'
import { Field } from './field.js'

function PassphraseInput(props: {
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly fresh?: boolean
}) {
  return (
    <Field label={props.label}>
      <input
        type="password"
        autoComplete={props.fresh === true ? 'new-password' : 'current-password'}
        minLength={props.fresh === true ? 8 : undefined}
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  )
}

export function LockPanel() {
  const { t } = useTranslation()
  const { store } = useApp()
  const [locked, setLocked] = useState<boolean | null>(null)
  useEffect(() => {
    void store.raw.get(LOCK_RECORD).then((record) => setLocked(record !== undefined))
  }, [store])
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const refused = (r: LockRefusal): void => setMessage(t(`lock.error.${r.code}`))

  const run = async (e: FormEvent, work: () => Promise<string>): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setMessage(t('identity.working'))
    try {
      setMessage(await work())
    } finally {
      setBusy(false)
    }
  }

  const lock = (e: FormEvent) =>
    run(e, async () => {
      if (next !== again) return t('lock.mismatch')
      if (await isDuressPassphrase(store.raw, next)) return t('lock.sameAsDuress')
      await store.replace(() => setLock(recordStore(store.raw), next, plainTexts()))
      keepTextsSealed(store, {})
      setLocked(true)
      setNext('')
      setAgain('')
      return t('lock.saved')
    })

  const change = (e: FormEvent) =>
    run(e, async () => {
      if (next !== again) return t('lock.mismatch')
      if (await isDuressPassphrase(store.raw, next)) return t('lock.sameAsDuress')
      const changed = await changeLockPassphrase(store.raw, current, next)
      if (!changed.ok) return t(`lock.error.${changed.code}`)
      setCurrent('')
      setNext('')
      setAgain('')
      return t('lock.changed')
    })

  const remove = async (): Promise<void> => {
    setBusy(true)
    setMessage(t('identity.working'))
    try {
      let refusal: LockRefusal | null = null
      await store.replace(async () => {
        const removed = await removeLock(recordStore(store.raw), current)
        if (!removed.ok) {
          refusal = removed
          return null
        }
        keepTextsPlain(removed.texts)
        return store.raw
      })
      if (refusal !== null) return refused(refusal)
      setLocked(false)
      setCurrent('')
      setMessage(t('lock.removed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section>
      <h2>{t('lock.panelTitle')}</h2>
      <p>{t('lock.panelExplain')}</p>
      {locked === null ? null : locked ? (
        <>
          <p>{t('lock.isSet')}</p>
          <button type="button" onClick={() => window.location.reload()}>
            {t('lock.lockNow')}
          </button>
          <form onSubmit={(e) => void change(e)}>
            <PassphraseInput label={t('lock.current')} value={current} onChange={setCurrent} />
            <PassphraseInput label={t('lock.new')} value={next} onChange={setNext} fresh />
            <PassphraseInput label={t('lock.again')} value={again} onChange={setAgain} fresh />
            <div className="row">
              <button type="submit" disabled={busy}>
                {t('lock.change')}
              </button>
              <button type="button" disabled={busy || current === ''} onClick={() => void remove()}>
                {t('lock.remove')}
              </button>
            </div>
          </form>
          <p>{t('lock.removeExplain')}</p>
        </>
      ) : (
        <form onSubmit={(e) => void lock(e)}>
          <PassphraseInput label={t('lock.new')} value={next} onChange={setNext} fresh />
          <PassphraseInput label={t('lock.again')} value={again} onChange={setAgain} fresh />
          <button type="submit" disabled={busy}>
            {t('lock.set')}
          </button>
        </form>
      )}
      {message !== '' && <p role="status">{message}</p>}
    </section>
  )
}
