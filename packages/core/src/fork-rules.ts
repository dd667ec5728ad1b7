// Forks (equivocation): an author who signs two different events with the same seq in a space.
// Hubs that meet may each hold a different one, so neither can be trusted: both are kept as
// evidence (by the store), and none of that author's events from the forked seq on counts, on
// any branch, until a facilitator resolves it with `fork.resolved`, which restarts the author's
// chain at a seq the facilitator names. Keeping neither branch (rather than the first seen) is
// what makes hubs converge: the state no longer depends on which branch a hub saw first.
import type { PublicKey } from './ids.js'
import { reject } from './result.js'
import { isFacilitator } from './space-state.js'
import type { RuleHandler, SpaceState } from './space-state.js'

/**
 * Records that two different events of `author` with `seq` were seen in this space. A seq below
 * where a resolution restarted the chain is remembered but flags nothing: it is a late copy of a
 * fork already resolved. The caller must then rebuild the state from the stored events, so that
 * the author's events from `seq` on no longer count.
 */
export function recordFork(state: SpaceState, author: PublicKey, seq: number): void {
  const record = state.forks.get(author)
  if (record === undefined)
    state.forks.set(author, { seqs: new Set([seq]), resumeAt: 0, resolution: null })
  else record.seqs.add(seq)
}

export const applyForkResolved: RuleHandler<'fork.resolved'> = (state, event, id) => {
  if (!isFacilitator(state, event.author)) {
    return reject('member.not-facilitator', 'only a facilitator may resolve a fork', id)
  }
  const { member, next } = event.body
  if (member === event.author) {
    return reject('fork.bad-resolution', 'a facilitator may not resolve their own fork', id)
  }
  const head = state.heads.get(member)?.seq ?? 0
  if (next <= head) {
    return reject(
      'fork.bad-resolution',
      `the chain of ${member} already reaches seq ${head} here; resume at a seq above every seq the author used`,
      id,
    )
  }
  const record = state.forks.get(member)
  if (record === undefined) {
    state.forks.set(member, { seqs: new Set(), resumeAt: next, resolution: id })
  } else {
    record.resumeAt = next
    record.resolution = id
  }
  state.heads.set(member, { seq: next - 1, head: id, member: state.members.get(member) })
  return null
}
