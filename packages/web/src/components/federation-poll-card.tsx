// A poll that concerns a council: a recall (recall or keep, and the result against the votes it
// needed), a delegate election (candidates by name), or a council's own poll (only seated
// delegates vote; the result lists each delegate's mandate and whether the ballot kept it).
import { computeCloseResult, isFacilitator, isVoter, resultWinners } from '@veche/core'
import type { MandateCheck, PollRecord, PublicKey, RecallResult, SpaceState } from '@veche/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { NamedBallot } from './federation-ballot.js'
import { CountedBallots } from './poll-card.js'
import { PollDeadline, useNow } from './poll-deadline.js'
import { PollResult } from './poll-result.js'
import { SupersededCloses } from './superseded-closes.js'
import { latestVote, VoteForm } from './vote-form.js'
import { LookAlikeBadge, lookAlikesIn } from './user-text.js'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'
import { RefusalAlert } from './refusal-text.js'

export interface FederationPollCardProps {
  readonly state: SpaceState
  readonly poll: PollRecord
  readonly openedAt: number | undefined
  /** A key's display name. */
  readonly nameOf: (key: string) => string
  /** A council's display name (for recalls). */
  readonly councilName?: (council: string) => string
  /** The options are candidates' keys. */
  readonly election?: boolean
  /** A recall's reason, from its `recall.started` event. */
  readonly reason?: string
}

export function FederationPollCard(props: FederationPollCardProps) {
  const { state, poll, openedAt, nameOf } = props
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const [refusal, setRefusal] = useState<string | null>(null)
  const me = actions.me
  const recall = poll.recall
  const question =
    recall === null
      ? poll.question
      : t('fed.recallQuestion', {
          name: nameOf(recall.delegate),
          council: props.councilName?.(recall.council) ?? recall.council,
        })
  const options =
    recall !== null
      ? poll.options.map((o) => ({ value: o, label: t(`fed.recall.${o}`) }))
      : poll.options.map((o) =>
          props.election === true
            ? {
                value: o,
                label: nameOf(o),
                note: <LookAlikeBadge state={state} member={o} keyShown={false} />,
              }
            : { value: o, label: o },
        )
  const seat = state.council?.delegates.get(me)?.status
  // A deadline as on an assembly's poll card: the countdown, and no ballot form once it passed.
  const deadline = poll.status === 'open' ? poll.closesAt : undefined
  const now = useNow(deadline !== undefined)
  const voting = deadline === undefined || now <= deadline
  const close = async (): Promise<void> => setRefusal(await actions.closePoll(state, poll.id))
  const mayClose =
    poll.opener === me ||
    isFacilitator(state, me) ||
    (recall !== null && recallPasses(state, poll, me))
  return (
    <article className="poll" aria-labelledby={`poll-${poll.id}`}>
      <h3 id={`poll-${poll.id}`}>
        <bdi>{question}</bdi>
      </h3>
      {recall !== null && lookAlikesIn(state).has(recall.delegate) && (
        <p>
          <bdi>{nameOf(recall.delegate)}</bdi>
          <LookAlikeBadge state={state} member={recall.delegate} keyShown={false} />
        </p>
      )}
      {props.reason !== undefined && props.reason !== '' && (
        <p>{t('fed.reason', { reason: props.reason })}</p>
      )}
      <p className="meta">
        {recall !== null ? t('fed.recallPoll') : t(`method.${poll.method}`)}
        {poll.seats > 1 && <> · {t('poll.seats', { count: poll.seats })}</>} ·{' '}
        {openedAt !== undefined && (
          <>{t('poll.opened', { when: formatDateTime(i18n.language, openedAt) })} · </>
        )}
        {poll.status === 'open' ? t('poll.voters', { count: poll.latest.size }) : t('poll.closed')}
      </p>
      {poll.status === 'open' ? (
        <>
          {deadline !== undefined && <PollDeadline closesAt={deadline} now={now} />}
          {!voting ? null : isVoter(state, me) ? (
            <>
              {poll.latest.has(me) && <p className="voted">{t('poll.youVoted')}</p>}
              {props.election === true || recall !== null ? (
                <NamedBallot
                  pollId={poll.id}
                  ranked={poll.method !== 'majority'}
                  options={options}
                  cast={latestVote(poll, me)}
                  onVote={(vote) => void actions.vote(state, poll.id, vote)}
                />
              ) : (
                <VoteForm
                  pollId={poll.id}
                  method={poll.method}
                  options={poll.options}
                  scoreRange={poll.scoreRange}
                  cast={latestVote(poll, me)}
                  onVote={(vote) => void actions.vote(state, poll.id, vote)}
                />
              )}
            </>
          ) : (
            state.council !== null && (
              <p>
                {seat === 'recalled' || seat === 'ended'
                  ? t('fed.seatEnded')
                  : t('fed.onlyDelegatesVote')}
              </p>
            )
          )}
          {mayClose && (
            <button type="button" className="close" onClick={() => void close()}>
              {t('poll.close')}
            </button>
          )}
          <RefusalAlert code={refusal} />
        </>
      ) : recall !== null ? (
        <>
          <RecallResultView result={poll.result as RecallResult} />
          <UnseatedBallots result={poll.result} />
          <CountedBallots poll={poll} me={me} />
        </>
      ) : (
        <>
          {props.election === true && (
            <p>
              <strong>
                {t('fed.elected', {
                  names:
                    resultWinners(poll.result)
                      .map((k) => isolateIfNeeded(nameOf(k)))
                      .join(', ') || '—',
                })}
              </strong>
            </p>
          )}
          <div style={{ overflowWrap: 'anywhere' }}>
            <PollResult
              result={
                props.election === true ? byName(poll.result, nameOf, poll.options) : poll.result
              }
            />
          </div>
          <SupersededCloses
            state={state}
            poll={poll}
            optionName={props.election === true ? nameOf : undefined}
          />
          <MandateChecks result={poll.result} nameOf={nameOf} />
          <UnseatedBallots result={poll.result} />
          <CountedBallots poll={poll} me={me} />
        </>
      )}
    </article>
  )
}

/**
 * An election's report (any method: a majority count, STV or IRV rounds, a Schulze matrix) with
 * the candidates' names in place of their keys, so no key runs off a phone screen. Only strings
 * that are exactly a candidate's key are replaced; two candidates of one name keep their keys'
 * first characters apart.
 */
function byName(
  result: unknown,
  nameOf: (key: string) => string,
  candidates: readonly string[],
): unknown {
  const names = new Map(candidates.map((key) => [key, nameOf(key)]))
  const taken = new Map<string, number>()
  for (const name of names.values()) taken.set(name, (taken.get(name) ?? 0) + 1)
  const label = (key: string): string => {
    const name = names.get(key)!
    return taken.get(name)! > 1 ? `${name} (${key.slice(0, 6)})` : name
  }
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return names.has(value) ? label(value) : value
    if (Array.isArray(value)) return value.map(rename)
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [names.has(k) ? label(k) : k, rename(v)]),
      )
    return value
  }
  return rename(result)
}

/** Any member may close a recall once the latest ballots carry it (core's poll rules). */
function recallPasses(state: SpaceState, poll: PollRecord, me: string): boolean {
  if (!isVoter(state, me as PublicKey)) return false
  const latest = [...poll.latest.values()].map((id) => poll.ballots.get(id)!)
  const result = computeCloseResult(state, poll, latest)
  return result.ok && (result.value as RecallResult).outcome === 'recalled'
}

/** A recall's count: recall, keep, abstain, and the recall votes it needed. */
export function RecallResultView({ result }: { readonly result: RecallResult }) {
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language)
  return (
    <div className="result">
      <p className={`outcome outcome-${result.outcome === 'recalled' ? 'adopted' : 'rejected'}`}>
        <strong>{t(`fed.recallOutcome.${result.outcome}`)}</strong>
      </p>
      <table>
        <caption>{t('result.counts')}</caption>
        <tbody>
          {(['recall', 'keep', 'abstain'] as const).map((k) => (
            <tr key={k}>
              <th scope="row">{t(`fed.recall.${k}`)}</th>
              <td className="votes">{number.format(result[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('fed.recallNeeded', {
          count: result.needed,
          members: number.format(result.members),
          share: `${result.share.num}/${result.share.den}`,
        })}
      </p>
    </div>
  )
}

/**
 * How many sealed ballots a council close left uncounted because their voters no longer held a
 * seat at the close (the result's `unseated`: one ballot per seat).
 */
function UnseatedBallots({ result }: { readonly result: unknown }) {
  const { t } = useTranslation()
  const count = (result as { unseated?: readonly string[] } | null)?.unseated?.length ?? 0
  if (count === 0) return null
  return <p className="late">{t('fed.unseated', { count })}</p>
}

/** The mandate checks a council poll's close lists: each delegate's mandate and their ballot. */
export function MandateChecks(props: {
  readonly result: unknown
  readonly nameOf: (key: string) => string
}) {
  const { t } = useTranslation()
  const checks = (props.result as { mandates?: MandateCheck[] } | null)?.mandates ?? []
  if (checks.length === 0) return null
  return (
    <div className="mandates">
      <h4>{t('fed.mandateChecks')}</h4>
      <ul>
        {checks.map((c) => (
          <li key={c.ballot} className={c.kept === false ? 'broken' : undefined}>
            {t(
              c.kept === null
                ? 'fed.mandateUnjudged'
                : c.kept
                  ? 'fed.mandateKept'
                  : 'fed.mandateBroken',
              {
                name: props.nameOf(c.delegate),
                mandate: t(`fed.position.${c.mandate}`),
                cast: c.cast === null ? t('fed.position.none') : t(`fed.position.${c.cast}`),
              },
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
