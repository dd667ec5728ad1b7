// Mandates on council votes. When a council poll closes, every sealed ballot of a delegate whose
// space noticed a mandate (for, against, abstain) on that poll is checked: the ballot still counts,
// and the result lists it with `kept` true or false. Judged on majority polls (the first option is
// the motion: for; any other option: against; no choice: abstain) and consent polls (agree: for;
// disagree or block: against; abstain: abstain); for other methods `kept` is null (not judged).
// Only the sealed ballots and the mandates noticed before the close count, so it is deterministic.
import type { CouncilState } from './council-state.js'
import type { MandatePosition } from './event-bodies.js'
import type { BallotRecord, PollRecord } from './space-state.js'

/** One delegate's ballot under a mandate, as listed in a council poll's result. */
export interface MandateCheck {
  readonly ballot: string
  readonly delegate: string
  readonly space: string
  readonly mandate: MandatePosition
  readonly cast: MandatePosition | 'other' | null
  readonly kept: boolean | null
}

/** The position a ballot takes on the motion, or null when the method is not judged. */
export function ballotPosition(
  poll: Pick<PollRecord, 'method' | 'options'>,
  vote: unknown,
): MandatePosition | 'other' | null {
  if (poll.method === 'majority') {
    const choice = (vote as { choice: string | null }).choice
    if (choice === null) return 'abstain'
    return choice === poll.options[0] ? 'for' : 'against'
  }
  if (poll.method === 'consent') {
    const position = (vote as { position: string }).position
    if (position === 'agree') return 'for'
    if (position === 'abstain') return 'abstain'
    return 'against'
  }
  return null
}

/** The mandate checks of a council poll's sealed ballots, sorted by ballot id. */
export function mandateChecks(
  council: CouncilState,
  poll: PollRecord,
  sealed: readonly BallotRecord[],
): MandateCheck[] {
  const checks: MandateCheck[] = []
  for (const ballot of sealed) {
    const delegate = council.delegates.get(ballot.voter)
    if (delegate === undefined) continue
    const mandate = council.spaces.get(delegate.space)?.mandates.get(poll.id)
    if (mandate === undefined || mandate.position === 'free') continue
    const cast = ballotPosition(poll, ballot.vote)
    checks.push({
      ballot: ballot.id,
      delegate: ballot.voter,
      space: delegate.space,
      mandate: mandate.position,
      cast,
      kept: cast === null ? null : cast === mandate.position,
    })
  }
  return checks.sort((a, b) => (a.ballot < b.ballot ? -1 : 1))
}
