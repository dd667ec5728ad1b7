// My assemblies: the ones this device knows, founding a new one, and joining with a code. A device in
// no assembly yet first reads what Veche is and what it never asks for, and three choices: join,
// found, restore. The forms stay on the page (a choice scrolls to its form and puts the cursor in
// it) so that nothing is hidden behind a click and the page stays small. Such a device's warning to
// back its key up comes after the welcome, not above it (the app shell shows it first elsewhere).
import { lazy, Suspense } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { BackupBanner } from '../components/backup-banner.js'
import { Field } from '../components/field.js'
import { UnseenCount } from '../whats-new/unseen-store.js'

const WhatsNewInbox = lazy(() => import('../whats-new/whats-new-inbox.js'))

export function HomeScreen() {
  const { t } = useTranslation()
  const { spaces, actions, remember, identity } = useApp()
  const [name, setName, clearName] = useDraft('create.name')
  const [description, setDescription, clearDescription] = useDraft('create.description')
  const [founderName, setFounderName] = useDraft('me.name')
  const [method, setMethod] = useDraft('create.method', 'majority')
  const [quorum, setQuorum] = useDraft('create.quorum', '0')
  const [code, setCode, clearCode] = useDraft('join.code')
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const space = await actions.createAssembly({
      name: name.trim(),
      description: description.trim(),
      founderName: founderName.trim(),
      method: method === 'consent' ? 'consent' : 'majority',
      quorumPercent: Math.min(100, Math.max(0, Math.floor(Number(quorum)) || 0)),
    })
    remember({ id: space, name: name.trim() })
    clearName()
    clearDescription()
    navigate(`a/${space}`)
  }
  const join = (e: FormEvent): void => {
    e.preventDefault()
    const text = code.trim()
    clearCode()
    navigate(`join/${text}`)
  }
  const goTo = (form: string): void => {
    const input = document.querySelector<HTMLElement>(`#${form} input`)
    input?.scrollIntoView({ block: 'center' })
    input?.focus({ preventScroll: true })
  }
  return (
    <>
      {spaces.length === 0 ? (
        <>
          <section className="welcome">
            <h2>{t('home.welcome')}</h2>
            <p>{t('home.what')}</p>
            <p>{t('home.never')}</p>
            <div className="choices">
              <button type="button" onClick={() => goTo('join')}>
                {t('join.title')}
              </button>
              <button type="button" onClick={() => goTo('found')}>
                {t('create.title')}
              </button>
              <a href="#/device">{t('identity.restore')}</a>
            </div>
          </section>
          {identity.backupState === 'now' && <BackupBanner />}
        </>
      ) : (
        <section>
          <h2>{t('home.mine')}</h2>
          <ul className="spaces">
            {spaces.map((s) => (
              <li key={s.id}>
                <a href={`#/a/${s.id}`}>
                  <bdi>{s.name}</bdi>
                </a>{' '}
                <UnseenCount space={s.id} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {spaces.length > 0 && (
        <Suspense fallback={null}>
          <WhatsNewInbox />
        </Suspense>
      )}
      <section>
        <h2>{t('join.title')}</h2>
        <form id="join" onSubmit={join}>
          <Field label={t('join.code')}>
            <input value={code} required onChange={(e) => setCode(e.target.value)} />
          </Field>
          <button type="submit">{t('join.next')}</button>
        </form>
        <p className="carry-links">
          <a href="#/scan">{t('carry.scan')}</a> · <a href="#/carry">{t('carry.receive')}</a>
        </p>
      </section>
      <section>
        <h2>{t('create.title')}</h2>
        <form id="found" onSubmit={(e) => void create(e)}>
          <Field label={t('create.name')}>
            <input
              value={name}
              required
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label={t('create.description')}>
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Field label={t('me.name')}>
            <input
              value={founderName}
              required
              maxLength={100}
              onChange={(e) => setFounderName(e.target.value)}
            />
          </Field>
          <Field label={t('create.method')}>
            <select value={method} onChange={(e) => setMethod(e.target.value)}>
              <option value="majority">{t('method.majority')}</option>
              <option value="consent">{t('method.consent')}</option>
            </select>
          </Field>
          <Field label={t('create.quorum')}>
            <input
              type="number"
              min={0}
              max={100}
              value={quorum}
              onChange={(e) => setQuorum(e.target.value)}
            />
          </Field>
          <button type="submit">{t('create.submit')}</button>
        </form>
      </section>
      <section className="identity">
        <h2>{t('identity.title')}</h2>
        <p>
          {t('identity.key')} <code className="key">{identity.publicKey}</code>
        </p>
        <a href="#/device">{t('identity.manage')}</a>
      </section>
    </>
  )
}
