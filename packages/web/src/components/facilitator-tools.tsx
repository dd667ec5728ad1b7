// Facilitator tools, in two parts shown in the assembly's sections: on "now", open a poll by any
// method (seats for multi-winner methods, a score range for score polls); on "members", make an
// invitation (code and link) and admit a member by key.
import { lookAlikeTexts, nameSkeleton, POLL_METHODS, PUBLIC_KEY_PATTERN } from '@veche/core'
import type { DecisionMethod, EventId, PublicKey, SpaceState } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { useDraft } from '../hooks.js'
import { rememberInvitationLink } from '../lib/last-invitation.js'
import { InvitationQr } from './invitation-qr.js'
import { DeadlineField, useDeadline } from './deadline-field.js'
import { Field } from './field.js'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'
import { keyFingerprint } from './user-text.js'

export function FacilitatorTools(props: {
  readonly state: SpaceState
  readonly part: 'votes' | 'members'
}) {
  const { state, part } = props
  const { t } = useTranslation()
  const { actions } = useApp()
  const space = state.space
  const [key, setKey, clearKey] = useDraft(`${space}.admit.key`)
  const [memberName, setMemberName, clearMemberName] = useDraft(`${space}.admit.name`)
  const [uses, setUses] = useDraft(`${space}.invite.uses`, '1')
  const [code, setCode] = useState('')
  const [question, setQuestion, clearQuestion] = useDraft(`${space}.poll.question`)
  const [method, setMethod] = useDraft(
    `${space}.poll.method`,
    state.assembly?.rules.defaultMethod ?? 'majority',
  )
  const [options, setOptions, clearOptions] = useDraft(`${space}.poll.options`)
  const [proposal, setProposal] = useDraft(`${space}.poll.proposal`)
  const [seats, setSeats] = useDraft(`${space}.poll.seats`, '1')
  const [scoreMax, setScoreMax] = useDraft(`${space}.poll.scoreMax`, '5')
  const [secret, setSecret] = useDraft(`${space}.poll.secret`, '')
  const closesAt = useDeadline(`${space}.poll.closesAt`)
  // A refusal shows just above the button of the form it refuses, where the member is looking:
  // at the top of the section it was out of sight on a phone (the vote form is a screen long).
  const [error, setError] = useState<{ readonly form: 'poll' | 'admit'; readonly text: string }>()
  const refusal = (form: 'poll' | 'admit') =>
    error?.form === form && <p role="alert">{error.text}</p>

  const admit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!PUBLIC_KEY_PATTERN.test(key.trim()))
      return setError({ form: 'admit', text: t('admit.badKey') })
    setError(undefined)
    await actions.admit(state, key.trim() as PublicKey, memberName.trim())
    clearKey()
    clearMemberName()
  }
  const invite = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const made = await actions.invite(state, Math.max(1, Math.floor(Number(uses)) || 1), '')
    setCode(made)
    rememberInvitationLink(
      space,
      `${window.location.origin}${window.location.pathname}#/join/${made}`,
    )
  }
  const openPoll = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const list = options
      .split(/[\n,]/)
      .map((o) => o.trim())
      .filter(Boolean)
    const consent = method === 'consent'
    if (!consent && list.length < 2)
      return setError({ form: 'poll', text: t('openPoll.needOptions') })
    // Options a voter could not tell apart (a Cyrillic e, a zero-width space) are never signed.
    const alike = consent ? null : lookAlikeTexts(list)
    if (alike !== null) {
      const text = t('openPoll.lookAlike', { first: alike[0] + 1, second: alike[1] + 1 })
      return setError({ form: 'poll', text })
    }
    setError(undefined)
    const chosen = (POLL_METHODS as readonly string[]).includes(method)
      ? (method as DecisionMethod)
      : 'majority'
    const wanted = hasSeats(chosen) ? Math.max(1, Math.floor(Number(seats)) || 1) : 1
    if (wanted > list.length && !consent)
      return setError({ form: 'poll', text: t('openPoll.tooManySeats') })
    // Typed in the interface language's form (deadline-field.tsx), in the device's local time; a
    // refusal shows under the field.
    const deadline = closesAt.take()
    if (deadline === 'refused') return
    await actions.openPoll(state, {
      question: question.trim(),
      proposal: proposal === '' ? null : (proposal as EventId),
      method: chosen,
      options: consent ? [] : list,
      seats: wanted,
      scoreRange:
        chosen === 'score' ? { min: 0, max: Math.max(1, Math.floor(Number(scoreMax)) || 5) } : null,
      // A secret poll: this device issues the credentials and holds the one teller key.
      ...(secret === 'on'
        ? { secret: { issuers: [actions.me], tellers: [actions.me], tellerQuorum: 1 } }
        : {}),
      ...(deadline === undefined ? {} : { closesAt: deadline }),
    })
    clearQuestion()
    clearOptions()
    closesAt.clear()
  }
  const link = `${window.location.origin}${window.location.pathname}#/join/${code}`
  return (
    <section className="tools">
      <h2>{t('tools.title')}</h2>
      {part === 'votes' && (
        <form onSubmit={(e) => void openPoll(e)}>
          <h3>{t('openPoll.title')}</h3>
          <Field label={t('openPoll.question')}>
            <input value={question} required onChange={(e) => setQuestion(e.target.value)} />
          </Field>
          <Field label={t('openPoll.proposal')}>
            <select value={proposal} onChange={(e) => setProposal(e.target.value)}>
              <option value="">{t('openPoll.noProposal')}</option>
              {[...state.proposals.values()].map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('openPoll.method')}>
            <select value={method} onChange={(e) => setMethod(e.target.value)}>
              {POLL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`method.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          {hasSeats(method) && (
            <Field label={t('openPoll.seats')}>
              <input
                type="number"
                min={1}
                max={100}
                value={seats}
                onChange={(e) => setSeats(e.target.value)}
              />
            </Field>
          )}
          {method === 'score' && (
            <Field label={t('openPoll.scoreMax')}>
              <input
                type="number"
                min={1}
                max={100}
                value={scoreMax}
                onChange={(e) => setScoreMax(e.target.value)}
              />
            </Field>
          )}
          {method !== 'consent' && (
            <Field label={t('openPoll.options')}>
              <textarea value={options} onChange={(e) => setOptions(e.target.value)} />
            </Field>
          )}
          <label className="choice">
            <input
              type="checkbox"
              checked={secret === 'on'}
              onChange={(e) => setSecret(e.target.checked ? 'on' : '')}
            />{' '}
            {t('openPoll.secret')}
          </label>
          {secret === 'on' && <p className="meta">{t('openPoll.secretExplain')}</p>}
          <DeadlineField {...closesAt.field} />
          {/* A secret poll ends by its seal, which this device signs at the deadline while open. */}
          {secret === 'on' && closesAt.field.value !== '' && (
            <p className="meta">{t('openPoll.secretDeadline')}</p>
          )}
          {refusal('poll')}
          <button type="submit">{t('openPoll.submit')}</button>
        </form>
      )}
      {part === 'members' && (
        <>
          <form onSubmit={(e) => void invite(e)}>
            <h3>{t('invite.title')}</h3>
            <Field label={t('invite.uses')}>
              <input
                type="number"
                min={1}
                max={100000}
                value={uses}
                onChange={(e) => setUses(e.target.value)}
              />
            </Field>
            <button type="submit">{t('invite.submit')}</button>
            {code !== '' && (
              <div className="invitation">
                <Field label={t('invite.code')}>
                  <input
                    readOnly
                    value={code}
                    className="code"
                    onFocus={(e) => e.target.select()}
                  />
                </Field>
                <InvitationQr link={link} />
                <Field label={t('invite.link')}>
                  <input
                    readOnly
                    value={link}
                    className="link"
                    onFocus={(e) => e.target.select()}
                  />
                </Field>
              </div>
            )}
          </form>
          <form onSubmit={(e) => void admit(e)}>
            <h3>{t('admit.title')}</h3>
            <Field label={t('admit.key')}>
              <input value={key} required onChange={(e) => setKey(e.target.value)} />
            </Field>
            <Field label={t('admit.name')}>
              <input
                value={memberName}
                required
                maxLength={100}
                onChange={(e) => setMemberName(e.target.value)}
              />
            </Field>
            <AdmitLookAlike state={state} name={memberName} />
            {refusal('admit')}
            <button type="submit">{t('admit.submit')}</button>
          </form>
        </>
      )}
    </section>
  )
}

/**
 * A warning while the name typed for someone to admit looks like an active member's, so the
 * facilitator checks the key before letting in a second "Aigerim".
 */
function AdmitLookAlike(props: { readonly state: SpaceState; readonly name: string }) {
  const { t } = useTranslation()
  const typed = nameSkeleton(props.name)
  if (typed === '') return null
  const alike = [...props.state.members.values()].filter(
    (m) => m.status === 'active' && nameSkeleton(m.name) === typed,
  )
  if (alike.length === 0) return null
  const others = alike.map((m) => `${isolateIfNeeded(m.name)} (${keyFingerprint(m.key)})`)
  return (
    <p className="look-alike" role="status">
      {t('lookAlike.admit', { others: others.join(', ') })}
    </p>
  )
}

/** Methods that may elect more than one winner. */
function hasSeats(method: string): boolean {
  return !['majority', 'consent', 'irv'].includes(method)
}
