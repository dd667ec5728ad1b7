// A member assembly's side of its councils: for each council it decided to join, whether it was
// admitted, its delegates, alternates and term, recalls any member can start, the decisions the
// council reported into this feed, and what is due to be carried between the two spaces (a notice
// in the council, a report here), which any member can send. Facilitators get their tools
// (federation-tools.tsx). Loaded only when an assembly is opened.
import { isActiveMember, isFacilitator, isPollClose } from '@veche/core'
import type {
  EventId,
  PollRecord,
  PublicKey,
  ReferralResult,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { hasDraft, useDraft, useSpace } from '../hooks.js'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { Field } from './field.js'
import { nameOf, useFederationActions, useSpaceSummaries } from './federation-hooks.js'
import { MandateChecks } from './federation-poll-card.js'
import { ReferralTable } from './federation-referral-table.js'
import { CouncilFacilitatorTools, DelegateRules, JoinCouncil } from './federation-tools.js'
import { PollResult } from './poll-result.js'
import { LookAlikeBadge } from './user-text.js'

export default function FederationSection(props: {
  readonly replica: SpaceReplica
  readonly version: number
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { replica, version } = props
  const state = replica.state
  const ties = [...state.federation.ties.values()]
  const facilitator = isFacilitator(state, actions.me)
  if (ties.length === 0 && !facilitator) return null
  return (
    <section>
      <h2>{t('fed.councils')}</h2>
      {ties.length === 0 && <p>{t('fed.noCouncils')}</p>}
      {ties.map((tie) => (
        <CouncilTie key={tie.council} member={replica} council={tie.council} version={version} />
      ))}
      {facilitator && <JoinCouncil state={state} />}
      {facilitator && ties.length > 0 && <DelegateRules state={state} />}
      {facilitator && (
        <p>
          <a href="#/new-council">{t('fed.foundCouncil')}</a>
        </p>
      )}
    </section>
  )
}

function CouncilTie(props: {
  readonly member: SpaceReplica
  readonly council: SpaceId
  readonly version: number
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const live = useSpace(props.council)
  const state = props.member.state
  const tie = state.federation.ties.get(props.council)!
  const council = live.replica?.state ?? null
  const name = council?.assembly?.name ?? props.council.slice(0, 8)
  const record = council?.council?.spaces.get(state.space)
  const admitted = record?.status === 'member'
  const election = props.member.log.find((e) => e.id === tie.election)?.event
  const term =
    election?.type === 'delegate.elected' ||
    election?.type === 'delegate.elected.2' ||
    election?.type === 'delegate.elected.3'
      ? election.body.term
      : ''
  const delegates = [...tie.delegates.entries()]
  const member = isActiveMember(state, actions.me)
  return (
    <article className="council" aria-labelledby={`council-${props.council}`}>
      <h3 id={`council-${props.council}`}>
        <a href={`#/a/${props.council}`}>
          <bdi>{name}</bdi>
        </a>
      </h3>
      <p className="meta">
        {tie.left !== null
          ? t('fed.tieLeft')
          : admitted
            ? t('fed.tieMember')
            : t('fed.tieWaiting', { decision: tie.joined ?? '' })}
      </p>
      {tie.joined !== null && !admitted && tie.left === null && (
        <p>
          {t('fed.giveDecision')} <code className="key">{tie.joined}</code>
        </p>
      )}
      {delegates.length > 0 && (
        <>
          <h4>{t('fed.delegates')}</h4>
          <ul>
            {delegates.map(([key, status]) => (
              <li key={key}>
                <bdi>{nameOf(key, state)}</bdi>
                <LookAlikeBadge state={state} member={key} keyShown={false} />:{' '}
                <span className={`badge seat-${status}`}>{t(`fed.seat.${status}`)}</span>
                {status === 'seated' && member && (
                  <StartRecall state={state} council={props.council} delegate={key} />
                )}
              </li>
            ))}
          </ul>
          {tie.alternates.length > 0 && (
            <p>
              {t('fed.alternates', {
                names: tie.alternates.map((k) => isolateIfNeeded(nameOf(k, state))).join(', '),
              })}
            </p>
          )}
          {term !== '' && <p>{t('fed.term', { term })}</p>}
        </>
      )}
      {council !== null && live.replica !== null && (
        <>
          <DueNotices member={props.member} council={council} />
          <DueReports member={props.member} council={live.replica} />
          <Reported state={state} council={council} />
          {isFacilitator(state, actions.me) && (
            <CouncilFacilitatorTools member={props.member} council={council} />
          )}
        </>
      )}
    </article>
  )
}

function StartRecall(props: {
  readonly state: SpaceState
  readonly council: SpaceId
  readonly delegate: PublicKey
}) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, delegate } = props
  const [open, setOpen] = useState(() => hasDraft(`${state.space}.recall.${delegate}`))
  const [reason, setReason, clear] = useDraft(`${state.space}.recall.${delegate}`)
  const name = nameOf(delegate, state)
  if (!open)
    return (
      <>
        {' '}
        <button type="button" className="small" onClick={() => setOpen(true)}>
          {t('fed.recallButton', { name })}
        </button>
      </>
    )
  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await federation.startRecall(state, props.council, delegate, reason.trim())
    clear()
    setOpen(false)
  }
  return (
    <form onSubmit={(e) => void start(e)}>
      <Field label={t('fed.recallReason', { name })}>
        <input
          value={reason}
          required
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <div className="row">
        <button type="submit" className="close">
          {t('fed.recallStart', { name })}
        </button>
        <button type="button" className="small" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

/** The member space's events this council has not taken note of yet, newest count only. */
function dueNotices(
  member: SpaceReplica,
  council: SpaceState,
): { id: EventId; event: SignedEvent }[] {
  const noticed = council.council!.noticed
  const state = member.state
  const forCouncil = (e: SignedEvent): boolean => {
    switch (e.type) {
      case 'delegate.elected':
      case 'delegate.elected.2':
      case 'delegate.elected.3':
      case 'council.leave-decided':
      case 'council.leave-decided.2':
      case 'mandate.decided':
      case 'mandate.decided.2':
      case 'referral.answered':
      case 'referral.answered.2':
        return e.body.council === council.space
      case 'poll.closed':
      case 'poll.closed.2':
      case 'poll.closed.3':
        return state.polls.get(e.body.poll)?.recall?.council === council.space
      default:
        return false
    }
  }
  const due = member.log.filter((e) => !noticed.has(e.id) && forCouncil(e.event))
  const counts = member.log.filter(
    (e) => e.event.type === 'space.counted' || e.event.type === 'space.counted.2',
  )
  const latest = counts.at(-1)
  if (latest !== undefined && !noticed.has(latest.id)) due.push(latest)
  return due
}

/** The kind of due notice, in the words the strings name it (newer event versions as the first). */
function dueKind(type: SignedEvent['type']): string {
  if (type === 'delegate.elected.2' || type === 'delegate.elected.3') return 'delegate.elected'
  if (type === 'space.counted.2') return 'space.counted'
  if (type === 'council.leave-decided.2') return 'council.leave-decided'
  if (type === 'mandate.decided.2') return 'mandate.decided'
  if (type === 'referral.answered.2') return 'referral.answered'
  if (type === 'poll.closed.2' || type === 'poll.closed.3') return 'poll.closed'
  return type
}

function DueNotices(props: { readonly member: SpaceReplica; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { member, council } = props
  if (council.council?.spaces.get(member.space)?.status !== 'member') return null
  const due = dueNotices(member, council)
  if (due.length === 0) return null
  return (
    <div className="due">
      <h4>{t('fed.dueNotices')}</h4>
      <ul>
        {due.map(({ id, event }) => (
          <li key={id}>
            {t(`fed.due.${dueKind(event.type)}`)}{' '}
            <button
              type="button"
              className="small"
              onClick={() => void federation.notice(council, id)}
            >
              {t('fed.tellCouncil')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function DueReports(props: { readonly member: SpaceReplica; readonly council: SpaceReplica }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const federation = useFederationActions()
  const state = props.member.state
  const council = props.council.state
  if (!isActiveMember(state, actions.me)) return null
  if (council.council?.spaces.get(state.space)?.status !== 'member') return null
  const due = props.council.log.filter(
    ({ id, event }) =>
      !state.federation.reported.has(id) &&
      ((isPollClose(event) && council.polls.get(event.body.poll)?.recall === null) ||
        event.type === 'referral.closed'),
  )
  if (due.length === 0) return null
  return (
    <div className="due">
      <h4>{t('fed.dueReports')}</h4>
      <ul>
        {due.map(({ id, event }) => (
          <li key={id}>
            {isPollClose(event)
              ? t('fed.councilPollClosed', {
                  question: council.polls.get(event.body.poll)?.question ?? '',
                })
              : event.type === 'referral.closed' &&
                t('fed.councilReferralClosed', {
                  motion: motionTitle(council, event.body.referral),
                })}{' '}
            <button
              type="button"
              className="small"
              onClick={() => void federation.report(state, id)}
            >
              {t('fed.recordHere')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function motionTitle(council: SpaceState, referral: EventId): string {
  const motion = council.council?.referrals.get(referral)?.motion
  return (motion && council.proposals.get(motion)?.title) ?? referral.slice(0, 8)
}

/** Council decisions recorded in this feed: polls with this space's delegates' mandate checks. */
function Reported(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const { state, council } = props
  const reported = [...state.federation.reported.entries()].filter(
    ([, r]) => r.council === council.space,
  )
  const spaces = [...(council.council?.spaces.keys() ?? [])]
  const summaries = useSpaceSummaries(spaces, reported.length)
  if (reported.length === 0) return null
  const own = new Set<string>(state.federation.ties.get(council.space)?.delegates.keys() ?? [])
  return (
    <div>
      <h4>{t('fed.reported')}</h4>
      {reported.map(([id, r]) => {
        if (r.kind === 'referral')
          return (
            <div key={id}>
              <p>
                <strong>{motionTitle(council, r.subject)}</strong>:{' '}
                {t(`fed.referralOutcome.${(r.result as ReferralResult).outcome}`)}
              </p>
              <ReferralTable
                result={r.result as ReferralResult}
                name={(s) => summaries.get(s as SpaceId)?.name ?? s.slice(0, 8)}
              />
            </div>
          )
        const poll: PollRecord | undefined = council.polls.get(r.subject)
        const result = r.result as { mandates?: { delegate: string }[] } | null
        const mine = {
          ...result,
          mandates: (result?.mandates ?? []).filter((m) => own.has(m.delegate)),
        }
        return (
          <div key={id}>
            <p>
              <strong>{poll?.question ?? r.subject.slice(0, 8)}</strong>
            </p>
            <PollResult result={r.result} />
            <MandateChecks result={mine} nameOf={(k) => nameOf(k, state)} />
          </div>
        )
      })}
    </div>
  )
}
