// A proposal: its text and versions, the polls that decide it, and its comment thread.
import type { EventId, SpaceId } from '@veche/core'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { CommentThread } from '../components/comment-thread.js'
import { PendingList } from '../components/pending-list.js'
import { PollCard } from '../components/poll-card.js'
import { ProposalChanges } from '../components/proposal-changes.js'
import { useSpace } from '../hooks.js'

export function ProposalScreen(props: { readonly space: SpaceId; readonly proposal: EventId }) {
  const { t, i18n } = useTranslation()
  const { replica } = useSpace(props.space)
  const state = replica?.state
  if (state === undefined) return <p>{t('status.loading')}</p>
  const proposal = state.proposals.get(props.proposal)
  const back = <a href={`#/a/${props.space}/proposals`}>{t('nav.assembly')}</a>
  if (proposal === undefined)
    return (
      <section>
        <p>{t('proposal.unknown')}</p>
        {back}
      </section>
    )
  const submittedAt = replica?.times.get(proposal.id)
  const author = state.members.get(proposal.author)?.name ?? proposal.author.slice(0, 8)
  return (
    <>
      <p>{back}</p>
      <article className="proposal">
        <h2>
          <bdi>{proposal.title}</bdi>
        </h2>
        {proposal.status === 'withdrawn' && <p className="meta">{t('proposal.withdrawn')}</p>}
        <p className="meta">
          {t('proposal.by', { name: author })}
          {submittedAt !== undefined && <> · {formatDateTime(i18n.language, submittedAt)}</>}
        </p>
        <p className="text" dir="auto">
          {proposal.text}
        </p>
      </article>
      <ProposalChanges state={state} proposal={proposal} />
      <PendingList space={props.space} />
      {[...state.polls.values()]
        .filter((p) => p.proposal === proposal.id)
        .map((p) => (
          <PollCard key={p.id} state={state} poll={p} openedAt={replica?.times.get(p.id)} />
        ))}
      <CommentThread state={state} proposal={proposal.id} />
    </>
  )
}
