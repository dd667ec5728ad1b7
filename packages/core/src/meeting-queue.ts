// The speakers' queue as a pure function of a meeting's state, so every phone and the projector
// show the same order: points of order first of all; then, under a progressive stack, members
// who have not spoken yet in this meeting before those who have; within a group by the raiser's
// claimed time, then by event id (a total order that does not depend on arrival).
import type { HandRecord, MeetingRecord } from './meeting-state.js'

/** The raised hands of `meeting` in the order the facilitator should call them. */
export function speakersQueue(
  meeting: Pick<MeetingRecord, 'hands' | 'spoken' | 'progressiveStack'>,
): HandRecord[] {
  const group = (hand: HandRecord): number => {
    if (hand.kind === 'point-of-order') return 0
    if (meeting.progressiveStack && !meeting.spoken.has(hand.member)) return 1
    return 2
  }
  return [...meeting.hands.values()].sort(
    (a, b) =>
      group(a) - group(b) || a.at - b.at || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0),
  )
}

/**
 * Milliseconds the current speaker has left at `now` (the phone's clock), or null when there is
 * no speaker or no limit. Display only: never a rule.
 */
export function speakerTimeLeft(
  meeting: Pick<MeetingRecord, 'speaker' | 'speakerSeconds' | 'status'>,
  now: number,
): number | null {
  if (meeting.speaker === null || meeting.speakerSeconds === 0 || meeting.status !== 'open')
    return null
  return meeting.speaker.at + meeting.speakerSeconds * 1000 - now
}
