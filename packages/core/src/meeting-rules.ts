// Rules for live meetings. A facilitator opens a meeting (one open at a time), advances its
// agenda, calls speakers from the queue and closes it; any member raises a hand (to speak, or a
// point of order) while none of theirs is up, lowers their own (a facilitator may lower anyone's),
// and marks themselves present once. Calling a member takes their hand down, makes them the
// speaker and counts them as having spoken (for the progressive stack).
import type { EventId } from './ids.js'
import { openMeeting } from './meeting-state.js'
import type { MeetingRecord } from './meeting-state.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { isFacilitator } from './space-state.js'
import type { RuleHandler, SpaceState } from './space-state.js'

function findOpen(state: SpaceState, meeting: EventId, id: EventId): MeetingRecord | Rejection {
  const record = state.meetings.get(meeting)
  if (record === undefined)
    return reject('meeting.unknown', `no meeting ${meeting} in this space`, id)
  if (record.status === 'closed') return reject('meeting.closed', 'this meeting is closed', id)
  return record
}

function isRejection(value: MeetingRecord | Rejection): value is Rejection {
  return 'ok' in value
}

export const applyMeetingOpened: RuleHandler<'meeting.opened'> = (state, event, id) => {
  if (!isFacilitator(state, event.author))
    return reject('meeting.not-allowed', 'only a facilitator may open a meeting', id)
  const open = openMeeting(state.meetings)
  if (open !== null)
    return reject('meeting.already-open', `meeting ${open.id} is still open; close it first`, id)
  const { title, agenda, progressiveStack, speakerSeconds } = event.body
  state.meetings.set(id, {
    id,
    opener: event.author,
    title,
    agenda,
    progressiveStack,
    speakerSeconds,
    status: 'open',
    item: 0,
    hands: new Map(),
    spoken: new Set(),
    speaker: null,
    present: new Set(),
  })
  return null
}

export const applyAgendaAdvanced: RuleHandler<'meeting.agenda-advanced'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  if (!isFacilitator(state, event.author))
    return reject('meeting.not-allowed', 'only a facilitator may move the agenda', id)
  if (event.body.item >= meeting.agenda.length)
    return reject(
      'meeting.bad-agenda-item',
      `the agenda has ${meeting.agenda.length} items; there is no item ${event.body.item}`,
      id,
    )
  meeting.item = event.body.item
  return null
}

export const applyHandRaised: RuleHandler<'meeting.hand-raised'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  if (meeting.hands.has(event.author))
    return reject('meeting.hand-already-raised', 'your hand is already raised', id)
  meeting.hands.set(event.author, {
    member: event.author,
    kind: event.body.kind,
    event: id,
    at: event.at,
  })
  return null
}

export const applyHandLowered: RuleHandler<'meeting.hand-lowered'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  const { member } = event.body
  if (member !== event.author && !isFacilitator(state, event.author))
    return reject('meeting.not-allowed', "only a facilitator may lower another member's hand", id)
  if (!meeting.hands.has(member)) return reject('meeting.no-hand', `${member} has no hand up`, id)
  meeting.hands.delete(member)
  return null
}

export const applySpeakerCalled: RuleHandler<'meeting.speaker-called'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  if (!isFacilitator(state, event.author))
    return reject('meeting.not-allowed', 'only a facilitator may call a speaker', id)
  const hand = meeting.hands.get(event.body.member)
  if (hand === undefined)
    return reject('meeting.no-hand', `${event.body.member} has no hand up`, id)
  meeting.hands.delete(hand.member)
  meeting.spoken.add(hand.member)
  meeting.speaker = { member: hand.member, kind: hand.kind, at: event.at }
  return null
}

export const applyMeetingAttended: RuleHandler<'meeting.attended'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  if (meeting.present.has(event.author))
    return reject('meeting.already-attended', 'you are already marked present', id)
  meeting.present.add(event.author)
  return null
}

export const applyMeetingClosed: RuleHandler<'meeting.closed'> = (state, event, id) => {
  const meeting = findOpen(state, event.body.meeting, id)
  if (isRejection(meeting)) return meeting
  if (!isFacilitator(state, event.author))
    return reject('meeting.not-allowed', 'only a facilitator may close a meeting', id)
  meeting.status = 'closed'
  meeting.speaker = null
  meeting.hands.clear()
  return null
}
