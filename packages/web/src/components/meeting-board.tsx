// What everyone in the hall sees of a live meeting, on a phone and on the projector alike: the
// agenda with the item under discussion, the speaker and their time left (counted from the
// claimed time of the call against this device's clock: display only), the speakers' queue in
// core's order, and attendance against the quorum.
import { countActiveMembers, quorumFor, speakersQueue, speakerTimeLeft } from '@veche/core'
import type { MeetingRecord, SpaceState } from '@veche/core'
import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { MemberName } from './user-text.js'

/** The time now, refreshed every second while `ticking`. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}

/** m:ss, negative once over time. */
export function formatClock(ms: number): string {
  const seconds = Math.ceil(Math.abs(ms) / 1000)
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
  return ms < 0 ? `−${text}` : text
}

export function memberName(state: SpaceState, key: string): string {
  return state.members.get(key as never)?.name ?? key.slice(0, 8)
}

export function MeetingBoard(props: {
  readonly state: SpaceState
  readonly meeting: MeetingRecord
  /** Extra controls for each queued hand (the facilitator's call and lower buttons). */
  readonly handControls?: (member: string) => ReactNode
}) {
  const { t } = useTranslation()
  const { state, meeting } = props
  const queue = speakersQueue(meeting)
  const now = useNow(meeting.speaker !== null && meeting.speakerSeconds > 0)
  const left = speakerTimeLeft(meeting, now)
  const members = countActiveMembers(state)
  const needed = quorumFor(state.assembly?.rules.quorum ?? { ballots: 0, percent: 0 }, members)
  const present = meeting.present.size
  return (
    <div className="meeting-board">
      {meeting.agenda.length > 0 && (
        <section aria-labelledby={`agenda-${meeting.id}`}>
          <h3 id={`agenda-${meeting.id}`}>{t('meeting.agenda')}</h3>
          <ol className="agenda">
            {meeting.agenda.map((item, i) => (
              <li
                key={i}
                className={i === meeting.item ? 'current' : undefined}
                aria-current={i === meeting.item ? 'step' : undefined}
              >
                <bdi>{item}</bdi>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section className="speaker" aria-live="polite">
        <h3>{t('meeting.speaker')}</h3>
        {meeting.speaker === null ? (
          <p>{t('meeting.noSpeaker')}</p>
        ) : (
          <p className="big">
            <MemberName state={state} member={meeting.speaker.member} />
            {meeting.speaker.kind === 'point-of-order' && (
              <span className="badge"> {t('meeting.pointOfOrder')}</span>
            )}
            {left !== null && (
              <span
                className={`countdown${left < 0 ? ' over' : ''}`}
                role="timer"
                aria-label={t('meeting.timeLeft')}
              >
                {' '}
                {formatClock(left)}
              </span>
            )}
          </p>
        )}
      </section>
      <section aria-labelledby={`queue-${meeting.id}`}>
        <h3 id={`queue-${meeting.id}`}>
          {t('meeting.queue')} ({t('meeting.hands', { count: queue.length })})
        </h3>
        {meeting.progressiveStack && <p className="meta">{t('meeting.progressiveExplain')}</p>}
        <ol className="queue">
          {queue.map((hand) => (
            <li key={hand.member} className={hand.kind}>
              <MemberName state={state} member={hand.member} />
              {hand.kind === 'point-of-order' && (
                <span className="badge"> {t('meeting.pointOfOrder')}</span>
              )}
              {meeting.progressiveStack &&
                hand.kind === 'speak' &&
                !meeting.spoken.has(hand.member) && (
                  <span className="badge"> {t('meeting.firstTime')}</span>
                )}
              {props.handControls?.(hand.member)}
            </li>
          ))}
        </ol>
      </section>
      <p className="attendance" aria-live="polite">
        {t('meeting.present', { count: present, members })}{' '}
        {needed === 0
          ? t('meeting.noQuorum')
          : present >= needed
            ? t('meeting.quorumMet', { count: needed })
            : t('meeting.quorumNotMet', { count: needed })}
      </p>
    </div>
  )
}
