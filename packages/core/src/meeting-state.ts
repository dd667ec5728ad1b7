// Live meetings as the fold keeps them: the agenda item under discussion, the raised hands, who
// has spoken, who is speaking (since the claimed time of the call) and who marked themselves
// present. Mutated in place by meeting-rules.ts after every check has passed, like the rest of
// SpaceState; read through `describeMeetings` and `speakersQueue`.
import type { EventId, PublicKey } from './ids.js'

export type HandKind = 'speak' | 'point-of-order'

export interface HandRecord {
  readonly member: PublicKey
  readonly kind: HandKind
  /** The `meeting.hand-raised` event. */
  readonly event: EventId
  /** The raiser's claimed time: the queue's order within a group (then the event id). */
  readonly at: number
}

export interface SpeakerRecord {
  readonly member: PublicKey
  readonly kind: HandKind
  /** The facilitator's claimed time of the call: the countdown starts here (display only). */
  readonly at: number
}

export interface MeetingRecord {
  readonly id: EventId
  readonly opener: PublicKey
  readonly title: string
  readonly agenda: readonly string[]
  readonly progressiveStack: boolean
  readonly speakerSeconds: number
  status: 'open' | 'closed'
  /** The agenda item under discussion (0-based). */
  item: number
  readonly hands: Map<PublicKey, HandRecord>
  /** Members called to speak at least once in this meeting. */
  readonly spoken: Set<PublicKey>
  speaker: SpeakerRecord | null
  readonly present: Set<PublicKey>
}

/** The meeting that is open now, if any (at most one is open at a time). */
export function openMeeting(meetings: ReadonlyMap<EventId, MeetingRecord>): MeetingRecord | null {
  for (const meeting of meetings.values()) if (meeting.status === 'open') return meeting
  return null
}
