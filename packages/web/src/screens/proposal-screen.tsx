// A proposal: its text, the polls that decide it, and its comments.
import { isActiveMember } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { PendingList } from '../components/pending-list.js'
import { PollCard } from '../components/poll-card.js'
import { useDraft, useSpace } from '../hooks.js'

export function ProposalScreen(props: { readonly space: SpaceId; readonly proposal: EventId }) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const { replica } = useSpace(props.space)
  const [comment, setComment, clearComment] = useDraft(`${props.proposal}.comment`)
  const state = replica?.state
  if (state === undefined) return <p>{t('status.loading')}</p>
  const proposal = state.proposals.get(props.proposal)
  const back = <a href={`#/a/${props.space}`}>{t('nav.assembly')}</a>
  if (proposal === undefined)
    return (
      <section>
        <p>{t('proposal.unknown')}</p>
        {back}
      </section>
    )
  const post = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.comment(state, proposal.id, comment.trim())
    clearComment()
  }
  const submittedAt = replica?.times.get(proposal.id)
  const author = state.members.get(proposal.author)?.name ?? proposal.author.slice(0, 8)
  const comments = [...state.comments.values()].filter((c) => c.proposal === proposal.id)
  return (
    <>
      <p>{back}</p>
      <article className="proposal">
        <h2>{proposal.title}</h2>
        <p className="meta">
          {t('proposal.by', { name: author })}
          {submittedAt !== undefined && <> · {formatDateTime(i18n.language, submittedAt)}</>}
        </p>
        <p className="text">{proposal.text}</p>
      </article>
      <PendingList space={props.space} />
      {[...state.polls.values()]
        .filter((p) => p.proposal === proposal.id)
        .map((p) => (
          <PollCard key={p.id} state={state} poll={p} openedAt={replica?.times.get(p.id)} />
        ))}
      <section>
        <h2>{t('proposal.comments', { count: comments.length })}</h2>
        <ul className="comments">
          {comments.map((c) => (
            <li key={c.id}>
              <strong>{state.members.get(c.author)?.name ?? c.author.slice(0, 8)}</strong>: {c.text}
            </li>
          ))}
        </ul>
        {isActiveMember(state, actions.me) && (
          <form onSubmit={(e) => void post(e)}>
            <label className="field">
              <span>{t('proposal.comment')}</span>
              <textarea value={comment} required onChange={(e) => setComment(e.target.value)} />
            </label>
            <button type="submit">{t('proposal.post')}</button>
          </form>
        )}
      </section>
    </>
  )
}
