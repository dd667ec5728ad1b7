// Live meeting mode on a member's phone: the meeting board, "I am here", raise a hand (to speak
// or on a point of order) and lower it; for facilitators, open a meeting, call the next speaker,
// move the agenda and close. Every button signs an event; the queue is core's `speakersQueue`.
import { isActiveMember, isFacilitator, openMeeting, speakersQueue } from '@veche/core'
import type { MeetingRecord, PublicKey, SpaceState } from '@veche/core'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { Field } from './field.js'
import { MeetingBoard, memberName } from './meeting-board.js'
import { LookAlikeBadge } from './user-text.js'

export function MeetingPanel({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const meeting = openMeeting(state.meetings)
  const chair = isFacilitator(state, actions.me)
  if (meeting === null) return chair ? <OpenMeeting state={state} /> : null
  return (
    <section className="meeting" aria-labelledby="meeting-title">
      <h2 id="meeting-title">
        {t('meeting.live')}: <bdi>{meeting.title}</bdi>
      </h2>
      {isActiveMember(state, actions.me) && <MemberControls state={state} meeting={meeting} />}
      <MeetingBoard
        state={state}
        meeting={meeting}
        {...(chair
          ? {
              handControls: (member: string) => (
                <>
                  {' '}
                  <button
                    type="button"
                    className="small"
                    onClick={() => void actions.callSpeaker(state, meeting.id, member as PublicKey)}
                  >
                    {t('meeting.call', { name: memberName(state, member) })}
                  </button>{' '}
                  <button
                    type="button"
                    className="small"
                    onClick={() => void actions.lowerHand(state, meeting.id, member as PublicKey)}
                  >
                    {t('meeting.lowerFor', { name: memberName(state, member) })}
                  </button>
                </>
              ),
            }
          : {})}
      />
      {chair && <ChairControls state={state} meeting={meeting} />}
    </section>
  )
}

function MemberControls(props: { readonly state: SpaceState; readonly meeting: MeetingRecord }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, meeting } = props
  const me = actions.me
  const hand = meeting.hands.get(me)
  const place = speakersQueue(meeting).findIndex((h) => h.member === me)
  return (
    <div className="row">
      {!meeting.present.has(me) && (
        <button type="button" onClick={() => void actions.attend(state, meeting.id)}>
          {t('meeting.attend')}
        </button>
      )}
      {hand === undefined ? (
        <>
          <button type="button" onClick={() => void actions.raiseHand(state, meeting.id, 'speak')}>
            {t('meeting.raise')}
          </button>
          <button
            type="button"
            onClick={() => void actions.raiseHand(state, meeting.id, 'point-of-order')}
          >
            {t('meeting.raiseOrder')}
          </button>
        </>
      ) : (
        <>
          <p role="status">{t('meeting.yourPlace', { place: place + 1 })}</p>
          <button type="button" onClick={() => void actions.lowerHand(state, meeting.id, me)}>
            {t('meeting.lower')}
          </button>
        </>
      )}
    </div>
  )
}

function ChairControls(props: { readonly state: SpaceState; readonly meeting: MeetingRecord }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, meeting } = props
  const next = speakersQueue(meeting)[0]
  return (
    <div className="row">
      {next !== undefined && (
        <span>
          <button
            type="button"
            onClick={() => void actions.callSpeaker(state, meeting.id, next.member)}
          >
            {t('meeting.callNext', { name: memberName(state, next.member) })}
          </button>
          <LookAlikeBadge state={state} member={next.member} keyShown={false} />
        </span>
      )}
      {meeting.item + 1 < meeting.agenda.length && (
        <button
          type="button"
          onClick={() => void actions.advanceAgenda(state, meeting.id, meeting.item + 1)}
        >
          {t('meeting.nextItem')}
        </button>
      )}
      <button
        type="button"
        className="close"
        onClick={() => void actions.closeMeeting(state, meeting.id)}
      >
        {t('meeting.close')}
      </button>
    </div>
  )
}

function OpenMeeting({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const space = state.space
  const [title, setTitle, clearTitle] = useDraft(`${space}.meeting.title`)
  const [agenda, setAgenda, clearAgenda] = useDraft(`${space}.meeting.agenda`)
  const [progressive, setProgressive] = useDraft(`${space}.meeting.progressive`, 'yes')
  const [minutes, setMinutes] = useDraft(`${space}.meeting.minutes`, '2')
  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.openMeeting(state, {
      title: title.trim(),
      agenda: agenda
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 100),
      progressiveStack: progressive === 'yes',
      speakerSeconds: Math.min(3600, Math.max(0, Math.round(Number(minutes) * 60) || 0)),
    })
    clearTitle()
    clearAgenda()
  }
  return (
    <section className="meeting">
      <form onSubmit={(e) => void open(e)}>
        <h2>{t('meeting.open')}</h2>
        <Field label={t('meeting.title')}>
          <input
            value={title}
            required
            maxLength={300}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label={t('meeting.agendaInput')}>
          <textarea value={agenda} onChange={(e) => setAgenda(e.target.value)} />
        </Field>
        <Field label={t('meeting.minutes')}>
          <input
            type="number"
            min={0}
            max={60}
            step="0.5"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </Field>
        <label className="choice">
          <input
            type="checkbox"
            checked={progressive === 'yes'}
            onChange={(e) => setProgressive(e.target.checked ? 'yes' : 'no')}
          />{' '}
          {t('meeting.progressive')}
        </label>
        <button type="submit">{t('meeting.openSubmit')}</button>
      </form>
    </section>
  )
}
