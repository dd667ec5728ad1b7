// The projector: large type for the hall. A live meeting's agenda, speaker, countdown, queue and
// attendance; open votes with how many have voted and the live count per choice (for ranked,
// approval and score polls the count of the ballots in so far, rounds included); the latest
// decision; and the QR code of the invitation this device made last, so people in the hall can
// join from their seats; an open conversation's opinion map (loaded only when there is one), with
// no point marked as this device's. Follows the stream like every screen. On a projector or TV the screen's
// whole width is used (styles.css): the meeting and the votes in columns, an opinion map across two
// of them with its picture beside what the groups think, the invitation's QR code on the right; and
// it is drawn just small enough to fit the screen with no scrolling (projector-fit.ts). On a phone,
// one column.
import { computePollResult, countActiveMembers, openMeeting } from '@veche/core'
import type { PollRecord, SpaceId } from '@veche/core'
import { lazy, Suspense, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { InvitationQr } from '../components/invitation-qr.js'
import { MeetingBoard } from '../components/meeting-board.js'
import { MethodResult } from '../components/method-result.js'
import { PollResult } from '../components/poll-result.js'
import { useProjectorFit } from '../components/projector-fit.js'
import { SupersededCloses } from '../components/superseded-closes.js'
import { useSpace } from '../hooks.js'
import { lastInvitationLink } from '../lib/last-invitation.js'

const OpinionMapView = lazy(() => import('../components/opinion-map-view.js'))

/** Live counts of an open poll from each voter's latest ballot (what a close would seal). */
export function liveCounts(poll: PollRecord, labels: (choice: string) => string) {
  if (poll.method !== 'majority' && poll.method !== 'consent') return []
  const counts = new Map<string, number>()
  const order =
    poll.method === 'majority' ? [...poll.options, ''] : ['agree', 'abstain', 'disagree', 'block']
  for (const key of order) counts.set(key, 0)
  for (const id of poll.latest.values()) {
    const vote = poll.ballots.get(id)?.vote as { choice?: string | null; position?: string }
    const key = poll.method === 'majority' ? (vote.choice ?? '') : (vote.position ?? '')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return order.map((key) => ({ label: labels(key), votes: counts.get(key) ?? 0 }))
}

export function ProjectorScreen({ space }: { readonly space: SpaceId }) {
  const { t, i18n } = useTranslation()
  const { replica, connected, version, held = {} } = useSpace(space)
  const state = replica?.state
  const projector = useRef<HTMLDivElement>(null)
  useProjectorFit(projector, state?.assembly != null)
  if (state?.assembly == null) return <p>{t('status.loading')}</p>
  const number = new Intl.NumberFormat(i18n.language)
  const polls = [...state.polls.values()]
  const open = polls.filter((p) => p.status === 'open')
  const decided = polls.filter((p) => p.status === 'closed').at(-1)
  const link = lastInvitationLink(space)
  const meeting = openMeeting(state.meetings)
  const label = (poll: PollRecord) => (key: string) =>
    poll.method === 'majority' ? (key === '' ? t('vote.abstain') : key) : t(`vote.position.${key}`)
  return (
    <div ref={projector} className={link === null ? 'projector' : 'projector with-join'}>
      <div className="projector-head">
        <p className="projector-status">
          <a href={`#/a/${space}`}>{t('nav.assembly')}</a>
          {' · '}
          <span role="status">{connected ? t('status.live') : t('status.offline')}</span>
        </p>
        <h2>
          <bdi>{state.assembly.name}</bdi>
        </h2>
        <p className="big">{t('assembly.members', { count: countActiveMembers(state) })}</p>
      </div>
      <div className="projector-body">
        {meeting !== null && (
          <section>
            <h2>
              <bdi>{meeting.title}</bdi>
            </h2>
            <MeetingBoard state={state} meeting={meeting} />
          </section>
        )}
        {open.map((poll) => {
          // A secret poll: how many ballots, never what they say, until the count.
          if (poll.secret != null)
            return (
              <section key={poll.id} aria-live="polite">
                <h3>
                  <bdi>{poll.question}</bdi>
                </h3>
                <p className="secret-note">{t('secret.explain')}</p>
                <p className="big">
                  {poll.secret.phase === 'open'
                    ? t('secret.held', { count: held[poll.id] ?? 0 })
                    : t('secret.sealed', { count: poll.sealed?.length ?? 0 })}
                </p>
              </section>
            )
          if (poll.method !== 'majority' && poll.method !== 'consent')
            return <LiveCount key={poll.id} poll={poll} />
          const rows = liveCounts(poll, label(poll))
          const most = Math.max(1, ...rows.map((r) => r.votes))
          return (
            <section key={poll.id} aria-live="polite">
              <h3>
                <bdi>{poll.question}</bdi>
              </h3>
              <p className="big">{t('poll.voters', { count: poll.latest.size })}</p>
              <table className="live-tally">
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.label}>
                      <th scope="row">
                        <bdi>{row.label}</bdi>
                      </th>
                      <td className="votes">{number.format(row.votes)}</td>
                      <td className="bar" aria-hidden="true">
                        <span style={{ width: `${(100 * row.votes) / most}%` }} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        })}
        {[...state.conversations.values()]
          .filter((c) => c.status === 'open')
          .map((c) => (
            <section key={c.id} className="projector-map">
              <h3>
                <bdi>{c.question}</bdi>
              </h3>
              <Suspense fallback={<p>{t('status.loading')}</p>}>
                <OpinionMapView
                  state={state}
                  record={c}
                  revision={c.revision}
                  version={version}
                  forHall
                />
              </Suspense>
            </section>
          ))}
        {open.length === 0 && decided !== undefined && (
          <section>
            <h3>
              <bdi>{decided.question}</bdi>
            </h3>
            <PollResult result={decided.result} />
            <SupersededCloses state={state} poll={decided} />
          </section>
        )}
      </div>
      {link !== null && (
        <section className="projector-join">
          <h3>{t('projector.join')}</h3>
          <InvitationQr link={link} />
        </section>
      )}
    </div>
  )
}

/** The count of an open ranked, approval or score poll over the ballots in so far. */
function LiveCount({ poll }: { readonly poll: PollRecord }) {
  const { t } = useTranslation()
  const votes = [...poll.latest.values()].map((id) => poll.ballots.get(id)?.vote)
  const result = votes.length === 0 ? null : computePollResult(poll, votes, { quorum: 0 })
  return (
    <section aria-live="polite">
      <h3>
        <bdi>{poll.question}</bdi>
      </h3>
      <p className="big">{t('poll.voters', { count: poll.latest.size })}</p>
      {result?.ok === true && <MethodResult result={result.value} live />}
    </section>
  )
}
