// A member assembly's facilitator tools for councils: deciding to join (the motion's poll, then
// the decision recorded once it was adopted) or to leave, counting the members, electing delegates
// (a poll whose options are members' keys, then the winners recorded with alternates and a term),
// deciding a mandate on a council poll, and answering a referral with a closed poll. Each decision
// opens its own poll on exactly it (joining this council, this position on this council vote, this
// referral), and offers only such polls to record it by: the rules take no other.
import { MANDATE_POSITIONS, SPACE_ID_PATTERN } from '@veche/core'
import type { EventId, MandatePosition, PublicKey, SpaceId, SpaceState } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../hooks.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { Field } from './field.js'
import { textForEvent } from '../lib/bidi-isolation.js'
import { LookAlikeBadge } from './user-text.js'
import {
  adoptedPollsOn,
  closedPollsOn,
  isElection,
  nameOf,
  useFederationActions,
  useSpaceSummary,
} from './federation-hooks.js'
import { RefusalAlert } from './refusal-text.js'

/** Deciding to join a council: open the motion's poll, then record the adopted decision. */
export function JoinCouncil({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const [council, setCouncil] = useDraft(`${state.space}.join.council`)
  const id = council.trim() as SpaceId
  const valid = SPACE_ID_PATTERN.test(id)
  const summary = useSpaceSummary(valid ? id : ('' as SpaceId), council)
  const name = valid ? (summary?.name ?? id) : ''
  const [poll, setPoll] = useState('')
  const [recorded, setRecorded] = useState<EventId | null>(null)
  const adopted = valid ? adoptedPollsOn(state, { kind: 'join', council: id }) : []
  const chosen = adopted.some((p) => p.id === poll) ? poll : (adopted.at(-1)?.id ?? '')
  const open = async (): Promise<void> => {
    await federation.openDecisionPoll(
      state,
      { kind: 'join', council: id },
      textForEvent(t('fed.joinQuestion', { name })),
      textForEvent(t('fed.joinMotion', { name })),
      t('fed.stayOut'),
    )
  }
  const record = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setRecorded(await federation.recordDecision(state, id, chosen as EventId, 'join'))
  }
  return (
    <form onSubmit={(e) => void record(e)}>
      <h3>{t('fed.joinTitle')}</h3>
      <Field label={t('fed.councilId')}>
        <input
          value={council}
          required
          pattern="[A-Za-z0-9_\-]{22}"
          onChange={(e) => setCouncil(e.target.value)}
        />
      </Field>
      {valid && summary !== null && (
        <p>
          <bdi>{summary.name}</bdi>
        </p>
      )}
      <button type="button" disabled={!valid} onClick={() => void open()}>
        {t('fed.openJoinPoll')}
      </button>
      {adopted.length > 0 && (
        <>
          <Field label={t('fed.joinPoll')}>
            <select value={chosen} onChange={(e) => setPoll(e.target.value)}>
              {adopted.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.question}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={!valid}>
            {t('fed.recordJoin')}
          </button>
        </>
      )}
      {recorded !== null && (
        <p role="status">
          {t('fed.giveDecision')} <code className="key">{recorded}</code>
        </p>
      )}
    </form>
  )
}

export function CouncilFacilitatorTools(props: {
  readonly member: SpaceReplica
  readonly council: SpaceState
}) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const state = props.member.state
  const admitted = props.council.council?.spaces.get(state.space)?.status === 'member'
  // Kept open across the assembly's sections: a facilitator opens an election here, votes on
  // "now", and comes back here to record it.
  const [open, setOpen] = useDraft(`${state.space}.council-tools.${props.council.space}`)
  return (
    <details
      className="tools"
      open={open === 'open'}
      onToggle={(e) => setOpen(e.currentTarget.open ? 'open' : '')}
    >
      <summary>{t('fed.facilitatorTools')}</summary>
      {admitted && (
        <p>
          <button type="button" onClick={() => void federation.count(state)}>
            {t('fed.countMembers')}
          </button>
        </p>
      )}
      <ElectDelegates state={state} council={props.council} />
      <RecordElection state={state} council={props.council} />
      <DecideMandate state={state} council={props.council} />
      <AnswerReferral state={state} council={props.council} />
      <LeaveCouncil state={state} council={props.council} />
    </details>
  )
}

function ElectDelegates(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, council } = props
  const members = [...state.members.values()].filter((m) => m.status === 'active')
  const [picked, setPicked] = useState<readonly PublicKey[]>([])
  const [seats, setSeats] = useState('1')
  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const n = Math.max(1, Math.min(picked.length, Number(seats) || 1))
    await federation.openElection(
      state,
      textForEvent(
        t('fed.electionQuestion', { count: n, name: council.assembly?.name ?? council.space }),
      ),
      picked,
      n,
    )
    setPicked([])
  }
  return (
    <form onSubmit={(e) => void open(e)}>
      <h4>{t('fed.electTitle')}</h4>
      <fieldset>
        <legend>{t('fed.candidates')}</legend>
        {members.map((m) => (
          <label key={m.key} className="choice">
            <input
              type="checkbox"
              checked={picked.includes(m.key)}
              onChange={(e) =>
                setPicked(e.target.checked ? [...picked, m.key] : picked.filter((k) => k !== m.key))
              }
            />{' '}
            <bdi>{m.name}</bdi>
            <LookAlikeBadge state={state} member={m.key} keyShown={false} />
          </label>
        ))}
      </fieldset>
      <Field label={t('fed.seatsToFill')}>
        <input
          type="number"
          min={1}
          max={100}
          value={seats}
          onChange={(e) => setSeats(e.target.value)}
        />
      </Field>
      <button type="submit" disabled={picked.length === 0}>
        {t('fed.openElection')}
      </button>
    </form>
  )
}

function RecordElection(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, council } = props
  const elections = [...state.polls.values()].filter(
    (p) => p.status === 'closed' && p.recall === null && isElection(state, p.options),
  )
  const [poll, setPoll] = useState('')
  const [alternates, setAlternates] = useState<readonly PublicKey[]>([])
  const [term, setTerm, clearTerm] = useDraft(`${state.space}.election.term`)
  const [ends, setEnds, clearEnds] = useDraft(`${state.space}.election.ends`)
  const [refusal, setRefusal] = useState<string | null>(null)
  if (elections.length === 0) return null
  const chosen = elections.find((p) => p.id === poll) ?? elections.at(-1)!
  const record = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const problem = await federation.recordElection(
      state,
      council.space,
      chosen.id,
      alternates,
      term.trim(),
      // The end of the chosen day, on this device's clock.
      ends === '' ? null : new Date(`${ends}T23:59:59`).getTime(),
    )
    setRefusal(problem)
    if (problem === null) {
      clearTerm()
      clearEnds()
      setAlternates([])
    }
  }
  return (
    <form onSubmit={(e) => void record(e)}>
      <h4>{t('fed.recordElectionTitle')}</h4>
      <Field label={t('fed.election')}>
        <select value={chosen.id} onChange={(e) => setPoll(e.target.value)}>
          {elections.map((p) => (
            <option key={p.id} value={p.id}>
              {p.question}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{t('fed.alternatesLegend')}</legend>
        {chosen.options.map((key) => (
          <label key={key} className="choice">
            <input
              type="checkbox"
              checked={alternates.includes(key as PublicKey)}
              onChange={(e) =>
                setAlternates(
                  e.target.checked
                    ? [...alternates, key as PublicKey]
                    : alternates.filter((k) => k !== key),
                )
              }
            />{' '}
            <bdi>{nameOf(key, state)}</bdi>
          </label>
        ))}
      </fieldset>
      <Field label={t('fed.termLabel')}>
        <input value={term} maxLength={200} onChange={(e) => setTerm(e.target.value)} />
      </Field>
      <Field label={t('fed.termEnds')}>
        <input type="date" value={ends} onChange={(e) => setEnds(e.target.value)} />
      </Field>
      <button type="submit">{t('fed.recordElection')}</button>
      <RefusalAlert code={refusal} />
    </form>
  )
}

function DecideMandate(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, council } = props
  const open = [...council.polls.values()].filter((p) => p.status === 'open' && p.recall === null)
  const [councilPoll, setCouncilPoll] = useState('')
  const [position, setPosition] = useState<MandatePosition>('for')
  const [poll, setPoll] = useState('')
  if (open.length === 0) return null
  const chosenCouncilPoll = open.find((p) => p.id === councilPoll) ?? open[0]!
  const subject = {
    kind: 'mandate',
    council: council.space,
    councilPoll: chosenCouncilPoll.id,
    position,
  } as const
  const adopted = adoptedPollsOn(state, subject)
  const chosenPoll = adopted.find((p) => p.id === poll)?.id ?? adopted.at(-1)?.id
  const openPoll = async (): Promise<void> => {
    await federation.openDecisionPoll(
      state,
      subject,
      textForEvent(
        t('fed.mandateQuestion', {
          question: chosenCouncilPoll.question,
          position: t(`fed.position.${position}`),
        }),
      ),
      textForEvent(t('fed.mandateMotion', { position: t(`fed.position.${position}`) })),
      t('fed.noMandate'),
    )
  }
  const decide = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (chosenPoll === undefined) return
    await federation.decideMandate(state, council.space, chosenCouncilPoll.id, position, chosenPoll)
  }
  return (
    <form onSubmit={(e) => void decide(e)}>
      <h4>{t('fed.mandateTitle')}</h4>
      <Field label={t('fed.councilPoll')}>
        <select value={chosenCouncilPoll.id} onChange={(e) => setCouncilPoll(e.target.value)}>
          {open.map((p) => (
            <option key={p.id} value={p.id}>
              {p.question}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fed.mandatePosition')}>
        <select value={position} onChange={(e) => setPosition(e.target.value as MandatePosition)}>
          {MANDATE_POSITIONS.map((p) => (
            <option key={p} value={p}>
              {t(`fed.position.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" className="small" onClick={() => void openPoll()}>
        {t('fed.openMandatePoll')}
      </button>
      {adopted.length === 0 ? (
        <p>{t('fed.needAdoptedPoll')}</p>
      ) : (
        <>
          <Field label={t('fed.adoptedPoll')}>
            <select value={chosenPoll} onChange={(e) => setPoll(e.target.value)}>
              {adopted.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.question}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{t('fed.decideMandate')}</button>
        </>
      )}
    </form>
  )
}

function AnswerReferral(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, council } = props
  const answered = state.federation.ties.get(council.space)?.answers ?? new Map()
  const open = [...(council.council?.referrals.values() ?? [])].filter(
    (r) => r.status === 'open' && !answered.has(r.id),
  )
  const [referral, setReferral] = useState('')
  const [poll, setPoll] = useState('')
  const [refusal, setRefusal] = useState<string | null>(null)
  if (open.length === 0) return null
  const chosenReferral = open.find((r) => r.id === referral)?.id ?? open[0]!.id
  const subject = { kind: 'referral', council: council.space, referral: chosenReferral } as const
  const closed = closedPollsOn(state, subject)
  const chosenPoll = closed.find((p) => p.id === poll)?.id ?? closed.at(-1)?.id
  const title = (id: EventId): string => {
    const motion = council.council?.referrals.get(id)?.motion
    return (motion && council.proposals.get(motion)?.title) ?? id.slice(0, 8)
  }
  const openPoll = async (): Promise<void> => {
    await federation.openDecisionPoll(
      state,
      subject,
      textForEvent(t('fed.referralQuestion', { motion: title(chosenReferral) })),
      t('fed.referralFor'),
      t('fed.referralAgainst'),
    )
  }
  const answer = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (chosenPoll === undefined) return
    setRefusal(await federation.answerReferral(state, council.space, chosenReferral, chosenPoll))
  }
  return (
    <form onSubmit={(e) => void answer(e)}>
      <h4>{t('fed.answerTitle')}</h4>
      <Field label={t('fed.referral')}>
        <select value={chosenReferral} onChange={(e) => setReferral(e.target.value)}>
          {open.map((r) => (
            <option key={r.id} value={r.id}>
              {title(r.id)}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" className="small" onClick={() => void openPoll()}>
        {t('fed.openReferralPoll')}
      </button>
      {chosenPoll === undefined ? (
        <p>{t('fed.needClosedPoll')}</p>
      ) : (
        <>
          <Field label={t('fed.answerPoll')}>
            <select value={chosenPoll} onChange={(e) => setPoll(e.target.value)}>
              {closed.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.question}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{t('fed.answer')}</button>
        </>
      )}
      <RefusalAlert code={refusal} />
    </form>
  )
}

function LeaveCouncil(props: { readonly state: SpaceState; readonly council: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const { state, council } = props
  const name = council.assembly?.name ?? council.space
  const adopted = adoptedPollsOn(state, { kind: 'leave', council: council.space })
  const [poll, setPoll] = useState('')
  const tie = state.federation.ties.get(council.space)
  if (tie === undefined || tie.left !== null) return null
  const chosen = adopted.find((p) => p.id === poll)?.id ?? adopted.at(-1)?.id
  return (
    <div>
      <h4>{t('fed.leaveTitle', { name })}</h4>
      <button
        type="button"
        className="small"
        onClick={() =>
          void federation.openDecisionPoll(
            state,
            { kind: 'leave', council: council.space },
            textForEvent(t('fed.leaveQuestion', { name })),
            textForEvent(t('fed.leaveMotion', { name })),
            t('fed.stay'),
          )
        }
      >
        {t('fed.openLeavePoll')}
      </button>
      {chosen !== undefined && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void federation.recordDecision(state, council.space, chosen, 'leave')
          }}
        >
          <Field label={t('fed.leavePoll')}>
            <select value={chosen} onChange={(e) => setPoll(e.target.value)}>
              {adopted.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.question}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="close">
            {t('fed.recordLeave')}
          </button>
        </form>
      )}
    </div>
  )
}

const SHARES = ['1/2', '2/3', '1/3', '3/4'] as const

/** The assembly's rules for its delegates: the recall share and the rotation limit. */
export function DelegateRules({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const federation = useFederationActions()
  const current = state.recallShare ?? { num: 1, den: 2 }
  const [share, setShare] = useState(`${current.num}/${current.den}`)
  const limit = state.federation.maxConsecutiveTerms ?? null
  const [terms, setTerms] = useState(limit === null ? '' : String(limit))
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const [num, den] = share.split('/').map(Number) as [number, number]
    if (num !== current.num || den !== current.den)
      await federation.setRecallShare(state, { num, den })
    const next = terms === '' ? null : Math.max(1, Math.min(100, Math.floor(Number(terms)) || 1))
    if (next !== limit) await federation.setRotationLimit(state, next)
  }
  return (
    <form onSubmit={(e) => void save(e)}>
      <h3>{t('fed.delegateRules')}</h3>
      <Field label={t('fed.recallShare')}>
        <select value={share} onChange={(e) => setShare(e.target.value)}>
          {[...new Set([`${current.num}/${current.den}`, ...SHARES])].map((s) => (
            <option key={s} value={s}>
              {t('fed.shareOption', { share: s })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fed.rotationLimit')}>
        <input
          type="number"
          min={1}
          max={100}
          value={terms}
          onChange={(e) => setTerms(e.target.value)}
        />
      </Field>
      <button type="submit">{t('fed.saveRules')}</button>
    </form>
  )
}
