// The form to propose: a title and a text, kept as a draft on this device until sent. An assembly's
// members propose with it, and a council's delegates propose motions.
import type { SpaceState } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { Field } from './field.js'

/** The propose form under `heading`; its draft is kept under `draft` (distinct per form). */
export function ProposeForm(props: {
  readonly state: SpaceState
  readonly heading: string
  readonly draft: 'propose' | 'motion'
}) {
  const { state } = props
  const { t } = useTranslation()
  const { actions } = useApp()
  const [title, setTitle, clearTitle] = useDraft(`${state.space}.${props.draft}.title`)
  const [text, setText, clearText] = useDraft(`${state.space}.${props.draft}.text`)
  const propose = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.propose(state, title.trim(), text.trim())
    clearTitle()
    clearText()
  }
  return (
    <form onSubmit={(e) => void propose(e)}>
      <h3>{props.heading}</h3>
      <Field label={t('propose.heading')}>
        <input value={title} required maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('propose.text')}>
        <textarea value={text} required onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit">{t('propose.submit')}</button>
    </form>
  )
}
