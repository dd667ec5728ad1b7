// A secret poll on screen (docs/secret-ballot.md, "What a member sees"): the explanation before
// anyone votes, the register of who asked to take part, how many ballots the hub holds (never what
// they say), the same ballot form as an open poll, and the member's own state: credential asked
// for, vote waiting for it, ballot being sent, in, sealed, counted. Facilitators seal and count
// here. Showing the poll is what asks for the credential (tendMember), not voting.
import { isActiveMember, isFacilitator } from '@veche/core'
import type { PollRecord, SecretWallet } from '@veche/core'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { LookAlikeOptionsNote } from '../components/look-alike-options-note.js'
import { PollDeadline, useNow } from '../components/poll-deadline.js'
import { PollResult } from '../components/poll-result.js'
import { SupersededCloses } from '../components/superseded-closes.js'
import { VoteForm } from '../components/vote-form.js'
import { formatDateTime } from '../i18n/i18n-setup.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import type { BallotSender } from './ballot-sender.js'
import { ballotSender } from './ballot-sender.js'
import {
  castSecretVote,
  countSecretBallots,
  memberView,
  sealSecretPoll,
  tendMember,
} from './secret-steps.js'
import { finalStatus } from './secret-wallet.js'
import type { FinalStatus } from './secret-wallet.js'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'
import { RefusalAlert } from '../components/refusal-text.js'

export interface SecretPollCardProps {
  readonly replica: SpaceReplica
  readonly poll: PollRecord
  readonly version: number
  /** How many ballots the hub holds for the poll (its stream's count). */
  readonly held: number
  readonly openedAt: number | undefined
}

export default function SecretPollCard({
  replica,
  poll,
  version,
  held,
  openedAt,
}: SecretPollCardProps) {
  const { t, i18n } = useTranslation()
  const services = useApp()
  const { actions, store } = services
  const state = replica.state
  const secret = poll.secret!
  const me = actions.me
  const [wallet, setWallet] = useState<SecretWallet>({})
  const [final, setFinal] = useState<FinalStatus | undefined>(undefined)
  const [error, setError] = useState('')
  /** The code of this device's own refusal to count (components/refusal-text.tsx). */
  const [refusal, setRefusal] = useState<string | null>(null)
  const sender = useSender()

  useEffect(() => {
    let cancelled = false
    void tendMember(services, state, poll.id).then(async (next) => {
      if (cancelled) return
      setWallet(next)
      if (secret.phase === 'counted') setFinal(await finalStatus(store, state.space, poll.id))
    })
    return () => {
      cancelled = true
    }
  }, [version, poll.id])

  // Until the seal the deadline shows: a countdown, then that voting has ended and the poll waits
  // for its opener's seal (only the opener seals at a deadline: docs/events.md, "Deadlines").
  const deadline = secret.phase === 'setup' || secret.phase === 'open' ? poll.closesAt : undefined
  const now = useNow(deadline !== undefined)
  const voting = deadline === undefined || now <= deadline
  const view = memberView(poll, wallet)
  const last = view.cast.at(-1)
  const queued = sender?.entries.find((e) => e.id === last)
  const member = isActiveMember(state, me)
  const canSeal = poll.opener === me || isFacilitator(state, me)
  const names =
    secret.requests.size === 0
      ? []
      : [...secret.requests.keys()].map((k) => state.members.get(k)?.name ?? k.slice(0, 8))

  const seal = async (): Promise<void> => {
    setError('')
    if ((await sealSecretPoll(services, replica, poll.id)) !== null)
      setError(t('secret.unreachable'))
  }
  const count = async (): Promise<void> => {
    setError('')
    setRefusal(await countSecretBallots(services, state, poll.id))
  }

  return (
    <article className="poll secret" aria-labelledby={`poll-${poll.id}`}>
      <h3 id={`poll-${poll.id}`}>
        <bdi>{poll.question}</bdi>
      </h3>
      <p className="meta">
        <span className="badge">{t('secret.badge')}</span> ·{' '}
        {t(`method.${poll.method}`, { defaultValue: poll.method })}
        {poll.seats > 1 && <> · {t('poll.seats', { count: poll.seats })}</>}
        {openedAt !== undefined && (
          <> · {t('poll.opened', { when: formatDateTime(i18n.language, openedAt) })}</>
        )}
      </p>
      <p className="secret-note">{t('secret.explain')}</p>
      {deadline !== undefined && (
        <PollDeadline closesAt={deadline} now={now} ended="poll.deadlinePassedSecret" />
      )}
      {(secret.phase === 'setup' || secret.phase === 'open') && (
        <LookAlikeOptionsNote options={poll.options} />
      )}
      {secret.phase === 'setup' && <p className="meta">{t('secret.setup')}</p>}
      {(secret.phase === 'open' || secret.phase === 'sealed') && (
        <details className="register">
          <summary>{t('secret.register', { count: secret.requests.size })}</summary>
          <p>{names.map((n) => isolateIfNeeded(n)).join(', ')}</p>
        </details>
      )}
      {secret.phase === 'open' && (
        <>
          <p className="meta held" aria-live="polite">
            {t('secret.held', { count: held })}
          </p>
          {member && (voting || view.cast.length > 0) && (
            <p className="voted" aria-live="polite">
              {t(memberLine(view, queued?.status), { code: queued?.code ?? '' })}
            </p>
          )}
          {/* After the deadline the hub refuses ballots: the form goes, the line above says why. */}
          {member && voting && (
            <VoteForm
              pollId={poll.id}
              method={poll.method}
              options={poll.options}
              scoreRange={poll.scoreRange}
              forgetAfterCasting
              onVote={(vote) => void castSecretVote(services, state, poll.id, vote).then(setWallet)}
            />
          )}
          {canSeal && (
            <button type="button" className="close" onClick={() => void seal()}>
              {t('secret.seal')}
            </button>
          )}
        </>
      )}
      {secret.phase === 'sealed' && (
        <>
          <p className="meta">
            {t('secret.sealed', { count: poll.sealed?.length ?? 0 })}{' '}
            {t('secret.shares', { have: secret.reveals.size, quorum: secret.tellerQuorum })}
          </p>
          {view.status === 'sealed' && <p className="voted">{t('secret.mineSealed')}</p>}
          {view.status === 'late' && <p className="late mine">{t('poll.lateMine')}</p>}
          {canSeal && secret.reveals.size >= secret.tellerQuorum && (
            <button type="button" className="close" onClick={() => void count()}>
              {t('secret.count')}
            </button>
          )}
        </>
      )}
      {secret.phase === 'counted' && (
        <>
          <PollResult result={poll.result} />
          <SupersededCloses state={state} poll={poll} kind="seal" />
          {secret.spoiled.length > 0 && (
            <p className="meta late">{t('secret.spoiled', { count: secret.spoiled.length })}</p>
          )}
          {final === 'counted' && <p className="voted mine">{t('secret.mineCounted')}</p>}
          {final === 'spoiled' && <p className="late mine">{t('secret.mineSpoiled')}</p>}
          {final === 'late' && <p className="late mine">{t('poll.lateMine')}</p>}
        </>
      )}
      {error !== '' && <p role="alert">{error}</p>}
      <RefusalAlert code={refusal} />
    </article>
  )
}

/** The i18n key of the member's own line, and its code when the hub refused the ballot. */
function memberLine(
  view: ReturnType<typeof memberView>,
  sending: 'pending' | 'rejected' | undefined,
): string {
  if (view.waiting) return 'secret.waitingCredential'
  if (sending === 'rejected') return 'secret.refused'
  if (sending === 'pending') return 'secret.sending'
  if (view.cast.length > 0) return 'secret.mineIn'
  if (view.credential) return 'secret.ready'
  return 'secret.asking'
}

/** The app's ballot sender, re-rendering when its queue changes. */
function useSender(): BallotSender | null {
  const { store } = useApp()
  const [sender, setSender] = useState<BallotSender | null>(null)
  useEffect(() => {
    void ballotSender(store).then(setSender)
  }, [store])
  useSyncExternalStore(
    (listener) => sender?.subscribe(listener) ?? (() => undefined),
    () => sender?.entries,
  )
  return sender
}
