// Amending a draft statement: one paragraph at a time (or a new one at the end), or the parts
// around the paragraphs (title, lead and closing lines, references, notes), each with a note on
// what changed and why. Only the statement's author or a facilitator sees these.
import type { SpaceState, StatementRecord } from '@veche/core'
import { STATEMENT_BODY_SCHEMAS } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { amendFrame, amendParagraph } from '../lib/statement-actions.js'
import { formatReferences, parseReferences, splitLines } from '../lib/statement-form.js'
import { Field } from './field.js'

export function ParagraphAmendment(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
}) {
  const { t } = useTranslation()
  const { statement } = props
  const count = statement.paragraphs.length
  const [number, setNumber] = useDraft(`${statement.id}.amend.number`, '1')
  const chosen = Math.min(Math.max(1, Number(number) || 1), count + 1)
  return (
    <div>
      <h3>{t('amendParagraph.title')}</h3>
      <Field label={t('amendParagraph.which')}>
        <select value={String(chosen)} onChange={(e) => setNumber(e.target.value)}>
          {statement.paragraphs.map((_, i) => (
            <option key={i} value={String(i + 1)}>
              {t('statement.paragraph', { number: i + 1 })}
            </option>
          ))}
          <option value={String(count + 1)}>
            {t('amendParagraph.addAtEnd', { number: count + 1 })}
          </option>
        </select>
      </Field>
      {/* A fresh form per paragraph and per change, so its text starts from the paragraph's. */}
      <ParagraphForm
        key={`${chosen}.${statement.amendments.length}`}
        state={props.state}
        statement={statement}
        number={chosen}
      />
    </div>
  )
}

function ParagraphForm(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly number: number
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, statement, number } = props
  const adding = number > statement.paragraphs.length
  const key = `${statement.id}.amend.${statement.amendments.length}`
  const current = statement.paragraphs[number - 1]?.text ?? ''
  const [text, setText, clearText] = useDraft(`${key}.text.${number}`, current)
  const [note, setNote, clearNote] = useDraft(`${key}.note`)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await amendParagraph(actions, state, statement.id, {
      number,
      text: text.trim(),
      note: note.trim(),
    })
    clearText()
    clearNote()
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Field label={t('amendParagraph.text', { number })}>
        <textarea
          value={text}
          required
          maxLength={10_000}
          lang={statement.language}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <Field label={t('amend.note')}>
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <button type="submit">
        {t(adding ? 'amendParagraph.add' : 'amendParagraph.submit', { number })}
      </button>
    </form>
  )
}

export function FrameAmendment(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, statement } = props
  const key = `${statement.id}.frame.${statement.amendments.length}`
  const [title, setTitle, clearTitle] = useDraft(`${key}.title`, statement.title)
  const [lead, setLead, clearLead] = useDraft(`${key}.lead`, statement.lead.join('\n'))
  const [closing, setClosing, clearClosing] = useDraft(
    `${key}.closing`,
    statement.closing.join('\n'),
  )
  const [references, setReferences, clearReferences] = useDraft(
    `${key}.references`,
    formatReferences(statement.references),
  )
  const [notes, setNotes, clearNotes] = useDraft(`${key}.notes`, statement.notes)
  const [note, setNote, clearNote] = useDraft(`${key}.note`)
  const [problem, setProblem] = useState('')
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const parsed = parseReferences(references)
    if (!parsed.ok) return setProblem(t('statementForm.badReference', { line: parsed.line }))
    const change = {
      title: title.trim(),
      lead: splitLines(lead),
      closing: splitLines(closing),
      references: parsed.references,
      notes: notes.trim(),
      note: note.trim(),
    }
    const checked = STATEMENT_BODY_SCHEMAS['statement.amended'].safeParse({
      statement: statement.id,
      ...change,
    })
    if (!checked.success) {
      const issue = checked.error.issues[0]!
      return setProblem(
        t('statementForm.problem', {
          field: t(`statementForm.field.${String(issue.path[0])}`),
          detail: issue.message,
        }),
      )
    }
    setProblem('')
    await amendFrame(actions, state, statement.id, change)
    for (const clear of [clearTitle, clearLead, clearClosing, clearReferences, clearNotes]) clear()
    clearNote()
  }
  return (
    <details>
      <summary>{t('amendFrame.title')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        <Field label={t('statementForm.heading')}>
          <input
            value={title}
            required
            maxLength={300}
            lang={statement.language}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label={t('statementForm.lead')}>
          <textarea
            value={lead}
            lang={statement.language}
            onChange={(e) => setLead(e.target.value)}
          />
        </Field>
        <Field label={t('statementForm.closing')}>
          <textarea
            value={closing}
            lang={statement.language}
            onChange={(e) => setClosing(e.target.value)}
          />
        </Field>
        <Field label={t('statementForm.references')}>
          <textarea value={references} onChange={(e) => setReferences(e.target.value)} />
        </Field>
        <Field label={t('statementForm.notes')}>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <Field label={t('amend.note')}>
          <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </Field>
        {problem !== '' && <p role="alert">{problem}</p>}
        <button type="submit">{t('amendFrame.submit')}</button>
      </form>
    </details>
  )
}
