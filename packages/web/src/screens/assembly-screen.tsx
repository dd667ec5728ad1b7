// An assembly: a live meeting when one is open, open polls (what a member came to do), decisions, proposals, members,
// and for facilitators their tools. Live: the replica folds the hub's stream as it comes.
import { countActiveMembers, hashSpaceState, isActiveMember, isFacilitator } from '@veche/core'
import type { MemberRecord, PollRecord, SpaceId, SpaceState } from '@veche/core'
import { lazy, Suspense, useMemo, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { ConversationsSection } from '../components/conversations-section.js'
import { InlineCode } from '../components/inline-code.js'
import { FacilitatorTools } from '../components/facilitator-tools.js'
import { isElection, nameOf, useSpaceSummaries } from '../components/federation-hooks.js'
import { FederationPollCard } from '../components/federation-poll-card.js'
import { PendingList } from '../components/pending-list.js'
import { MeetingPanel } from '../components/meeting-panel.js'
import { PollCard } from '../components/poll-card.js'
import { useDeadlineClosing } from '../components/poll-deadline.js'
import { StatementsSection } from '../components/statements-section.js'
import { MemberName } from '../components/user-text.js'
import { useDraft, useSpace } from '../hooks.js'
import { Field } from '../components/field.js'
import type { SpaceReplica } from '../lib/space-replica.js'

// Councils and the federation part of an assembly load only when needed.
const CouncilScreen = lazy(() => import('./council-screen.js'))
const FederationSection = lazy(() => import('../components/federation-section.js'))
// Secret polls' cryptography (blind signatures, the tellers' keys) loads only where one is shown.
const SecretPollCard = lazy(() => import('../secret/secret-poll-card.js'))
const SecretDuties = lazy(() => import('../secret/secret-duties.js'))
// What's new since the last visit, which opening the assembly marks as seen (docs/web.md).
const WhatsNewBlock = lazy(() => import('../whats-new/whats-new-block.js'))

export function AssemblyScreen({ space }: { readonly space: SpaceId }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { replica, version, connected, held = {} } = useSpace(space)
  const state = replica?.state
  useDeadlineClosing(state ?? null, version)
  if (state === undefined || replica === null) return <p>{t('status.loading')}</p>
  if (state.council !== null)
    return (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <CouncilScreen replica={replica} version={version} connected={connected} />
      </Suspense>
    )
  const me = actions.me
  const polls = [...state.polls.values()]
  const open = polls.filter((p) => p.status === 'open')
  const closed = polls.filter((p) => p.status === 'closed')
  return (
    <>
      <p className="live" role="status">
        {connected ? t('status.live') : t('status.offline')}
      </p>
      {state.assembly === null ? (
        <section>
          <h2>{t('assembly.unknown')}</h2>
          <p>{t('assembly.unknownExplain')}</p>
        </section>
      ) : (
        <section>
          <h2>
            <bdi>{state.assembly.name}</bdi>
          </h2>
          {state.assembly.description !== '' && (
            <p>
              <bdi>{state.assembly.description}</bdi>
            </p>
          )}
          <p className="meta">{t('assembly.members', { count: countActiveMembers(state) })}</p>
          {!isActiveMember(state, me) && <p>{t('assembly.notMember')}</p>}
        </section>
      )}
      {state.assembly !== null && (
        <Suspense fallback={null}>
          <WhatsNewBlock replica={replica} version={version} connected={connected} />
        </Suspense>
      )}
      <PendingList space={space} />
      {state.assembly !== null && <MeetingPanel state={state} />}
      {open.length > 0 && (
        <section>
          <h2>{t('assembly.openPolls')}</h2>
          <Polls replica={replica} polls={open} version={version} held={held} />
        </section>
      )}
      {closed.length > 0 && (
        <section>
          <h2>{t('assembly.decisions')}</h2>
          <Polls replica={replica} polls={closed} version={version} held={held} />
        </section>
      )}
      {state.assembly !== null && <Proposals state={state} />}
      {state.assembly !== null && <ConversationsSection state={state} />}
      {state.assembly !== null && <StatementsSection state={state} />}
      {state.assembly !== null && <Members state={state} />}
      {state.assembly !== null && (
        <Suspense fallback={null}>
          <FederationSection replica={replica} version={version} />
        </Suspense>
      )}
      {isFacilitator(state, me) && <FacilitatorTools state={state} />}
      {hasSecretDuties(state, me) && (
        <Suspense fallback={null}>
          <SecretDuties replica={replica} version={version} connected={connected} />
        </Suspense>
      )}
      {state.assembly !== null && (
        <p>
          <a href={`#/a/${space}/projector`}>{t('projector.open')}</a>
        </p>
      )}
      {state.assembly !== null && (
        <p>
          <a href={`#/a/${space}/carry`}>{t('carry.show')}</a>
        </p>
      )}
      {state.assembly !== null && <StateHash state={state} version={version} />}
      {isActiveMember(state, me) && <LeaveAssembly state={state} />}
    </>
  )
}

/** Whether this device issues or tells for a secret poll not yet counted. */
function hasSecretDuties(state: SpaceState, me: string): boolean {
  for (const p of state.polls.values()) {
    const s = p.secret
    if (s == null || s.phase === 'counted') continue
    if (s.issuers.includes(me as never) || s.tellers.includes(me as never)) return true
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

function Proposals({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const [title, setTitle, clearTitle] = useDraft(`${state.space}.propose.title`)
  const [text, setText, clearText] = useDraft(`${state.space}.propose.text`)
  const propose = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.propose(state, title.trim(), text.trim())
    clearTitle()
    clearText()
  }
  const proposals = [...state.proposals.values()]
  return (
    <section>
      <h2>{t('assembly.proposals')}</h2>
      {proposals.length === 0 && <p>{t('assembly.noProposals')}</p>}
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <a href={`#/a/${state.space}/p/${p.id}`}>
              <bdi>{p.title}</bdi>
            </a>
            {p.status === 'withdrawn' && <> ({t('proposal.withdrawn')})</>}
          </li>
        ))}
      </ul>
      {isActiveMember(state, actions.me) && (
        <form onSubmit={(e) => void propose(e)}>
          <h3>{t('propose.title')}</h3>
          <Field label={t('propose.heading')}>
            <input
              value={title}
              required
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          </Field>
          <Field label={t('propose.text')}>
            <textarea value={text} required onChange={(e) => setText(e.target.value)} />
          </Field>
          <button type="submit">{t('propose.submit')}</button>
        </form>
      )}
    </section>
  )
}

function Members({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const members = [...state.members.values()].filter((m) => m.status === 'active')
  const canGrant = isFacilitator(state, actions.me)
  return (
    <section>
      <h2>{t('assembly.memberList')}</h2>
      <ul className="members">
        {members.map((m) => {
          const facilitator = m.roles.has('facilitator')
          return (
            <li key={m.key}>
              <MemberName state={state} member={m.key} keyShown />
              {facilitator && <span className="badge"> {t('role.facilitator')}</span>}{' '}
              <code className="key" title={m.key}>
                {m.key.slice(0, 8)}
              </code>
              {canGrant && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="small"
                    onClick={() => void actions.setFacilitator(state, m.key, !facilitator)}
                  >
                    {facilitator
                      ? t('role.revoke', { name: m.name })
                      : t('role.grant', { name: m.name })}
                  </button>
                  {m.key !== actions.me && <RemoveMember state={state} member={m} />}
                </>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function RemoveMember(props: { readonly state: SpaceState; readonly member: MemberRecord }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, member } = props
  const [open, setOpen] = useState(false)
  const [reason, setReason, clearReason] = useDraft(`${state.space}.remove.${member.key}`)
  if (!open)
    return (
      <>
        {' '}
        <button type="button" className="small" onClick={() => setOpen(true)}>
          {t('remove.button', { name: member.name })}
        </button>
      </>
    )
  const remove = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await actions.remove(state, member.key, reason.trim())
    clearReason()
    setOpen(false)
  }
  return (
    <form onSubmit={(e) => void remove(e)}>
      <Field label={t('remove.reason', { name: member.name })}>
        <input
          value={reason}
          required
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <div className="row">
        <button type="submit" className="close">
          {t('remove.confirm', { name: member.name })}
        </button>
        <button type="button" className="small" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

function LeaveAssembly({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const [asked, setAsked] = useState(false)
  return (
    <section>
      {asked ? (
        <div className="row">
          <p>{t('leave.sure')}</p>
          <button type="button" className="close" onClick={() => void actions.leave(state)}>
            {t('leave.confirm')}
          </button>
          <button type="button" className="small" onClick={() => setAsked(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="small" onClick={() => setAsked(true)}>
          {t('leave.button')}
        </button>
      )}
    </section>
  )
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
