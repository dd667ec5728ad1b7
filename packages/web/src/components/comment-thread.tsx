// A proposal's comments as a thread: answers sit under what they answer. Members reply to any
// comment; the reply box is a draft like every other field.
import { isActiveMember } from '@veche/core'
import type { CommentRecord, EventId, SpaceState } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { hasDraft, useDraft } from '../hooks.js'
import { Field } from './field.js'
import { MemberName } from './user-text.js'

export function CommentThread(props: { readonly state: SpaceState; readonly proposal: EventId }) {
  const { t } = useTranslation()
  const { state, proposal } = props
  const comments = [...state.comments.values()].filter((c) => c.proposal === proposal)
  const tree = new Map<EventId | null, CommentRecord[]>()
  for (const c of comments) tree.set(c.parent, [...(tree.get(c.parent) ?? []), c])
  return (
    <section>
      <h2>{t('proposal.comments', { count: comments.length })}</h2>
      <Replies {...props} parent={null} tree={tree} />
      <CommentForm {...props} parent={null} />
    </section>
  )
}

interface RepliesProps {
  readonly state: SpaceState
  readonly proposal: EventId
  readonly parent: EventId | null
  readonly tree: ReadonlyMap<EventId | null, readonly CommentRecord[]>
}

function Replies({ state, proposal, parent, tree }: RepliesProps) {
  const list = tree.get(parent) ?? []
  if (list.length === 0) return null
  return (
    <ul className="comments">
      {list.map((c) => (
        <Comment key={c.id} state={state} proposal={proposal} comment={c} tree={tree} />
      ))}
    </ul>
  )
}

function Comment(props: {
  readonly state: SpaceState
  readonly proposal: EventId
  readonly comment: CommentRecord
  readonly tree: ReadonlyMap<EventId | null, readonly CommentRecord[]>
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, proposal, comment, tree } = props
  const [replying, setReplying] = useState(() => hasDraft(`${proposal}.comment.${comment.id}`))
  const name = state.members.get(comment.author)?.name ?? comment.author.slice(0, 8)
  return (
    <li>
      <strong>
        <MemberName state={state} member={comment.author} />
      </strong>
      : <bdi>{comment.text}</bdi>{' '}
      {isActiveMember(state, actions.me) && !replying && (
        <button
          type="button"
          className="small"
          aria-label={t('comment.replyTo', { name })}
          onClick={() => setReplying(true)}
        >
          {t('comment.reply')}
        </button>
      )}
      {replying && (
        <CommentForm
          state={state}
          proposal={proposal}
          parent={comment.id}
          onDone={() => setReplying(false)}
        />
      )}
      <Replies state={state} proposal={proposal} parent={comment.id} tree={tree} />
    </li>
  )
}

function CommentForm(props: {
  readonly state: SpaceState
  readonly proposal: EventId
  readonly parent: EventId | null
  readonly onDone?: () => void
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, proposal, parent, onDone } = props
  const [text, setText, clear] = useDraft(`${proposal}.comment.${parent ?? 'top'}`)
  if (!isActiveMember(state, actions.me)) return null
  const post = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.comment(state, proposal, text.trim(), parent)
    clear()
    onDone?.()
  }
  return (
    <form onSubmit={(e) => void post(e)}>
      <Field label={parent === null ? t('proposal.comment') : t('comment.yourReply')}>
        <textarea value={text} required onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit">{parent === null ? t('proposal.post') : t('comment.post')}</button>
    </form>
  )
}
