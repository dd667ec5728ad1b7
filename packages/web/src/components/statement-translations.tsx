// A statement's translations: each language with its translator and status (draft or reviewed),
// the paragraphs whose original changed since (outdated), a link to read it here and one to open
// it in the editor; and starting a translation into another language, chosen by name from a list
// (or any BCP 47 tag, typed).
import { isActiveMember, outdatedParagraphs } from '@veche/core'
import type { SpaceState, StatementRecord, TranslationRecord } from '@veche/core'
import { useId, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { Field } from './field.js'
import { NAMED_LANGUAGES } from '../i18n/locale-data.js'
import { languageName, StatementText } from './statement-parts.js'

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/
/** The list's last choice: a language not on it, given by its tag. */
const OTHER = 'other'

export function StatementTranslations(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
}) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const { state, statement } = props
  const [reading, setReading] = useState<string | null>(null)
  const [choice, setChoice, clearChoice] = useDraft(`${statement.id}.translate.choice`)
  const [typed, setTyped, clearTyped] = useDraft(`${statement.id}.translate.language`)
  const [problem, setProblem] = useState('')
  const tagField = useId()
  // The languages by name in the interface language, in its alphabetical order.
  const offered = NAMED_LANGUAGES.filter((tag) => tag !== statement.language)
    .map((tag) => ({ tag, name: languageName(tag, i18n.language) }))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language))
  const translations = [...statement.translations.values()].sort((a, b) =>
    a.language.localeCompare(b.language),
  )
  const editor = (tag: string): string => `#/a/${state.space}/s/${statement.id}/translate/${tag}`
  const start = (e: FormEvent): void => {
    e.preventDefault()
    const tag = choice === OTHER ? typed.trim() : choice
    if (!LANGUAGE_TAG.test(tag)) return setProblem(t('translations.badLanguage'))
    if (tag === statement.language) return setProblem(t('translations.isOriginal'))
    setProblem('')
    clearChoice()
    clearTyped()
    navigate(editor(tag).slice(2))
  }
  const shown = reading === null ? undefined : statement.translations.get(reading)
  return (
    <section>
      <h2>{t('translations.title')}</h2>
      {translations.length === 0 && <p>{t('translations.none')}</p>}
      <ul>
        {translations.map((tr) => (
          <li key={tr.language}>
            <TranslationLine state={state} statement={statement} translation={tr} />{' '}
            <button
              type="button"
              className="small"
              aria-pressed={reading === tr.language}
              onClick={() => setReading(reading === tr.language ? null : tr.language)}
            >
              {t('translations.read', { language: languageName(tr.language, i18n.language) })}
            </button>{' '}
            {isActiveMember(state, actions.me) && (
              <a href={editor(tr.language)}>
                {t('translations.edit', { language: languageName(tr.language, i18n.language) })}
              </a>
            )}
          </li>
        ))}
      </ul>
      {shown !== undefined && (
        <div className="translation-reading">
          <StatementText
            text={shown}
            marks={(n) =>
              outdatedParagraphs(statement, shown).includes(n) ? (
                <span className="outdated-mark">{t('translations.paragraphOutdated')}</span>
              ) : null
            }
          />
        </div>
      )}
      {isActiveMember(state, actions.me) && (
        <form onSubmit={start}>
          <Field label={t('translations.into')}>
            <select value={choice} required onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('translations.choose')}</option>
              {offered.map(({ tag, name }) => (
                <option key={tag} value={tag}>
                  {name}
                </option>
              ))}
              <option value={OTHER}>{t('translations.otherLanguage')}</option>
            </select>
          </Field>
          {choice === OTHER && (
            <div className="field">
              <label htmlFor={tagField}>{t('translations.tag')}</label>
              <input
                id={tagField}
                value={typed}
                required
                autoCapitalize="none"
                spellCheck={false}
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
          )}
          {problem !== '' && <p role="alert">{problem}</p>}
          <button type="submit">{t('translations.start')}</button>
        </form>
      )}
    </section>
  )
}

function TranslationLine(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly translation: TranslationRecord
}) {
  const { t, i18n } = useTranslation()
  const { state, statement, translation } = props
  const outdated = outdatedParagraphs(statement, translation)
  const frameOutdated = translation.frameBasis !== statement.frameRevision
  const translator =
    state.members.get(translation.translator)?.name ?? translation.translator.slice(0, 8)
  return (
    <>
      <strong>{languageName(translation.language, i18n.language)}</strong> ·{' '}
      {t(`translations.status.${translation.status}`)} ·{' '}
      {t('translations.by', { name: translator })}
      {outdated.length > 0 && (
        <>
          {' '}
          <span className="outdated-mark">
            {t('translations.outdated', { count: outdated.length, numbers: outdated.join(', ') })}
          </span>
        </>
      )}
      {frameOutdated && (
        <>
          {' '}
          <span className="outdated-mark">{t('translations.frameOutdated')}</span>
        </>
      )}
    </>
  )
}
