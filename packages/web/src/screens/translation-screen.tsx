// The translation editor (#/a/<space>/s/<statement>/translate/<language>). The statement is cut
// into parts aligned with the original's numbering: the title, each lead line, each paragraph,
// each closing line. On a wide screen every part shows at once, the original beside its
// translation row by row; on a phone one part at a time, the original above its field, with
// previous, next and "n of N" (statement.css switches the layout; the current part is state).
// What is typed survives a reload. A part whose original changed since the saved translation is
// marked. Saving signs a `statement.translated` with the chosen status.
import { isActiveMember, outdatedParagraphs } from '@veche/core'
import type { EventId, SpaceId, SpaceState, StatementRecord } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { Field } from '../components/field.js'
import { PendingList } from '../components/pending-list.js'
import { languageName, useJsonDraft } from '../components/statement-parts.js'
import { navigate, useDraft, useSpace } from '../hooks.js'
import { translateStatement } from '../lib/statement-actions.js'
import '../statement.css'

export function TranslationScreen(props: {
  readonly space: SpaceId
  readonly statement: EventId
  readonly language: string
}) {
  const { t } = useTranslation()
  const { replica } = useSpace(props.space)
  const state = replica?.state
  if (state === undefined) return <p>{t('status.loading')}</p>
  const statement = state.statements.documents.get(props.statement)
  const back = (
    <p>
      <a href={`#/a/${props.space}/s/${props.statement}`}>{t('translate.back')}</a>
    </p>
  )
  if (statement === undefined)
    return (
      <>
        {back}
        <p>{t('statement.unknown')}</p>
      </>
    )
  return (
    <>
      {back}
      <PendingList space={props.space} />
      <TranslationEditor state={state} statement={statement} language={props.language} />
    </>
  )
}

/** What a translation holds, as the editor keeps it. */
interface TranslationText {
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly string[]
  readonly closing: readonly string[]
}

/** One part of the statement, aligned by its place in the original. */
interface Part {
  readonly key: string
  readonly label: string
  readonly original: string
  readonly value: string
  readonly outdated: boolean
  /** The paragraph's number, for paragraphs. */
  readonly paragraph?: number
  readonly set: (text: TranslationText, value: string) => TranslationText
}

function resized(lines: readonly string[], length: number): string[] {
  return Array.from({ length }, (_, i) => lines[i] ?? '')
}

function TranslationEditor(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly language: string
}) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const { state, statement, language } = props
  const saved = statement.translations.get(language)
  const key = `${statement.id}.translate.${language}`
  const [stored, setText, clearText] = useJsonDraft<TranslationText>(`${key}.text`, {
    title: saved?.title ?? '',
    lead: saved?.lead ?? [],
    paragraphs: saved?.paragraphs ?? [],
    closing: saved?.closing ?? [],
  })
  // Aligned with the original as it is now (an amendment may have added a paragraph).
  const text: TranslationText = {
    title: stored.title,
    lead: resized(stored.lead, statement.lead.length),
    paragraphs: resized(stored.paragraphs, statement.paragraphs.length),
    closing: resized(stored.closing, statement.closing.length),
  }
  const [status, setStatus] = useDraft(`${key}.status`, saved?.status ?? 'draft')
  const [step, setStep] = useDraft(`${key}.step`, '0')
  const [problem, setProblem] = useState('')
  const outdated = saved === undefined ? [] : outdatedParagraphs(statement, saved)
  const frameOutdated = saved !== undefined && saved.frameBasis !== statement.frameRevision
  const target = languageName(language, i18n.language)
  const original = languageName(statement.language, i18n.language)

  const parts: Part[] = [
    {
      key: 'title',
      label: t('translate.titlePart'),
      original: statement.title,
      value: text.title,
      outdated: frameOutdated,
      set: (x, v) => ({ ...x, title: v }),
    },
    ...statement.lead.map((line, i) => ({
      key: `lead-${i + 1}`,
      label: t('translate.leadPart', { number: i + 1 }),
      original: line,
      value: text.lead[i]!,
      outdated: frameOutdated,
      set: (x: TranslationText, v: string) => ({
        ...x,
        lead: x.lead.map((l, j) => (j === i ? v : l)),
      }),
    })),
    ...statement.paragraphs.map((p, i) => ({
      key: `paragraph-${i + 1}`,
      label: t('statement.paragraph', { number: i + 1 }),
      original: p.text,
      value: text.paragraphs[i]!,
      outdated: outdated.includes(i + 1),
      paragraph: i + 1,
      set: (x: TranslationText, v: string) => ({
        ...x,
        paragraphs: x.paragraphs.map((l, j) => (j === i ? v : l)),
      }),
    })),
    ...statement.closing.map((line, i) => ({
      key: `closing-${i + 1}`,
      label: t('translate.closingPart', { number: i + 1 }),
      original: line,
      value: text.closing[i]!,
      outdated: frameOutdated,
      set: (x: TranslationText, v: string) => ({
        ...x,
        closing: x.closing.map((l, j) => (j === i ? v : l)),
      }),
    })),
  ]
  const current = Math.min(Math.max(0, Number(step) || 0), parts.length - 1)
  const member = isActiveMember(state, actions.me)

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const empty = parts.findIndex((p) => p.value.trim() === '')
    if (empty !== -1) {
      setStep(String(empty))
      return setProblem(t('translate.empty', { part: parts[empty]!.label }))
    }
    setProblem('')
    await translateStatement(actions, state, statement.id, {
      language,
      title: text.title.trim(),
      lead: text.lead.map((l) => l.trim()),
      paragraphs: text.paragraphs.map((l) => l.trim()),
      closing: text.closing.map((l) => l.trim()),
      status: status === 'reviewed' ? 'reviewed' : 'draft',
    })
    clearText()
    setStep('0')
    navigate(`a/${state.space}/s/${statement.id}`)
  }

  if (language === statement.language) return <p role="alert">{t('translations.isOriginal')}</p>
  return (
    <form className="translation-editor" onSubmit={(e) => void save(e)}>
      <h2>{t('translate.title', { title: statement.title, language: target })}</h2>
      <p className="meta">
        {t('statement.original', { language: original })}
        {saved !== undefined && (
          <>
            {' · '}
            {t(`translations.status.${saved.status}`)}
          </>
        )}
      </p>
      {!member && <p className="warning">{t('translate.notMember')}</p>}
      {(outdated.length > 0 || frameOutdated) && (
        <p className="outdated-mark" role="status">
          {t('translate.someOutdated')}
        </p>
      )}
      <div className="columns" aria-hidden="true">
        <span>{t('translate.originalColumn', { language: original })}</span>
        <span>{t('translate.translationColumn', { language: target })}</span>
      </div>
      {parts.map((part, i) => (
        <div
          key={part.key}
          className={`unit${i === current ? ' current' : ''}${part.outdated ? ' outdated' : ''}`}
          data-part={part.key}
        >
          <div className="original" lang={statement.language}>
            <span className="unit-label" lang={i18n.language}>
              {part.label}
            </span>
            {part.outdated && (
              <>
                {' '}
                <span className="outdated-mark" lang={i18n.language}>
                  {t('translate.partOutdated')}
                </span>
              </>
            )}
            <p dir="auto">{part.original}</p>
          </div>
          <Field label={t('translate.field', { part: part.label, language: target })}>
            <textarea
              value={part.value}
              lang={language}
              maxLength={part.paragraph === undefined ? 1000 : 10_000}
              onFocus={() => setStep(String(i))}
              onChange={(e) => setText(part.set(text, e.target.value))}
            />
          </Field>
        </div>
      ))}
      <nav className="pager" aria-label={t('translate.pager')}>
        <button
          type="button"
          className="small"
          disabled={current === 0}
          onClick={() => setStep(String(current - 1))}
        >
          {t('translate.previous')}
        </button>
        <span aria-live="polite">
          {t('translate.position', { n: current + 1, total: parts.length })}
        </span>
        <button
          type="button"
          className="small"
          disabled={current === parts.length - 1}
          onClick={() => setStep(String(current + 1))}
        >
          {t('translate.next')}
        </button>
      </nav>
      <fieldset>
        <legend>{t('translate.status')}</legend>
        {(['draft', 'reviewed'] as const).map((s) => (
          <label key={s} className="choice">
            <input
              type="radio"
              name="status"
              value={s}
              checked={status === s}
              onChange={() => setStatus(s)}
            />
            {t(`translations.status.${s}`)}
          </label>
        ))}
      </fieldset>
      {problem !== '' && <p role="alert">{problem}</p>}
      <button type="submit" disabled={!member}>
        {t('translate.save')}
      </button>
    </form>
  )
}
