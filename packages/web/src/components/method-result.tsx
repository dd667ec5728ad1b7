// The result of a poll counted by a method beyond majority and consent (poll-methods.ts in core:
// the tally's report plus `quorum: { needed, ballots, met }` and `outcome`): the winners, then
// the rounds (IRV, STV), the ranking and pairwise table (Schulze) or the totals (approval,
// score, Borda). A report this app does not know is shown as recorded, still re-checkable.
import type { CountReport, PointsReport, SchulzeReport } from '@veche/tally'
import { useTranslation } from 'react-i18next'
import { quorumLine } from './quorum-line.js'
import { RoundChart } from './round-chart.js'

interface Added {
  readonly method: string
  readonly outcome: 'decided' | 'no-quorum' | 'no-ballots'
  readonly winners: readonly string[]
  readonly quorum: { readonly needed: number; readonly ballots: number; readonly met: boolean }
}

const ROUND_METHODS = ['irv', 'scottish-stv', 'meek-stv']
const POINTS_METHODS = ['approval', 'score', 'borda']

export function MethodResult(props: { readonly result: unknown; readonly live?: boolean }) {
  const { result, live = false } = props
  const { t } = useTranslation()
  const report = result as Added
  if (typeof report.method !== 'string' || typeof report.quorum !== 'object')
    return <pre className="raw">{JSON.stringify(result, null, 2)}</pre>
  return (
    <div className="result">
      {live ? (
        <p className="outcome">{t('result.live')}</p>
      ) : (
        <p className={`outcome outcome-${report.outcome}`}>
          <strong>{t(`result.outcome.${report.outcome}`)}</strong>
          {report.winners.length > 0 && <> — {report.winners.join(', ')}</>}
        </p>
      )}
      {ROUND_METHODS.includes(report.method) && (
        <RoundChart report={result as CountReport<string>} />
      )}
      {report.method === 'schulze' && <SchulzeResult report={result as SchulzeReport} />}
      {POINTS_METHODS.includes(report.method) && (
        <PointsResult report={result as PointsReport<string>} />
      )}
      {!live && (
        <p>
          {t('result.ballots', { count: report.quorum.ballots })}{' '}
          {quorumLine(t, report.quorum.needed, report.quorum.met)}
        </p>
      )}
    </div>
  )
}

function PointsResult({ report }: { readonly report: PointsReport<string> }) {
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language)
  const most = Math.max(1, ...report.totals)
  return (
    <table>
      <caption>{t(`result.totals.${report.method}`, { defaultValue: t('result.counts') })}</caption>
      <tbody>
        {report.candidates.map((name, i) => {
          const total = report.totals[i] ?? 0
          return (
            <tr key={name}>
              <th scope="row">
                <bdi>{name}</bdi>
                {report.winners.includes(name) && <> ✓</>}
              </th>
              <td className="votes">{number.format(total)}</td>
              <td className="bar" aria-hidden="true">
                <span style={{ width: `${(100 * total) / most}%` }} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function SchulzeResult({ report }: { readonly report: SchulzeReport }) {
  const { t, i18n } = useTranslation()
  if (typeof report.pairwise !== 'object') return null
  const number = new Intl.NumberFormat(i18n.language)
  const { candidates } = report
  return (
    <>
      <h4>{t('schulze.ranking')}</h4>
      <ol className="schulze-ranking">
        {report.ranking.map((level) => (
          <li key={level.join('|')}>{level.join(' = ')}</li>
        ))}
      </ol>
      <table className="pairwise">
        <caption>{t('schulze.pairwise')}</caption>
        <thead>
          <tr>
            <td />
            {candidates.map((c) => (
              <th key={c} scope="col">
                <bdi>{c}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {candidates.map((row, i) => (
            <tr key={row}>
              <th scope="row">
                <bdi>{row}</bdi>
              </th>
              {candidates.map((col, j) => {
                const over = report.pairwise[i]?.[j] ?? 0
                const under = report.pairwise[j]?.[i] ?? 0
                return (
                  <td
                    key={col}
                    className={i === j ? '' : over > under ? 'wins' : over < under ? 'loses' : ''}
                  >
                    {i === j ? '—' : number.format(over)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
