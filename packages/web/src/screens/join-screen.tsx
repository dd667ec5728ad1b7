// Joining by invitation: the code comes from the link (#/join/<code>); the screen names the
// assembly, who invited and how many members it has (as the hub shows it, or says plainly why it
// cannot: offline, a private assembly, a hub without it); the member gives the name they will
// have in this assembly, and the join proof is signed here with the invitation's key.
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { parseInvitation } from '../lib/assembly-actions.js'
import { fetchInvitationPreview } from '../lib/invitation-preview.js'
import type { InvitationPreview } from '../lib/invitation-preview.js'
import { Field } from '../components/field.js'

export function JoinScreen({ code }: { readonly code: string }) {
  const { t } = useTranslation()
  const { actions, remember } = useApp()
  const [name, setName] = useDraft('me.name')
  const [error, setError] = useState('')
  const [preview, setPreview] = useState<InvitationPreview | null>(null)
  const invitation = parseInvitation(code)
  const space = invitation?.space
  const invitationKey = invitation?.invitation
  useEffect(() => {
    if (space === undefined || invitationKey === undefined) return
    let current = true
    void fetchInvitationPreview(space, invitationKey).then((found) => {
      if (current) setPreview(found)
    })
    return () => {
      current = false
    }
  }, [space, invitationKey])
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
  return (
    <section>
      <h2>{t('join.title')}</h2>
      <JoinPreview preview={preview} />
      {/* Once the preview has named the assembly and who invited, only the request is left. */}
      <p>{t(preview?.kind === 'known' ? 'join.chooseName' : 'join.explain')}</p>
      <form onSubmit={(e) => void join(e)}>
        <Field label={t('me.name')}>
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit">{t('join.submit')}</button>
      </form>
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
