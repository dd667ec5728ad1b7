// One poll: its question, and while open the ballot form (members) and the close button (the
// opener and facilitators); once closed, its result.
import { isActiveMember, isFacilitator } from '@veche/core'
import type { PollRecord, SpaceState } from '@veche/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { LookAlikeOptionsNote } from './look-alike-options-note.js'
import { PollDeadline, useNow } from './poll-deadline.js'
import { PollResult } from './poll-result.js'
import { RefusalAlert } from './refusal-text.js'
import { SupersededCloses } from './superseded-closes.js'
import { latestVote, VoteForm } from './vote-form.js'

export interface PollCardProps {
  readonly state: SpaceState
  readonly poll: PollRecord
  /** When the opener says the poll opened (ms since 1970). */
  readonly openedAt: number | undefined
}

export function PollCard({ state, poll, openedAt }: PollCardProps) {
  const { t, i18n } = useTranslation()
  const { actions } = useApp()
  const [refusal, setRefusal] = useState<string | null>(null)
  const me = actions.me
  const voted = poll.latest.has(me)
  const deadline = poll.status === 'open' ? poll.closesAt : undefined
  const now = useNow(deadline !== undefined)
  // After the deadline the hub refuses ballots: the form goes, the countdown says why.
  const voting = deadline === undefined || now <= deadline
  const close = async (): Promise<void> => {
    setRefusal(await actions.closePoll(state, poll.id))
  }
  return (
    <article className="poll" aria-labelledby={`poll-${poll.id}`}>
      <h3 id={`poll-${poll.id}`}>
        <bdi>{poll.question}</bdi>
      </h3>
      <p className="meta">
        {t(`method.${poll.method}`, { defaultValue: poll.method })}
        {poll.seats > 1 && <> · {t('poll.seats', { count: poll.seats })}</>} ·{' '}
        {openedAt !== undefined && (
          <>{t('poll.opened', { when: formatDateTime(i18n.language, openedAt) })} · </>
        )}
        {poll.status === 'open' ? t('poll.voters', { count: poll.latest.size }) : t('poll.closed')}
      </p>
      {poll.status === 'open' ? (
        <>
          {deadline !== undefined && <PollDeadline closesAt={deadline} now={now} />}
          <LookAlikeOptionsNote options={poll.options} />
          {isActiveMember(state, me) && voting && (
            <>
              {voted && <p className="voted">{t('poll.youVoted')}</p>}
              <VoteForm
                pollId={poll.id}
                method={poll.method}
                options={poll.options}
                scoreRange={poll.scoreRange}
                cast={latestVote(poll, me)}
                onVote={(vote) => void actions.vote(state, poll.id, vote)}
              />
            </>
          )}
          {(poll.opener === me || isFacilitator(state, me)) && (
            <button type="button" className="close" onClick={() => void close()}>
              {t('poll.close')}
            </button>
          )}
          <RefusalAlert code={refusal} />
        </>
      ) : (
        <>
          <PollResult result={poll.result} />
          <SupersededCloses state={state} poll={poll} />
          <CountedBallots poll={poll} me={me} />
        </>
      )}
    </article>
  )
}

/**
 * How many ballots the close counted (unless the result above already says so, on its quorum
 * line) and, when some were cast beyond what the closer had seen, that they stay in the log
 * uncounted; the member is told when one of them is theirs.
 */
export function CountedBallots({ poll, me }: { readonly poll: PollRecord; readonly me: string }) {
  const { t } = useTranslation()
  const late = poll.late.length
  const mine = poll.late.some((b) => b.voter === me)
  return (
    <>
      {!resultSaysCounted(poll.result) && (
        <p className="meta counted">{t('poll.counted', { count: poll.sealed?.length ?? 0 })}</p>
      )}
      {late > 0 && <p className="late">{t('poll.late', { count: late })}</p>}
      {mine && <p className="late mine">{t('poll.lateMine')}</p>}
    </>
  )
}

/** Whether a result says how many ballots it counted (every method's report has its quorum). */
function resultSaysCounted(result: unknown): boolean {
  const quorum = (result as { quorum?: { ballots?: unknown } } | null)?.quorum
  return typeof quorum?.ballots === 'number'
}
