// The passphrase lock on the device screen (store-lock.ts): set it (every record sealed at once,
// nothing lost, the key wrapped if this page can read it), lock now (forget the key in memory: a
// reload), lock by itself after some minutes without use (idle-lock.ts), seal under the lock a key
// made before it (with its kept backup's passphrase), change the passphrase (the same keys wrapped
// again), or remove it (every record written back plain). The lock's passphrase and the duress
// passphrase must differ, or unlocking would wipe.
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { isDuressPassphrase } from '../lib/device-wipe.js'
import {
  countLocksWith,
  IDLE_LOCK_RECORD,
  idleSeconds,
  lockEveryTab,
  lockWhenIdle,
} from '../lib/idle-lock.js'
import { tellTabs } from '../lib/lock-channel.js'
import { recordStore } from '../lib/record-store.js'
import { keepTextsPlain, keepTextsSealed, plainTexts } from '../lib/sealed-texts.js'
import { reloadOnceHeld } from '../lib/store-gate.js'
import type { LockRefusal } from '../lib/store-lock.js'
import { changeLockPassphrase, LOCK_RECORD, removeLock, setLock } from '../lib/store-lock.js'
import { holdUnsaved } from '../lib/unsaved-writes.js'
import { Field } from './field.js'
import { PassphraseInput } from './passphrase-input.js'

export function LockPanel() {
  const { t } = useTranslation()
  const { store, identity } = useApp()
  const [locked, setLocked] = useState<boolean | null>(null)
  const [keyWrapped, setKeyWrapped] = useState(false)
  const [idleMinutes, setIdleMinutes] = useState('0')
  useEffect(() => {
    void store.raw.get(LOCK_RECORD).then(async (record) => {
      // All read first, then shown at once: the idle field never shows (and takes typing) before
      // its stored value arrives to overwrite what was typed.
      const wrapped = await identity.isWrapped()
      const seconds = record === undefined ? 0 : ((await store.get<number>(IDLE_LOCK_RECORD)) ?? 0)
      setKeyWrapped(wrapped)
      setIdleMinutes(String(seconds / 60))
      setLocked(record !== undefined)
    })
  }, [store, identity])
  const [backupPassphrase, setBackupPassphrase] = useState('')
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
      // The key goes in extractable for this instant if this page can read it: the lock wraps it.
      const key = await identity.recordForLock()
      let lockedElsewhere = false
      await store.replace(async () => {
        const sealed = await setLock(recordStore(store.raw), next, plainTexts(), key ? [key] : [], {
          // The lock removed, set anew or locked in another tab before this one heard: what it was
          // refused is kept for the member, and it reloads.
          hold: (write) => holdUnsaved(store.raw, write),
          stop: reloadOnceHeld,
        })
        if (sealed !== null) countLocksWith(() => sealed.close())
        lockedElsewhere = sealed === null
        return sealed
      })
      // Another tab set a lock first and this one had not heard: its lock stands, and this tab
      // goes to the lock screen like the others.
      if (lockedElsewhere) {
        location.reload()
        return t('identity.working')
      }
      keepTextsSealed(store, {})
      // Tabs opened before the lock go to the lock screen (and write nothing plain meanwhile).
      tellTabs({ type: 'set' })
      lockWhenIdle((await store.get<number>(IDLE_LOCK_RECORD)) ?? 0)
      setKeyWrapped(await identity.isWrapped())
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
      // The lock changed in another tab meanwhile (this one had not heard): this tab reloads.
      if (!changed.ok && changed.code === 'lock.changed-elsewhere') location.reload()
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
      const outcome: { refusal: LockRefusal | null } = { refusal: null }
      await store.replace(async () => {
        const removed = await removeLock(recordStore(store.raw), current)
        if (!removed.ok) {
          outcome.refusal = removed
          return null
        }
        keepTextsPlain(removed.texts)
        return store.raw
      })
      // The lock changed in another tab meanwhile (this one had not heard): this tab reloads.
      if (outcome.refusal?.code === 'lock.changed-elsewhere') location.reload()
      if (outcome.refusal !== null) return refused(outcome.refusal)
      tellTabs({ type: 'removed' })
      lockWhenIdle(0)
      setKeyWrapped(await identity.isWrapped())
      setLocked(false)
      setCurrent('')
      setMessage(t('lock.removed'))
    } finally {
      setBusy(false)
    }
  }

  const saveIdle = (e: FormEvent) =>
    run(e, async () => {
      const seconds = idleSeconds(Number(idleMinutes))
      await store.set(IDLE_LOCK_RECORD, seconds)
      lockWhenIdle(seconds)
      tellTabs({ type: 'idle', seconds })
      return seconds === 0
        ? t('lock.idleOff')
        : t('lock.idleSaved', { minutes: Number((seconds / 60).toFixed(2)) })
    })

  const wrapKey = (e: FormEvent) =>
    run(e, async () => {
      if (await isDuressPassphrase(store.raw, backupPassphrase)) return t('identity.error.duress')
      const wrapped = await identity.wrapFromBackup(backupPassphrase)
      if (!wrapped.ok) return t(`identity.error.${wrapped.code}`)
      setKeyWrapped(wrapped.value)
      setBackupPassphrase('')
      return t('lock.keyWrappedNow')
    })

  return (
    <section>
      <h2>{t('lock.panelTitle')}</h2>
      <p>{t('lock.panelExplain')}</p>
      {locked === null ? null : locked ? (
        <>
          <p>{t('lock.isSet')}</p>
          <button type="button" onClick={lockEveryTab}>
            {t('lock.lockNow')}
          </button>
          <form onSubmit={(e) => void change(e)}>
            <PassphraseInput label={t('lock.current')} value={current} onChange={setCurrent} />
            <PassphraseInput label={t('lock.new')} value={next} onChange={setNext} kind="new" />
            <PassphraseInput label={t('lock.again')} value={again} onChange={setAgain} kind="new" />
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
          {keyWrapped && identity.backupState !== 'sealed' && (
            <p className="warning">{t('lock.removeUnbackedKey')}</p>
          )}
          <h3>{t('lock.keyTitle')}</h3>
          {keyWrapped ? (
            <p>{t('lock.keyWrapped')}</p>
          ) : identity.backupState === 'sealed' ? (
            <form onSubmit={(e) => void wrapKey(e)}>
              <p className="warning">{t('lock.keyNotWrapped')}</p>
              <p>{t('lock.keyWrapWithBackup')}</p>
              <PassphraseInput
                label={t('lock.backupPassphrase')}
                value={backupPassphrase}
                onChange={setBackupPassphrase}
              />
              <button type="submit" disabled={busy}>
                {t('lock.wrapKey')}
              </button>
            </form>
          ) : (
            <>
              <p className="warning">{t('lock.keyNotWrapped')}</p>
              <p>{t('lock.keyWrapByRestore')}</p>
            </>
          )}
          <h3>{t('lock.idleTitle')}</h3>
          <form onSubmit={(e) => void saveIdle(e)}>
            <Field label={t('lock.idleMinutes')}>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                required
                value={idleMinutes}
                onChange={(e) => setIdleMinutes(e.target.value)}
              />
            </Field>
            <button type="submit" disabled={busy}>
              {t('lock.idleSave')}
            </button>
          </form>
        </>
      ) : (
        <form onSubmit={(e) => void lock(e)}>
          <PassphraseInput label={t('lock.new')} value={next} onChange={setNext} kind="new" />
          <PassphraseInput label={t('lock.again')} value={again} onChange={setAgain} kind="new" />
          <button type="submit" disabled={busy}>
            {t('lock.set')}
          </button>
        </form>
      )}
      {message !== '' && <p role="status">{message}</p>}
    </section>
  )
}
