// Drafting a statement (#/a/<space>/s/new), or a new version of an adopted one
// (#/a/<space>/s/<id>/revise, starting from its text): the language of the original, title, lead
// lines, numbered paragraphs, closing lines, references and notes. What is typed is kept across
// reloads; the body is checked against core's schema before it is signed.
import { isActiveMember, isFacilitator } from '@veche/core'
import type { EventId, SpaceId, SpaceState } from '@veche/core'
import type { TFunction } from 'i18next'
import { useId, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { Field } from '../components/field.js'
import { PendingList } from '../components/pending-list.js'
import { LanguageOptions, useJsonDraft } from '../components/statement-parts.js'
import { navigate, useSpace } from '../hooks.js'
import { draftStatement, reviseStatement } from '../lib/statement-actions.js'
import { emptyStatementForm, statementBody, statementForm } from '../lib/statement-form.js'
import type { FormProblem, StatementFormText } from '../lib/statement-form.js'
import '../statement.css'

export function StatementDraftScreen(props: {
  readonly space: SpaceId
  /** The adopted statement this is a new version of, or null for a new statement. */
  readonly previous: EventId | null
}) {
  const { t } = useTranslation()
  const { replica } = useSpace(props.space)
  const state = replica?.state
  if (state === undefined) return <p>{t('status.loading')}</p>
  const back = (
    <p>
      <a href={`#/a/${props.space}/statements`}>{t('nav.assembly')}</a>
    </p>
  )
  const previous =
    props.previous === null ? null : (state.statements.documents.get(props.previous) ?? null)
  if (props.previous !== null && (previous === null || previous.adopted === null))
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
      <DraftForm
        state={state}
        previous={previous?.id ?? null}
        initial={previous === null ? null : statementForm(previous)}
      />
    </>
  )
}

function DraftForm(props: {
  readonly state: SpaceState
  readonly previous: EventId | null
  readonly initial: StatementFormText | null
}) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const { state, previous } = props
  const languages = useId()
  const draftKey =
    previous === null ? `${state.space}.statement.new` : `${previous}.statement.revise`
  const [form, setForm, clearForm] = useJsonDraft<StatementFormText>(
    draftKey,
    props.initial ?? emptyStatementForm(i18n.language),
  )
  const [problem, setProblem] = useState<FormProblem | null>(null)
  const mayDraft =
    isActiveMember(state, actions.me) &&
    (state.assembly?.rules.proposeRight !== 'facilitator' || isFacilitator(state, actions.me))
  const change = (part: Partial<StatementFormText>): void => setForm({ ...form, ...part })
  const setParagraph = (i: number, text: string): void =>
    change({ paragraphs: form.paragraphs.map((p, j) => (j === i ? text : p)) })

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const checked = statementBody(form)
    if (!checked.ok) return setProblem(checked.problem)
    setProblem(null)
    const id =
      previous === null
        ? await draftStatement(actions, state, checked.body)
        : await reviseStatement(actions, state, previous, checked.body)
    clearForm()
    navigate(`a/${state.space}/s/${id}`)
  }

  return (
    <form className="statement-form" onSubmit={(e) => void submit(e)}>
      <h2>{t(previous === null ? 'statementForm.title' : 'statementForm.reviseTitle')}</h2>
      {!mayDraft && <p className="warning">{t('statementForm.notAllowed')}</p>}
      <Field label={t('statementForm.language')}>
        <input
          value={form.language}
          list={languages}
          required
          pattern="[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
          onChange={(e) => change({ language: e.target.value })}
        />
      </Field>
      <LanguageOptions id={languages} ui={i18n.language} />
      <Field label={t('statementForm.heading')}>
        <input
          value={form.title}
          required
          maxLength={300}
          lang={form.language}
          onChange={(e) => change({ title: e.target.value })}
        />
      </Field>
      <Field label={t('statementForm.lead')}>
        <textarea
          value={form.lead}
          lang={form.language}
          onChange={(e) => change({ lead: e.target.value })}
        />
      </Field>
      <fieldset>
        <legend>{t('statementForm.paragraphs')}</legend>
        {form.paragraphs.map((paragraph, i) => (
          <Field key={i} label={t('statement.paragraph', { number: i + 1 })}>
            <textarea
              value={paragraph}
              lang={form.language}
              maxLength={10_000}
              onChange={(e) => setParagraph(i, e.target.value)}
            />
          </Field>
        ))}
        <div className="row">
          <button
            type="button"
            className="small"
            onClick={() => change({ paragraphs: [...form.paragraphs, ''] })}
          >
            {t('statementForm.addParagraph')}
          </button>
          {form.paragraphs.length > 1 && (
            <button
              type="button"
              className="small"
              onClick={() => change({ paragraphs: form.paragraphs.slice(0, -1) })}
            >
              {t('statementForm.removeParagraph', { number: form.paragraphs.length })}
            </button>
          )}
        </div>
      </fieldset>
      <Field label={t('statementForm.closing')}>
        <textarea
          value={form.closing}
          lang={form.language}
          onChange={(e) => change({ closing: e.target.value })}
        />
      </Field>
      <Field label={t('statementForm.references')}>
        <textarea
          value={form.references}
          onChange={(e) => change({ references: e.target.value })}
        />
      </Field>
      <Field label={t('statementForm.notes')}>
        <textarea value={form.notes} onChange={(e) => change({ notes: e.target.value })} />
      </Field>
      {problem !== null && <p role="alert">{problemText(t, problem)}</p>}
      <button type="submit" disabled={!mayDraft}>
        {t(previous === null ? 'statementForm.submit' : 'statementForm.submitRevision')}
      </button>
    </form>
  )
}

/** A form problem in the interface language, naming the field. */
export function problemText(t: TFunction, p: FormProblem): string {
  const field =
    p.field === 'paragraph'
      ? t('statement.paragraph', { number: p.number ?? 1 })
      : t(`statementForm.field.${p.field}`)
  if (p.field === 'references') return t('statementForm.badReference', { line: p.detail })
  if (p.field === 'paragraph' && p.number === undefined) return t('statementForm.noParagraphs')
  return t('statementForm.problem', { field, detail: p.detail })
}
