// Joining by invitation: the code comes from the link (#/join/<code>); the member gives the name
// they will have in this assembly, and the join proof is signed here with the invitation's key.
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { navigate, useDraft } from '../hooks.js'
import { parseInvitation } from '../lib/assembly-actions.js'
import { Field } from '../components/field.js'

export function JoinScreen({ code }: { readonly code: string }) {
  const { t } = useTranslation()
  const { actions, remember } = useApp()
  const [name, setName] = useDraft('me.name')
  const [error, setError] = useState('')
  const invitation = parseInvitation(code)
  const join = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const space = await actions.join(code, name.trim())
    if (space === null) return setError(t('join.damaged'))
    remember({ id: space, name: t('join.joinedName') })
    navigate(`a/${space}`)
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
      <p>{t('join.explain')}</p>
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
