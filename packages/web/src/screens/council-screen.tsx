// A council (a space created by `council.created`): its rules, its member spaces with their seats,
// member counts and delegates, its polls (only seated delegates vote; results show each mandate
// and whether it was kept), the motions it referred to the member spaces with each space's part
// and the totals, and for convenors their tools. Loaded only when a council is opened.
import { allocateSeats, computeReferralResult, isFacilitator, lookAlikeNames } from '@veche/core'
import type { CouncilRules, EventId, ReferralResult, SpaceId, SpaceState } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../components/field.js'
import { DeadlineField, useDeadline } from '../components/deadline-field.js'
import { FederationPollCard } from '../components/federation-poll-card.js'
import { useFederationActions, useSpaceSummaries } from '../components/federation-hooks.js'
import type { SpaceSummary } from '../components/federation-hooks.js'
import { PendingList } from '../components/pending-list.js'
import { ProposeForm } from '../components/propose-form.js'
import { ReferralTable } from '../components/federation-referral-table.js'
import { RefusalAlert } from '../components/refusal-text.js'
import { useApp } from '../app-context.js'
import type { LiveSpace } from '../hooks.js'
import { useDraft } from '../hooks.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { LookAlikeMark } from '../components/user-text.js'

export default function CouncilScreen(props: LiveSpace & { readonly replica: SpaceReplica }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { replica, connected } = props
  const state = replica.state
  const council = state.council!
  const spaces = [...council.spaces.keys()]
  // Names change rarely: fetched again only when the delegates do, not on every ballot.
  const summaries = useSpaceSummaries(spaces, council.delegates.size)
  const nameOf = (key: string): string => {
    if (state.members.has(key as never)) return state.members.get(key as never)!.name
    const space = council.delegates.get(key as never)?.space
    return (space && summaries.get(space)?.members[key]?.name) ?? key.slice(0, 8)
  }
  const polls = [...state.polls.values()]
  const convenor = isFacilitator(state, actions.me)
  return (
    <>
      <p className="live" role="status">
        {connected ? t('status.live') : t('status.offline')}
      </p>
      <section>
        <h2>
          <bdi>{state.assembly?.name}</bdi>
        </h2>
        <p className="meta">{t('fed.councilKind')}</p>
        {state.assembly?.description !== '' && (
          <p>
            <bdi>{state.assembly?.description}</bdi>
          </p>
        )}
        <p>{seatRule(t, council.rules)}</p>
        <p>
          {t('fed.voters', {
            count: [...council.delegates.values()].filter((d) => d.status === 'seated').length,
          })}
        </p>
        {convenor && <p>{t('fed.youConvene')}</p>}
        {council.delegates.get(actions.me)?.status === 'seated' && <p>{t('fed.youDelegate')}</p>}
        {replica.waiting > 0 && (
          <p role="status">{t('fed.waitingReferences', { count: replica.waiting })}</p>
        )}
      </section>
      <PendingList space={state.space} />
      <MemberSpaces state={state} summaries={summaries} />
      {(['open', 'closed'] as const).map((status) => {
        const list = polls.filter((p) => p.status === status)
        if (list.length === 0) return null
        return (
          <section key={status}>
            <h2>{status === 'open' ? t('fed.councilOpenPolls') : t('fed.councilDecisions')}</h2>
            {list.map((p) => (
              <FederationPollCard
                key={p.id}
                state={state}
                poll={p}
                openedAt={replica.times.get(p.id)}
                nameOf={nameOf}
              />
            ))}
          </section>
        )
      })}
      <Referrals state={state} summaries={summaries} />
      {convenor && <ConvenorTools state={state} />}
    </>
  )
}

type T = ReturnType<typeof useTranslation>['t']

function seatRule(t: T, rules: CouncilRules): string {
  // A council without a quorum (0 %, no minimum of ballots) says so, not "quorum: 0 %".
  const quorum =
    rules.quorum.percent === 0 && rules.quorum.ballots === 0
      ? t('fed.noQuorum')
      : t('fed.quorum', { percent: rules.quorum.percent })
  if (rules.seats.kind === 'fixed')
    return `${t('fed.seatsFixed', { count: rules.seats.perSpace })} ${quorum}`
  return `${t('fed.seatsProportional', {
    count: rules.seats.total,
    method: t(`fed.seatMethod.${rules.seats.method}`),
  })} ${quorum}`
}

/**
 * For each delegate whose name looks like another delegate's (from any member space: a council
 * seats people from many assemblies), the others' names and keys.
 */
function delegatesAlike(
  council: NonNullable<SpaceState['council']>,
  summaries: ReadonlyMap<SpaceId, SpaceSummary>,
): ReadonlyMap<string, { key: string; name: string }[]> {
  const named = [...council.delegates.values()].flatMap((d) => {
    const name = summaries.get(d.space)?.members[d.key]?.name
    return name === undefined ? [] : [{ key: d.key, name }]
  })
  const names = new Map<string, string>(named.map((d) => [d.key, d.name]))
  const found = lookAlikeNames(named)
  return new Map(
    [...found].map(([key, others]) => [key, others.map((k) => ({ key: k, name: names.get(k)! }))]),
  )
}

function MemberSpaces(props: {
  readonly state: SpaceState
  readonly summaries: ReadonlyMap<SpaceId, SpaceSummary>
}) {
  const { t } = useTranslation()
  const { state, summaries } = props
  const council = state.council!
  const view = [...council.spaces.values()]
  const seats = allocateSeats(council)
  const alike = delegatesAlike(council, summaries)
  return (
    <section>
      <h2>{t('fed.memberSpaces')}</h2>
      {view.length === 0 && <p>{t('fed.noMemberSpaces')}</p>}
      <ul className="spaces">
        {view.map((s) => {
          const summary = summaries.get(s.space)
          const delegates = [...council.delegates.values()].filter((d) => d.space === s.space)
          return (
            <li key={s.space}>
              <h3>
                <a href={`#/a/${s.space}`}>
                  <bdi>{summary?.name ?? s.space.slice(0, 8)}</bdi>
                </a>
                {s.status === 'left' && <> ({t('fed.left')})</>}
              </h3>
              <p className="meta">
                {t('fed.seats', { count: seats.get(s.space) ?? 0 })} ·{' '}
                {s.count === null
                  ? t('fed.notCounted')
                  : t('assembly.members', { count: s.count.members })}
              </p>
              {delegates.length > 0 && (
                <ul>
                  {delegates.map((d) => (
                    <li key={d.key}>
                      <bdi>{summary?.members[d.key]?.name ?? d.key.slice(0, 8)}</bdi>
                      {alike.has(d.key) && (
                        <LookAlikeMark member={d.key} others={alike.get(d.key)!} keyShown={false} />
                      )}
                      :{' '}
                      <span className={`badge seat-${d.status}`}>{t(`fed.seat.${d.status}`)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function Referrals(props: {
  readonly state: SpaceState
  readonly summaries: ReadonlyMap<SpaceId, SpaceSummary>
}) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, summaries } = props
  const council = state.council!
  const [refusal, setRefusal] = useState<string | null>(null)
  const referrals = [...council.referrals.values()]
  if (referrals.length === 0) return null
  const convenor = isFacilitator(state, federation.me)
  return (
    <section>
      <h2>{t('fed.referrals')}</h2>
      {referrals.map((r) => {
        const result =
          r.status === 'closed' ? (r.result as ReferralResult) : computeReferralResult(council, r)
        const motion = state.proposals.get(r.motion)
        return (
          <article key={r.id} className="poll" aria-labelledby={`ref-${r.id}`}>
            <h3 id={`ref-${r.id}`}>{motion?.title ?? r.motion}</h3>
            <p className="meta">
              {t(`fed.rule.${r.rule}`)} ·{' '}
              {r.status === 'open' ? t('fed.referralOpen') : t('fed.referralClosed')}
            </p>
            <ReferralTable
              result={result}
              name={(s) => summaries.get(s as SpaceId)?.name ?? s.slice(0, 8)}
            />
            {r.status === 'closed' && (
              <p
                className={`outcome outcome-${result.outcome === 'ratified' ? 'adopted' : 'rejected'}`}
              >
                <strong>{t(`fed.referralOutcome.${result.outcome}`)}</strong>
              </p>
            )}
            {r.status === 'open' && convenor && (
              <button
                type="button"
                className="close"
                onClick={() => void federation.closeReferral(state, r.id).then(setRefusal)}
              >
                {t('fed.closeReferral')}
              </button>
            )}
          </article>
        )
      })}
      <RefusalAlert code={refusal} />
    </section>
  )
}

function ConvenorTools({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  return (
    <section>
      <h2>{t('fed.convenorTools')}</h2>
      <AdmitSpace state={state} />
      <OpenCouncilPoll state={state} />
      <ProposeForm state={state} heading={t('fed.proposeMotion')} draft="motion" />
      <ReferMotion state={state} />
    </section>
  )
}

function AdmitSpace({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const [decision, setDecision, clear] = useDraft(`${state.space}.admit.decision`)
  const [error, setError] = useState('')
  const admit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setError('')
    const id = decision.trim() as EventId
    const response = await fetch(`/api/events/${id}`).catch(() => null)
    if (response === null) return setError(t('fed.offline'))
    if (!response.ok) return setError(t('fed.decisionUnknown'))
    const found = (await response.json()) as {
      space: SpaceId
      event: { type?: string; body?: { council?: string } }
    }
    const join =
      found.event.type === 'council.join-decided' || found.event.type === 'council.join-decided.2'
    if (!join || found.event.body?.council !== state.space)
      return setError(t('fed.notJoinDecision'))
    await federation.admit(state, id, found.space)
    // The next space's id may have been pasted while this one was checked: it stays.
    clear(decision)
  }
  return (
    <form onSubmit={(e) => void admit(e)}>
      <h3>{t('fed.admitTitle')}</h3>
      <p>{t('fed.admitExplain')}</p>
      <Field label={t('fed.decisionId')}>
        <input
          value={decision}
          required
          pattern="[A-Za-z0-9_\-]{43}"
          onChange={(e) => setDecision(e.target.value)}
        />
      </Field>
      <button type="submit">{t('fed.admit')}</button>
      {error !== '' && <p role="alert">{error}</p>}
    </form>
  )
}

function OpenCouncilPoll({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const [question, setQuestion, clearQuestion] = useDraft(`${state.space}.cpoll.question`)
  const [method, setMethod] = useDraft(`${state.space}.cpoll.method`, 'majority')
  const [options, setOptions, clearOptions] = useDraft(`${state.space}.cpoll.options`, '')
  const closesAt = useDeadline(`${state.space}.cpoll.closesAt`)
  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    // Typed in the interface language's form (deadline-field.tsx), in the device's local time; a
    // refusal shows under the field.
    const deadline = closesAt.take()
    if (deadline === 'refused') return
    const list =
      method === 'consent'
        ? []
        : options
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean)
    await actions.openPoll(state, {
      question: question.trim(),
      proposal: null,
      method: method as 'majority' | 'consent',
      options: list,
      ...(deadline === undefined ? {} : { closesAt: deadline }),
    })
    clearQuestion()
    clearOptions()
    closesAt.clear()
  }
  return (
    <form onSubmit={(e) => void open(e)}>
      <h3>{t('fed.openCouncilPoll')}</h3>
      <Field label={t('fed.question')}>
        <input
          value={question}
          required
          maxLength={1000}
          onChange={(e) => setQuestion(e.target.value)}
        />
      </Field>
      <Field label={t('fed.method')}>
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="majority">{t('method.majority')}</option>
          <option value="consent">{t('method.consent')}</option>
        </select>
      </Field>
      {method === 'majority' && (
        <Field label={t('fed.optionsMotionFirst')}>
          <textarea value={options} required onChange={(e) => setOptions(e.target.value)} />
        </Field>
      )}
      <DeadlineField {...closesAt.field} />
      <button type="submit">{t('fed.openPoll')}</button>
    </form>
  )
}

function ReferMotion({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const referred = new Set([...state.council!.referrals.values()].map((r) => r.motion))
  const motions = [...state.proposals.values()].filter(
    (p) => p.status !== 'withdrawn' && !referred.has(p.id),
  )
  const [motion, setMotion] = useState('')
  const [rule, setRule] = useState<'spaces' | 'members' | 'both'>('both')
  if (motions.length === 0) return null
  const chosen = (motions.some((m) => m.id === motion) ? motion : motions[0]!.id) as EventId
  const refer = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    await federation.refer(state, chosen, rule)
  }
  return (
    <form onSubmit={(e) => void refer(e)}>
      <h3>{t('fed.referTitle')}</h3>
      <Field label={t('fed.motion')}>
        <select value={chosen} onChange={(e) => setMotion(e.target.value)}>
          {motions.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{t('fed.ruleLegend')}</legend>
        {(['spaces', 'members', 'both'] as const).map((r) => (
          <label key={r} className="choice">
            <input
              type="radio"
              name="referral-rule"
              checked={rule === r}
              onChange={() => setRule(r)}
            />{' '}
            {t(`fed.rule.${r}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('fed.refer')}</button>
    </form>
  )
}
