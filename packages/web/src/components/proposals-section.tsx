// The proposals section of an assembly: its proposals (withdrawn ones marked) and, for a member, a
// form to propose; then its conversations. Loaded when the section is opened.
import { isActiveMember } from '@veche/core'
import type { SpaceState } from '@veche/core'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { ConversationsSection } from './conversations-section.js'
import { ProposeForm } from './propose-form.js'

export default function ProposalsPanel({ state }: { readonly state: SpaceState }) {
  return (
    <>
      <Proposals state={state} />
      <ConversationsSection state={state} />
    </>
  )
}

function Proposals({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
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
        <ProposeForm state={state} heading={t('propose.title')} draft="propose" />
      )}
    </section>
  )
}
