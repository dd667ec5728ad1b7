// Changing a proposal: its versions (the original, then each amendment with its note), and for
// its author or a facilitator, amending it or withdrawing it.
import { isFacilitator } from '@veche/core'
import type { ProposalRecord, SpaceState } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { Field } from './field.js'

export function ProposalChanges(props: {
  readonly state: SpaceState
  readonly proposal: ProposalRecord
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, proposal } = props
  const key = `${proposal.id}.amend.v${proposal.versions.length}`
  const [title, setTitle, clearTitle] = useDraft(`${key}.title`, proposal.title)
  const [text, setText, clearText] = useDraft(`${key}.text`, proposal.text)
  const [note, setNote, clearNote] = useDraft(`${key}.note`)
  const mayChange =
    proposal.status === 'open' &&
    (proposal.author === actions.me || isFacilitator(state, actions.me))
  const amend = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.amend(state, proposal.id, {
      title: title.trim(),
      text: text.trim(),
      note: note.trim(),
    })
    clearTitle()
    clearText()
    clearNote()
  }
  return (
    <>
      {proposal.versions.length > 1 && (
        <section>
          <h2>{t('proposal.versions', { count: proposal.versions.length })}</h2>
          <ol>
            {proposal.versions.map((v) => (
              <li key={v.event}>
                <bdi>{v.title}</bdi>
                {v.note !== '' && (
                  <>
                    — <bdi>{v.note}</bdi>
                  </>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {mayChange && (
        <details>
          <summary>{t('amend.title')}</summary>
          <form onSubmit={(e) => void amend(e)}>
            <Field label={t('propose.heading')}>
              <input value={title} required onChange={(e) => setTitle(e.target.value)} />
            </Field>
            <Field label={t('propose.text')}>
              <textarea value={text} required onChange={(e) => setText(e.target.value)} />
            </Field>
            <Field label={t('amend.note')}>
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <div className="row">
              <button type="submit">{t('amend.submit')}</button>
              <button
                type="button"
                className="close"
                onClick={() => void actions.withdraw(state, proposal.id)}
              >
                {t('amend.withdraw')}
              </button>
            </div>
          </form>
        </details>
      )}
    </>
  )
}
