// The statements section of an assembly: its statements and resolutions, newest version first in
// each line of versions (a resolution revised links to its next version), and a link to draft a
// new one (the drafting form is its own lazily loaded screen, #/a/<space>/s/new).
import { isActiveMember, isFacilitator } from '@veche/core'
import type { SpaceState, StatementRecord } from '@veche/core'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'

export function StatementsSection({ state }: { readonly state: SpaceState }) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const documents = [...state.statements.documents.values()]
  // One line per statement: its newest version, with the older ones after it.
  const newest = documents.filter((s) => s.next === null || !state.statements.documents.has(s.next))
  const mayDraft =
    isActiveMember(state, actions.me) &&
    (state.assembly?.rules.proposeRight !== 'facilitator' || isFacilitator(state, actions.me))
  return (
    <section className="statements">
      <h2>{t('statements.title')}</h2>
      {documents.length === 0 && <p>{t('statements.none')}</p>}
      <ul>
        {newest.map((s) => (
          <li key={s.id}>
            <StatementLink state={state} statement={s} />
            {s.previous !== null && (
              <ul>
                {olderVersions(state, s).map((old) => (
                  <li key={old.id}>
                    <StatementLink state={state} statement={old} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {mayDraft && (
        <p>
          <a href={`#/a/${state.space}/s/new`}>{t('statements.draft')}</a>
        </p>
      )}
    </section>
  )
}

function olderVersions(state: SpaceState, statement: StatementRecord): StatementRecord[] {
  const older: StatementRecord[] = []
  let previous = statement.previous
  while (previous !== null) {
    const s = state.statements.documents.get(previous)
    if (s === undefined) break
    older.push(s)
    previous = s.previous
  }
  return older
}

function StatementLink(props: { readonly state: SpaceState; readonly statement: StatementRecord }) {
  const { t } = useTranslation()
  const { statement } = props
  return (
    <>
      <a href={`#/a/${props.state.space}/s/${statement.id}`} lang={statement.language}>
        <bdi>{statement.title}</bdi>
      </a>{' '}
      <span className="meta">
        ({t(statement.adopted === null ? 'statement.status.draft' : 'statement.status.adopted')}
        {' · '}
        {t('statement.version', { version: statement.version })})
      </span>
    </>
  )
}
