// Fork rule 2: a second event at a seq its author already used is fork evidence only if it could
// be taken somewhere. One that its own bytes, its space's founding and the one event its body
// names rule out (a ballot for an option its poll lacks, a poll with bad options, a text the
// space's text rules refuse, a type its rules version supersedes) is refused with that `invalid`
// code and kept nowhere: no hub takes it, so its seq was free, and a device that signed another
// event there after seeing it refused did nothing wrong. Nothing a replica learns later changes the judgement, because everything it
// reads is fixed by ids (the named event's bytes, the creation event's declarations), so every
// replica decides alike whatever else it holds and in whatever order the two events arrive.
// Refusals that depend on more than that (a poll's close, who is a facilitator, a count's sealed
// ballots, another space) do not exempt: such an event stays evidence, as under fork rule 1.
// A space declares the rule in its creation event (`forkRule: 2`); one founded before keeps rule
// 1, so its stored logs replay as they did (docs/events.md, "Forks").
import type { SignedEvent } from './event-envelope.js'
import { textRulesRefusal } from './fold.js'
import type { EventId } from './ids.js'
import { checkVote } from './poll-methods.js'
import { openingShape, refuseOpeningBody } from './poll-rules.js'
import { reject } from './result.js'
import { refuseSupersededType } from './superseded-types.js'
import type { Rejection } from './result.js'
import type { SpaceState } from './space-state.js'

/** The fork rule a space founded now declares (`forkRule` in its creation event). */
export const FORK_RULE_VERSION = 2

/** The event whose bytes the fork judgement of `event` reads, if any: a ballot's poll. */
export function forkJudgementNeeds(event: SignedEvent): EventId | null {
  return event.type === 'ballot.cast' ? event.body.poll : null
}

/**
 * Under fork rule 2, why `parsed`, a second event at a seq its author already used, is no fork
 * evidence: an `invalid` refusal fixed by its bytes, its space's founding (the text rules and
 * the rules version `state` declares, nothing else of it) and `named`, the event
 * `forkJudgementNeeds` names. When the replica holds no such event (`named` null), the refusal is
 * the `waiting` one the fold gives, so a hub holds the event until it comes. Null when nothing of
 * that rules it out (it is evidence), and always under fork rule 1.
 */
export function forkExemption(
  state: SpaceState,
  parsed: { readonly event: SignedEvent; readonly id: EventId; readonly textProblem?: Rejection },
  named: SignedEvent | null,
): Rejection | null {
  if (state.forkRule < 2) return null
  const texts = textRulesRefusal(state, parsed)
  if (texts !== null) return texts
  const { event, id } = parsed
  const superseded = refuseSupersededType(state, event, id)
  if (superseded !== null) return superseded
  switch (event.type) {
    case 'poll.opened':
    case 'poll.opened.2':
    case 'poll.opened.3':
      return refuseOpeningBody(state, event, id)
    case 'ballot.cast': {
      if (named === null)
        return reject('ballot.unknown-poll', `no poll ${event.body.poll} in this space`, id)
      // A poll of another space, or one that never opens anywhere: the ballot waits for good,
      // which is no `invalid` refusal (a device keeps such a seq), so it stays evidence.
      if (named.space !== event.space) return null
      if (named.type === 'secret.poll-opened')
        return reject(
          'secret.is-secret',
          'this poll is secret: ballots are secret.ballot events of one-time keys',
          id,
        )
      if (
        named.type !== 'poll.opened' &&
        named.type !== 'poll.opened.2' &&
        named.type !== 'poll.opened.3'
      )
        return null
      if (refuseOpeningBody(state, named, id) !== null) return null
      const problem = checkVote(openingShape(named), event.body.vote)
      return problem === null ? null : reject('ballot.invalid', problem, id)
    }
    default:
      return null
  }
}
