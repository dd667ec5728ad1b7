// The members section of an assembly: who is in it (with their key's start), and for facilitators
// the roles to grant or take back, a removal with its reason, making an invitation and admitting by
// key; for a member, leaving. Loaded when the section is opened.
import { isActiveMember, isFacilitator } from '@veche/core'
import type { MemberRecord, SpaceState } from '@veche/core'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { hasDraft, useDraft } from '../hooks.js'
import { FacilitatorTools } from './facilitator-tools.js'
import { Field } from './field.js'
import { MemberName } from './user-text.js'

export default function MembersPanel({ state }: { readonly state: SpaceState }) {
  const { actions } = useApp()
  return (
    <>
      <Members state={state} />
      {isFacilitator(state, actions.me) && <FacilitatorTools state={state} part="members" />}
      {isActiveMember(state, actions.me) && <LeaveAssembly state={state} />}
    </>
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
            <li key={m.key} id={`member-${m.key}`}>
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
  const [open, setOpen] = useState(() => hasDraft(`${state.space}.remove.${member.key}`))
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
