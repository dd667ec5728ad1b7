// The conversations of an assembly (docs/opinions.md): each with its question, how many statements
// it has and whether it is closed, linking to its own screen (#/a/<space>/c/<id>, loaded lazily
// with the opinion map); for facilitators, a form to open one.
import { isFacilitator } from '@veche/core'
import type { SpaceState } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { openConversation } from '../lib/conversation-actions.js'
import { Field } from './field.js'

export function ConversationsSection({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const [question, setQuestion, clearQuestion] = useDraft(`${state.space}.conversation.question`)
  const conversations = [...state.conversations.values()]
  const facilitator = isFacilitator(state, actions.me)
  if (conversations.length === 0 && !facilitator) return null
  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const asked = question.trim()
    const id = await openConversation(actions, state, asked)
    clearQuestion(question)
    navigate(`a/${state.space}/c/${id}`)
  }
  return (
    <section className="conversations">
      <h2>{t('conversations.title')}</h2>
      {conversations.length === 0 && <p>{t('conversations.none')}</p>}
      <ul>
        {conversations.map((c) => (
          <li key={c.id}>
            <a href={`#/a/${state.space}/c/${c.id}`}>
              <bdi>{c.question}</bdi>
            </a>{' '}
            <span className="meta">
              ({t('conversations.statements', { count: c.statements.size })}
              {c.status === 'closed' && <> · {t('conversation.closed')}</>})
            </span>
          </li>
        ))}
      </ul>
      {facilitator && (
        <form onSubmit={(e) => void open(e)}>
          <h3>{t('conversations.open')}</h3>
          <Field label={t('conversations.question')}>
            <input
              value={question}
              required
              maxLength={1000}
              onChange={(e) => setQuestion(e.target.value)}
            />
          </Field>
          <button type="submit">{t('conversations.start')}</button>
        </form>
      )}
    </section>
  )
}
