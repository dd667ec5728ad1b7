// A poll closed twice at once on two hubs (docs/events.md, "Two closes"): every hub takes the close
// with the lowest event id, so a member who saw the other close's result before the hubs synced
// now sees a different one. This says so in plain words under the result: that it was closed
// twice, which close counts and by what rule, and who signed each other close and what it said.
// A secret poll sealed twice at once (docs/events.md, "Two seals of a secret poll") says the same
// of its seals, each with the result of its own count.
import type { PollRecord, SpaceState } from '@veche/core'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { memberName } from './meeting-board.js'

export function SupersededCloses(props: {
  readonly state: SpaceState
  readonly poll: PollRecord
  /** How an option is named (a council election's options are members' keys). */
  readonly optionName?: ((option: string) => string) | undefined
  /** A secret poll's are seals (secret.poll-sealed), each with its own count's result. */
  readonly kind?: 'close' | 'seal'
}) {
  const { state, poll, optionName = (o: string) => o, kind = 'close' } = props
  const { t } = useTranslation()
  const superseded = poll.superseded ?? []
  if (superseded.length === 0 || poll.close == null) return null
  return (
    <div className="superseded" role="note">
      <p>
        {t(kind === 'seal' ? 'poll.sealedTwice' : 'poll.closedTwice', {
          name: memberName(state, poll.close.by),
        })}
      </p>
      <ul>
        {superseded.map((c) => (
          <li key={c.id}>
            {t(kind === 'seal' ? 'poll.supersededSeal' : 'poll.supersededClose', {
              name: memberName(state, c.by),
              count: c.sealed.length,
              result: describeOutcome(t, c.result, optionName),
            })}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** A result in a few words: its outcome, and the winning option or those elected. */
export function describeOutcome(
  t: TFunction,
  result: unknown,
  optionName: (option: string) => string,
): string {
  const report = result as {
    readonly outcome?: unknown
    readonly winner?: unknown
    readonly winners?: unknown
  } | null
  if (report === null || typeof report !== 'object' || typeof report.outcome !== 'string')
    return t('result.none').replace(/[.。]$/, '')
  const outcome = t(`result.outcome.${report.outcome}`, { defaultValue: report.outcome })
  const winners =
    typeof report.winner === 'string'
      ? [report.winner]
      : Array.isArray(report.winners)
        ? report.winners.filter((w): w is string => typeof w === 'string')
        : []
  return winners.length === 0 ? outcome : `${outcome} — ${winners.map(optionName).join(', ')}`
}
