// Rules for proposals and comments. A proposal's author (or a facilitator) may amend or withdraw
// it; every version is kept. Comments thread under a proposal.
import { reject } from './result.js'
import { isFacilitator } from './space-state.js'
import type { ProposalRecord, RuleHandler, SpaceState } from './space-state.js'
import type { EventId, PublicKey } from './ids.js'
import type { Rejection } from './result.js'

export const applyProposalSubmitted: RuleHandler<'proposal.submitted'> = (state, event, id) => {
  if (state.assembly!.rules.proposeRight === 'facilitator' && !isFacilitator(state, event.author)) {
    return reject('proposal.not-allowed', 'only facilitators may propose in this assembly', id)
  }
  const { title, text } = event.body
  state.proposals.set(id, {
    id,
    author: event.author,
    title,
    text,
    versions: [{ event: id, title, note: '' }],
    status: 'open',
  })
  return null
}

function openProposalByAuthor(
  state: SpaceState,
  proposalId: EventId,
  actor: PublicKey,
  id: EventId,
): ProposalRecord | Rejection {
  const proposal = state.proposals.get(proposalId)
  if (proposal === undefined)
    return reject('proposal.unknown', `no proposal ${proposalId} in this space`, id)
  if (proposal.status === 'withdrawn')
    return reject('proposal.withdrawn', 'this proposal was withdrawn', id)
  if (proposal.author !== actor && !isFacilitator(state, actor)) {
    return reject(
      'proposal.not-author',
      "only the proposal's author or a facilitator may do this",
      id,
    )
  }
  return proposal
}

export const applyProposalAmended: RuleHandler<'proposal.amended'> = (state, event, id) => {
  const proposal = openProposalByAuthor(state, event.body.proposal, event.author, id)
  if ('ok' in proposal) return proposal
  proposal.title = event.body.title
  proposal.text = event.body.text
  proposal.versions.push({ event: id, title: event.body.title, note: event.body.note })
  return null
}

export const applyProposalWithdrawn: RuleHandler<'proposal.withdrawn'> = (state, event, id) => {
  const proposal = openProposalByAuthor(state, event.body.proposal, event.author, id)
  if ('ok' in proposal) return proposal
  proposal.status = 'withdrawn'
  return null
}

export const applyCommentPosted: RuleHandler<'comment.posted'> = (state, event, id) => {
  const { proposal, parent, text } = event.body
  if (!state.proposals.has(proposal))
    return reject('proposal.unknown', `no proposal ${proposal} in this space`, id)
  if (parent !== null && state.comments.get(parent)?.proposal !== proposal) {
    return reject('comment.unknown-parent', `no comment ${parent} under this proposal`, id)
  }
  state.comments.set(id, { id, proposal, parent, author: event.author, text })
  return null
}
