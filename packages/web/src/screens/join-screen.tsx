// Joining by invitation: the code comes from the link (#/join/<code>); the screen names the
// assembly, who invited and how many members it has (as the hub shows it, or says plainly why it
// cannot: offline, a private assembly, a hub without it); the member gives the name they will
// have in this assembly, and the join proof is signed here with the invitation's key. A member of
// the assembly on this device (in the copy this device holds, or with a join or any other action of
// theirs there still waiting to be sent) is told so and sent to it, with no form: joining again
// would sign a second start of their chain in the space, which the hub refuses.
import { isActiveMember } from '@veche/core'
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { parseInvitation } from '../lib/assembly-actions.js'
import { fetchInvitationPreview } from '../lib/invitation-preview.js'
import type { InvitationPreview } from '../lib/invitation-preview.js'
import { Field } from '../components/field.js'
import { SpaceReplica } from '../lib/space-replica.js'

export function JoinScreen({ code }: { readonly code: string }) {
  const { t } = useTranslation()
  const { actions, remember, store } = useApp()
  const pending = useOutbox()
  const [name, setName] = useDraft('me.name')
  const [error, setError] = useState('')
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const invitation = parseInvitation(code)
  const space = invitation?.space
  const invitationKey = invitation?.invitation
  /** What this device holds of the space: its name and whether this key is a member there. */
  const [held, setHeld] = useState<{ readonly name: string; readonly member: boolean } | null>(null)
  useEffect(() => {
    if (space === undefined) return
    let current = true
    void SpaceReplica.load(store, space).then((replica) => {
      if (!current) return
      const state = replica.state
      setHeld({ name: state.assembly?.name ?? '', member: isActiveMember(state, actions.me) })
    })
    return () => {
      current = false
    }
  }, [space, store, actions])
  const joining = pending.some((e) => e.event.space === space && e.event.author === actions.me)
  useEffect(() => {
    if (space === undefined || invitationKey === undefined) return
    let current = true
    void fetchInvitationPreview(space, invitationKey, '', actions.me).then((found) => {
      if (current) setPreview(found)
    })
    return () => {
      current = false
    }
  }, [space, invitationKey, actions])
  const join = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const joined = await actions.join(code, name.trim())
    if (joined === null) return setError(t('join.damaged'))
    remember({ id: joined, name: preview?.kind === 'known' ? preview.name : t('join.joinedName') })
    navigate(`a/${joined}`)
  }
  if (invitation === null) {
    return (
      <section>
        <h2>{t('join.title')}</h2>
        <p role="alert">{t('join.damaged')}</p>
        <a href="#/">{t('nav.home')}</a>
      </section>
    )
  }
  const memberAlready = preview?.kind === 'known' && preview.memberAlready
  if (held?.member === true || joining || memberAlready) {
    const heldName = held?.name ?? ''
    const assembly = heldName !== '' ? heldName : preview?.kind === 'known' ? preview.name : ''
    return (
      <section>
        <h2>{t('join.memberTitle')}</h2>
        {assembly !== '' && (
          <h3>
            <bdi>{assembly}</bdi>
          </h3>
        )}
        <p role="status">{t('join.alreadyMember')}</p>
        <a href={`#/a/${space}`}>{t('join.openAssembly')}</a>
      </section>
    )
  }
  return (
    <section>
      <h2>{t('join.title')}</h2>
      <JoinPreview preview={preview} />
      {/* Once the preview has named the assembly and who invited, only the request is left. */}
      <p>{t(preview?.kind === 'known' ? 'join.chooseName' : 'join.explain')}</p>
      {/* Only once both this device's copy and the hub have said whether this key is in. */}
      {held !== null && preview !== null && (
        <form onSubmit={(e) => void join(e)}>
          <Field label={t('me.name')}>
            <input
              value={name}
              required
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <button type="submit">{t('join.submit')}</button>
        </form>
      )}
      {error !== '' && <p role="alert">{error}</p>}
    </section>
  )
}

/** The assembly as the hub shows it, or why it cannot be shown. */
function JoinPreview({ preview }: { readonly preview: InvitationPreview | null }) {
  const { t } = useTranslation()
  if (preview === null) return <p className="meta">{t('join.looking')}</p>
  if (preview.kind !== 'known')
    return <p className="invitation-preview">{t(`join.preview.${preview.kind}`)}</p>
  return (
    <div className="invitation-preview">
      <p>{t('join.invitedTo')}</p>
      <h3>{preview.name}</h3>
      {preview.inviter !== null && <p>{t('join.invitedBy', { name: preview.inviter })}</p>}
      <p>{t('join.memberCount', { count: preview.members })}</p>
    </div>
  )
}
