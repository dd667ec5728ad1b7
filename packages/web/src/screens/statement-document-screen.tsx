// A statement (#/a/<space>/s/<id>): its text as it reads in the original language (or, when it has
// a translation into the interface language, in that translation, with the original a tap away), its status and
// versions, every amendment under the paragraph it changed (with its note), references and notes,
// the hub's public page, proof file and feed once adopted; while a draft the forms that amend it
// and, for facilitators, its adoption by a poll; then its translations and co-signers.
import { isActiveMember, isFacilitator, outdatedParagraphs } from '@veche/core'
import type { EventId, SpaceId, SpaceState, StatementRecord, TranslationRecord } from '@veche/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { PendingList } from '../components/pending-list.js'
import { StatementAdoption } from '../components/statement-adoption.js'
import { FrameAmendment, ParagraphAmendment } from '../components/statement-amend-forms.js'
import { StatementCosigning } from '../components/statement-cosigning.js'
import { languageName, StatementText } from '../components/statement-parts.js'
import { StatementTranslations } from '../components/statement-translations.js'
import { useSpace } from '../hooks.js'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { mayAmend } from '../lib/statement-actions.js'
import { fetchAcceptedEvents } from '../lib/foreign-events.js'
import { readStatementChanges } from '../lib/statement-history.js'
import type { StatementChange } from '../lib/statement-history.js'
import '../statement.css'

export function StatementDocumentScreen(props: {
  readonly space: SpaceId
  readonly statement: EventId
}) {
  const { t } = useTranslation()
  const { replica } = useSpace(props.space)
  const state = replica?.state
  if (state === undefined) return <p>{t('status.loading')}</p>
  const back = (
    <p>
      <a href={`#/a/${props.space}/statements`}>{t('nav.assembly')}</a>
    </p>
  )
  const statement = state.statements.documents.get(props.statement)
  if (statement === undefined)
    return (
      <>
        {back}
        <p>{t('statement.unknown')}</p>
      </>
    )
  return (
    <>
      {back}
      <PendingList space={props.space} />
      <StatementDocument state={state} statement={statement} times={replica!.times} />
    </>
  )
}

const baseLanguage = (tag: string): string => tag.toLowerCase().split('-')[0] ?? tag

/** The statement's translation into the interface language `ui`, if its original is in another. */
function translationInto(statement: StatementRecord, ui: string): TranslationRecord | undefined {
  if (baseLanguage(statement.language) === baseLanguage(ui)) return undefined
  return (
    statement.translations.get(ui) ??
    [...statement.translations.values()].find(
      (tr) => baseLanguage(tr.language) === baseLanguage(ui),
    )
  )
}

function StatementDocument(props: {
  readonly state: SpaceState
  readonly statement: StatementRecord
  readonly times: ReadonlyMap<EventId, number>
}) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const { state, statement, times } = props
  const changes = useStatementChanges(state.space, statement.amendments)
  const name = (key: string): string => state.members.get(key as never)?.name ?? key.slice(0, 8)
  const when = (id: EventId): string => {
    const at = times.get(id)
    return at === undefined ? '' : formatDateTime(i18n.language, at)
  }
  const facilitator = isFacilitator(state, actions.me)
  const draft = statement.adopted === null
  const mayPropose =
    isActiveMember(state, actions.me) &&
    (state.assembly?.rules.proposeRight !== 'facilitator' || facilitator)
  const paragraphChanges = (n: number): StatementChange[] =>
    (changes ?? []).filter((c) => c.kind === 'paragraph' && c.number === n)
  const translation = translationInto(statement, i18n.language)
  const [originalChosen, setOriginalChosen] = useState(false)
  const reading = originalChosen ? undefined : translation
  return (
    <>
      <article className="statement">
        <p className="meta">
          <strong>{t(draft ? 'statement.status.draft' : 'statement.status.adopted')}</strong>
          {' · '}
          {t('statement.version', { version: statement.version })}
          {' · '}
          {t('statement.original', { language: languageName(statement.language, i18n.language) })}
        </p>
        {translation !== undefined && (
          <p className="translation-notice">
            {reading !== undefined && (
              <>
                {t('statement.readingTranslation', {
                  language: languageName(translation.language, i18n.language),
                })}{' '}
              </>
            )}
            <button
              type="button"
              className="small"
              onClick={() => setOriginalChosen(reading !== undefined)}
            >
              {reading !== undefined
                ? t('statement.showOriginal', {
                    language: languageName(statement.language, i18n.language),
                  })
                : t('statement.showTranslation', {
                    language: languageName(translation.language, i18n.language),
                  })}
            </button>
          </p>
        )}
        {reading !== undefined ? (
          <StatementText
            text={reading}
            marks={(n) =>
              outdatedParagraphs(statement, reading).includes(n) ? (
                <span className="outdated-mark">{t('translations.paragraphOutdated')}</span>
              ) : null
            }
          />
        ) : (
          <StatementText
            text={{
              language: statement.language,
              title: statement.title,
              lead: statement.lead,
              paragraphs: statement.paragraphs.map((p) => p.text),
              closing: statement.closing,
            }}
            marks={(n) => {
              const list = paragraphChanges(n)
              if (list.length === 0) return null
              return (
                <details className="changes">
                  <summary>{t('statement.amendedTimes', { count: list.length })}</summary>
                  <ol>
                    {list.map((c) => (
                      <li key={c.id}>
                        {t('statement.changeBy', { name: name(c.author), when: when(c.id) })}
                        {c.note !== '' && (
                          <>
                            — <bdi>{c.note}</bdi>
                          </>
                        )}
                      </li>
                    ))}
                  </ol>
                </details>
              )
            }}
          />
        )}
        {statement.references.length > 0 && (
          <>
            <h3>{t('statement.references')}</h3>
            <ul>
              {statement.references.map((r, i) => (
                <li key={i}>
                  <a href={r.url} rel="noopener noreferrer">
                    <bdi>{r.title}</bdi>
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {statement.notes !== '' && (
          <>
            <h3>{t('statement.notes')}</h3>
            <p className="text">{statement.notes}</p>
          </>
        )}
      </article>
      <section>
        <h2>{t('statement.history')}</h2>
        <ul>
          <li>
            {t('statement.draftedBy', { name: name(statement.author), when: when(statement.id) })}
          </li>
          {changes === null && <li>{t('statement.historyOffline')}</li>}
          {(changes ?? []).map((c) => (
            <li key={c.id}>
              {c.kind === 'paragraph'
                ? t('statement.paragraphChanged', { number: c.number })
                : t('statement.frameChanged')}{' '}
              ({t('statement.changeBy', { name: name(c.author), when: when(c.id) })})
              {c.note !== '' && (
                <>
                  — <bdi>{c.note}</bdi>
                </>
              )}
            </li>
          ))}
          {statement.adopted !== null && (
            <li>
              {t('statement.adoptedBy', {
                question: state.polls.get(statement.adopted.poll)?.question ?? '',
                when: when(statement.adopted.event),
              })}
            </li>
          )}
        </ul>
        <Versions state={state} statement={statement} />
      </section>
      {statement.adopted !== null && <Publishing state={state} statement={statement} />}
      {mayAmend(statement, actions.me, facilitator) && (
        <section>
          <h2>{t('statement.amend')}</h2>
          <ParagraphAmendment state={state} statement={statement} />
          <FrameAmendment key={statement.amendments.length} state={state} statement={statement} />
        </section>
      )}
      <StatementAdoption state={state} statement={statement} times={times} />
      {!draft && statement.next === null && mayPropose && (
        <p>
          <a href={`#/a/${state.space}/s/${statement.id}/revise`}>{t('statement.revise')}</a>
        </p>
      )}
      <StatementTranslations state={state} statement={statement} />
      <StatementCosigning state={state} statement={statement} />
    </>
  )
}

function Versions(props: { readonly state: SpaceState; readonly statement: StatementRecord }) {
  const { t } = useTranslation()
  const { state, statement } = props
  const link = (id: EventId): string => `#/a/${state.space}/s/${id}`
  if (statement.previous === null && statement.next === null) return null
  return (
    <ul>
      {statement.previous !== null && (
        <li>
          <a href={link(statement.previous)}>
            {t('statement.previousVersion', { version: statement.version - 1 })}
          </a>
        </li>
      )}
      {statement.next !== null && (
        <li>
          <a href={link(statement.next)}>
            {t('statement.nextVersion', { version: statement.version + 1 })}
          </a>
        </li>
      )}
    </ul>
  )
}

/** The hub's public page of a resolution, its proof file and the space's Atom feed. */
function Publishing(props: { readonly state: SpaceState; readonly statement: StatementRecord }) {
  const { t } = useTranslation()
  const { state, statement } = props
  const page = `/r/${state.space}/${statement.id}`
  const isPublic = state.assembly?.rules.visibility === 'public'
  return (
    <section>
      <h2>{t('statement.publishing')}</h2>
      {isPublic ? (
        <ul className="statement-links">
          <li>
            <a href={page}>{t('statement.publicPage')}</a>
          </li>
          <li>
            <a href={`${page}/proof.json`}>{t('statement.proofFile')}</a>
          </li>
          <li>
            <a href={`/api/spaces/${state.space}/feed.atom`}>{t('statement.feed')}</a>
          </li>
        </ul>
      ) : (
        <p>{t('statement.privateSpace')}</p>
      )}
    </section>
  )
}

/** The statement's amendments as their events tell them; null when the hub cannot be reached. */
function useStatementChanges(
  space: SpaceId,
  amendments: readonly EventId[],
): StatementChange[] | null {
  const [changes, setChanges] = useState<StatementChange[] | null>([])
  useEffect(() => {
    let cancelled = false
    void readStatementChanges(fetchAcceptedEvents(), [...amendments]).then((read) => {
      if (!cancelled) setChanges(read)
    })
    return () => {
      cancelled = true
    }
  }, [space, amendments.length])
  return changes
}
