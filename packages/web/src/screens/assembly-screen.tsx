// An assembly, in sections (docs/web.md, "Layout"): its name and count above a section bar, and
// the one section the route names: now (a live meeting and open polls, what a member came to do), decisions, proposals (with conversations), statements, members and
// councils, each with the facilitator's tools that belong to it. Live: the replica folds the hub's
// stream as it comes.
import {
  countActiveMembers,
  hashSpaceState,
  isActiveMember,
  isFacilitator,
  openMeeting,
} from '@veche/core'
import type { PollRecord, SpaceId, SpaceState } from '@veche/core'
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { InlineCode } from '../components/inline-code.js'
import { CatchUpLine } from '../components/catch-up-line.js'
import { FacilitatorTools } from '../components/facilitator-tools.js'
import { isElection, nameOf, useSpaceSummaries } from '../components/federation-hooks.js'
import { FederationPollCard } from '../components/federation-poll-card.js'
import { PendingList } from '../components/pending-list.js'
import { MeetingPanel } from '../components/meeting-panel.js'
import { PollCard } from '../components/poll-card.js'
import { useDeadlineClosing } from '../components/poll-deadline.js'
import { SectionNav } from '../components/section-nav.js'
import type { Section } from '../components/section-nav.js'
import { useSpace } from '../hooks.js'
import type { SpaceReplica } from '../lib/space-replica.js'

// The sections other than "now" load when first opened, so the first load carries what a member
// came to do. Councils and the federation part of an assembly load only when needed.
const ProposalsPanel = lazy(() => import('../components/proposals-section.js'))
const StatementsSection = lazy(() =>
  import('../components/statements-section.js').then((m) => ({ default: m.StatementsSection })),
)
const MembersPanel = lazy(() => import('../components/members-section.js'))
const CouncilScreen = lazy(() => import('./council-screen.js'))
const FederationSection = lazy(() => import('../components/federation-section.js'))
// Secret polls' cryptography (blind signatures, the tellers' keys) loads only where one is shown.
const SecretPollCard = lazy(() => import('../secret/secret-poll-card.js'))
const SecretDuties = lazy(() => import('../secret/secret-duties.js'))
// What's new since the last visit, which opening the assembly marks as seen (docs/web.md).
const WhatsNewBlock = lazy(() => import('../whats-new/whats-new-block.js'))

export function AssemblyScreen(props: {
  readonly space: SpaceId
  readonly section: Section
  /** A poll or member the route names (`#/a/<space>/<section>/<id>`), from what's new. */
  readonly item?: string | null
}) {
  const { space, section, item = null } = props
  const { t } = useTranslation()
  const { actions } = useApp()
  const { replica, version, connected, held = {}, catchingUp = null } = useSpace(space)
  const state = replica?.state
  useDeadlineClosing(state ?? null, version)
  useItemInView(item, version)
  if (state === undefined || replica === null) return <p>{t('status.loading')}</p>
  if (state.council !== null)
    return (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <CouncilScreen replica={replica} version={version} connected={connected} />
      </Suspense>
    )
  const live = (
    <p className="live" role="status">
      {connected ? t('status.live') : t('status.offline')}
    </p>
  )
  if (state.assembly === null)
    return (
      <>
        {live}
        <section>
          <h2>{t('assembly.unknown')}</h2>
          <p>{t('assembly.unknownExplain')}</p>
        </section>
      </>
    )
  const me = actions.me
  const facilitator = isFacilitator(state, me)
  const polls = [...state.polls.values()]
  const pollList = (status: PollRecord['status']) => (
    <Polls
      replica={replica}
      polls={polls.filter((p) => p.status === status)}
      version={version}
      held={held}
    />
  )
  let panel
  if (section === 'now') {
    const open = polls.some((p) => p.status === 'open')
    const meeting = openMeeting(state.meetings) !== null
    // A meeting under way comes first; a facilitator's form to open one comes last, after the votes.
    panel = (
      <>
        {meeting && <MeetingPanel state={state} />}
        {(open || !meeting) && (
          <section>
            <h2>{t('assembly.openPolls')}</h2>
            {open ? pollList('open') : <p>{t('now.quiet')}</p>}
          </section>
        )}
        {facilitator && <FacilitatorTools state={state} part="votes" />}
        {!meeting && <MeetingPanel state={state} />}
        <p>
          <a href={`#/a/${space}/projector`}>{t('projector.open')}</a>
        </p>
      </>
    )
  } else if (section === 'decisions')
    panel = (
      <>
        <section>
          <h2>{t('assembly.decisions')}</h2>
          {polls.some((p) => p.status === 'closed') ? (
            pollList('closed')
          ) : (
            <p>{t('decisions.none')}</p>
          )}
        </section>
        {catchingUp === null ? (
          <StateHash state={state} version={version} />
        ) : (
          <section className="verify">
            <h2>{t('verify.title')}</h2>
            <p>{t('verify.waiting')}</p>
          </section>
        )}
        <p>
          <a href={`#/a/${space}/carry`}>{t('carry.show')}</a>
        </p>
      </>
    )
  else if (section === 'proposals')
    panel = (
      <>
        <ProposalsPanel state={state} />
      </>
    )
  else if (section === 'statements') panel = <StatementsSection state={state} />
  else if (section === 'members')
    panel = (
      <>
        <MembersPanel state={state} />
      </>
    )
  else
    panel =
      state.federation.ties.size === 0 && !facilitator ? (
        <section>
          <h2>{t('fed.councils')}</h2>
          <p>{t('fed.noCouncils')}</p>
        </section>
      ) : (
        <Suspense fallback={<p>{t('status.loading')}</p>}>
          <FederationSection replica={replica} version={version} />
        </Suspense>
      )
  return (
    <div className="assembly-layout">
      <div className="assembly-head">
        <h2>
          <bdi>{state.assembly.name}</bdi>
        </h2>
        {state.assembly.description !== '' && (
          <p>
            <bdi>{state.assembly.description}</bdi>
          </p>
        )}
        {/* While the record is still being checked, nothing claims to be the whole of it. */}
        <p className="meta">
          {t(catchingUp === null ? 'assembly.members' : 'assembly.membersSoFar', {
            count: countActiveMembers(state),
          })}
        </p>
        {catchingUp !== null && <CatchUpLine progress={catchingUp} />}
        {catchingUp === null && !isActiveMember(state, me) && <p>{t('assembly.notMember')}</p>}
        {live}
      </div>
      <SectionNav space={space} current={section} />
      <SectionPanel section={section}>
        <Suspense fallback={null}>
          <WhatsNewBlock replica={replica} version={version} connected={connected} />
        </Suspense>
        <PendingList space={space} />
        <Suspense fallback={<p>{t('status.loading')}</p>}>{panel}</Suspense>
      </SectionPanel>
      {/* Issuing and telling for secret polls (it shows nothing) goes on whichever section is shown. */}
      {hasSecretDuties(state, me) && (
        <Suspense fallback={null}>
          <SecretDuties replica={replica} version={version} connected={connected} />
        </Suspense>
      )}
    </div>
  )
}

/**
 * Brings the poll card or member the route names into view and gives it the focus, once, as soon
 * as it is folded and shown (a what's-new entry links to it).
 */
function useItemInView(item: string | null, version: number): void {
  const reached = useRef<string | null>(null)
  useEffect(() => {
    if (item === null || reached.current === item) return
    const target =
      document.getElementById(`poll-${item}`)?.closest('article') ??
      document.getElementById(`member-${item}`)
    if (target === null || target === undefined) return
    reached.current = item
    target.setAttribute('tabindex', '-1')
    target.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
  // Tried after every render: the card may come with a later page or a lazily loaded section.
  void version
}

/**
 * The shown section. When the member moves to another one, its start comes into view and it takes
 * the focus, so a screen reader reads the new section rather than staying on the bar's link.
 */
function SectionPanel(props: { readonly section: Section; readonly children: ReactNode }) {
  const { t } = useTranslation()
  const panel = useRef<HTMLDivElement>(null)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const element = panel.current
    if (element === null) return
    if (element.getBoundingClientRect().top < 0) element.scrollIntoView({ block: 'start' })
    element.focus({ preventScroll: true })
  }, [props.section])
  return (
    <div
      ref={panel}
      className="section-panel"
      role="region"
      aria-label={t(`section.${props.section}`)}
      tabIndex={-1}
    >
      {props.children}
    </div>
  )
}

/**
 * Whether this device issues or tells for a secret poll not yet counted, or opened one with a
 * deadline that it seals at the deadline.
 */
function hasSecretDuties(state: SpaceState, me: string): boolean {
  for (const p of state.polls.values()) {
    const s = p.secret
    if (s == null || s.phase === 'counted') continue
    if (s.issuers.includes(me as never) || s.tellers.includes(me as never)) return true
    if (p.opener === me && p.closesAt !== undefined && s.phase !== 'sealed') return true
  }
  return false
}

/**
 * Polls: secret ones by their own card (loaded when one is shown), recalls and delegate elections
 * by name (federation-poll-card.tsx), the rest as usual.
 */
function Polls(props: {
  readonly replica: SpaceReplica
  readonly polls: readonly PollRecord[]
  readonly version: number
  readonly held: Readonly<Record<string, number>>
}) {
  const { replica, polls, version, held } = props
  const { t } = useTranslation()
  const state = replica.state
  const councils = [...state.federation.ties.keys()]
  const summaries = useSpaceSummaries(councils, councils.length)
  return polls.map((p) => {
    const openedAt = replica.times.get(p.id)
    if (p.secret != null)
      return (
        <Suspense key={p.id} fallback={<p>{t('status.loading')}</p>}>
          <SecretPollCard
            replica={replica}
            poll={p}
            version={version}
            held={held[p.id] ?? 0}
            openedAt={openedAt}
          />
        </Suspense>
      )
    const election = p.recall === null && isElection(state, p.options)
    if (p.recall === null && !election)
      return <PollCard key={p.id} state={state} poll={p} openedAt={openedAt} />
    const started = replica.log.find((e) => e.id === p.id)?.event
    return (
      <FederationPollCard
        key={p.id}
        state={state}
        poll={p}
        openedAt={openedAt}
        nameOf={(key) => nameOf(key, state)}
        councilName={(c) => summaries.get(c as SpaceId)?.name ?? c.slice(0, 8)}
        election={election}
        {...(started?.type === 'recall.started' ? { reason: started.body.reason } : {})}
      />
    )
  })
}

/** The state hash, to compare with `veche verify` or another member's phone. */
function StateHash({ state, version }: { readonly state: SpaceState; readonly version: number }) {
  const { t } = useTranslation()
  // The state is folded in place; `version` says when it changed.
  const hash = useMemo(() => hashSpaceState(state), [state, version])
  return (
    <section className="verify">
      <h2>{t('verify.title')}</h2>
      <p>
        <InlineCode text={t('verify.explain')} />
      </p>
      <p>
        <code className="key">{hash}</code>
      </p>
    </section>
  )
}
