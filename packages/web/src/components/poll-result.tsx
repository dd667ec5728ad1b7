// A closed poll's recorded result: the outcome, the counts (a bar per option), the quorum, and for
// consent the reasons given with blocks; for IRV and STV the rounds (chart and table), for Schulze
// the ranking and the pairwise table, for approval, score and Borda the totals. Numbers are
// formatted for the interface language.
import type { ConsentReport, MajorityReport } from '@veche/tally'
import { useTranslation } from 'react-i18next'
import { MethodResult } from './method-result.js'
import { quorumLine } from './quorum-line.js'

export function PollResult({ result }: { readonly result: unknown }) {
  const { t, i18n } = useTranslation()
  const report = result as MajorityReport | ConsentReport | null
  if (report === null || typeof report !== 'object') return <p>{t('result.none')}</p>
  if (report.method !== 'majority' && report.method !== 'consent')
    return <MethodResult result={result} />
  const number = new Intl.NumberFormat(i18n.language)
  const rows =
    report.method === 'majority'
      ? [
          ...report.counts.map((c) => ({ label: c.option, votes: c.votes })),
          { label: t('vote.abstain'), votes: report.abstentions },
        ]
      : (['agree', 'abstain', 'disagree', 'block'] as const).map((p) => ({
          label: t(`vote.position.${p}`),
          votes: report.counts[p],
        }))
  const most = Math.max(1, ...rows.map((r) => r.votes))
  return (
    <div className="result">
      <p className={`outcome outcome-${report.outcome}`}>
        <strong>{t(`result.outcome.${report.outcome}`)}</strong>
        {report.method === 'majority' && report.winner !== null && <> — {report.winner}</>}
      </p>
      <table>
        <caption>{t('result.counts')}</caption>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">
                <bdi>{row.label}</bdi>
              </th>
              <td className="votes">{number.format(row.votes)}</td>
              <td className="bar" aria-hidden="true">
                <span style={{ width: `${(100 * row.votes) / most}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('result.ballots', { count: report.quorum.ballots })}{' '}
        {quorumLine(t, report.quorum.required, report.quorum.met)}
      </p>
      {report.method === 'majority' && report.tieBreak !== null && <p>{t('result.tieBreak')}</p>}
      {report.method === 'consent' && report.blockReasons.length > 0 && (
        <>
          <h4>{t('result.blockReasons')}</h4>
          <ul>
            {report.blockReasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
