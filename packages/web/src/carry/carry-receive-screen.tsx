// #/carry: reads another phone's QR series of an assembly's events (or one printed by `veche
// bundle qr`) with the camera or pasted as text, in any order, repeats ignored, and once every
// code is in, checks each event and adds it to this device's copy of the assembly. No hub and no
// network take part. A code that is not of the series, or damaged, is named and refused; the
// codes already read stay.
import { MAX_EVENT_MEMBERS, QrSeriesCollector } from '@veche/core'
import type { QrCodeRefusal } from '@veche/core'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { addCarryScreenStrings } from '../i18n/carry-screen-strings.js'
import { importCarriedBundle } from './carry-import.js'
import type { CarriedResult } from './carry-import.js'
import type { BundleRefusalCode } from './event-bundle.js'
import { QrScanner } from './qr-scanner.js'
import './carry.css'

type Phase =
  | { readonly kind: 'reading' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'done'; readonly spaces: readonly CarriedResult[] }

type Problem = QrCodeRefusal | { readonly code: 'qr.mismatch' | BundleRefusalCode }

export default function CarryReceiveScreen() {
  const { t, i18n } = useTranslation()
  addCarryScreenStrings(i18n)
  const { store, remember } = useApp()
  const collector = useRef(new QrSeriesCollector())
  const [progress, setProgress] = useState({ received: 0, count: 0 })
  const [problem, setProblem] = useState<Problem | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'reading' })

  const finish = async (): Promise<void> => {
    const joined = collector.current.join()
    if (!joined.ok) {
      // The series' own hash refuses the whole: start again (nothing was added).
      collector.current = new QrSeriesCollector()
      setProgress({ received: 0, count: 0 })
      setProblem({ code: 'qr.mismatch' })
      return
    }
    setPhase({ kind: 'checking' })
    const imported = await importCarriedBundle(store, joined.bundle)
    if (!imported.ok) {
      collector.current = new QrSeriesCollector()
      setProgress({ received: 0, count: 0 })
      setProblem({ code: imported.code })
      setPhase({ kind: 'reading' })
      return
    }
    for (const s of imported.spaces) if (s.name !== '') remember({ id: s.space, name: s.name })
    setPhase({ kind: 'done', spaces: imported.spaces })
  }

  const onText = (text: string): void => {
    if (phase.kind !== 'reading' || collector.current.complete) return
    const added = collector.current.add(text)
    if (!added.ok) return setProblem(added)
    setProblem(null)
    setProgress({ received: collector.current.received, count: collector.current.count })
    if (collector.current.complete) void finish()
  }

  const again = (): void => {
    collector.current = new QrSeriesCollector()
    setProgress({ received: 0, count: 0 })
    setProblem(null)
    setPhase({ kind: 'reading' })
  }

  return (
    <section className="carry">
      <h2>{t('carry.receiveTitle')}</h2>
      {phase.kind === 'done' ? (
        <>
          {phase.spaces.map((s) => (
            <div key={s.space} role="status" className="carry-result">
              <p>
                <bdi className="carry-name">{s.name === '' ? s.space : s.name}</bdi>
              </p>
              <p>{t('carry.added', { count: s.folded })}</p>
              {s.known > 0 && <p>{t('carry.known', { count: s.known })}</p>}
              {s.refused > 0 && (
                <p className="warning">{t('carry.refused', { count: s.refused })}</p>
              )}
              <p>
                <a href={`#/a/${s.space}`}>{t('carry.open')}</a>
              </p>
            </div>
          ))}
          <button type="button" onClick={again}>
            {t('carry.again')}
          </button>
        </>
      ) : (
        <>
          <p>{t('carry.receiveWhat')}</p>
          <p role="status" className="carry-progress">
            {phase.kind === 'checking'
              ? t('carry.checking')
              : progress.count === 0
                ? t('carry.none')
                : t('carry.progress', { received: progress.received, total: progress.count })}
          </p>
          {progress.count > 0 && (
            <progress max={progress.count} value={progress.received} aria-hidden="true" />
          )}
          {problem !== null && (
            <p role="alert" className="warning">
              {t(`carry.error.${problem.code}`, problemNumbers(problem, i18n.language))}{' '}
              {progress.received > 0 && t('carry.kept')}
            </p>
          )}
          <QrScanner onText={onText} />
        </>
      )}
    </section>
  )
}

/** The numbers a refusal's sentence names (never `count`, which would pick a plural form). */
function problemNumbers(problem: Problem, language: string): Record<string, number | string> {
  if (problem.code === 'qr.impossible' || problem.code === 'qr.damaged')
    return { index: problem.index, total: problem.count }
  if (problem.code === 'qr.too-many') return { total: problem.count, max: problem.max }
  if (problem.code === 'bundle.too-many-members')
    return { max: new Intl.NumberFormat(language).format(MAX_EVENT_MEMBERS) }
  return {}
}
