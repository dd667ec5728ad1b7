// The proposals section of an assembly: its proposals (withdrawn ones marked) and, for a member, a
// form to propose; then its conversations. Loaded when the section is opened.
import { isActiveMember } from '@veche/core'
import type { SpaceState } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { ConversationsSection } from './conversations-section.js'
import { Field } from './field.js'

export default function ProposalsPanel({ state }: { readonly state: SpaceState }) {
  return (
    <>
      <Proposals state={state} />
      <ConversationsSection state={state} />
    </>
  )
}

function Proposals({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const [title, setTitle, clearTitle] = useDraft(`${state.space}.propose.title`)
  const [text, setText, clearText] = useDraft(`${state.space}.propose.text`)
  const propose = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.propose(state, title.trim(), text.trim())
    clearTitle()
    clearText()
  }
  const proposals = [...state.proposals.values()]
  return (
    <section>
      <h2>{t('assembly.proposals')}</h2>
      {proposals.length === 0 && <p>{t('assembly.noProposals')}</p>}
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <a href={`#/a/${state.space}/p/${p.id}`}>
              <bdi>{p.title}</bdi>
            </a>
            {p.status === 'withdrawn' && <> ({t('proposal.withdrawn')})</>}
          </li>
        ))}
      </ul>
      {isActiveMember(state, actions.me) && (
        <form onSubmit={(e) => void propose(e)}>
          <h3>{t('propose.title')}</h3>
          <Field label={t('propose.heading')}>
            <input
              value={title}
              required
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          </Field>
          <Field label={t('propose.text')}>
            <textarea value={text} required onChange={(e) => setText(e.target.value)} />
          </Field>
          <button type="submit">{t('propose.submit')}</button>
        </form>
      )}
    </section>
  )
}
