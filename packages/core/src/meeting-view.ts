// The plain-JSON view of a space's meetings, for the state hash: keyed by id and member key,
// with sets sorted, so it never depends on arrival order. Absent from spaces without meetings.
import type { MeetingRecord } from './meeting-state.js'

export type MeetingsView = Record<
  string,
  {
    opener: string
    title: string
    agenda: readonly string[]
    progressiveStack: boolean
    speakerSeconds: number
    status: string
    item: number
    hands: Record<string, { kind: string; event: string; at: number }>
    spoken: string[]
    speaker: { member: string; kind: string; at: number } | null
    present: string[]
  }
>

export function describeMeetings(meetings: ReadonlyMap<string, MeetingRecord>): MeetingsView {
  return Object.fromEntries(
    [...meetings.values()].map((m) => [
      m.id,
      {
        opener: m.opener,
        title: m.title,
        agenda: m.agenda,
        progressiveStack: m.progressiveStack,
        speakerSeconds: m.speakerSeconds,
        status: m.status,
        item: m.item,
        hands: Object.fromEntries(
          [...m.hands.values()].map((h) => [h.member, { kind: h.kind, event: h.event, at: h.at }]),
        ),
        spoken: [...m.spoken].sort(),
        speaker: m.speaker === null ? null : { ...m.speaker },
        present: [...m.present].sort(),
      },
    ]),
  )
}
