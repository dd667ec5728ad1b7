// Rules for polls and ballots. A member may recast; a poll is closed by an event that seals the
// exact set of ballots counted (at most one per voter) together with the result, which every
// replay recomputes and compares, so a result never depends on arrival order or on who counted.
import { canonicalJson } from './canonical-json.js'
import { checkPollOptions, checkVote, computePollResult, quorumFor } from './poll-methods.js'
import { reject } from './result.js'
import { countActiveMembers, isFacilitator } from './space-state.js'
import type { BallotRecord, RuleHandler } from './space-state.js'

export const applyPollOpened: RuleHandler<'poll.opened'> = (state, event, id) => {
  if (!isFacilitator(state, event.author))
    return reject('poll.not-allowed', 'only a facilitator may open a poll', id)
  const { proposal, method, options } = event.body
  if (proposal !== null) {
    const record = state.proposals.get(proposal)
    if (record === undefined)
      return reject('proposal.unknown', `no proposal ${proposal} in this space`, id)
    if (record.status === 'withdrawn')
      return reject('proposal.withdrawn', 'this proposal was withdrawn', id)
  }
  const problem = checkPollOptions(method, options)
  if (problem !== null) return reject('poll.bad-options', problem, id)
  state.polls.set(id, {
    id,
    opener: event.author,
    question: event.body.question,
    proposal,
    method,
    options,
    threshold: event.body.threshold,
    tieBreakSeed: event.body.tieBreakSeed,
    status: 'open',
    ballots: new Map(),
    latest: new Map(),
    received: 0,
    sealed: null,
    result: null,
  })
  return null
}

export const applyBallotCast: RuleHandler<'ballot.cast'> = (state, event, id) => {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined)
    return reject('ballot.unknown-poll', `no poll ${event.body.poll} in this space`, id)
  if (poll.status === 'closed') return reject('ballot.poll-closed', 'this poll is closed', id)
  const problem = checkVote(poll, event.body.vote)
  if (problem !== null) return reject('ballot.invalid', problem, id)
  poll.ballots.set(id, { id, voter: event.author, vote: event.body.vote })
  poll.latest.set(event.author, id)
  poll.received += 1
  return null
}

export const applyPollClosed: RuleHandler<'poll.closed'> = (state, event, id) => {
  const poll = state.polls.get(event.body.poll)
  if (poll === undefined)
    return reject('poll.unknown', `no poll ${event.body.poll} in this space`, id)
  if (poll.status === 'closed') return reject('poll.closed', 'this poll is already closed', id)
  if (event.author !== poll.opener && !isFacilitator(state, event.author)) {
    return reject('poll.not-allowed', 'only the opener or a facilitator may close a poll', id)
  }
  const sealed: BallotRecord[] = []
  const voters = new Set<string>()
  for (const ballotId of event.body.ballots) {
    const ballot = poll.ballots.get(ballotId)
    if (ballot === undefined)
      return reject(
        'poll.unknown-ballot',
        `ballot ${ballotId} is not a ballot of this poll known here`,
        id,
      )
    if (voters.has(ballot.voter))
      return reject('poll.duplicate-voter', `two sealed ballots are from voter ${ballot.voter}`, id)
    voters.add(ballot.voter)
    sealed.push(ballot)
  }
  const quorum = quorumFor(state.assembly!.rules.quorum, countActiveMembers(state))
  const result = computePollResult(
    poll,
    sealed.map((b) => b.vote),
    { quorum },
  )
  if (!result.ok) return { ...result, eventId: id }
  if (canonicalJson(result.value) !== canonicalJsonOrNull(event.body.result)) {
    return reject(
      'poll.result-mismatch',
      `the stated result differs from the count of the sealed ballots: ${canonicalJson(result.value)}`,
      id,
    )
  }
  poll.status = 'closed'
  poll.sealed = [...event.body.ballots].sort()
  poll.result = result.value
  // The votes live on in the log; the state keeps only what the seal and the result need.
  poll.ballots.clear()
  poll.latest.clear()
  return null
}

function canonicalJsonOrNull(value: unknown): string | null {
  try {
    return canonicalJson(value)
  } catch {
    return null
  }
}

/**
 * The seal a closer would write now: each voter's latest ballot, sorted by id. Votes of members
 * who left or were removed since are still counted: they were members when they voted.
 */
export function proposeSeal(poll: { readonly latest: ReadonlyMap<string, string> }): string[] {
  return [...poll.latest.values()].sort()
}
